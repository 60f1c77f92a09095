package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture merger loads once into a migrated database; loading it again
// is refused by row and column, as are a code not in the reference data and
// a malformed file, and nothing of a refused file is loaded.
func TestLoadParentChangesCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out, errs := runCmd(t, nil, "migrate", "--data", data); code != ExitOK {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCmd(t, nil, "reference", "load-parent-changes", "testdata/parent-changes-fixture.csv", "--data", data)
	if code != ExitOK || !strings.Contains(out, "Loaded 2 parent changes") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	unknown := filepath.Join(dir, "unknown.csv")
	os.WriteFile(unknown, []byte("effective_date,child_type,child_code,parent_type,old_parent_code,new_parent_code,source\n"+
		"2026-04-01,ltla,E06000001,icb,E54000050,E54999999,typed from memory\n"), 0o600)
	malformed := filepath.Join(dir, "malformed.csv")
	os.WriteFile(malformed, []byte("effective_date,child_type,child_code,parent_type,old_parent_code,new_parent_code,source\n"+
		"1 April,ltla,E06000001,icb,E54000050,E54000051,List\n"), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"reference", "load-parent-changes", "testdata/parent-changes-fixture.csv", "--data", data}, "row 2, column effective_date"},
		{[]string{"reference", "load-parent-changes", unknown, "--data", data}, "row 2, column new_parent_code: No icb E54999999"},
		{[]string{"reference", "load-parent-changes", malformed, "--data", data}, "row 2, column effective_date"},
		{[]string{"reference", "load-parent-changes"}, "name one FILE"},
	} {
		if code, _, errs := runCmd(t, nil, c.args...); code != ExitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	if code, out, errs := runCmd(t, nil, "reference", "load-parent-changes", "--help"); code != ExitOK || !strings.Contains(out+errs, "effective_date") {
		t.Errorf("--help: exit %d", code)
	}
}
