package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the repository root (this package is internal/archtest).
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goList runs `go list -deps -json` on the module's packages, with an
// optional overlay file (see `go help build`, -overlay).
func goList(t *testing.T, overlay string) []Package {
	t.Helper()
	args := []string{"list", "-deps", "-json"}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, "./...")
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestImportGraphFollowsTheLayers is the rule of docs/architecture.md on
// the real code.
func TestImportGraphFollowsTheLayers(t *testing.T) {
	pkgs := goList(t, "")
	ours := 0
	for _, p := range pkgs {
		if _, ok := rel(p.ImportPath); ok {
			ours++
		}
	}
	if ours < 20 {
		t.Fatalf("go list found only %d placeboard packages; the check would prove nothing", ours)
	}
	for _, v := range Check(pkgs, Placements) {
		t.Error(v)
	}
}

// TestForbiddenImportFails adds, through go list's -overlay, a file to the
// needs domain package that imports net/http and one to web that imports
// api, and shows the check reports both: the test above would fail on them.
func TestForbiddenImportFails(t *testing.T) {
	root := moduleRoot(t)
	dir := t.TempDir()
	files := map[string]string{
		filepath.Join(root, "internal", "needs", "zz_archprobe.go"):          "package needs\n\nimport _ \"net/http\"\n",
		filepath.Join(root, "internal", "web", "zz_archprobe.go"):            "package web\n\nimport _ \"" + Module + "/internal/api\"\n",
		filepath.Join(root, "internal", "unplacedprobe", "p.go"):             "package unplacedprobe\n",
		filepath.Join(root, "internal", "pb", "zz_archprobe.go"):             "package pb\n\nimport _ \"" + Module + "/internal/mail\"\n",
		filepath.Join(root, "internal", "stats", "batch", "zz_archprobe.go"): "package batch\n\nimport _ \"database/sql\"\n",
		filepath.Join(root, "internal", "stats", "zz_archprobe.go"):          "package stats\n\nimport _ \"net/http\"\n",
	}
	replace := map[string]string{}
	i := 0
	for target, src := range files {
		i++
		p := filepath.Join(dir, "probe"+string(rune('0'+i))+".go")
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		replace[target] = p
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlayPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayPath, overlay, 0o600); err != nil {
		t.Fatal(err)
	}
	got := Check(goList(t, overlayPath), Placements)
	want := []struct{ pkg, imports string }{
		{"internal/needs", "net/http"},
		{"internal/web", "internal/api"},
		{"internal/unplacedprobe", ""},
		{"internal/pb", "internal/mail"},
		{"internal/stats/batch", "database/sql"},
		{"internal/stats", "net/http"},
	}
	for _, w := range want {
		found := false
		for _, v := range got {
			if v.Package == w.pkg && (w.imports == "" || v.Imports == w.imports) {
				found = true
			}
		}
		if !found {
			t.Errorf("no violation reported for %s importing %q; got:\n%s", w.pkg, w.imports, joinViolations(got))
		}
	}
}

func joinViolations(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCheckTable covers the rule table on small synthetic graphs.
func TestCheckTable(t *testing.T) {
	m := func(p string) string { return Module + "/" + p }
	tests := []struct {
		name string
		pkg  Package
		want int
	}{
		{"domain on stats is fine", Package{ImportPath: m("internal/needs"), Deps: []string{m("internal/stats"), "fmt"}}, 0},
		{"domain on its own sub-package is fine", Package{ImportPath: m("internal/needs/importer"), Deps: []string{m("internal/needs")}}, 0},
		{"domain on database/sql", Package{ImportPath: m("internal/needs"), Imports: []string{"database/sql"}}, 1},
		{"domain on store", Package{ImportPath: m("internal/places"), Deps: []string{m("internal/store")}}, 1},
		{"domain on net/http/httptest", Package{ImportPath: m("internal/voice"), Imports: []string{"net/http/httptest"}}, 1},
		{"engine on a domain", Package{ImportPath: m("internal/pb"), Deps: []string{m("internal/needs")}}, 1},
		{"engine on its own sub-package is fine", Package{ImportPath: m("internal/stats"), Deps: []string{m("internal/stats/internal/x")}}, 0},
		{"api on web", Package{ImportPath: m("internal/api"), Deps: []string{m("internal/web/chart")}}, 1},
		{"web on store is fine", Package{ImportPath: m("internal/web"), Imports: []string{"net/http"}, Deps: []string{m("internal/store"), "net/http"}}, 0},
		{"store on web", Package{ImportPath: m("internal/store"), Deps: []string{m("internal/web")}}, 1},
		{"unplaced", Package{ImportPath: m("internal/newthing")}, 1},
		{"third-party names are not judged", Package{ImportPath: m("internal/needs"), Imports: []string{"github.com/x/net/http"}}, 0},
		{"a library's own net/http is not ours", Package{ImportPath: m("internal/needs/importer"), Imports: []string{"github.com/xuri/excelize/v2"}, Deps: []string{"github.com/xuri/excelize/v2", "net/http"}}, 0},
		{"engine on a module no forbidden list names", Package{ImportPath: m("internal/pb"), Deps: []string{m("internal/voice")}}, 1},
		{"engine on net/http through a library", Package{ImportPath: m("internal/stats"), Imports: []string{"gonum.org/v1/gonum/mathext"}, Deps: []string{"gonum.org/v1/gonum/mathext", "net/http"}}, 1},
		{"engine on the standard library's own internals is fine", Package{ImportPath: m("internal/stats"), Imports: []string{"fmt"}, Deps: []string{"fmt", "internal/abi"}}, 0},
		{"batch engine on stats is fine", Package{ImportPath: m("internal/stats/batch"), Deps: []string{m("internal/stats"), m("internal/stats/batch/numfmt")}}, 0},
		{"batch engine on money", Package{ImportPath: m("internal/stats/batch"), Deps: []string{m("internal/money")}}, 1},
		{"batch engine on the store", Package{ImportPath: m("internal/stats/batch"), Deps: []string{m("internal/store")}}, 1},
		{"batch engine on database/sql", Package{ImportPath: m("internal/stats/batch/numfmt"), Imports: []string{"database/sql"}}, 1},
		{"pure helper on a pure helper is fine", Package{ImportPath: m("internal/audit"), Deps: []string{m("internal/validation")}}, 0},
		{"pure helper on mail", Package{ImportPath: m("internal/validation"), Deps: []string{m("internal/mail")}}, 1},
		{"a domain reaching the store through a helper", Package{ImportPath: m("internal/needs"), Deps: []string{m("internal/validation"), m("internal/store")}}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Check([]Package{tc.pkg}, Placements)
			if len(got) != tc.want {
				t.Errorf("got %d violations, want %d: %v", len(got), tc.want, got)
			}
		})
	}
}
