package cli

import "context"

func runStats(ctx context.Context, args []string, std IO) int { return notYet("stats", std) }
