package cli

import "context"

func runUser(ctx context.Context, args []string, std IO) int { return notYet("user", std) }
