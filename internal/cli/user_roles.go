package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// roleFlags are the flags user grant and user revoke share.
type roleFlags struct {
	email           *string
	partnership     *int64
	nationalAnalyst *bool
	db              dbFlags
}

func (f *roleFlags) register(fs *flag.FlagSet, verb string) {
	f.email = fs.String("email", "", "`EMAIL` of the account")
	f.partnership = fs.Int64("partnership", 0, "the partnership's `ID` (see the partnership's page or GET /api/v1/partnerships)")
	f.nationalAnalyst = fs.Bool("national-analyst", false, verb+" the national analyst capability (imports and priorities for every area) instead of a partnership role")
	f.db.register(fs)
}

// check reports the first missing or bad flag; role is "" for revoke.
func (f *roleFlags) check(cmd string, fs *flag.FlagSet, role *string, std IO) bool {
	if !noArgs(fs, cmd, std) || !f.db.check(cmd, std) {
		return false
	}
	bad := func(flagName, msg string) bool {
		fmt.Fprintf(std.Stderr, "placeboard %s: --%s: %s\n", cmd, flagName, msg)
		return false
	}
	if strings.TrimSpace(*f.email) == "" {
		return bad("email", "is required")
	}
	if *f.nationalAnalyst {
		if *f.partnership != 0 || (role != nil && *role != "") {
			return bad("national-analyst", "use it without --partnership and --role")
		}
		return true
	}
	if *f.partnership <= 0 {
		return bad("partnership", "is required: a partnership ID, a whole number from 1")
	}
	if role != nil && !auth.Role(*role).Valid() {
		return bad("role", fmt.Sprintf("must be one of %s", roleNames()))
	}
	return true
}

func roleNames() string {
	names := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// roleFlagFor names the flag behind a store validation field.
var roleFlagFor = map[string]string{"email": "email", "user_id": "email", "partnership_id": "partnership", "role": "role"}

// roleResult prints err as the command's outcome and returns the exit code.
func roleResult(cmd string, err error, std IO) int {
	if ve, ok := validation.As(err); ok {
		for _, f := range ve.Fields {
			name := roleFlagFor[f.Field]
			if name == "" {
				name = f.Field
			}
			fmt.Fprintf(std.Stderr, "placeboard %s: --%s: %s\n", cmd, name, f.Message)
		}
		return ExitBadInput
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	return ExitOK
}

func runUserGrant(ctx context.Context, args []string, std IO) int {
	const cmd = "user grant"
	fs := newFlagSet(cmd, cmd+" --email EMAIL (--partnership ID --role ROLE | --national-analyst) [--data DIR] [--database URL]", std)
	var f roleFlags
	f.register(fs, "grant")
	role := fs.String("role", "", "the `ROLE` to give: "+roleNames()+" (it replaces any role the account has in the partnership)")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !f.check(cmd, fs, role, std) {
		return ExitBadInput
	}
	st, err := f.db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		return roleResult(cmd, err, std)
	}
	defer st.Close()
	if *f.nationalAnalyst {
		return setNationalAnalyst(ctx, cmd, st, *f.email, true, std)
	}
	u, err := st.GrantRoleByEmail(ctx, store.System, *f.email, *f.partnership, *role)
	if code := roleResult(cmd, err, std); code != ExitOK {
		return code
	}
	fmt.Fprintf(std.Stdout, "placeboard %s: %s is now %s in partnership %d\n", cmd, u.Email, *role, *f.partnership)
	return ExitOK
}

func runUserRevoke(ctx context.Context, args []string, std IO) int {
	const cmd = "user revoke"
	fs := newFlagSet(cmd, cmd+" --email EMAIL (--partnership ID | --national-analyst) [--data DIR] [--database URL]", std)
	var f roleFlags
	f.register(fs, "revoke")
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !f.check(cmd, fs, nil, std) {
		return ExitBadInput
	}
	st, err := f.db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		return roleResult(cmd, err, std)
	}
	defer st.Close()
	if *f.nationalAnalyst {
		return setNationalAnalyst(ctx, cmd, st, *f.email, false, std)
	}
	u, err := st.RevokeRoleByEmail(ctx, store.System, *f.email, *f.partnership)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(std.Stderr, "placeboard %s: --partnership: %s has no role in partnership %d\n", cmd, strings.TrimSpace(*f.email), *f.partnership)
		return ExitBadInput
	}
	if code := roleResult(cmd, err, std); code != ExitOK {
		return code
	}
	fmt.Fprintf(std.Stdout, "placeboard %s: %s has no role in partnership %d now\n", cmd, u.Email, *f.partnership)
	return ExitOK
}

func setNationalAnalyst(ctx context.Context, cmd string, st *store.Store, email string, on bool, std IO) int {
	u, err := st.GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(std.Stderr, "placeboard %s: --email: no account has the email address %s\n", cmd, strings.TrimSpace(email))
		return ExitBadInput
	}
	if err == nil {
		err = st.SetNationalAnalyst(ctx, store.System, u.ID, on)
	}
	if code := roleResult(cmd, err, std); code != ExitOK {
		return code
	}
	state := "is now a national analyst"
	if !on {
		state = "is no longer a national analyst"
	}
	fmt.Fprintf(std.Stdout, "placeboard %s: %s %s\n", cmd, u.Email, state)
	return ExitOK
}

func runUserDisable(ctx context.Context, args []string, std IO) int {
	return runUserSetDisabled(ctx, "user disable", true, args, std)
}

func runUserEnable(ctx context.Context, args []string, std IO) int {
	return runUserSetDisabled(ctx, "user enable", false, args, std)
}

func runUserSetDisabled(ctx context.Context, cmd string, disabled bool, args []string, std IO) int {
	fs := newFlagSet(cmd, cmd+" --email EMAIL [--data DIR] [--database URL]", std)
	email := fs.String("email", "", "`EMAIL` of the account")
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, cmd, std) || !db.check(cmd, std) {
		return ExitBadInput
	}
	if strings.TrimSpace(*email) == "" {
		fmt.Fprintf(std.Stderr, "placeboard %s: --email: is required\n", cmd)
		return ExitBadInput
	}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		return roleResult(cmd, err, std)
	}
	defer st.Close()
	u, err := st.GetUserByEmail(ctx, *email)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(std.Stderr, "placeboard %s: --email: no account has the email address %s\n", cmd, strings.TrimSpace(*email))
		return ExitBadInput
	}
	if err == nil {
		err = st.SetDisabled(ctx, store.System, u.ID, disabled)
	}
	if code := roleResult(cmd, err, std); code != ExitOK {
		return code
	}
	state := "enabled"
	if disabled {
		state = "disabled; their sessions were ended"
	}
	fmt.Fprintf(std.Stdout, "placeboard %s: %s is %s\n", cmd, u.Email, state)
	return ExitOK
}
