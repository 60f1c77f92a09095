package archtest

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// FileGroup gives the files of one folder whose names match Pattern (a
// path.Match pattern on the base name) to a module. It is the table
// "Files by module" of docs/architecture.md: a new file in an existing
// module's pattern needs no change here; a file that matches no pattern (or
// two) fails TestEveryFileHasAModule until it is given one.
type FileGroup struct {
	Dir     string // relative to the repository root, e.g. "internal/store"
	Pattern string // e.g. "needs_*.go"
	Module  string
}

// FileDirs are the folders whose non-test .go files must each belong to
// exactly one group of Files.
var FileDirs = []string{"internal/store", "internal/web", "internal/api", "internal/cli"}

// Files is the table of docs/architecture.md, "Files by module". "shared"
// is each layer's own plumbing, used by every module.
var Files = []FileGroup{
	// store
	{"internal/store", "store.go", "shared"},
	{"internal/store", "types.go", "shared"},
	{"internal/store", "errors.go", "shared"},
	{"internal/store", "busy.go", "shared"},
	{"internal/store", "connect.go", "shared"},
	{"internal/store", "lock.go", "shared"},
	{"internal/store", "migrations.go", "shared"},
	{"internal/store", "areas.go", "places"},
	{"internal/store", "organisations.go", "places"},
	{"internal/store", "partnerships.go", "places"},
	{"internal/store", "national.go", "places"},
	{"internal/store", "reference.go", "places"},
	{"internal/store", "places_*.go", "places"},
	{"internal/store", "users.go", "accounts"},
	{"internal/store", "users_*.go", "accounts"},
	{"internal/store", "auditlog.go", "audit"},
	{"internal/store", "needs.go", "needs"},
	{"internal/store", "needs_*.go", "needs"},
	{"internal/store", "voice_*.go", "voice"},
	{"internal/store", "money_*.go", "money"},
	{"internal/store", "pb_*.go", "pb"},

	// web
	{"internal/web", "web.go", "shared"},
	{"internal/web", "render.go", "shared"},
	{"internal/web", "view.go", "shared"},
	{"internal/web", "form.go", "shared"},
	{"internal/web", "static.go", "shared"},
	{"internal/web", "rowhtml.go", "shared"},
	{"internal/web", "home.go", "shared"},
	{"internal/web", "admin.go", "shared"},
	{"internal/web", "places_*.go", "places"},
	{"internal/web", "accounts_*.go", "accounts"},
	{"internal/web", "needs.go", "needs"},
	{"internal/web", "needs_*.go", "needs"},
	{"internal/web", "voice_*.go", "voice"},
	{"internal/web", "money_*.go", "money"},
	{"internal/web", "pb.go", "pb"},
	{"internal/web", "pb_*.go", "pb"},

	// api
	{"internal/api", "api.go", "shared"},
	{"internal/api", "deps.go", "shared"},
	{"internal/api", "problem.go", "shared"},
	{"internal/api", "pagination.go", "shared"},
	{"internal/api", "nostore.go", "shared"},
	{"internal/api", "places_*.go", "places"},
	{"internal/api", "accounts_*.go", "accounts"},
	{"internal/api", "audit_*.go", "audit"},
	{"internal/api", "needs_*.go", "needs"},
	{"internal/api", "voice_*.go", "voice"},
	{"internal/api", "money_*.go", "money"},
	{"internal/api", "pb_*.go", "pb"},

	// cli
	{"internal/cli", "cli.go", "shared"},
	{"internal/cli", "args.go", "shared"},
	{"internal/cli", "version.go", "shared"},
	{"internal/cli", "migrate.go", "shared"},
	{"internal/cli", "serve.go", "shared"},
	{"internal/cli", "serve_*.go", "shared"},
	{"internal/cli", "reference.go", "places"},
	{"internal/cli", "reference_*.go", "places"},
	{"internal/cli", "user.go", "accounts"},
	{"internal/cli", "user_*.go", "accounts"},
	{"internal/cli", "audit.go", "audit"},
	{"internal/cli", "import.go", "needs"},
	{"internal/cli", "stats.go", "stats"},
	{"internal/cli", "money.go", "money"},
	{"internal/cli", "pb.go", "pb"},
	{"internal/cli", "pb_*.go", "pb"},
}

