package cli

import "context"

func runServe(ctx context.Context, args []string, std IO) int { return notYet("serve", std) }
