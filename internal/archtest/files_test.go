package archtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listDir returns the names of dir's files (relative to the repository
// root) that end in suffix, leaving out tests.
func listDir(t *testing.T, dir, suffix string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(moduleRoot(t), filepath.FromSlash(dir)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, suffix) || strings.HasSuffix(n, "_test.go") {
			continue
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		t.Fatalf("%s holds no %s files; the check would prove nothing", dir, suffix)
	}
	return names
}

// TestEveryFileHasAModule: every store, web, API and CLI file belongs to
// exactly one module of the map, and every row of the map still has files.
func TestEveryFileHasAModule(t *testing.T) {
	var names []string
	for _, dir := range FileDirs {
		for _, n := range listDir(t, dir, ".go") {
			names = append(names, dir+"/"+n)
		}
	}
	for _, p := range CheckFiles(names, Files) {
		t.Error(p)
	}
}

// TestMigrationsFollowTheRanges: both engines hold the same versions, each
// in its module's range.
func TestMigrationsFollowTheRanges(t *testing.T) {
	engines := map[string][]string{}
	for _, dir := range MigrationDirs {
		engines[dir] = listDir(t, dir, ".sql")
	}
	for _, p := range CheckMigrations(engines, MigrationRanges) {
		t.Error(p)
	}
}

// TestMigrationRangesDoNotOverlap keeps the range table itself sound.
func TestMigrationRangesDoNotOverlap(t *testing.T) {
	for i, a := range MigrationRanges {
		if a.From > a.To || a.From < 1 || a.To > 99999 {
			t.Errorf("range %05d–%05d (%s) is empty or not five digits", a.From, a.To, a.Module)
		}
		for _, b := range MigrationRanges[i+1:] {
			if a.From <= b.To && b.From <= a.To {
				t.Errorf("ranges of %s and %s overlap", a.Module, b.Module)
			}
		}
	}
}

// TestCheckFilesTable shows the file check on small synthetic trees.
func TestCheckFilesTable(t *testing.T) {
	table := []FileGroup{
		{"internal/store", "store.go", "shared"},
		{"internal/store", "needs.go", "needs"},
		{"internal/store", "needs_*.go", "needs"},
		{"internal/web", "needs_*.go", "needs"},
	}
	tests := []struct {
		name  string
		files []string
		want  []string // substrings, one per problem, in sorted order
	}{
		{"every file placed, every row used", []string{"internal/store/store.go", "internal/store/needs.go", "internal/store/needs_x.go", "internal/web/needs_y.go"}, nil},
		{"a new file in an existing pattern needs nothing", []string{"internal/store/store.go", "internal/store/needs.go", "internal/store/needs_x.go", "internal/store/needs_new.go", "internal/web/needs_y.go"}, nil},
		{"a file of no module", []string{"internal/store/store.go", "internal/store/needs.go", "internal/store/needs_x.go", "internal/store/helpers.go", "internal/web/needs_y.go"}, []string{"internal/store/helpers.go: belongs to no module"}},
		{"a pattern only counts in its own folder", []string{"internal/store/store.go", "internal/store/needs.go", "internal/store/needs_x.go", "internal/web/needs_y.go", "internal/api/needs_z.go"}, []string{"internal/api/needs_z.go: belongs to no module"}},
		{"a stale row", []string{"internal/store/store.go", "internal/store/needs_x.go", "internal/web/needs_y.go"}, []string{"internal/store/needs.go: no file matches"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantProblems(t, CheckFiles(tc.files, table), tc.want)
		})
	}
	if got := CheckFiles([]string{"internal/x/a.go"}, []FileGroup{{"internal/x", "a*.go", "one"}, {"internal/x", "a.go", "two"}}); len(got) != 1 || !strings.Contains(got[0], "more than one") {
		t.Errorf("overlapping rows: got %q", got)
	}
}

// TestCheckMigrationsTable shows the migration check on synthetic folders.
func TestCheckMigrationsTable(t *testing.T) {
	ranges := []MigrationRange{{1, 999, "foundation"}, {1000, 1999, "needs"}}
	tests := []struct {
		name    string
		engines map[string][]string
		want    []string
	}{
		{"same versions, in range", map[string][]string{
			"s": {"00001_foundation.sql", "01000_needs.sql"},
			"p": {"00001_foundation.sql", "01000_needs.sql"}}, nil},
		{"out of every range", map[string][]string{
			"s": {"00001_foundation.sql", "07000_new.sql"},
			"p": {"00001_foundation.sql", "07000_new.sql"}},
			[]string{"p/07000_new.sql: version 07000 lies in no module's range", "s/07000_new.sql: version 07000 lies in no module's range"}},
		{"one engine lacks a version", map[string][]string{
			"s": {"00001_foundation.sql", "01001_more.sql"},
			"p": {"00001_foundation.sql"}},
			[]string{"s/01001_more.sql: version 01001 has no migration in p"}},
		{"a version taken twice", map[string][]string{
			"s": {"00001_foundation.sql", "00001_again.sql"},
			"p": {"00001_foundation.sql"}},
			[]string{"s/00001_again.sql: version 00001 is already taken by s/00001_foundation.sql"}},
		{"a badly named file", map[string][]string{
			"s": {"00001_foundation.sql", "1_short.sql"},
			"p": {"00001_foundation.sql"}},
			[]string{"s/1_short.sql: a migration is named NNNNN_words.sql"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantProblems(t, CheckMigrations(tc.engines, ranges), tc.want)
		})
	}
}

// wantProblems checks got holds one problem per want, each containing it.
func wantProblems(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d: %q", len(got), len(want), got)
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
		}
	}
}
