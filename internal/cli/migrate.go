package cli

import "context"

func runMigrate(ctx context.Context, args []string, std IO) int { return notYet("migrate", std) }
