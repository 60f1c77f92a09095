package chart

import (
	"strings"
	"testing"
)

func TestCountChart(t *testing.T) {
	c := CountChart("q1", "Is health <your> priority?", 4, []CountBar{{"Yes", 3, "75.0%"}, {"No & maybe", 1, "25.0%"}})
	wellFormed(t, c)
	if !strings.Contains(c.Summary, "4 people answered") || !strings.Contains(c.Summary, "Yes (3, 75.0%)") {
		t.Errorf("summary %q", c.Summary)
	}
	if len(c.Table.Rows) != 2 || c.Table.Rows[1][0] != "No & maybe" || c.Table.Rows[1][1] != "1" {
		t.Errorf("table %v", c.Table.Rows)
	}
	if strings.Contains(c.SVG, "<your>") || !strings.Contains(c.SVG, "No &amp; maybe") {
		t.Errorf("text not escaped: %s", c.SVG)
	}
}
