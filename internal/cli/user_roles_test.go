package cli

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func TestUserGrantRevokeDisable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		std, out, errOut := testIO("", nil)
		code := Run(ctx, append(args, "--data", dir), std)
		return code, out.String(), errOut.String()
	}
	std, _, errOut := testIO("a-long-enough-pass-1\n", nil)
	if code := Run(ctx, []string{"user", "add", "--email", "ana@example.test", "--name", "Ana", "--password-stdin", "--data", dir}, std); code != ExitOK {
		t.Fatalf("user add: %d %q", code, errOut.String())
	}
	// A partnership to grant roles in, made through the store the command
	// line opens (with its audit key).
	std, _, _ = testIO("", nil)
	db := dbFlags{data: dir}
	st, err := db.openStore(ctx, nil, std)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadReference(ctx, storetest.SmallReference()); err != nil {
		t.Fatal(err)
	}
	p, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool HWB"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	pid := strconv.FormatInt(p.ID, 10)

	bad := []struct {
		name string
		args []string
		flag string
	}{
		{"no email", []string{"user", "grant", "--partnership", pid, "--role", "analyst"}, "--email"},
		{"no partnership", []string{"user", "grant", "--email", "ana@example.test", "--role", "analyst"}, "--partnership"},
		{"unknown role", []string{"user", "grant", "--email", "ana@example.test", "--partnership", pid, "--role", "king"}, "--role"},
		{"unknown account", []string{"user", "grant", "--email", "nobody@example.test", "--partnership", pid, "--role", "analyst"}, "--email"},
		{"unknown partnership", []string{"user", "grant", "--email", "ana@example.test", "--partnership", "999", "--role", "analyst"}, "--partnership"},
		{"partnership not a number", []string{"user", "grant", "--email", "ana@example.test", "--partnership", "x", "--role", "analyst"}, "-partnership"},
		{"national with role", []string{"user", "grant", "--email", "ana@example.test", "--national-analyst", "--role", "analyst"}, "--national-analyst"},
		{"revoke without role", []string{"user", "revoke", "--email", "ana@example.test", "--partnership", pid}, "--partnership"},
		{"disable unknown", []string{"user", "disable", "--email", "nobody@example.test"}, "--email"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(tc.args...)
			if code != ExitBadInput || !strings.Contains(errOut, tc.flag) {
				t.Errorf("exit %d, stderr %q: want %d naming %s", code, errOut, ExitBadInput, tc.flag)
			}
		})
	}

	if code, out, errOut := run("user", "grant", "--email", "Ana@Example.test", "--partnership", pid, "--role", "analyst"); code != ExitOK || !strings.Contains(out, "ana@example.test is now analyst") {
		t.Fatalf("grant: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run("user", "grant", "--email", "ana@example.test", "--national-analyst"); code != ExitOK || !strings.Contains(out, "national analyst") {
		t.Fatalf("grant national analyst: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run("user", "disable", "--email", "ana@example.test"); code != ExitOK || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %d %q %q", code, out, errOut)
	}
	st, err = db.openStore(ctx, nil, std)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.GetUserByEmail(ctx, "ana@example.test")
	grants, _ := st.UserRoles(ctx, u.ID)
	st.Close()
	if !u.NationalAnalyst || !u.Disabled || len(grants) != 1 || grants[0].Role != "analyst" || grants[0].PartnershipID != p.ID {
		t.Fatalf("after grant and disable: %+v %+v", u, grants)
	}

	if code, out, errOut := run("user", "revoke", "--email", "ana@example.test", "--partnership", pid); code != ExitOK || !strings.Contains(out, "no role") {
		t.Fatalf("revoke: %d %q %q", code, out, errOut)
	}
	if code, _, _ := run("user", "revoke", "--email", "ana@example.test", "--national-analyst"); code != ExitOK {
		t.Fatalf("revoke national analyst: %d", code)
	}
	if code, _, _ := run("user", "enable", "--email", "ana@example.test"); code != ExitOK {
		t.Fatalf("enable: %d", code)
	}
	st, err = db.openStore(ctx, nil, std)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, _ = st.GetUserByEmail(ctx, "ana@example.test")
	grants, _ = st.UserRoles(ctx, u.ID)
	if u.NationalAnalyst || u.Disabled || len(grants) != 0 {
		t.Errorf("after revoke and enable: %+v %+v", u, grants)
	}

	code, out, errText := run("user", "grant", "--help")
	if code != ExitOK || !strings.Contains(out+errText, "-role") || !strings.Contains(out+errText, "-national-analyst") {
		t.Errorf("grant --help: %d %q %q", code, out, errText)
	}
}
