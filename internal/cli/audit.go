package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/placeboard/placeboard/internal/audit"
)

func runAudit(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "audit", map[string]func(context.Context, []string, IO) int{
		"verify": runAuditVerify,
	}, args, std)
}

// runAuditVerify checks the hash chain and every audited row. It prints OK
// and exits 0, or names the first entry that does not verify and exits 1.
func runAuditVerify(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("audit verify", "audit verify [--data DIR] [--database URL]", std)
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "audit verify", std) || !db.check("audit verify", std) {
		return ExitBadInput
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard audit verify: %v\n", err)
		return ExitFailure
	}
	defer st.Close()
	rep, err := st.VerifyAudit(ctx)
	var p *audit.Problem
	if errors.As(err, &p) {
		fmt.Fprintf(std.Stdout, "FAILED: %s\n", p.Error())
		return ExitFailure
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard audit verify: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stdout, "OK: %d audit entries chain correctly; %d audited rows match their latest entry\n", rep.Entries, rep.Rows)
	return ExitOK
}
