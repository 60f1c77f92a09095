package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbTurnoutView struct {
	P       *budgeting.Process
	Report  budgeting.TurnoutReport
	Tables  []Table
	Minimum int
	Open    bool
}

// pbTurnout counts who took part, by area, age band and channel, with
// counts under 10 suppressed. It shows participants only, never choices;
// while voting is open only staff see it.
func (w *Web) pbTurnout(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.loadPB(rw, r)
	if !ok {
		return
	}
	p := d.P
	if p.Status != budgeting.StatusClosed && !d.CanManage {
		w.render(rw, r, http.StatusConflict, "error", &Page{Title: "Turnout is not published yet", Breadcrumbs: d.crumbs(Crumb{Label: "Turnout"}),
			Data: errorView{Message: "Turnout is published when voting closes."}})
		return
	}
	rows, err := w.store.PBTurnout(r.Context(), p.ID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	cells := make([]budgeting.TurnoutCell, len(rows))
	areaNames := map[string]string{}
	for _, pt := range p.Pots {
		areaNames[pt.AreaCode] = pt.Name
	}
	for i, row := range rows {
		area := row.AreaCode
		if n, ok := areaNames[area]; ok {
			area = n
		} else if area != "" {
			if a, err := w.store.GetArea(r.Context(), places.AreaRef{Type: places.AreaType(pbAreaTypeOf(p, area)), Code: area}); err == nil {
				area = a.Name
			}
			areaNames[row.AreaCode] = area
		}
		cells[i] = budgeting.TurnoutCell{Area: area, AgeBand: row.AgeBand, Channel: pbChannelLabel(row.Channel), Count: int64(row.Voters)}
	}
	order := map[string][]string{"age band": places.ResidentAgeBands, "channel": {
		pbChannelLabel(budgeting.ChannelCode), pbChannelLabel(budgeting.ChannelOnline), pbChannelLabel(budgeting.ChannelPaper), pbChannelLabel(budgeting.ChannelAssisted)}}
	rep := budgeting.Turnout(cells, order)
	v := pbTurnoutView{P: p, Report: rep, Minimum: budgeting.SuppressBelow, Open: p.Status == budgeting.StatusOpen}
	captions := map[string]string{"area": "Voters by area", "age band": "Voters by age band", "channel": "Voters by how they voted"}
	heads := map[string]string{"area": "Area", "age band": "Age band", "channel": "How they voted"}
	for _, t := range rep.Tables {
		tab := Table{ID: "turnout-" + map[string]string{"area": "area", "age band": "age", "channel": "channel"}[t.By], Caption: captions[t.By],
			Head: []Cell{{Text: heads[t.By]}, {Text: "Voters", Numeric: true}}}
		for _, row := range t.Rows {
			n := formatInt(row.Count)
			switch {
			case row.Secondary:
				n = "hidden"
			case row.Suppressed:
				n = "fewer than 10"
			}
			tab.Rows = append(tab.Rows, []Cell{{Text: row.Label, Header: true}, {Text: n, Numeric: true}})
		}
		v.Tables = append(v.Tables, tab)
	}
	w.render(rw, r, http.StatusOK, "pb-turnout", &Page{Title: "Who voted: " + p.Title, Breadcrumbs: d.crumbs(Crumb{Label: "Turnout"}), Data: v})
}

// pbAreaTypeOf is the type of a ballot's area code: the process's own
// area type when it names the process's area or pots, otherwise the type
// postcode lookups give (lower super output areas).
func pbAreaTypeOf(p *budgeting.Process, code string) string {
	if code == p.AreaCode {
		return p.AreaType
	}
	for _, pt := range p.Pots {
		if pt.AreaCode == code {
			return pt.AreaType
		}
	}
	return string(places.AreaLSOA)
}
