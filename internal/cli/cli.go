// Package cli implements the placeboard command line: one binary, one
// subcommand per task, each with its own flag set and --help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// cliActor is who the audit log names for changes made from the command
// line (imports, reference loads, participatory budgeting processes).
var cliActor = store.Actor{Name: "command line"}

// Exit codes shared by every command.
const (
	ExitOK       = 0
	ExitFailure  = 1 // the command ran and found a problem (e.g. pb check, audit verify)
	ExitBadInput = 2 // bad flags, bad arguments or bad input data
	// ExitInterrupted is the shell's code for a command stopped by Ctrl-C
	// (128 + SIGINT).
	ExitInterrupted = 130
)

// IO bundles the streams a command reads and writes, so tests can run
// commands in-process without touching the real terminal.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// IsTerminal reports whether Stderr is an interactive terminal; progress
	// bars are drawn only then.
	IsTerminal bool
	// Getenv reads the environment; tests substitute their own.
	Getenv func(string) string
}

// Std returns the process's real streams.
func Std() IO {
	return IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, IsTerminal: isTerminal(os.Stderr), Getenv: os.Getenv}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}

// command is one subcommand. run receives the arguments after the command
// name (and after any subcommand name for grouped commands).
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, std IO) int
}

// commands lists every top-level command. Each lives in its own file.
func commands() []command {
	return []command{
		{"serve", "run the web server and JSON API", runServe},
		{"migrate", "apply database migrations and load reference data", runMigrate},
		{"user", "manage accounts: user add|list|passwd|grant|revoke|disable|enable", runUser},
		{"audit", "check the audit log: audit verify", runAudit},
		{"import", "import data: import indicators FILE", runImport},
		{"reference", "reference data: reference load-postcodes FILE", runReference},
		{"stats", "compute public-health statistics from CSV", runStats},
		{"pb", "participatory budgeting: pb allocate|check|info|process", runPB},
		{"money", "pooled funds: money import-actuals FILE --fund ID", runMoney},
		{"version", "print the version", runVersion},
	}
}

// Run executes the command named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, std IO) int {
	if std.Getenv == nil {
		std.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(std.Stdout)
		if len(args) == 0 {
			return ExitBadInput
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], std)
		}
	}
	fmt.Fprintf(std.Stderr, "placeboard: unknown command %q\n\n", args[0])
	usage(std.Stderr)
	return ExitBadInput
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "placeboard: the open platform for a health and care place")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: placeboard <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'placeboard <command> --help' for a command's flags.")
}

// newFlagSet makes a flag set that reports errors instead of exiting and
// prints a usage line naming the command.
func newFlagSet(name, usageLine string, std IO) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: placeboard %s\n\nFlags:\n", usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns the result into an exit code when the
// command should stop: help was asked for (0) or a flag was bad (2).
// Flags may come before or after positional arguments, as in
// "pb allocate FILE.pb --rule mes"; after "--" everything is positional.
// fs.Args() then holds the positional arguments in their order.
func parseFlags(fs *flag.FlagSet, args []string) (stop bool, code int) {
	flags, positional := splitFlags(fs, args)
	if err := fs.Parse(append(append(flags, "--"), positional...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			return true, ExitOK
		}
		return true, ExitBadInput
	}
	// Every command's text flags are checked here, once: not valid UTF-8
	// or holding a control character is refused, naming the flag.
	if !textFlagsValid(fs.Name(), fs, IO{Stderr: fs.Output()}) {
		return true, ExitBadInput
	}
	return false, ExitOK
}

// splitFlags separates the flags in args, each with its value, from the
// positional arguments. A flag it does not know is kept for fs.Parse to
// report.
func splitFlags(fs *flag.FlagSet, args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i+1:]...)
		case len(a) < 2 || a[0] != '-':
			positional = append(positional, a) // "-" is standard input
			continue
		}
		flags = append(flags, a)
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional
}

// textFlagsValid refuses a text flag value that is not valid UTF-8 or that
// holds a control character (a pasted tab or newline, a terminal escape),
// with a message naming the flag.
func textFlagsValid(cmd string, fs *flag.FlagSet, std IO) bool {
	ok := true
	fs.Visit(func(f *flag.Flag) {
		g, isGetter := f.Value.(flag.Getter)
		if !ok || !isGetter {
			return
		}
		s, isText := g.Get().(string)
		if !isText {
			return
		}
		if problem := textProblem(s); problem != "" {
			fmt.Fprintf(std.Stderr, "placeboard %s: --%s: %s\n", cmd, f.Name, problem)
			ok = false
		}
	})
	return ok
}

// textProblem says what makes s unfit as a flag value, or "" when it is
// fine: the one rule of validation.TextProblem that forms, the API and
// import files use.
func textProblem(s string) string {
	if p := validation.TextProblem(s, false); p != "" {
		return "the value " + p
	}
	return ""
}

// subcommand dispatches a grouped command such as "user add".
func subcommand(ctx context.Context, group string, subs map[string]func(context.Context, []string, IO) int, args []string, std IO) int {
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		w := std.Stdout
		if len(args) == 0 {
			w = std.Stderr
		}
		fmt.Fprintf(w, "Usage: placeboard %s <%s> [flags]\n", group, strings.Join(names, "|"))
		if len(args) == 0 {
			return ExitBadInput
		}
		return ExitOK
	}
	run, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: unknown subcommand %q (want one of %s)\n", group, args[0], strings.Join(names, ", "))
		return ExitBadInput
	}
	return run(ctx, args[1:], std)
}
