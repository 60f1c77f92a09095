package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

func runUser(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "user", map[string]func(context.Context, []string, IO) int{
		"add":     runUserAdd,
		"list":    runUserList,
		"passwd":  runUserPasswd,
		"grant":   runUserGrant,
		"revoke":  runUserRevoke,
		"disable": runUserDisable,
		"enable":  runUserEnable,
	}, args, std)
}

func runUserAdd(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("user add", "user add --email EMAIL --name NAME [--admin] [--password-stdin] [--data DIR] [--database URL]", std)
	email := fs.String("email", "", "the person's `EMAIL` address (their sign-in name)")
	name := fs.String("name", "", "the person's full `NAME`")
	admin := fs.Bool("admin", false, "make them a global administrator")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of prompting")
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "user add", std) || !db.check("user add", std) {
		return ExitBadInput
	}
	if strings.TrimSpace(*email) == "" {
		fmt.Fprintln(std.Stderr, "placeboard user add: --email is required")
		return ExitBadInput
	}
	if strings.TrimSpace(*name) == "" {
		fmt.Fprintln(std.Stderr, "placeboard user add: --name is required")
		return ExitBadInput
	}
	password, code := readPassword("user add", *fromStdin, std)
	if code != ExitOK {
		return code
	}
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user add: %v\n", err)
		return ExitFailure
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user add: %v\n", err)
		return ExitFailure
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, store.System, store.NewUser{Email: *email, Name: *name, PasswordHash: hash, Admin: *admin})
	if ve, ok := validation.As(err); ok {
		for _, f := range ve.Fields {
			fmt.Fprintf(std.Stderr, "placeboard user add: --%s: %s\n", f.Field, f.Message)
		}
		return ExitBadInput
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user add: %v\n", err)
		return ExitFailure
	}
	kind := "user"
	if u.Admin {
		kind = "administrator"
	}
	fmt.Fprintf(std.Stdout, "placeboard user add: created %s %s (id %d)\n", kind, u.Email, u.ID)
	return ExitOK
}

func runUserList(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("user list", "user list [--data DIR] [--database URL]", std)
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "user list", std) || !db.check("user list", std) {
		return ExitBadInput
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user list: %v\n", err)
		return ExitFailure
	}
	defer st.Close()
	users, err := st.ListUsers(ctx)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user list: %v\n", err)
		return ExitFailure
	}
	tw := tabwriter.NewWriter(std.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tADMIN\tCREATED")
	for _, u := range users {
		admin := "no"
		if u.Admin {
			admin = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, admin, u.CreatedAt.Format("2006-01-02"))
	}
	tw.Flush()
	return ExitOK
}

func runUserPasswd(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("user passwd", "user passwd --email EMAIL [--password-stdin] [--data DIR] [--database URL]", std)
	email := fs.String("email", "", "`EMAIL` of the account whose password to set")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input instead of prompting")
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "user passwd", std) || !db.check("user passwd", std) {
		return ExitBadInput
	}
	if strings.TrimSpace(*email) == "" {
		fmt.Fprintln(std.Stderr, "placeboard user passwd: --email is required")
		return ExitBadInput
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user passwd: %v\n", err)
		return ExitFailure
	}
	defer st.Close()
	u, err := st.GetUserByEmail(ctx, *email)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(std.Stderr, "placeboard user passwd: --email: no account with email %s\n", *email)
		return ExitBadInput
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user passwd: %v\n", err)
		return ExitFailure
	}
	password, code := readPassword("user passwd", *fromStdin, std)
	if code != ExitOK {
		return code
	}
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user passwd: %v\n", err)
		return ExitFailure
	}
	if err := st.SetPassword(ctx, store.System, u.ID, hash); err != nil {
		fmt.Fprintf(std.Stderr, "placeboard user passwd: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stdout, "placeboard user passwd: password changed for %s; their sessions were ended\n", u.Email)
	return ExitOK
}

// readPassword gets a password from stdin's first line, or by prompting on
// the terminal without echo (twice, to catch typos).
func readPassword(cmd string, fromStdin bool, std IO) (string, int) {
	var password string
	if fromStdin {
		line, err := bufio.NewReader(std.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintf(std.Stderr, "placeboard %s: --password-stdin: %v\n", cmd, err)
			return "", ExitFailure
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		f, ok := std.Stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			fmt.Fprintf(std.Stderr, "placeboard %s: standard input is not a terminal: use --password-stdin\n", cmd)
			return "", ExitBadInput
		}
		fmt.Fprint(std.Stderr, "Password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.Stderr)
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
			return "", ExitFailure
		}
		fmt.Fprint(std.Stderr, "Password again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.Stderr)
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
			return "", ExitFailure
		}
		if string(first) != string(second) {
			fmt.Fprintf(std.Stderr, "placeboard %s: the passwords do not match\n", cmd)
			return "", ExitBadInput
		}
		password = string(first)
	}
	// The same policy as the web: length and the common-password list.
	if err := auth.CheckPasswordPolicy(password); err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: password: %v\n", cmd, err)
		return "", ExitBadInput
	}
	return password, ExitOK
}
