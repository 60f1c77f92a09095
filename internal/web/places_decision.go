package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
)

type voteRow struct {
	Seat   boardSeat
	Choice places.VoteChoice
}

type decisionView struct {
	*partnershipData
	Decision                places.Decision
	Meeting                 *places.Meeting
	Votes                   []voteRow
	For, Against, Abstained int
	// Agreed lists who agreed (places.Agreed): those voting for, or the
	// voting members present when the board reached consensus. Observers
	// are never counted.
	Agreed []boardSeat
}

// decisionPage shows what was decided, how, each member's vote and the
// papers.
func (w *Web) decisionPage(rw http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	did, ok2 := pathID(r, "decisionID")
	if !ok1 || !ok2 {
		w.notFound(rw, r)
		return
	}
	ctx := r.Context()
	dec, err := w.store.GetDecision(ctx, did)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if dec.PartnershipID != id {
		w.notFound(rw, r)
		return
	}
	d, err := w.loadPartnership(ctx, r, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := decisionView{partnershipData: d, Decision: dec}
	v.For, v.Against, v.Abstained = dec.Tally()
	for _, vote := range dec.Votes {
		seat := d.Seat(vote.MemberID)
		if seat.ID == 0 {
			seat.PersonName = "A former board member"
		}
		v.Votes = append(v.Votes, voteRow{Seat: seat, Choice: vote.Choice})
	}
	v.Meeting = d.Meeting(dec.MeetingID)
	for _, m := range places.Agreed(dec, d.boardMembers(), v.Meeting) {
		v.Agreed = append(v.Agreed, d.Seat(m.ID))
	}
	crumbs := append(partnershipCrumbs(d), Crumb{Label: d.P.Name, Href: "/partnerships/" + formatIntPlain(d.P.ID)})
	notice := map[string]string{"changed": "Decision saved", "rescinded": "Decision rescinded"}[r.URL.Query().Get("done")]
	w.render(rw, r, http.StatusOK, "decision", &Page{Title: "Decision of " + dateLong(dec.Date), Breadcrumbs: crumbs, Data: v, Notice: notice})
}
