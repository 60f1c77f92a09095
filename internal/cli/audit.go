package cli

import "context"

func runAudit(ctx context.Context, args []string, std IO) int { return notYet("audit", std) }
