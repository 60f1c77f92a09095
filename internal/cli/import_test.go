package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
)

func writeExtract(t *testing.T, dir, name string) string {
	t.Helper()
	r, err := needs.OpenExtract(name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, strings.TrimSuffix(name, ".gz"))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, r); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func countValues(t *testing.T, dir string) int {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.CountIndicatorValues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportIndicatorsCommand(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	run := func(args ...string) (int, string, string) {
		std, out, errOut := testIO("", nil)
		code := Run(context.Background(), append(args, "--data", dir), std)
		return code, out.String(), errOut.String()
	}
	london := writeExtract(t, files, "fingertips_london_utla_2023.csv")
	code, out, errOut := run("import", "indicators", london, "--format", "fingertips")
	if code != ExitOK || !strings.Contains(out, "Imported 231 rows") || !strings.Contains(out, "7 indicators") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	// Flags before the file work too, and re-importing replaces and keeps versions.
	code, out, errOut = run("import", "indicators", "--format", "fingertips", london)
	if code != ExitOK || !strings.Contains(out, "Replaced 231 earlier values") {
		t.Fatalf("re-import: %d %q %q", code, out, errOut)
	}
	next := writeExtract(t, files, "fingertipsnext_healthdata_sample.csv")
	if code, out, errOut := run("import", "indicators", next, "--format", "fingertips-next"); code != ExitOK || !strings.Contains(out, "Imported 20 rows") {
		t.Fatalf("next: %d %q %q", code, out, errOut)
	}
	if n := countValues(t, dir); n != 251 {
		t.Errorf("%d values stored", n)
	}

	// A generic file with a bad row: nothing imported, the row and column named.
	mapping := filepath.Join(files, "map.json")
	os.WriteFile(mapping, []byte(`{"columns": {"area_code": "Code", "period": "Year", "count": "Numerator", "denominator": "Denominator"},
		"indicator": {"id": 990010, "name": "Generated", "value_type": "proportion"}}`), 0o600)
	var b strings.Builder
	b.WriteString("Code,Year,Numerator,Denominator\n")
	for i := 2; i <= 3001; i++ {
		den := "100"
		if i == 1500 {
			den = "0"
		}
		fmt.Fprintf(&b, "E%08d,2022,5,%s\n", i, den)
	}
	gen := filepath.Join(files, "gen.csv")
	os.WriteFile(gen, []byte(b.String()), 0o600)
	code, _, errOut = run("import", "indicators", gen, "--format", "generic", "--mapping", mapping)
	if code != ExitBadInput || !strings.Contains(errOut, `line 1500, column "Denominator"`) || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("bad row: %d %q", code, errOut)
	}
	if n := countValues(t, dir); n != 251 {
		t.Errorf("after the failed import %d values stored", n)
	}
	// Without the bad row it imports.
	os.WriteFile(gen, []byte(strings.Replace(b.String(), "E00001500,2022,5,0", "E00001500,2022,5,100", 1)), 0o600)
	if code, out, errOut := run("import", "indicators", gen, "--format", "generic", "--mapping", mapping); code != ExitOK || !strings.Contains(out, "3000 rows") || !strings.Contains(out, "New indicator 990010") {
		t.Errorf("generic: %d %q %q", code, out, errOut)
	}
}

func TestImportIndicatorsBadInput(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	london := writeExtract(t, files, "fingertips_london_utla_2023.csv")
	badMap := filepath.Join(files, "bad.json")
	os.WriteFile(badMap, []byte(`{"columns": {"area_code": "a"}}`), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"import", "indicators", "--help"}, ExitOK, ""},
		{"group help", []string{"import", "--help"}, ExitOK, ""},
		{"no file", []string{"import", "indicators", "--format", "fingertips"}, ExitBadInput, "FILE"},
		{"two files", []string{"import", "indicators", london, london, "--format", "fingertips"}, ExitBadInput, "one FILE"},
		{"no format", []string{"import", "indicators", london}, ExitBadInput, "--format"},
		{"bad format", []string{"import", "indicators", london, "--format", "excel"}, ExitBadInput, "--format"},
		{"generic without mapping", []string{"import", "indicators", london, "--format", "generic"}, ExitBadInput, "--mapping"},
		{"mapping with fingertips", []string{"import", "indicators", london, "--format", "fingertips", "--mapping", badMap}, ExitBadInput, "--mapping"},
		{"bad mapping", []string{"import", "indicators", london, "--format", "generic", "--mapping", badMap}, ExitBadInput, "columns.period"},
		{"missing file", []string{"import", "indicators", filepath.Join(files, "nope.csv"), "--format", "fingertips"}, ExitBadInput, "nope.csv"},
		{"wrong format for file", []string{"import", "indicators", london, "--format", "fingertips-next"}, ExitBadInput, `column "Year"`},
		{"unknown subcommand", []string{"import", "organisations"}, ExitBadInput, "unknown subcommand"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			std, _, errOut := testIO("", nil)
			code := Run(context.Background(), append(tc.args, "--data", dir), std)
			if code != tc.code || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr %q", code, errOut.String())
			}
		})
	}
}

func TestProgressBarDrawsOnlyOnTerminal(t *testing.T) {
	std, _, errOut := testIO("", nil)
	std.IsTerminal = true
	p := newProgressBar(std, 1000)
	p.bytes(500)
	p.rows(12345)
	p.done()
	if s := errOut.String(); !strings.Contains(s, "100%") || !strings.Contains(s, "12,345 rows") || !strings.Contains(s, "[") {
		t.Errorf("terminal progress %q", s)
	}
	std2, _, errOut2 := testIO("", nil)
	p2 := newProgressBar(std2, 1000)
	p2.bytes(1000)
	p2.done()
	if errOut2.String() != "" {
		t.Errorf("progress drawn off a terminal: %q", errOut2.String())
	}
}