// MigrationRange is one module's block of migration versions.
type MigrationRange struct {
	From, To int
	Module   string
}

// MigrationRanges is the range table of docs/architecture.md ("The module
// rule", 2). A module takes the next free block.
var MigrationRanges = []MigrationRange{
	{1, 999, "foundation"}, // places, organisations, partnerships, accounts, audit
	{1000, 1999, "needs"},
	{2000, 2999, "voice"},
	{3000, 3999, "money"},
	{4000, 4999, "pb"},
	{5000, 5999, "plan"},
	{9000, 9999, "platform"},
}

// MigrationDirs are the two engines' migration folders, which must hold the
// same versions.
var MigrationDirs = []string{"internal/store/migrations/sqlite", "internal/store/migrations/postgres"}

// CheckFiles returns a problem, naming the file, for every file of names
// (paths relative to the repository root) that no group or more than one
// group of table claims, and for every group that claims no file (a stale
// row of the map).
func CheckFiles(names []string, table []FileGroup) []string {
	var out []string
	used := make([]bool, len(table))
	for _, name := range names {
		dir, base := path.Split(name)
		dir = strings.TrimSuffix(dir, "/")
		var mods []string
		for i, g := range table {
			if g.Dir != dir {
				continue
			}
			if ok, err := path.Match(g.Pattern, base); err == nil && ok {
				used[i] = true
				mods = append(mods, g.Module+" ("+g.Pattern+")")
			}
		}
		switch len(mods) {
		case 0:
			out = append(out, fmt.Sprintf("%s: belongs to no module; name it after its module (e.g. needs_*.go) or add it to archtest.Files and the table \"Files by module\" in docs/architecture.md", name))
		case 1:
		default:
			out = append(out, fmt.Sprintf("%s: claimed by more than one group of archtest.Files: %s", name, strings.Join(mods, ", ")))
		}
	}
	for i, g := range table {
		if !used[i] {
			out = append(out, fmt.Sprintf("%s/%s: no file matches this row of archtest.Files (module %s); remove it here and in docs/architecture.md", g.Dir, g.Pattern, g.Module))
		}
	}
	sort.Strings(out)
	return out
}

var migrationName = regexp.MustCompile(`^([0-9]{5})_[a-z0-9_]+\.sql$`)

// CheckMigrations returns a problem, naming the file, for every migration
// whose name is not NNNNN_words.sql, whose version lies in no module's
// range, whose version another file of the same engine already takes, or
// whose version the other engine lacks. engines maps each migration folder
// to the names of its .sql files.
func CheckMigrations(engines map[string][]string, ranges []MigrationRange) []string {
	var out []string
	versions := map[string]map[int]string{} // folder -> version -> file
	var dirs []string
	for dir, names := range engines {
		dirs = append(dirs, dir)
		versions[dir] = map[int]string{}
		for _, name := range names {
			file := dir + "/" + name
			m := migrationName.FindStringSubmatch(name)
			if m == nil {
				out = append(out, fmt.Sprintf("%s: a migration is named NNNNN_words.sql (five-digit version, lower-case words)", file))
				continue
			}
			v, _ := strconv.Atoi(m[1])
			if prev, taken := versions[dir][v]; taken {
				out = append(out, fmt.Sprintf("%s: version %05d is already taken by %s", file, v, prev))
				continue
			}
			versions[dir][v] = file
			if rangeOf(v, ranges) == "" {
				out = append(out, fmt.Sprintf("%s: version %05d lies in no module's range of docs/architecture.md (archtest.MigrationRanges)", file, v))
			}
		}
	}
	sort.Strings(dirs)
	for _, a := range dirs {
		for _, b := range dirs {
			if a == b {
				continue
			}
			for v, file := range versions[a] {
				if _, ok := versions[b][v]; !ok {
					out = append(out, fmt.Sprintf("%s: version %05d has no migration in %s; both engines take the same versions", file, v, b))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// rangeOf is the module whose range holds version v, "" if none.
func rangeOf(v int, ranges []MigrationRange) string {
	for _, r := range ranges {
		if v >= r.From && v <= r.To {
			return r.Module
		}
	}
	return ""
}
