package web

import (
	"net/http"
	"sort"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

type pbListItem struct {
	Title       string
	Href        string
	Partnership string
	Pot         string
	Status      Tag
}

type pbListView struct {
	Open, Closed, Draft []pbListItem
	// SetUp links to the new-process form of each partnership the visitor
	// manages processes for.
	SetUp []pbListItem
}

// pbList lists the participatory budgets: voting now, results published,
// and (for staff) those being set up.
func (w *Web) pbList(rw http.ResponseWriter, r *http.Request) {
	ps, err := w.store.ListPBProcesses(r.Context(), 0)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	names := map[int64]string{}
	var v pbListView
	for i := range ps {
		p := &ps[i]
		if !p.VisibleTo(auth.Can(principal(r), auth.ManageParticipatoryBudgets, p.PartnershipID)) {
			continue
		}
		name, ok := names[p.PartnershipID]
		if !ok {
			if pt, err := w.store.GetPartnership(r.Context(), p.PartnershipID); err == nil {
				name = pt.Name
			}
			names[p.PartnershipID] = name
		}
		it := pbListItem{Title: p.Title, Href: pbHref(p.ID, ""), Partnership: name, Pot: budgeting.FormatPence(p.PotPence), Status: pbStatusTag(p)}
		switch p.Status {
		case budgeting.StatusOpen:
			v.Open = append(v.Open, it)
		case budgeting.StatusClosed:
			it.Href = pbHref(p.ID, "/results")
			v.Closed = append(v.Closed, it)
		default:
			it.Href = pbHref(p.ID, "/manage")
			v.Draft = append(v.Draft, it)
		}
	}
	if pr := principal(r); pr != nil {
		for pid := range pr.Roles {
			if !auth.Can(pr, auth.ManageParticipatoryBudgets, pid) {
				continue
			}
			if pt, err := w.store.GetPartnership(r.Context(), pid); err == nil && pt.EndedOn == "" {
				v.SetUp = append(v.SetUp, pbListItem{Title: pt.Name, Href: "/partnerships/" + formatIntPlain(pid) + "/pb/new"})
			}
		}
		sort.Slice(v.SetUp, func(i, j int) bool { return v.SetUp[i].Title < v.SetUp[j].Title })
	}
	w.render(rw, r, http.StatusOK, "pb-list", &Page{Title: "Participatory budgeting",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}, Data: v})
}
