package chart

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
)

// wellFormed parses the SVG as XML and checks its accessible name parts.
func wellFormed(t *testing.T, c Chart) {
	t.Helper()
	if c.SVG == "" {
		t.Fatalf("%s: no SVG (summary %q)", c.Title, c.Summary)
	}
	dec := xml.NewDecoder(strings.NewReader(c.SVG))
	var sawTitle, sawDesc bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: SVG is not well-formed XML: %v", c.Title, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "title":
				sawTitle = true
			case "desc":
				sawDesc = true
			}
		}
	}
	if !sawTitle || !sawDesc || !strings.Contains(c.SVG, `role="img"`) || !strings.Contains(c.SVG, "aria-labelledby") {
		t.Errorf("%s: SVG lacks role, title or desc", c.Title)
	}
	if strings.Contains(c.SVG, "NaN") || strings.Contains(c.SVG, "Inf") {
		t.Errorf("%s: SVG has NaN or Inf coordinates", c.Title)
	}
	if c.Summary == "" || len(c.Table.Header) == 0 || len(c.Table.Rows) == 0 {
		t.Errorf("%s: summary %q, table %d rows", c.Title, c.Summary, len(c.Table.Rows))
	}
	for i, r := range c.Table.Rows {
		if len(r) != len(c.Table.Header) {
			t.Errorf("%s: table row %d has %d cells, header %d", c.Title, i, len(r), len(c.Table.Header))
		}
	}
}

