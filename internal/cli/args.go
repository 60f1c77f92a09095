package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// parseFlagsAround parses flags that may come before, between or after the
// positional arguments, and returns those arguments in order.
func parseFlagsAround(fs *flag.FlagSet, args []string) (positional []string, stop bool, code int) {
	rest := args
	for {
		if stop, code := parseFlags(fs, rest); stop {
			return nil, true, code
		}
		if fs.NArg() == 0 {
			return positional, false, ExitOK
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}

// oneFileArg returns the single FILE a command takes, or says what is wrong:
// none named (what says which file is wanted) or more than one.
func oneFileArg(std IO, cmd string, files []string, what string) (string, bool) {
	switch len(files) {
	case 1:
		return files[0], true
	case 0:
		fmt.Fprintf(std.Stderr, "placeboard %s: name one FILE %s\n", cmd, what)
	default:
		fmt.Fprintf(std.Stderr, "placeboard %s: one FILE at a time (got %q and %q)\n", cmd, files[0], files[1])
	}
	return "", false
}

// openFor opens the store for a command, reporting a failure under the
// command's name. The caller closes the store when ok.
func (d *dbFlags) openFor(ctx context.Context, cmd string, std IO) (st *store.Store, ok bool) {
	st, err := d.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return nil, false
	}
	return st, true
}

// reportRowProblems prints a file's validation problems, one line per row
// and column, after saying that nothing was done (outcome: "posted",
// "loaded"). Any other error is a failure of the command itself.
func reportRowProblems(std IO, cmd, file, outcome string, err error) int {
	ve, ok := validation.As(err)
	if !ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stderr, "placeboard %s: %s: nothing was %s:\n", cmd, file, outcome)
	for _, f := range ve.Fields {
		where := "column " + f.Field
		if f.Field == "file" {
			where = "the file"
		}
		fmt.Fprintf(std.Stderr, "  row %d, %s: %s\n", f.Row, where, f.Message)
	}
	return ExitBadInput
}
