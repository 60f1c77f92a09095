package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// headOf finds the "head SEQ:HASH" line in audit verify's output.
func headOf(t *testing.T, out string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "head "); ok {
			return rest
		}
	}
	t.Fatalf("no head line in %q", out)
	return ""
}

// Deleting the last 10 entries together with their rows leaves a log that
// verifies on its own; the head recorded earlier catches it. Runs the real
// commands on both engines.
func TestAuditVerifyHeadCatchesCutTail(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		auditHeadScenario(t, []string{"--data", dir}, nil, func(t *testing.T) {
			// The first command that writes made the key file, private.
			fi, err := os.Stat(filepath.Join(dir, AuditKeyFile))
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("key file: %v, %v; want mode 0600", fi, err)
			}
		})
	})
	t.Run("postgres", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		env := map[string]string{EnvAuditKey: strings.Repeat("5a", 32)}
		auditHeadScenario(t, []string{"--database", url, "--data", t.TempDir()}, env, nil)
	})
}

// A second process on the same PostgreSQL database with another key
// refuses to work rather than write entries nobody can check.
func TestAuditKeyMismatchRefused(t *testing.T) {
	url := storetest.PostgresURL(t)
	run := func(key string, args ...string) (int, string, string) {
		std, out, errOut := testIO("long-enough-password-1\n", map[string]string{EnvAuditKey: key})
		code := Run(context.Background(), append(args, "--database", url, "--data", t.TempDir()), std)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := run(strings.Repeat("1a", 32), "user", "add", "--email", "a@example.test", "--name", "A", "--password-stdin"); code != ExitOK {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	code, _, errOut := run(strings.Repeat("2b", 32), "user", "add", "--email", "b@example.test", "--name", "B", "--password-stdin")
	if code != ExitFailure || !strings.Contains(errOut, "audit key mismatch") || !strings.Contains(errOut, EnvAuditKey) {
		t.Errorf("second key: %d %q, want exit 1 and the mismatch explained", code, errOut)
	}
}

func auditHeadScenario(t *testing.T, where []string, env map[string]string, checkKeyFile func(*testing.T)) {
	ctx := context.Background()
	run := func(env map[string]string, args ...string) (int, string, string) {
		std, out, errOut := testIO("long-enough-password-1\n", env)
		code := Run(ctx, append(args, where...), std)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := run(env, "user", "add", "--admin", "--email", "ada@example.test", "--name", "Ada", "--password-stdin"); code != ExitOK {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if checkKeyFile != nil {
		checkKeyFile(t)
	}
	// Eleven more changes, made with the same key as the commands use.
	st := openLikeCLI(t, where, env)
	ids := make([]int64, 11)
	for i := range ids {
		o, err := st.CreateOrganisation(ctx, store.Actor{Name: "ada@example.test"}, places.Organisation{Name: fmt.Sprintf("Org %d", i), Kind: places.OrgVoluntary})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
	}
	code, out, errOut := run(env, "audit", "verify")
	if code != ExitOK || !strings.Contains(out, "OK: 12 audit entries") || !strings.Contains(out, "keyed, key id") {
		t.Fatalf("verify: %d %q %q", code, out, errOut)
	}
	head := headOf(t, out)
	if !strings.HasPrefix(head, "12:") {
		t.Fatalf("head %q, want entry 12", head)
	}
	if code, out, _ := run(env, "audit", "verify", "--head", head); code != ExitOK || !strings.Contains(out, "recorded head "+head+" is in the chain") {
		t.Errorf("verify --head on the untouched log: %d %q", code, out)
	}

	// Cut off entries 3-12 and the organisations they created.
	storetest.DropAppendOnly(t, st)
	if _, err := st.DB().ExecContext(ctx, "DELETE FROM audit_log WHERE seq > 2"); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[1:] {
		if _, err := st.DB().ExecContext(ctx, "DELETE FROM organisations WHERE id = $1", id); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	// On its own, the shortened log is consistent...
	if code, out, errOut := run(env, "audit", "verify"); code != ExitOK || !strings.Contains(out, "OK: 2 audit entries") {
		t.Errorf("verify without --head after the cut: %d %q %q (a clean cut should pass here)", code, out, errOut)
	}
	// ...but not with the head recorded before the cut.
	code, out, _ = run(env, "audit", "verify", "--head", head)
	if code != ExitFailure || !strings.Contains(out, "FAILED: audit entry 12") || !strings.Contains(out, "ends at entry 2") {
		t.Errorf("verify --head after the cut: %d %q, want exit 1 naming entry 12", code, out)
	}

	// Bad input: exit 2, naming what is wrong.
	for _, bad := range []string{"12", "x:" + strings.Repeat("0", 64), "12:abc"} {
		code, out, errOut := run(env, "audit", "verify", "--head", bad)
		if code != ExitBadInput || !strings.Contains(errOut, "--head") || strings.Contains(out, "OK") {
			t.Errorf("--head %q: %d %q %q, want exit 2 naming --head", bad, code, out, errOut)
		}
	}
	// A wrong key is reported as such.
	wrong := map[string]string{EnvAuditKey: strings.Repeat("77", 32)}
	if code, out, _ := run(wrong, "audit", "verify"); code != ExitFailure || !strings.Contains(out, "another key") {
		t.Errorf("wrong key: %d %q", code, out)
	}
	if code, _, errOut := run(map[string]string{EnvAuditKey: "too-short"}, "audit", "verify"); code != ExitBadInput || !strings.Contains(errOut, EnvAuditKey) {
		t.Errorf("malformed key: %d %q", code, errOut)
	}
}

// openLikeCLI opens the store the commands use, with their key.
func openLikeCLI(t *testing.T, where []string, env map[string]string) *store.Store {
	t.Helper()
	var d dbFlags
	for i := 0; i+1 < len(where); i += 2 {
		switch where[i] {
		case "--data":
			d.data = where[i+1]
		case "--database":
			d.database = where[i+1]
		}
	}
	std, _, _ := testIO("", env)
	key, err := d.auditKey(std, false)
	if err != nil || key.IsZero() {
		t.Fatalf("key: %v (zero %v)", err, key.IsZero())
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: d.data, DatabaseURL: d.database, AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Without the key, a keyed log cannot be checked: exit 2 saying where the
// key goes. --help explains --head.
func TestAuditVerifyNeedsTheKey(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		std, out, errOut := testIO("long-enough-password-1\n", nil)
		code := Run(context.Background(), append(args, "--data", dir), std)
		return code, out.String(), errOut.String()
	}
	// An empty log verifies, and its head is the genesis.
	if code, out, errOut := run("audit", "verify"); code != ExitOK || !strings.Contains(out, "head 0:"+audit.GenesisHash) {
		t.Fatalf("empty log: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run("user", "add", "--email", "b@example.test", "--name", "B", "--password-stdin"); code != ExitOK {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if err := os.Rename(filepath.Join(dir, AuditKeyFile), filepath.Join(t.TempDir(), "moved.key")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run("audit", "verify"); code != ExitBadInput || !strings.Contains(errOut, EnvAuditKey) || !strings.Contains(errOut, AuditKeyFile) {
		t.Errorf("no key: %d %q", code, errOut)
	}
	code, out, errOut := run("audit", "verify", "--help")
	if code != ExitOK || !strings.Contains(out+errOut, "--head") || !strings.Contains(out+errOut, "cut off") {
		t.Errorf("--help: %d %q %q", code, out, errOut)
	}
}

// Processes starting at once on one data folder end up with one key; a
// damaged key file is named.
func TestAuditKeyFile(t *testing.T) {
	d := dbFlags{data: filepath.Join(t.TempDir(), "data")}
	std, _, errOut := testIO("", nil)
	if k, err := d.auditKey(std, false); err != nil || !k.IsZero() {
		t.Fatalf("no file, not creating: %v, zero %v", err, k.IsZero())
	}
	ids := make(chan string, 8)
	for range 8 {
		go func() {
			k, err := d.auditKey(std, true)
			if err != nil {
				t.Error(err)
			}
			ids <- k.ID()
		}()
	}
	first := <-ids
	for range 7 {
		if id := <-ids; id != first || id == "" {
			t.Errorf("key ids %q and %q: concurrent starts made different keys", first, id)
		}
	}
	entries, _ := os.ReadDir(d.data)
	if len(entries) != 1 || entries[0].Name() != AuditKeyFile {
		t.Errorf("data folder holds %v, want only %s", entries, AuditKeyFile)
	}
	if errOut.String() != "" {
		t.Errorf("warnings for a private key file: %q", errOut.String())
	}
	path := filepath.Join(d.data, AuditKeyFile)
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := d.auditKey(std, true); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("damaged key file: %v, want an error naming %s", err, path)
	}
	if !strings.Contains(errOut.String(), "chmod 600") {
		t.Errorf("no warning for a key file others can read: %q", errOut.String())
	}
}
