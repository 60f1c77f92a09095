// Package archtest holds the dependency rules of docs/architecture.md and
// checks them against the real import graph (go list -deps). Its test fails
// when a domain or engine package imports net/http, database/sql, the store,
// web or api, when web and api import each other, or when a package under
// internal/ has not been given a place in the table.
package archtest

import (
	"fmt"
	"sort"
	"strings"
)

// Module is the Go module path; package paths in the table are relative to it.
const Module = "github.com/placeboard/placeboard"

// Kind is where a package sits in the layers.
type Kind string

const (
	Engine     Kind = "engine"      // pure computation: stats, pb
	BatchIO    Kind = "engine I/O"  // stats/batch: files and mmap, nothing else
	PureHelper Kind = "pure helper" // validation, audit rules
	Domain     Kind = "domain"      // places, needs, and each new module
	Store      Kind = "store"
	Platform   Kind = "platform" // auth, jobs
	Door       Kind = "door"     // web, api
	DemoData   Kind = "demo data"
	Root       Kind = "composition root" // app, cli, cmd
	Tool       Kind = "tool"             // code generators and test harnesses
)

// Placement gives a package prefix its kind. The longest matching prefix wins.
type Placement struct {
	Prefix string // relative to Module, e.g. "internal/needs"
	Kind   Kind
}

// Placements is the table of docs/architecture.md. A new package must be
// added here (the test fails on an unplaced package).
var Placements = []Placement{
	{"cmd", Root},
	{"internal/cli", Root},
	{"internal/app", Root},
	{"internal/app/routetest", Tool},
	{"internal/app/apptest", Tool},
	{"internal/archtest", Tool},

	{"internal/web", Door},
	{"internal/web/browsertest", Tool},
	{"internal/api", Door},

	{"internal/auth", Platform},
	{"internal/jobs", Platform},
	{"internal/mail", Platform}, // e-mail: SMTP sender, file outbox (resident accounts)

	{"internal/store", Store},
	{"internal/demo", DemoData},

	{"internal/places", Domain},
	{"internal/places/refdata/gen", Tool},
	{"internal/needs", Domain},
	{"internal/needs/internal/seedgen", Tool},
	{"internal/voice", Domain},
	{"internal/money", Domain},
	{"internal/plan", Domain},

	{"internal/validation", PureHelper},
	{"internal/audit", PureHelper},
	{"internal/spreadsheet", PureHelper},

	{"internal/stats", Engine},
	{"internal/stats/internal/gen", Tool},
	{"internal/stats/batch", BatchIO},
	{"internal/stats/batch/numfmt/internal/gentable", Tool},
	{"internal/pb", Engine},
}

// forbidden lists, per kind, the packages (and their sub-packages) that a
// package of that kind may not depend on, directly or through others.
var forbidden = map[Kind][]string{
	Engine: {"net/http", "database/sql", "os/exec",
		"internal/store", "internal/web", "internal/api", "internal/app", "internal/cli",
		"internal/auth", "internal/jobs", "internal/demo", "internal/places", "internal/needs",
		"internal/validation", "internal/audit"},
	BatchIO: {"net/http", "database/sql",
		"internal/store", "internal/web", "internal/api", "internal/app", "internal/cli",
		"internal/auth", "internal/jobs", "internal/demo", "internal/places", "internal/needs"},
	PureHelper: {"net/http", "database/sql",
		"internal/store", "internal/web", "internal/api", "internal/app", "internal/cli",
		"internal/auth", "internal/jobs", "internal/demo", "internal/places", "internal/needs"},
	Domain: {"net/http", "database/sql",
		"internal/store", "internal/web", "internal/api", "internal/app", "internal/cli",
		"internal/auth", "internal/jobs", "internal/demo"},
	Store:    {"net/http", "internal/web", "internal/api", "internal/app", "internal/cli", "internal/auth", "internal/jobs", "internal/demo"},
	Platform: {"internal/web", "internal/api", "internal/app", "internal/cli", "internal/demo"},
	DemoData: {"internal/web", "internal/api", "internal/app", "internal/cli"},
	Root:     nil,
	Tool:     nil,
}

// closed lists the kinds that may depend on no placeboard package but their
// own sub-packages and the ones named here: docs/architecture.md says an
// engine imports no other placeboard package, the batch engine nothing
// outside internal/stats, and a pure helper only pure helpers. Unlike the
// forbidden lists this needs no new line when a module is added.
var closed = map[Kind][]string{
	Engine:     nil,
	BatchIO:    {"internal/stats"},
	PureHelper: {"internal/validation", "internal/audit", "internal/spreadsheet"},
}

