package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
)

func TestUserAddListPasswdAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	run := func(stdin string, args ...string) (int, string, string) {
		std, out, errOut := testIO(stdin, nil)
		code := Run(context.Background(), append(args, "--data", dir), std)
		return code, out.String(), errOut.String()
	}
	code, out, errOut := run("s3cret-password-1\n", "user", "add", "--admin", "--email", "Ada@Example.test", "--name", "Ada Lovelace", "--password-stdin")
	if code != ExitOK || !strings.Contains(out, "administrator ada@example.test") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Error("the password was echoed")
	}
	if code, _, errOut := run("s3cret-password-1\n", "user", "add", "--email", "ada@example.test", "--name", "Again", "--password-stdin"); code != ExitBadInput || !strings.Contains(errOut, "--email") {
		t.Errorf("duplicate user: %d %q", code, errOut)
	}
	if code, _, errOut := run("short\n", "user", "add", "--email", "b@example.test", "--name", "B", "--password-stdin"); code != ExitBadInput || !strings.Contains(errOut, "password") {
		t.Errorf("short password: %d %q", code, errOut)
	}
	// Issue 11: at least 12 characters, and not a common password.
	for _, pw := range []string{"elevenchars", "Password1234", "1qaz2wsx3edc"} {
		if code, _, errOut := run(pw+"\n", "user", "add", "--email", "b@example.test", "--name", "B", "--password-stdin"); code != ExitBadInput || !strings.Contains(errOut, "password: Password") {
			t.Errorf("password %q: %d %q", pw, code, errOut)
		}
	}
	// Without --password-stdin and without a terminal, it refuses rather
	// than reading a visible password.
	if code, _, errOut := run("pw\n", "user", "add", "--email", "c@example.test", "--name", "C"); code != ExitBadInput || !strings.Contains(errOut, "--password-stdin") {
		t.Errorf("no terminal: %d %q", code, errOut)
	}
	code, out, _ = run("", "user", "list")
	if code != ExitOK || !strings.Contains(out, "ada@example.test") || !strings.Contains(out, "Ada Lovelace") || !strings.Contains(out, "yes") {
		t.Errorf("user list: %d %q", code, out)
	}
	if code, out, errOut := run("another-password-2\n", "user", "passwd", "--email", "ada@example.test", "--password-stdin"); code != ExitOK {
		t.Errorf("passwd: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run("another-password-2\n", "user", "passwd", "--email", "nobody@example.test", "--password-stdin"); code != ExitBadInput || !strings.Contains(errOut, "--email") {
		t.Errorf("passwd unknown: %d %q", code, errOut)
	}
	code, out, _ = run("", "audit", "verify")
	if code != ExitOK || !strings.HasPrefix(out, "OK") {
		t.Fatalf("audit verify on untouched database: %d %q", code, out)
	}
	// Edit an audited row by hand: verify names the entry and exits 1.
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("UPDATE users SET name = 'Mallory' WHERE email = 'ada@example.test'"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, _ = run("", "audit", "verify")
	if code != ExitFailure || !strings.Contains(out, "audit entry 2 (user 1)") {
		t.Errorf("audit verify after a hand edit: %d %q", code, out)
	}
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	std, out, errOut := testIO("", nil)
	if code := Run(context.Background(), []string{"migrate", "--data", dir}, std); code != ExitOK || !strings.Contains(out.String(), "reference data loaded") {
		t.Fatalf("migrate: %d %q %q", code, out.String(), errOut.String())
	}
	std, out, _ = testIO("", nil)
	if code := Run(context.Background(), []string{"migrate", "--data", dir}, std); code != ExitOK || !strings.Contains(out.String(), "already up to date") {
		t.Errorf("second migrate: %d %q", code, out.String())
	}
}
