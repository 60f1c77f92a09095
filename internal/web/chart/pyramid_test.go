package web

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

// wellFormed reports whether s parses as XML (the SVG must, or browsers
// drop it).
func wellFormed(t *testing.T, s string) {
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
	p := newPyramid(counts)
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
	wellFormed(t, svg)
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
	if newPyramid(nil).SVG("x") != "" {
		t.Error("an area without population should draw nothing")
	}
}

func TestHexLayout(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"odd-r", `{"layout":"odd-r","hexes":{"E1":{"n":"A","q":0,"r":0},"E2":{"n":"B & C","q":1,"r":1}}}`, true},
		{"even-r", `{"layout":"even-r","hexes":{}}`, true},
		{"other layout", `{"layout":"odd-q","hexes":{}}`, false},
		{"not JSON", `{"layout":`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parseHexLayout([]byte(tt.in))
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok || len(h.Hexes) == 0 {
				return
			}
			img := string(h.SVG("m", "Map", 10, func(code string) HexStyle {
				if code == "E1" {
					return HexStyle{Class: "highlight"}
				}
				return HexStyle{}
			}))
			wellFormed(t, img)
			if !strings.Contains(img, `role="img"`) || strings.Count(img, "<polygon") != 2 || !strings.Contains(img, "app-hex--highlight") {
				t.Errorf("image map wrong:\n%s", img)
			}
			links := string(h.SVG("m", "Map", 10, func(code string) HexStyle {
				return HexStyle{Class: "nhs", Href: "/areas/stp/" + code}
			}))
			wellFormed(t, links)
			if !strings.Contains(links, `role="group"`) || strings.Count(links, "<a ") != 2 || !strings.Contains(links, `aria-label="B &amp; C"`) {
				t.Errorf("linked map wrong:\n%s", links)
			}
		})
	}
}

func FuzzParseHexLayout(f *testing.F) {
	f.Add(`{"layout":"odd-r","hexes":{"E1":{"n":"A","q":0,"r":0},"E2":{"n":"B","q":-3,"r":7}}}`)
	f.Add(`{"layout":"even-r","hexes":{"E1":{"n":"<b>","q":2147483647,"r":-2147483648}}}`)
	f.Add(`nonsense`)
	f.Fuzz(func(t *testing.T, in string) {
		h, err := parseHexLayout([]byte(in))
		if err != nil {
			return
		}
		if len(h.Hexes) > 200 {
			return // real layouts hold at most a few hundred hexes
		}
		out := string(h.SVG("m", "Map", 10, func(string) HexStyle { return HexStyle{Href: "/x"} }))
		if len(h.Hexes) > 0 && !strings.HasPrefix(out, "<svg") {
			t.Fatalf("no SVG for %d hexes", len(h.Hexes))
		}
	})
}
