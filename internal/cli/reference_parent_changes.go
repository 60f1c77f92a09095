package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
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
	var files []string
	rest := args
	for {
		if stop, code := parseFlags(fs, rest); stop {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: name one FILE to load (a CSV of parent changes)\n", cmd)
		return ExitBadInput
	}
	if !db.check(cmd, std) {
		return ExitBadInput
	}
	f, err := os.Open(files[0])
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	defer f.Close()
	changes, err := places.ParseParentChanges(f)
	if err != nil {
		return reportParentChangeProblems(std, cmd, files[0], err)
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	defer st.Close()
	if err := st.LoadParentChanges(ctx, store.Actor{Name: "command line"}, changes); err != nil {
		return reportParentChangeProblems(std, cmd, files[0], err)
	}
	fmt.Fprintf(std.Stdout, "Loaded %d parent changes from %s.\n", len(changes), files[0])
	return ExitOK
}

func reportParentChangeProblems(std IO, cmd, file string, err error) int {
	ve, ok := validation.As(err)
	if !ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stderr, "placeboard %s: %s: nothing was loaded:\n", cmd, file)
	for _, f := range ve.Fields {
		where := "column " + f.Field
		if f.Field == "file" {
			where = "the file"
		}
		fmt.Fprintf(std.Stderr, "  row %d, %s: %s\n", f.Row, where, f.Message)
	}
	return ExitBadInput
}
