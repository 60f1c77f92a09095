package cli

import "context"

func runVersion(ctx context.Context, args []string, std IO) int { return notYet("version", std) }
