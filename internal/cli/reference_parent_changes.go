package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/placeboard/placeboard/internal/places"
)

const loadParentChangesUsage = "reference load-parent-changes FILE [--data DIR] [--database URL]\n\n" +
	"Loads effective-dated changes of parent (mergers, such as the ICB clusters from 1 April 2026)\n" +
	"from a CSV with the header\n" +
	"  effective_date,child_type,child_code,parent_type,old_parent_code,new_parent_code,source\n" +
	"without rewriting the reference links: reports as at an earlier day keep the old parents.\n" +
	"Every code must already be in the reference data, and source must name the official list\n" +
	"the row comes from. The file is loaded whole or not at all; problems name the row and column."

func runLoadParentChanges(ctx context.Context, args []string, std IO) int {
	const cmd = "reference load-parent-changes"
	fs := newFlagSet(cmd, loadParentChangesUsage, std)
	var db dbFlags
	db.register(fs)
	files, stop, code := parseFlagsAround(fs, args)
	if stop {
		return code
	}
	file, ok := oneFileArg(std, cmd, files, "to load (a CSV of parent changes)")
	if !ok {
		return ExitBadInput
	}
	if !db.check(cmd, std) {
		return ExitBadInput
	}
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	defer f.Close()
	changes, err := places.ParseParentChanges(f)
	if err != nil {
		return reportRowProblems(std, cmd, file, "loaded", err)
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	if err := st.LoadParentChanges(ctx, cliActor, changes); err != nil {
		return reportRowProblems(std, cmd, file, "loaded", err)
	}
	fmt.Fprintf(std.Stdout, "Loaded %d parent changes from %s.\n", len(changes), file)
	return ExitOK
}