func londonPoints(t *testing.T, id int) ([]needs.DataPoint, needs.Indicator) {
	t.Helper()
	cat, err := needs.SeedCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat}
	var out []needs.DataPoint
	if _, err := im.Import(needs.FormatFingertips, "l.csv", r, func(_ int, p needs.DataPoint) error {
		if p.IndicatorID == id {
			out = append(out, p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ind, _ := cat.Get(id)
	return out, ind
}

func TestBarChartAndFunnelFromLondon(t *testing.T) {
	pts, ind := londonPoints(t, 93701)
	// London's own total stands in for the benchmark here.
	var x, n float64
	for _, p := range pts {
		if needs.Has(p.Count) {
			x += p.Count
			n += p.Denominator
		}
	}
	bench := needs.NewDataPoint()
	bench.AreaCode, bench.AreaName, bench.Value = "E12000007", "London", x/n*100
	comps := needs.CompareGroup(pts, bench, ind)
	items := make([]BarItem, len(pts))
	for i := range pts {
		items[i] = BarItem{pts[i], comps[i]}
	}
	bar := BarChart("bar", ind, "2021/22", items, bench)
	wellFormed(t, bar)
	if len(bar.Table.Rows) != 33 || !strings.Contains(bar.Summary, "33 areas") {
		t.Errorf("bar summary %q rows %d", bar.Summary, len(bar.Table.Rows))
	}
	funnel, err := FunnelChart("funnel", ind, "2021/22", pts, bench)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, funnel)
	if !strings.Contains(funnel.Summary, "outside the 99.8% limits") || len(funnel.Table.Rows) != 32 {
		t.Errorf("funnel summary %q rows %d", funnel.Summary, len(funnel.Table.Rows))
	}
	// A crude rate draws too.
	rpts, rind := londonPoints(t, 90812)
	rf, err := FunnelChart("funnel2", rind, "2021/22", rpts, bench)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, rf)
}

func TestSpineTrendAndHexCharts(t *testing.T) {
	ind := needs.Indicator{ID: 1, Name: `Admissions <under 18> & "others"`, Polarity: needs.LowIsGood}
	rows := []needs.SpineRow{
		{Indicator: ind, Period: "2021/22", AreaValue: 12, England: 10, Min: 2, Q1: 8, Q3: 12, Max: 30, Comparison: needs.Comparison{Outcome: needs.Worse}},
		{Indicator: needs.Indicator{ID: 2, Name: "Vaccination", Polarity: needs.HighIsGood}, Period: "2022", AreaValue: 95, England: 90, Min: 70, Q1: 85, Q3: 93, Max: 97, Comparison: needs.Comparison{Outcome: needs.Better}},
		{Indicator: needs.Indicator{ID: 3, Name: "Suppressed"}, Period: "2022", AreaValue: needs.Missing, England: 5, Min: 1, Q1: 4, Q3: 6, Max: 9, Comparison: needs.Comparison{Outcome: needs.NotCompared}},
		{Indicator: needs.Indicator{ID: 4, Name: "No England value"}, Period: "2022", AreaValue: 3, England: needs.Missing, Min: 1, Q1: 2, Q3: 4, Max: 5, Comparison: needs.Comparison{Outcome: needs.NotCompared}},
		{Indicator: needs.Indicator{ID: 5, Name: "Alone"}, Period: "2022", AreaValue: 3, England: needs.Missing, Min: needs.Missing, Q1: needs.Missing, Q3: needs.Missing, Max: needs.Missing, Comparison: needs.Comparison{Outcome: needs.NotCompared}},
	}
	spine := SpineChart("spine", "Hartlepool", rows)
	wellFormed(t, spine)
	if !strings.Contains(spine.SVG, "&lt;under 18&gt; &amp; &#34;others&#34;") {
		t.Error("indicator name not escaped in SVG")
	}
	if !strings.Contains(spine.Summary, "1 better") || !strings.Contains(spine.Summary, "1 worse") {
		t.Errorf("spine summary %q", spine.Summary)
	}

	series := []needs.DataPoint{}
	for i, v := range []float64{5, 6, 7, 8, 9} {
		p := needs.NewDataPoint()
		p.AreaCode, p.Value, p.Lower95, p.Upper95 = "E06000001", v, v-0.5, v+0.5
		p.Period = needs.PeriodFromEndYear(2018+i, needs.PeriodCalendar)
		series = append(series, p)
	}
	tr := needs.RecentTrend(series, needs.Indicator{ValueType: needs.ValueCrudeRate, Polarity: needs.LowIsGood})
	if tr.Marker != needs.TrendIncreasing || tr.Label() != "Increasing and getting worse" {
		t.Errorf("trend %+v", tr)
	}
	trend := TrendChart("trend", ind, "Hartlepool", series, nil, tr)
	wellFormed(t, trend)
	if !strings.Contains(trend.Summary, "Increasing and getting worse") {
		t.Errorf("trend summary %q", trend.Summary)
	}

	layout, err := ParseHexLayout([]byte(`{"layout":"odd-r","hexes":{"E06000001":{"q":0,"r":1,"n":"Hartlepool"},"E06000002":{"q":1,"r":1,"n":"Middlesbrough"},"E06000003":{"q":0,"r":0,"n":"Redcar"}}}`))
	if err != nil || len(layout.Hexes) != 3 {
		t.Fatalf("hex %v %v", layout, err)
	}
	cells := []HexCell{layout.Hexes["E06000001"], layout.Hexes["E06000002"], layout.Hexes["E06000003"]}
	vals := map[string]BarItem{"E06000001": {Point: series[4], Comparison: needs.Comparison{Outcome: needs.Worse}}}
	hex := HexMap("hex", ind, "2022", cells, vals, "")
	wellFormed(t, hex)
	if !strings.Contains(hex.Summary, "3 areas, 1 with values") {
		t.Errorf("hex summary %q", hex.Summary)
	}
	// The area with a value is coloured by its comparison, the others drawn
	// as "no data"; each hexagon names its area.
	if !strings.Contains(hex.SVG, `fill="`+OutcomeColour(needs.Worse)+`"`) || strings.Count(hex.SVG, `fill="#ffffff" stroke="#b1b4b6"><title>`) != 2 ||
		!strings.Contains(hex.SVG, "<title>Middlesbrough: no data</title>") {
		t.Errorf("hex map colours or names wrong:\n%s", hex.SVG)
	}
	if len(hex.Table.Rows) != 1 || hex.Table.Rows[0][1] != "Hartlepool" {
		t.Errorf("hex table %v", hex.Table.Rows)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 100, 5, []float64{0, 20, 40, 60, 80, 100}},
		{0, 97.3, 5, []float64{0, 20, 40, 60, 80, 100}},
		{3.2, 8.9, 5, []float64{2, 4, 6, 8, 10}},
		{3.2, 8.9, 10, []float64{3, 4, 5, 6, 7, 8, 9}},
		{0, 0.37, 4, []float64{0, 0.1, 0.2, 0.3, 0.4}},
		{-12, 7, 4, []float64{-15, -10, -5, 0, 5, 10}},
		{1200, 56000, 5, []float64{0, 20000, 40000, 60000}},
		{5, 5, 5, []float64{5}},
	} {
		got := NiceTicks(tc.lo, tc.hi, tc.n)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
		}
	}
	if NiceTicks(math.NaN(), 1, 5) != nil || NiceTicks(0, math.Inf(1), 5) != nil {
		t.Error("ticks for an unbounded range")
	}
}

