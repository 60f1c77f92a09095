package chart

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

func TestPBFunding(t *testing.T) {
	money := func(p int64) string { return "£" + strconv.FormatInt(p/100, 10) }
	rows := []PBFundingRow{
		{Name: "Allotment <new>", CostPence: 30000, Funded: true, SharedPence: 20000, AllInPence: 10000, Note: "2 voters paid £100 each"},
		{Name: "Skate park", CostPence: 15000, Funded: true, Note: "funded by the completion"},
		{Name: "Bus shelter", CostPence: 20000, HadPence: 10000, Note: "supporters had £100"},
	}
	c := PBFunding("pb-funding", "What paid for each project", rows, money)
	if err := xml.Unmarshal([]byte(c.SVG), new(struct{})); err != nil {
		t.Fatalf("SVG is not well-formed: %v", err)
	}
	for _, s := range []string{"Allotment &lt;new&gt;", `fill="url(#pb-funding-hatch)"`, `role="img"`, "<title id=\"pb-funding-title\">"} {
		if !strings.Contains(c.SVG, s) {
			t.Errorf("SVG lacks %q", s)
		}
	}
	if strings.Contains(c.SVG, "<new>") {
		t.Error("a project name reached the SVG unescaped")
	}
	if !strings.Contains(c.Summary, "3 projects, 2 funded") {
		t.Errorf("summary %q", c.Summary)
	}
	want := [][]string{
		{"Allotment <new>", "£300", "Yes", "£200", "£100", "", "2 voters paid £100 each"},
		{"Skate park", "£150", "Yes", "£0", "£0", "", "funded by the completion"},
		{"Bus shelter", "£200", "No", "", "", "£100", "supporters had £100"},
	}
	if len(c.Table.Rows) != len(want) {
		t.Fatalf("table %v", c.Table.Rows)
	}
	for i := range want {
		if strings.Join(c.Table.Rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, c.Table.Rows[i], want[i])
		}
	}
}
