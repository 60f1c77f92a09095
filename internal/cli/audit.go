package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
)

// EnvAuditKey holds the audit key (hex or base64, at least 32 bytes). When
// it is not set the key is read from the data folder's AuditKeyFile, which
// the first command that writes creates. Servers sharing one PostgreSQL
// database must share the key: set this variable on each, or give each the
// same key file.
const EnvAuditKey = "PLACEBOARD_AUDIT_KEY"

// AuditKeyFile is the key's file name inside the data folder.
const AuditKeyFile = "audit.key"

// auditKey returns the key from $PLACEBOARD_AUDIT_KEY, else from the data
// folder's key file. When create is set and there is no file, it makes one
// (32 random bytes, hex, mode 0600); otherwise a missing file gives the
// zero key. Errors name the variable or file at fault.
func (d *dbFlags) auditKey(std IO, create bool) (audit.Key, error) {
	if text := std.Getenv(EnvAuditKey); text != "" {
		k, err := audit.ParseKey(text)
		if err != nil {
			return audit.Key{}, fmt.Errorf("%s: %w", EnvAuditKey, err)
		}
		return k, nil
	}
	path := filepath.Join(d.data, AuditKeyFile)
	k, err := readAuditKey(path, std)
	switch {
	case err == nil:
		return k, nil
	case !errors.Is(err, fs.ErrNotExist):
		return audit.Key{}, err
	case !create:
		return audit.Key{}, nil
	}
	if err := os.MkdirAll(d.data, 0o750); err != nil {
		return audit.Key{}, fmt.Errorf("create data directory for the audit key: %w", err)
	}
	secret := make([]byte, 32)
	rand.Read(secret) // never fails (crypto/rand documents it)
	// Write a private temporary file, then link it into place: the key
	// appears whole or not at all, and of two processes starting at once
	// exactly one creates it while the other reads it.
	tmp, err := os.CreateTemp(d.data, ".audit.key-*") // mode 0600
	if err != nil {
		return audit.Key{}, fmt.Errorf("create audit key in %s: %w", d.data, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(audit.EncodeKey(secret) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), path)
	}
	if errors.Is(err, fs.ErrExist) {
		return readAuditKey(path, std) // another process made it first
	}
	if err != nil {
		return audit.Key{}, fmt.Errorf("write audit key %s: %w", path, err)
	}
	return audit.NewKey(secret)
}

// readAuditKey reads a key file, warning when others may read it.
func readAuditKey(path string, std IO) (audit.Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return audit.Key{}, err
		}
		return audit.Key{}, fmt.Errorf("read audit key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(std.Stderr, "placeboard: warning: the audit key %s can be read by others (mode %v); run chmod 600 on it\n", path, fi.Mode().Perm())
	}
	k, err := audit.ParseKey(string(b))
	if err != nil {
		return audit.Key{}, fmt.Errorf("audit key %s: %w", path, err)
	}
	return k, nil
}

func runAudit(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "audit", map[string]func(context.Context, []string, IO) int{
		"verify": runAuditVerify,
	}, args, std)
}

const auditVerifyHelp = `Checks the audit log: every entry's keyed hash and its link to the entry
before, then every audited row against its latest entry. Prints the head
(the last entry's sequence and hash); keep it somewhere outside the database,
and later pass it to --head to check that no entries were cut off the end.

The key comes from $` + EnvAuditKey + ` or the data folder's ` + AuditKeyFile + `
(never created here). A log written before the key existed is first
re-signed with it, once, if it verifies under the old unkeyed hash.

Exit status: 0 the log verifies; 1 it does not (the first bad entry is
named); 2 bad input (a malformed --head, a bad or missing key).`

// runAuditVerify checks the chain and every audited row. It prints OK and
// the head and exits 0, or names the first entry that does not verify and
// exits 1.
func runAuditVerify(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("audit verify", "audit verify [--head SEQ:HASH] [--data DIR] [--database URL]", std)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: placeboard audit verify [--head SEQ:HASH] [--data DIR] [--database URL]\n\n%s\n\nFlags:\n", auditVerifyHelp)
		fs.PrintDefaults()
	}
	headText := fs.String("head", "", "a head printed by an earlier audit verify, `SEQ:HASH`: fail unless that entry is still in the log with that hash")
	var db dbFlags
	db.register(fs)
	if stop, code := parseFlags(fs, args); stop {
		return code
	}
	if !noArgs(fs, "audit verify", std) || !db.check("audit verify", std) {
		return ExitBadInput
	}
	var head *audit.Head
	if *headText != "" {
		h, err := audit.ParseHead(*headText)
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard audit verify: --head must be SEQ:HASH as printed by audit verify: %v\n", err)
			return ExitBadInput
		}
		head = &h
	}
	// Verifying never creates a key: a new key would only make every
	// keyed entry look forged.
	key, err := db.auditKey(std, false)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard audit verify: %v\n", err)
		return ExitBadInput
	}
	st, err := store.Open(ctx, store.Config{DataDir: db.data, DatabaseURL: db.url(std), Logger: slog.New(slog.DiscardHandler), AuditKey: key})
	if err == nil {
		err = st.Migrate(ctx)
		defer st.Close()
	}
	if err == nil {
		// Re-signs an untouched unkeyed log, as the server does at start;
		// a mismatched key is reported by the check itself.
		if perr := st.PrepareAuditLog(ctx); !errors.Is(perr, store.ErrAuditKeyMismatch) {
			err = perr
		}
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard audit verify: %v\n", err)
		return ExitFailure
	}
	var rep audit.Report
	if head != nil {
		rep, err = st.VerifyAuditHead(ctx, *head)
	} else {
		rep, err = st.VerifyAudit(ctx)
	}
	var p *audit.Problem
	switch {
	case errors.As(err, &p):
		fmt.Fprintf(std.Stdout, "FAILED: %s\n", p.Error())
		return ExitFailure
	case errors.Is(err, store.ErrNoAuditKey):
		fmt.Fprintf(std.Stderr, "placeboard audit verify: the audit log is keyed and no key was found: set %s, or give --data the folder holding %s\n", EnvAuditKey, AuditKeyFile)
		return ExitBadInput
	case err != nil:
		fmt.Fprintf(std.Stderr, "placeboard audit verify: %v\n", err)
		return ExitFailure
	}
	keying := "keyed, key id " + key.ID()
	if !rep.Keyed {
		keying = "NOT keyed: no audit key was found, and the log was written without one"
	}
	fmt.Fprintf(std.Stdout, "OK: %d audit entries chain correctly (%s); %d audited rows match their latest entry\n", rep.Entries, keying, rep.Rows)
	if head != nil {
		fmt.Fprintf(std.Stdout, "recorded head %s is in the chain\n", head)
	}
	fmt.Fprintf(std.Stdout, "head %s\n", rep.Head.String())
	return ExitOK
}
