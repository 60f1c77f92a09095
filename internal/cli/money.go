package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// runMoney dispatches "placeboard money import-actuals".
func runMoney(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "money", map[string]func(context.Context, []string, IO) int{
		"import-actuals": runMoneyImportActuals,
	}, args, std)
}

const moneyImportActualsUsage = "money import-actuals FILE --fund ID [--data DIR] [--database URL]\n\n" +
	"Posts the actuals in a finance CSV to a pooled fund's ledger in ONE transaction. The header\n" +
	"names the columns (any order, any case):\n" +
	"  period (2025-04) or date (2025-04-15 or 15/04/2025), scheme (the scheme's reference),\n" +
	"  amount (pounds and pence, like 1234.56), reference, description\n" +
	"Every row is checked first: the scheme must be the fund's, the month in the fund's year and\n" +
	"open. A bad row posts nothing, and each problem is reported with its row and column. Every\n" +
	"posting is audited. A progress bar is drawn on a terminal."

func runMoneyImportActuals(ctx context.Context, args []string, std IO) int {
	const cmd = "money import-actuals"
	fs := newFlagSet(cmd, moneyImportActualsUsage, std)
	var db dbFlags
	db.register(fs)
	fund := fs.String("fund", "", "the pooled fund's ID")
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
		fmt.Fprintf(std.Stderr, "placeboard %s: name one FILE to import (a CSV of actuals)\n", cmd)
		return ExitBadInput
	}
	fundID, err := strconv.ParseInt(*fund, 10, 64)
	if err != nil || fundID <= 0 {
		fmt.Fprintf(std.Stderr, "placeboard %s: --fund must be the pooled fund's ID, a whole number (got %q)\n", cmd, *fund)
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
	rows, err := money.ParseActualsCSV(f)
	if err != nil {
		return reportMoneyProblems(std, cmd, files[0], err)
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	defer st.Close()
	bar := newProgressBar(std, int64(2*len(rows)))
	res, err := st.ImportMoneyActuals(ctx, store.Actor{Name: "command line"}, fundID, filepath.Base(files[0]), rows, func(done, total int) {
		bar.rows(min(done, len(rows)))
		bar.bytes(int64(done))
	})
	bar.done()
	if err != nil {
		if _, ok := validation.As(err); ok {
			return reportMoneyProblems(std, cmd, files[0], err)
		}
		if ctx.Err() != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: interrupted: nothing was posted\n", cmd)
			return ExitInterrupted
		}
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stdout, "Posted %s actuals totalling %s to fund %d (import %d).\n", thousands(res.Rows), res.Total, fundID, res.ImportID)
	return ExitOK
}

func reportMoneyProblems(std IO, cmd, file string, err error) int {
	ve, ok := validation.As(err)
	if !ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stderr, "placeboard %s: %s: nothing was posted:\n", cmd, file)
	for _, f := range ve.Fields {
		where := "column " + f.Field
		if f.Field == "file" {
			where = "the file"
		}
		fmt.Fprintf(std.Stderr, "  row %d, %s: %s\n", f.Row, where, f.Message)
	}
	return ExitBadInput
}
