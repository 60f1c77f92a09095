package web

import (
	"context"
	"net/http"
	"time"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// boardSeat is a member as the pages show them, with their organisation.
type boardSeat struct {
	places.Member
	Org places.Organisation
	// Ended is true once the member's term is over: they stay listed, with
	// their end date.
	Ended bool
}

// Term says when the member's term runs ("" when open at both ends).
func (s boardSeat) Term() string { return termLabel(s.Member) }

// termLabel says when a member's term runs, or "" when it is open at both
// ends.
func termLabel(m places.Member) string {
	switch {
	case m.TermStart != "" && m.TermEnd != "":
		return "Term " + dateLong(m.TermStart) + " to " + dateLong(m.TermEnd)
	case m.TermStart != "":
		return "Term from " + dateLong(m.TermStart)
	case m.TermEnd != "":
		return "Term until " + dateLong(m.TermEnd)
	}
	return ""
}

// partnershipData is everything about one partnership the pages show.
type partnershipData struct {
	P         places.Partnership
	Area      places.Area
	Lead      *places.Organisation
	Members   []boardSeat
	byID      map[int64]boardSeat
	Meetings  []places.Meeting
	Decisions []places.Decision
	// What the signed-in user may change here.
	CanManageBoard, CanManageMeetings, CanRecordDecisions, CanEditPartnership bool
	CanManageRoles                                                            bool
}

// Meeting returns the meeting with id, or nil.
func (d *partnershipData) Meeting(id int64) *places.Meeting {
	for i := range d.Meetings {
		if d.Meetings[i].ID == id {
			return &d.Meetings[i]
		}
	}
	return nil
}

// boardMembers is the board as the domain's rules take it.
func (d *partnershipData) boardMembers() []places.Member {
	out := make([]places.Member, len(d.Members))
	for i, s := range d.Members {
		out[i] = s.Member
	}
	return out
}

// Seat returns the board member with id (zero value when unknown, e.g. a
// member since removed).
func (d *partnershipData) Seat(id int64) boardSeat { return d.byID[id] }

// loadPartnership gathers a partnership with its board, meetings and
// decisions. The organisation of each member is looked up once.
func (w *Web) loadPartnership(ctx context.Context, r *http.Request, id int64) (*partnershipData, error) {
	p, err := w.store.GetPartnership(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &partnershipData{P: p, byID: map[int64]boardSeat{}}
	ref := places.AreaRef{Type: partnershipAreaType(p), Code: p.AreaCode}
	if ad, err := w.store.GetArea(ctx, ref); err == nil {
		d.Area = ad.Area
	} else {
		d.Area = places.Area{Type: ref.Type, Code: p.AreaCode, Name: p.AreaCode}
	}
	orgs := map[int64]places.Organisation{}
	org := func(id int64) places.Organisation {
		if o, ok := orgs[id]; ok {
			return o
		}
		o, err := w.store.GetOrganisation(ctx, id)
		if err != nil {
			o = places.Organisation{ID: id, Name: "Organisation no longer in the register"}
		}
		orgs[id] = o
		return o
	}
	if p.LeadOrgID > 0 {
		o := org(p.LeadOrgID)
		d.Lead = &o
	}
	members, err := w.store.ListMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	today := time.Now().Format(places.DateLayout)
	for _, m := range members {
		s := boardSeat{Member: m, Org: org(m.OrgID), Ended: m.EndedBy(today)}
		d.Members = append(d.Members, s)
		d.byID[m.ID] = s
	}
	if d.Meetings, err = w.store.ListMeetings(ctx, id); err != nil {
		return nil, err
	}
	if d.Decisions, err = w.store.ListDecisions(ctx, id); err != nil {
		return nil, err
	}
	pr := principal(r)
	d.CanManageBoard = auth.Can(pr, auth.ManageBoard, id)
	d.CanManageMeetings = auth.Can(pr, auth.ManageMeetings, id)
	d.CanRecordDecisions = auth.Can(pr, auth.RecordDecisions, id)
	d.CanEditPartnership = auth.Can(pr, auth.EditPartnership, id)
	d.CanManageRoles = auth.Can(pr, auth.ManageRoles, id)
	return d, nil
}

func partnershipCrumbs(d *partnershipData) []Crumb {
	return []Crumb{
		{Label: "Home", Href: "/"},
		{Label: d.Area.Name, Href: "/areas/" + string(d.Area.Type) + "/" + d.Area.Code},
	}
}

// partnershipPage shows the board, meetings and decisions.
func (w *Web) partnershipPage(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	d, err := w.loadPartnership(r.Context(), r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	notice := ""
	switch r.URL.Query().Get("done") {
	case "created":
		notice = "Partnership created"
	case "member":
		notice = "Board member added"
	case "meeting":
		notice = "Meeting recorded"
	case "decision":
		notice = "Decision recorded"
	case "changed":
		notice = "Partnership details saved"
	case "ended":
		notice = "Partnership ended"
	case "member-changed":
		notice = "Board member's details saved"
	case "member-ended":
		notice = "Board member's term ended"
	}
	w.render(rw, r, http.StatusOK, "partnership", &Page{Title: d.P.Name, Breadcrumbs: partnershipCrumbs(d), Data: d, Notice: notice})
}

type partnershipListView struct {
	Partnerships []places.Partnership
	AreaNames    map[string]string // by "type/code"
	Pager        Pager
}

// AreaName is the name of p's area, or its code when unknown.
func (v partnershipListView) AreaName(p places.Partnership) string {
	if n, ok := v.AreaNames[string(partnershipAreaType(p))+"/"+p.AreaCode]; ok {
		return n
	}
	return p.AreaCode
}

// partnershipList lists every partnership.
func (w *Web) partnershipList(rw http.ResponseWriter, r *http.Request) {
	page, ok := pageParam(r)
	if !ok {
		w.badRequest(rw, r, "Page (page) must be a whole number of 1 or more.")
		return
	}
	ps, total, err := w.store.ListPartnerships(r.Context(), store.PartnershipFilter{Page: store.Page{Limit: listPageSize, Offset: (page - 1) * listPageSize}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := partnershipListView{Partnerships: ps, AreaNames: map[string]string{}, Pager: newPager(r, page, listPageSize, total)}
	codes := make([]string, len(ps))
	for i, p := range ps {
		codes[i] = p.AreaCode
	}
	areas, err := w.store.AreasByCode(r.Context(), codes)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, a := range areas {
		v.AreaNames[string(a.Type)+"/"+a.Code] = a.Name
	}
	w.render(rw, r, http.StatusOK, "partnerships", &Page{
		Title: "Partnerships", Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}},
		Data: v,
	})
}

// partnershipAreaType is the type of the area a partnership is tied to:
// utla for a health and wellbeing board, and for a footprint partnership
// stp unless the store says icb.
func partnershipAreaType(p places.Partnership) places.AreaType {
	if p.AreaType != "" {
		return p.AreaType
	}
	if p.Kind == places.PartnershipHWB {
		return places.AreaUTLA
	}
	return places.AreaSTP
}
