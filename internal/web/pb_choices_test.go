package web

import (
	"net/url"
	"testing"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// FuzzReadPBChoices: whatever a ballot form holds, reading it never
// panics, and what it reads names only projects on the ballot, each once,
// with positive points.
func FuzzReadPBChoices(f *testing.F) {
	for _, s := range []string{
		"projects=p1&projects=p2", "projects=zz", "points.p1=3&points.p2=0", "points.p1=-1", "points.p1=99999999999",
		"rank.p1=1&rank.p2=1", "rank.p1=2&rank.p3=1", "rank.p1=x", "projects=p1&projects=p1", "%zz", "",
	} {
		for _, bt := range []string{"approval", "knapsack", "points", "ranking"} {
			f.Add(bt, s)
		}
	}
	yes := true
	f.Fuzz(func(t *testing.T, bt, form string) {
		typ, ok := budgeting.ParseBallotType(bt)
		if !ok {
			return
		}
		vals, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		p := &budgeting.Process{BallotType: typ, PotPence: 100000, Projects: []budgeting.Project{
			{Code: "p1", Title: "One", CostPence: 100, Feasible: &yes}, {Code: "p2", Title: "Two", CostPence: 200, Feasible: &yes},
			{Code: "p3", Title: "Three", CostPence: 300, Feasible: &yes}}}
		fm := &Form{Values: vals}
		c := readPBChoices(fm, p, 0)
		on := map[string]bool{"p1": true, "p2": true, "p3": true}
		if !fm.Valid() {
			return
		}
		seen := map[string]bool{}
		for _, code := range c.Projects {
			if !on[code] || (typ == budgeting.BallotRanking && seen[code]) {
				t.Fatalf("%s %q read as %+v", bt, form, c)
			}
			seen[code] = true
		}
		for code, n := range c.Points {
			if !on[code] || n <= 0 {
				t.Fatalf("%s %q read as %+v", bt, form, c)
			}
		}
	})
}
