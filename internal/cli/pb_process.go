package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// "placeboard pb process create|codes|open|close": participatory budgeting
// processes in the platform (issue 15, docs/pb-process.md).
func runPBProcess(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "pb process", map[string]func(context.Context, []string, IO) int{
		"create": runPBProcessCreate,
		"codes":  runPBProcessCodes,
		"open":   runPBProcessOpen,
		"close":  runPBProcessClose,
	}, args, std)
}

// pbProcessID reads the one ID argument.
func pbProcessID(cmd string, args []string, std IO) (int64, bool) {
	if len(args) != 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: give exactly one process ID (got %d arguments)\n", cmd, len(args))
		return 0, false
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id < 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: the process ID must be a whole number from 1 (got %q)\n", cmd, args[0])
		return 0, false
	}
	return id, true
}

// pbFail prints a store or domain error and picks the exit status.
func pbFail(cmd string, err error, std IO) int {
	if ve, ok := validation.As(err); ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: nothing was changed:\n", cmd)
		for _, f := range ve.Fields {
			fmt.Fprintf(std.Stderr, "  %s: %s\n", f.Field, f.Message)
		}
		return ExitBadInput
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	case errors.Is(err, budgeting.ErrNotDraft), errors.Is(err, budgeting.ErrNotOpen):
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(std.Stderr, "placeboard %s: interrupted\n", cmd)
		return ExitInterrupted
	}
	fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
	return ExitFailure
}

func runPBProcessCreate(ctx context.Context, args []string, std IO) int {
	const cmd = "pb process create"
	fs := newFlagSet(cmd, "pb process create --partnership ID --from FILE.pb [--data DIR | --database URL]\n\n"+
		"Creates a draft participatory-budgeting process from a Pabulib file's projects, costs, budget and\n"+
		"vote type (its ballots are not loaded), and prints the new process's ID. Every project is on the\n"+
		"ballot; voting is by one-time codes (pb process codes). Open it with pb process open.", std)
	var db dbFlags
	db.register(fs)
	partnership := fs.Int64("partnership", 0, "`ID` of the partnership running the process (required)")
	from := fs.String("from", "", "the Pabulib `FILE.pb` to take the projects, costs, budget and vote type from (required)")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, cmd, std) || !db.check(cmd, std) {
		return ExitBadInput
	}
	if *partnership < 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: --partnership is required (the partnership's ID, from 1)\n", cmd)
		return ExitBadInput
	}
	if *from == "" {
		fmt.Fprintf(std.Stderr, "placeboard %s: --from is required (a .pb file)\n", cmd)
		return ExitBadInput
	}
	e, ok := readElection(cmd, *from, std)
	if !ok {
		return ExitBadInput
	}
	p, err := budgeting.FromElection(e, *partnership)
	if err != nil {
		return pbFail(cmd, err, std)
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	id, err := st.CreatePBProcess(ctx, cliActor, p)
	if err != nil {
		return pbFail(cmd, err, std)
	}
	fmt.Fprintln(std.Stdout, id)
	return ExitOK
}

func runPBProcessCodes(ctx context.Context, args []string, std IO) int {
	const cmd = "pb process codes"
	fs := newFlagSet(cmd, "pb process codes ID --count N [--pot POT] [--data DIR | --database URL]\n\n"+
		"Makes N one-time voting codes for the process and prints them, one per line, to be printed on\n"+
		"letters. Only a keyed hash of each code is stored: they cannot be printed again (void a lost\n"+
		"one and make another).", std)
	var db dbFlags
	db.register(fs)
	count := fs.Int("count", 0, "how many codes to make, 1 to 1,000,000 (required)")
	pot := fs.Int64("pot", 0, "`POT` ID the codes vote in, for a process with pots per area")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	id, ok := pbProcessID(cmd, fs.Args(), std)
	if !ok || !db.check(cmd, std) {
		return ExitBadInput
	}
	if *count < 1 || *count > 1_000_000 {
		fmt.Fprintf(std.Stderr, "placeboard %s: --count must be from 1 to 1,000,000 (got %d)\n", cmd, *count)
		return ExitBadInput
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	codes, err := st.CreatePBCodes(ctx, cliActor, id, *pot, *count)
	if err != nil {
		return pbFail(cmd, err, std)
	}
	for _, c := range codes {
		fmt.Fprintln(std.Stdout, c)
	}
	return ExitOK
}

func runPBProcessOpen(ctx context.Context, args []string, std IO) int {
	const cmd = "pb process open"
	fs := newFlagSet(cmd, "pb process open ID [--data DIR | --database URL]\n\n"+
		"Publishes the process's rules, draws and publishes the tie-break lot, and opens voting. The\n"+
		"rules cannot change after this.", std)
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	id, ok := pbProcessID(cmd, fs.Args(), std)
	if !ok || !db.check(cmd, std) {
		return ExitBadInput
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	if err := st.OpenPBProcess(ctx, cliActor, id); err != nil {
		return pbFail(cmd, err, std)
	}
	p, err := st.PBProcess(ctx, id)
	if err != nil {
		return pbFail(cmd, err, std)
	}
	fmt.Fprintf(std.Stdout, "Process %d is open for voting. Tie-break: %s; lot %s.\n", id, budgeting.TieBreakPolicy, p.Lot)
	return ExitOK
}

func runPBProcessClose(ctx context.Context, args []string, std IO) int {
	const cmd = "pb process close"
	fs := newFlagSet(cmd, "pb process close ID [--data DIR | --database URL]\n\n"+
		"Closes voting, counts the ballots with the published rule and tie-break, and publishes the\n"+
		"result with the anonymised ballots as a Pabulib .pb file and its SHA-256.", std)
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	id, ok := pbProcessID(cmd, fs.Args(), std)
	if !ok || !db.check(cmd, std) {
		return ExitBadInput
	}
	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()
	if err := st.ClosePBProcess(ctx, cliActor, id); err != nil {
		return pbFail(cmd, err, std)
	}
	res, err := budgeting.Recount(ctx, st, id, audit.FormatTime(time.Now()))
	if err != nil {
		return pbFail(cmd, err, std)
	}
	fmt.Fprintf(std.Stdout, "Process %d is closed: %d ballots; projects funded: %d, costing %s.\n", id, res.Outcome.Ballots, len(res.Winners), budgeting.Pounds(res.TotalPence))
	fmt.Fprintf(std.Stdout, "Ballots file SHA-256: %s\n", res.BallotsSHA256)
	return ExitOK
}