// wholeStd lists the kinds judged on every standard package they depend
// on, not just their direct imports: the engines are pure computation, and
// their few libraries (gonum, x/sys) bring in no net/http or database/sql.
var wholeStd = map[Kind]bool{Engine: true, BatchIO: true}

// doorRules: the two doors never import each other.
var doorRules = map[string][]string{
	"internal/web": {"internal/api"},
	"internal/api": {"internal/web"},
}

// Package is what the check needs from `go list -deps -json`.
type Package struct {
	ImportPath string
	Standard   bool
	Imports    []string // direct imports
	Deps       []string // every package it depends on, directly or not
}

// Violation is one broken rule.
type Violation struct {
	Package, Kind, Imports, Rule string
}

func (v Violation) String() string {
	if v.Imports == "" {
		return fmt.Sprintf("%s: %s", v.Package, v.Rule)
	}
	return fmt.Sprintf("%s (%s) depends on %s: %s", v.Package, v.Kind, v.Imports, v.Rule)
}

// rel turns a full import path into one relative to Module ("" if outside).
func rel(path string) (string, bool) {
	if path == Module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, Module+"/")
	return r, ok
}

// under reports whether path is prefix or one of its sub-packages.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// Place returns the kind of a module-relative package path.
func Place(path string, table []Placement) (Kind, bool) {
	best, kind := -1, Kind("")
	for _, p := range table {
		if under(path, p.Prefix) && len(p.Prefix) > best {
			best, kind = len(p.Prefix), p.Kind
		}
	}
	return kind, best >= 0
}

// Check applies the rules to the module's packages and returns every
// violation, sorted.
func Check(pkgs []Package, table []Placement) []Violation {
	var out []Violation
	for _, p := range pkgs {
		r, ours := rel(p.ImportPath)
		if !ours || p.Standard {
			continue
		}
		kind, placed := Place(r, table)
		if !placed {
			out = append(out, Violation{Package: r, Rule: "not placed in archtest.Placements (docs/architecture.md): decide its layer"})
			continue
		}
		rules := forbidden[kind]
		var doors []string
		for door, bad := range doorRules {
			if under(r, door) {
				doors = append(doors, bad...)
			}
		}
		// Placeboard packages are judged on the whole dependency set, so
		// nothing forbidden arrives through a helper package. Standard
		// packages (net/http, database/sql) are judged on direct imports:
		// a third-party library's own use of them (excelize imports
		// net/http) is not a layering decision of ours, and every
		// placeboard package on the way is checked under its own kind.
		type target struct {
			path string // module-relative for ours, as is for standard ones
			ours bool
		}
		var targets []target
		for _, d := range p.Deps {
			if dr, ok := rel(d); ok {
				targets = append(targets, target{dr, true})
			}
		}
		std := p.Imports
		if wholeStd[kind] {
			std = append(append([]string(nil), p.Imports...), p.Deps...)
		}
		seen := map[string]bool{}
		for _, d := range std {
			if _, ok := rel(d); !ok && !strings.Contains(strings.SplitN(d, "/", 2)[0], ".") && !seen[d] {
				seen[d] = true
				targets = append(targets, target{d, false})
			}
		}
		own := prefixOf(r, table)
		for _, t := range targets {
			broken := false
			for _, f := range rules {
				if under(t.path, f) && !under(t.path, own) {
					broken = true
					out = append(out, Violation{Package: r, Kind: string(kind), Imports: t.path,
						Rule: fmt.Sprintf("a %s package may not depend on %s", kind, f)})
				}
			}
			if allowed, isClosed := closed[kind]; isClosed && t.ours && !broken && !under(t.path, own) && !underAny(t.path, allowed) {
				out = append(out, Violation{Package: r, Kind: string(kind), Imports: t.path,
					Rule: fmt.Sprintf("a %s package may depend on no other placeboard package (%s)", kind, allowedText(allowed))})
			}
			for _, f := range doors {
				if t.ours && under(t.path, f) {
					out = append(out, Violation{Package: r, Kind: string(kind), Imports: t.path,
						Rule: "web and api never import each other"})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if under(path, p) {
			return true
		}
	}
	return false
}

func allowedText(allowed []string) string {
	if len(allowed) == 0 {
		return "its own sub-packages only"
	}
	return "besides its own sub-packages, only " + strings.Join(allowed, ", ")
}

// prefixOf is the table prefix that placed path: a package may always depend
// on its own module's sub-packages (needs on needs/importer's types, say).
func prefixOf(path string, table []Placement) string {
	best := ""
	for _, p := range table {
		if under(path, p.Prefix) && len(p.Prefix) > len(best) {
			best = p.Prefix
		}
	}
	return best
}
