package cli

import "context"

func runPB(ctx context.Context, args []string, std IO) int { return notYet("pb", std) }
