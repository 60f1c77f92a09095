package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/placeboard/placeboard/internal/app"
)

func runMigrate(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("migrate", "migrate [--data DIR] [--database URL]", std)
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "migrate", std) || !db.check("migrate", std) {
		return ExitBadInput
	}
	logger := slog.New(slog.NewTextHandler(std.Stderr, nil))
	st, err := db.openStore(ctx, logger, std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard migrate: %v\n", err)
		return ExitFailure
	}
	defer st.Close()
	loaded, err := app.LoadReference(ctx, st)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard migrate: reference data: %v\n", err)
		return ExitFailure
	}
	msg := "reference data already up to date"
	if loaded {
		msg = "reference data loaded"
	}
	fmt.Fprintf(std.Stdout, "placeboard migrate: %s database up to date; %s\n", st.Engine(), msg)
	return ExitOK
}
