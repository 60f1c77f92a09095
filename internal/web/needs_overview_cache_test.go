package web

import (
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/store"
)

// The rendered overviews are kept for one needs generation, within a byte
// budget, and a build from older data never replaces newer ones.
func TestOverviewCacheByGenerationAndSize(t *testing.T) {
	c := overviewCache{limit: 10}
	g1, g2 := store.NeedsGeneration{Imports: 3, National: 1}, store.NeedsGeneration{Imports: 4, National: 1}
	page := overviewKey{code: "E12000001"}
	csv := overviewKey{code: "E12000001", csv: true}
	body := func(s string) *renderedOverview { return &renderedOverview{Body: []byte(s)} }
	if _, ok := c.get(g1, page); ok {
		t.Fatal("empty cache answered")
	}
	c.put(g1, page, body("page"))
	c.put(g1, csv, body("csv"))
	if o, ok := c.get(g1, page); !ok || string(o.Body) != "page" {
		t.Errorf("same generation: %v %v", o, ok)
	}
	if o, ok := c.get(g1, csv); !ok || string(o.Body) != "csv" {
		t.Errorf("the CSV is kept apart from the page: %v %v", o, ok)
	}
	if _, ok := c.get(g2, page); ok {
		t.Error("a new generation was answered from the old one")
	}
	c.put(g2, page, body("page 2"))
	if _, ok := c.get(g2, csv); ok {
		t.Error("the old generation's CSV survived a new generation")
	}
	c.put(g1, page, body("late"))
	if o, ok := c.get(g2, page); !ok || string(o.Body) != "page 2" {
		t.Errorf("an older build replaced a newer one: %v %v", o, ok)
	}
	// 6 + 4 bytes fit; 6 more push something out; 11 never fit.
	c.put(g2, csv, body("csv2"))
	if c.bytes != 10 || len(c.m) != 2 {
		t.Errorf("%d bytes in %d entries", c.bytes, len(c.m))
	}
	other := overviewKey{code: "E12000002"}
	c.put(g2, other, body("region"))
	if _, ok := c.get(g2, other); !ok || c.bytes > 10 || len(c.m) > 2 {
		t.Errorf("over budget: %d bytes in %d entries", c.bytes, len(c.m))
	}
	c.put(g2, page, body(strings.Repeat("x", 11)))
	if _, ok := c.get(g2, page); ok || c.bytes > 10 {
		t.Errorf("a body bigger than the budget was kept (%d bytes)", c.bytes)
	}
}
