package web

// The comparator choice (England, the region, the ICB or a chosen set)
// that the profile, indicator, compare and overview pages offer as a GET
// form. Every comparison comes from internal/needs (needs.Comparators).

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
)

// comparatorForm is the GET form's state.
type comparatorForm struct {
	Action string
	// Keep are the page's other query parameters, sent again as hidden
	// fields so choosing a comparator keeps the page's other choices.
	Keep    []keptParam
	Options []comparatorOption
	Set     string
	// Comparator is the choice resolved for the page's area ("" kind when
	// the page compares many areas, each with its own).
	Comparator needs.Comparator
	Choice     needs.ComparatorChoice
}

type keptParam struct{ Name, Value string }

type comparatorOption struct {
	Value, Label string
	Checked      bool
}

// IsEngland reports whether the page compares with England only.
func (f comparatorForm) IsEngland() bool { return f.Choice.Kind == needs.CompareWithEngland }

// Query is the choice as query parameters, for links that keep it.
func (f comparatorForm) Query() string {
	if f.IsEngland() {
		return ""
	}
	q := "comparator=" + string(f.Choice.Kind)
	if f.Choice.Kind == needs.CompareWithSet {
		q += "&set=" + f.Choice.SetParam()
	}
	return q
}

// comparatorChoice reads ?comparator= and ?set=, and the form that shows
// them; keep names the other parameters to carry.
func comparatorChoice(r *http.Request, action string, keep ...string) (comparatorForm, error) {
	q := r.URL.Query()
	choice, err := needs.ParseComparator(q.Get("comparator"), q.Get("set"))
	f := comparatorForm{Action: action, Set: q.Get("set"), Choice: choice}
	for _, k := range needs.ComparatorKinds {
		f.Options = append(f.Options, comparatorOption{Value: string(k), Label: k.Label(), Checked: k == choice.Kind})
	}
	for _, name := range keep {
		if v := q.Get(name); v != "" {
			f.Keep = append(f.Keep, keptParam{name, v})
		}
	}
	return f, err
}

// comparatorProblem answers a bad comparator choice with 400 and the
// message naming the parameter; it reports whether err was one.
func (w *Web) comparatorProblem(rw http.ResponseWriter, r *http.Request, err error) bool {
	var ce *needs.ComparatorError
	if !errors.As(err, &ce) {
		return false
	}
	w.render(rw, r, http.StatusBadRequest, "error", &Page{Title: "Check what to compare with", Data: errorView{Message: ce.Message}})
	return true
}

// comparators is the domain's comparison use-case on this server's store.
func (w *Web) comparators() needs.Comparators { return needs.Comparators{Store: w.store} }

// profileComparison compares a profile's rows with the chosen comparator
// (the profile page and its CSV).
type profileComparison struct {
	Form comparatorForm
	Rows []needs.Compared
	// Overviews link to the overview heatmaps the area belongs to or holds.
	Overviews []Crumb
}

// comparatorCell is one row's comparison with a comparator other than
// England (Show is false for England: the page's own column says it).
type comparatorCell struct {
	Show     bool
	Compared needs.Compared
}

// Cell is row i's comparison, for the template.
func (c *profileComparison) Cell(i int) comparatorCell {
	if c == nil || c.Form.IsEngland() {
		return comparatorCell{}
	}
	return comparatorCell{Show: true, Compared: c.Rows[i]}
}

// compareProfile reads the comparator choice and compares v's rows with it.
func (w *Web) compareProfile(r *http.Request, v *profileView) (*profileComparison, error) {
	f, err := comparatorChoice(r, "/areas/"+v.Area.Code+"/profile", "type")
	if err != nil {
		return nil, err
	}
	pc, err := w.comparators().CompareProfile(r.Context(), v.Area, v.Rows, f.Choice)
	if err != nil {
		return nil, err
	}
	f.Comparator = pc.Comparator
	out := &profileComparison{Form: f, Rows: pc.Rows}
	switch types := needs.OverviewChildTypes(v.Area.Type); len(types) {
	case 0:
	case 1:
		out.Overviews = append(out.Overviews, Crumb{Label: "Overview of every " + strings.ToLower(areaTypeLabel(types[0])) + " in " + v.Area.Name, Href: "/areas/" + v.Area.Code + "/overview"})
	default: // which kind depends on the values held (an ICB's)
		out.Overviews = append(out.Overviews, Crumb{Label: "Overview of the areas in " + v.Area.Name, Href: "/areas/" + v.Area.Code + "/overview"})
	}
	if v.Area.Code != needs.EnglandCode && v.Area.Type == places.AreaUTLA {
		out.Overviews = append(out.Overviews, Crumb{Label: "Overview of every upper-tier council area in England", Href: "/areas/" + needs.EnglandCode + "/overview"})
	}
	return out, nil
}

// profileComparisonCSV are the profile CSV's comparator columns.
var profileComparisonCSV = []string{"comparator", "comparator_area_code", "comparator_value", "comparator_comparison", "comparator_pooled"}

func (c *profileComparison) csvCells(i int) []string {
	cv := c.Rows[i]
	return []string{string(c.Form.Choice.Kind), cv.Value.AreaCode, csvNum(cv.Value.Value), string(cv.Comparison.Outcome), cv.Pooled}
}

// indicatorComparison is an indicator page's areas against the chosen
// comparator (each area's own region or ICB, or the set).
type indicatorComparison struct {
	Form comparatorForm
	Rows []indicatorComparedRow
}

type indicatorComparedRow struct {
	Point    needs.DataPoint
	Compared needs.Compared
}

// compareIndicator compares the indicator page's areas (one period, one
// series) with the chosen comparator.
func (w *Web) compareIndicator(r *http.Request, ind needs.Indicator, group []needs.DataPoint, areaType string) (*indicatorComparison, error) {
	f, err := comparatorChoice(r, "/indicators/"+strconv.Itoa(ind.ID), "period", "area_type", "sex", "age", "category", "area")
	if err != nil {
		return nil, err
	}
	out := &indicatorComparison{Form: f}
	if f.IsEngland() || len(group) == 0 {
		return out, nil
	}
	cs, err := w.comparators().ComparePoints(r.Context(), f.Choice, ind, group, places.AreaType(areaType))
	if err != nil {
		return nil, err
	}
	for i, p := range group {
		out.Rows = append(out.Rows, indicatorComparedRow{Point: p, Compared: cs[i]})
	}
	return out, nil
}

// indicatorComparatorProblem turns a bad comparator choice into the
// indicator page's 400; other errors stay errors.
func indicatorComparatorProblem(err error) (*indicatorView, int, string, error) {
	var ce *needs.ComparatorError
	if errors.As(err, &ce) {
		return nil, http.StatusBadRequest, ce.Message, nil
	}
	return nil, 0, "", err
}
