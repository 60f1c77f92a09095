package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

// wellFormedXML reports whether s parses as XML (the SVG must, or browsers
// drop it).
func wellFormedXML(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, s)
		}
	}
}

func TestPyramid(t *testing.T) {
	counts := []places.PopulationCount{
		{Sex: places.Male, AgeBand: "0-4", Count: 100},
		{Sex: places.Female, AgeBand: "0-4", Count: 90},
		{Sex: places.Female, AgeBand: "90+", Count: 30},
		{Sex: places.Male, AgeBand: "90+", Count: 10},
		{Sex: places.Male, AgeBand: "200-204", Count: 999}, // not a band: ignored
		{Sex: "unknown", AgeBand: "5-9", Count: 999},       // not a sex: ignored
	}
	p := NewPyramid(counts)
	if p.Total != 230 {
		t.Errorf("total = %d, want 230", p.Total)
	}
	f, m := p.Sums()
	if f != 120 || m != 110 {
		t.Errorf("sums = %d female, %d male; want 120, 110", f, m)
	}
	rows := p.OldestFirst()
	if len(rows) != len(places.AgeBands) || rows[0].AgeBand != "90+" || rows[len(rows)-1].AgeBand != "0-4" {
		t.Fatalf("rows not oldest first: %+v", rows)
	}
	svg := string(p.SVG(`Hartlepool & "Stockton"`))
	wellFormedXML(t, svg)
	for _, want := range []string{`role="img"`, `aria-labelledby="pyramid-title pyramid-desc"`, "Hartlepool &amp; &#34;Stockton&#34;", "230 people: 120 female and 110 male"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<rect"); n != 2*len(places.AgeBands) {
		t.Errorf("%d bars, want %d", n, 2*len(places.AgeBands))
	}
	// The biggest bar spans the half width; the 90+ male bar is a tenth of it.
	if !strings.Contains(svg, `width="290.0"`) || !strings.Contains(svg, `width="29.0"`) {
		t.Errorf("bar widths not proportional:\n%s", svg)
	}
	if NewPyramid(nil).SVG("x") != "" {
		t.Error("an area without population should draw nothing")
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 56489000: "56,489,000"} {
		if got := GroupDigits(n); got != want {
			t.Errorf("GroupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}
