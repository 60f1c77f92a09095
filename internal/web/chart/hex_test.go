package chart

import (
	"strings"
	"testing"
)

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
			h, err := ParseHexLayout([]byte(tt.in))
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
			wellFormedXML(t, img)
			if !strings.Contains(img, `role="img"`) || strings.Count(img, "<polygon") != 2 || !strings.Contains(img, "app-hex--highlight") {
				t.Errorf("image map wrong:\n%s", img)
			}
			for code, c := range h.Hexes {
				if c.Code != code {
					t.Errorf("hex %q has Code %q", code, c.Code)
				}
			}
			links := string(h.SVG("m", "Map", 10, func(code string) HexStyle {
				return HexStyle{Class: "nhs", Href: "/areas/stp/" + code}
			}))
			wellFormedXML(t, links)
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
		h, err := ParseHexLayout([]byte(in))
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
