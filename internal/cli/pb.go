package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/placeboard/placeboard/internal/pb"
)

// runPB dispatches "placeboard pb allocate|check|info|process".
func runPB(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "pb", map[string]func(context.Context, []string, IO) int{
		"allocate": runPBAllocate,
		"check":    runPBCheck,
		"info":     runPBInfo,
		"process":  runPBProcess, // pb_process.go
	}, args, std)
}

// readElection opens and parses a .pb file, printing a clear message (with
// the line number for malformed files) on failure.
func readElection(cmd, path string, std IO) (*pb.Election, bool) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return nil, false
	}
	defer f.Close()
	e, err := pb.Read(f)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %s: %v\n", cmd, path, err)
		return nil, false
	}
	return e, true
}

// oneFile checks that exactly one FILE argument was given.
func oneFile(cmd string, fs interface{ Args() []string }, std IO) (string, bool) {
	if len(fs.Args()) != 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: give exactly one .pb file (got %d arguments)\n", cmd, len(fs.Args()))
		return "", false
	}
	return fs.Args()[0], true
}

// pbFlagsValid checks what every pb command shares: its text flags and
// --format, which is text or json.
func pbFlagsValid(cmd string, fs *flag.FlagSet, format string, std IO) bool {
	if !textFlagsValid(cmd, fs, std) {
		return false
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(std.Stderr, "placeboard %s: --format must be text or json, not %q\n", cmd, format)
		return false
	}
	return true
}

type allocateJSON struct {
	Rule        string          `json:"rule"`
	Utility     *string         `json:"utility"`
	Completion  string          `json:"completion"`
	Budget      string          `json:"budget"`
	Winners     []string        `json:"winners"`
	TotalCost   string          `json:"total_cost"`
	Explanation *pb.Explanation `json:"explanation,omitempty"`
}

func runPBAllocate(ctx context.Context, args []string, std IO) int {
	const cmd = "pb allocate"
	fs := newFlagSet(cmd, "pb allocate FILE.pb --rule greedy|mes|phragmen|max-welfare [--utility cost|cardinality|points] [--completion none|add1|add1-greedy] [--format json|text] [--explain]", std)
	rule := fs.String("rule", "", "allocation rule: greedy, mes (Method of Equal Shares), phragmen (sequential Phragmén) or max-welfare (required)")
	utility := fs.String("utility", "cost", "what a voter gains from a project on their ballot: cost, cardinality (1 per project) or points (cumulative ballots); ignored by phragmen")
	completion := fs.String("completion", "none", "for mes: none, add1 (raise each voter's budget by 1 until the money is used up) or add1-greedy (then fill up greedily)")
	format := fs.String("format", "text", "output format: text or json (any other value stops with exit status 2)")
	explain := fs.Bool("explain", false, "say in plain words why each project won or lost")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !pbFlagsValid(cmd, fs, *format, std) {
		return ExitBadInput
	}
	path, ok := oneFile(cmd, fs, std)
	if !ok {
		return ExitBadInput
	}
	if *rule == "" {
		fmt.Fprintf(std.Stderr, "placeboard %s: --rule is required (greedy, mes, phragmen or max-welfare)\n", cmd)
		return ExitBadInput
	}
	e, ok := readElection(cmd, path, std)
	if !ok {
		return ExitBadInput
	}
	pr, err := e.Profile()
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %s: %v\n", cmd, path, err)
		return ExitBadInput
	}
	// The rules cannot be stopped midway, and MES + add1 can run for
	// seconds, so wait for either the result or an interrupt (Ctrl-C,
	// SIGTERM), which exits without output.
	type outcome struct {
		res *pb.Result
		err error
	}
	if ctx.Err() != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: interrupted\n", cmd)
		return ExitInterrupted
	}
	// MES + add1 can take seconds on big elections: on a terminal, show the
	// increment reached, from the second half-second on.
	started := time.Now()
	var drawn time.Time
	progress := func(k int64) {
		if !std.IsTerminal || time.Since(started) < 500*time.Millisecond || time.Since(drawn) < 200*time.Millisecond {
			return
		}
		drawn = time.Now()
		fmt.Fprintf(std.Stderr, "\rplaceboard %s: MES + add1 at %s added per voter (%.1fs)", cmd, thousands(int(k)), time.Since(started).Seconds())
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := pb.Allocate(pr, pb.Options{Rule: *rule, Utility: *utility, Completion: *completion, Explain: *explain, Progress: progress})
		done <- outcome{res, err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		if std.IsTerminal {
			fmt.Fprintln(std.Stderr) // end a progress line
		}
		fmt.Fprintf(std.Stderr, "placeboard %s: interrupted\n", cmd)
		return ExitInterrupted
	}
	if !drawn.IsZero() {
		fmt.Fprintln(std.Stderr)
	}
	res, err := o.res, o.err
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	if *format == "json" {
		out := allocateJSON{
			Rule: res.Rule, Completion: res.Completion,
			Budget: pb.FormatRat(res.Budget), Winners: pr.IDsOf(res.Winners),
			TotalCost: pb.FormatRat(res.TotalCost), Explanation: res.Explanation,
		}
		if res.Utility != "" {
			out.Utility = &res.Utility
		}
		return writeJSON(std.Stdout, out)
	}
	w := std.Stdout
	fmt.Fprintf(w, "Rule: %s", res.Rule)
	if res.Utility != "" {
		fmt.Fprintf(w, ", utility %s", res.Utility)
	}
	if res.Completion != pb.CompletionNone {
		fmt.Fprintf(w, ", completion %s", res.Completion)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Budget: %s\n", pb.FormatRat(res.Budget))
	fmt.Fprintf(w, "Funded: %d projects costing %s\n", len(res.Winners), pb.FormatRat(res.TotalCost))
	for i, p := range res.Winners {
		name := e.ProjectCell(p, "name")
		if name != "" {
			name = "  " + name
		}
		fmt.Fprintf(w, "%4d. %s (%s)%s\n", i+1, pr.IDs[p], pb.FormatRat(pr.Costs[p]), name)
	}
	if res.Explanation != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, res.Explanation.Summary)
		for _, x := range res.Explanation.Projects {
			fmt.Fprintf(w, "- %s: %s\n", x.ID, x.Text)
		}
	}
	return ExitOK
}

func writeJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ExitFailure
	}
	return ExitOK
}

func runPBCheck(ctx context.Context, args []string, std IO) int {
	const cmd = "pb check"
	fs := newFlagSet(cmd, "pb check FILE.pb [--format json|text]\n\nReports what the Pabulib checker reports and exits 1 if it finds anything.", std)
	format := fs.String("format", "text", "output format: text or json (any other value stops with exit status 2)")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !pbFlagsValid(cmd, fs, *format, std) {
		return ExitBadInput
	}
	path, ok := oneFile(cmd, fs, std)
	if !ok {
		return ExitBadInput
	}
	e, ok := readElection(cmd, path, std)
	if !ok {
		return ExitBadInput
	}
	issues := pb.Check(e)
	if *format == "json" {
		if issues == nil {
			issues = []pb.Issue{}
		}
		writeJSON(std.Stdout, map[string]any{"file": path, "issues": issues})
	} else {
		for _, is := range issues {
			fmt.Fprintln(std.Stdout, is.String())
		}
		if len(issues) == 0 {
			fmt.Fprintf(std.Stdout, "%s: no problems found\n", path)
		} else {
			fmt.Fprintf(std.Stdout, "%s: %d problems found\n", path, len(issues))
		}
	}
	if len(issues) > 0 {
		return ExitFailure
	}
	return ExitOK
}

func runPBInfo(ctx context.Context, args []string, std IO) int {
	const cmd = "pb info"
	fs := newFlagSet(cmd, "pb info FILE.pb [--format json|text]", std)
	format := fs.String("format", "text", "output format: text or json (any other value stops with exit status 2)")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !pbFlagsValid(cmd, fs, *format, std) {
		return ExitBadInput
	}
	path, ok := oneFile(cmd, fs, std)
	if !ok {
		return ExitBadInput
	}
	e, ok := readElection(cmd, path, std)
	if !ok {
		return ExitBadInput
	}
	info := map[string]any{
		"file":        path,
		"description": e.MetaValue("description"),
		"voters":      len(e.Voters),
		"projects":    len(e.Projects),
		"vote_type":   e.VoteType,
		"budget":      pb.FormatRat(e.Budget),
		"currency":    e.MetaValue("currency"),
		"rule":        e.MetaValue("rule"),
	}
	if *format == "json" {
		return writeJSON(std.Stdout, info)
	}
	w := std.Stdout
	fmt.Fprintf(w, "File:        %s\n", path)
	if d := e.MetaValue("description"); d != "" {
		fmt.Fprintf(w, "Description: %s\n", d)
	}
	fmt.Fprintf(w, "Voters:      %d\n", len(e.Voters))
	fmt.Fprintf(w, "Projects:    %d\n", len(e.Projects))
	fmt.Fprintf(w, "Vote type:   %s\n", e.VoteType)
	fmt.Fprintf(w, "Budget:      %s %s\n", pb.FormatRat(e.Budget), e.MetaValue("currency"))
	fmt.Fprintf(w, "Rule used:   %s\n", e.MetaValue("rule"))
	return ExitOK
}
