package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/placeboard/placeboard/internal/money"
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
	files, stop, code := parseFlagsAround(fs, args)
	if stop {
		return code
	}
	file, ok := oneFileArg(std, cmd, files, "to import (a CSV of actuals)")
	if !ok {
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
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	defer f.Close()
	rows, err := money.ParseActualsCSV(f)
	if err != nil {
		return reportRowProblems(std, cmd, file, "posted", err)
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	bar := newProgressBar(std, int64(2*len(rows)))
	res, err := st.ImportMoneyActuals(ctx, cliActor, fundID, filepath.Base(file), rows, func(done, total int) {
		bar.rows(min(done, len(rows)))
		bar.bytes(int64(done))
	})
	bar.done()
	if err != nil {
		if _, ok := validation.As(err); ok {
			return reportRowProblems(std, cmd, file, "posted", err)
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
