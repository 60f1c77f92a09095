package web

import "testing"

// The rendered national body is kept for one generation only, and a body
// built from an older summary never replaces a newer one.
func TestNationalRenderedByGeneration(t *testing.T) {
	var c nationalRendered
	page := nationalRenderKey{q: nationalQuery{Sort: "name"}}
	csv := nationalRenderKey{csv: true, q: nationalQuery{Sort: "name"}}
	if _, ok := c.get(1, page); ok {
		t.Fatal("empty cache answered")
	}
	c.put(1, page, []byte("page 1"))
	c.put(1, csv, []byte("csv 1"))
	if b, ok := c.get(1, page); !ok || string(b) != "page 1" {
		t.Errorf("same generation: %q %v", b, ok)
	}
	if b, ok := c.get(1, csv); !ok || string(b) != "csv 1" {
		t.Errorf("the CSV is kept apart from the page: %q %v", b, ok)
	}
	if _, ok := c.get(2, page); ok {
		t.Error("a new generation was answered from the old one")
	}
	c.put(2, page, []byte("page 2"))
	if _, ok := c.get(2, csv); ok {
		t.Error("the old generation's CSV survived a new generation")
	}
	c.put(1, page, []byte("late page 1"))
	if b, ok := c.get(2, page); !ok || string(b) != "page 2" {
		t.Errorf("an older build replaced a newer one: %q %v", b, ok)
	}
}
