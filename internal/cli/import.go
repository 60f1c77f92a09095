package cli

import "context"

func runImport(ctx context.Context, args []string, std IO) int { return notYet("import", std) }