// TestFunnelForDSRAndTrendSignificance: a directly standardised rate gets
// a funnel plot (from its events and rate) with a labelled value axis;
// the trend compares each point with England's of its period.
func TestFunnelForDSRAndTrendSignificance(t *testing.T) {
	ind := needs.Indicator{ID: 108, Name: "Under 75 mortality", ValueType: needs.ValueDSR, Multiplier: 100000, Unit: "per 100,000", Polarity: needs.LowIsGood, Benchmark: needs.BenchmarkCI95}
	bench := needs.NewDataPoint()
	bench.AreaCode, bench.AreaName, bench.Value = needs.EnglandCode, "England", 300
	var pts []needs.DataPoint
	for i, c := range []float64{120, 340, 800, 95, 2100, 450} {
		p := needs.NewDataPoint()
		p.AreaCode, p.Count, p.Value = "E0600000"+string(rune('1'+i)), c, 250+float64(i)*30
		pts = append(pts, p)
	}
	f, err := FunnelChart("funnel", ind, "2021-23", pts, bench)
	if err != nil {
		t.Fatal(err)
	}
	if f.SVG == "" || !strings.Contains(f.SVG, "per 100,000") || !strings.Contains(f.SVG, "Denominator") {
		t.Fatalf("no labelled funnel for a DSR: %q", f.Summary)
	}
	wellFormed(t, f)
	mean := ind
	mean.ValueType = needs.ValueMean
	for i := range pts {
		pts[i].Denominator = 1000
	}
	if m, _ := FunnelChart("funnel", mean, "2021-23", pts, bench); m.SVG != "" || !strings.Contains(m.Summary, "mean") {
		t.Errorf("a mean's funnel: %q", m.Summary)
	}

	var series, england []needs.DataPoint
	for i := range 3 {
		p := needs.NewDataPoint()
		p.AreaCode, p.Value, p.Lower95, p.Upper95 = "E08000012", 400, 380, 420
		p.Period = needs.PeriodFromEndYear(2020+i, needs.PeriodCalendar)
		e := needs.NewDataPoint()
		e.AreaCode, e.AreaName, e.Value, e.Period = needs.EnglandCode, "England", 300+float64(i)*50, p.Period
		series, england = append(series, p), append(england, e)
	}
	tr := TrendChart("trend", ind, "Liverpool", series, england, needs.Trend{})
	wellFormed(t, tr)
	var got []string
	for _, r := range tr.Table.Rows {
		got = append(got, r[len(r)-1])
	}
	if want := []string{needs.OutcomeLabel(needs.Worse), needs.OutcomeLabel(needs.Worse), needs.OutcomeLabel(needs.Similar)}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("trend comparisons %q, want %q", got, want)
	}
}
