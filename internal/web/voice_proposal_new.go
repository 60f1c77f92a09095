package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice"
)

// proposalFields is the order of the proposal form's fields, which the
// error summary follows.
var proposalFields = []string{"title", "description", "area_code", "category", "organisation_id"}

type proposalFormView struct {
	Process       voice.Process
	PP            voice.ProposalProcess
	AreaOptions   []Option
	OrgOptions    []Option // empty unless the person may speak for an organisation
	CategoryRadio []Option
}

// proposalNewForm asks for a proposal's title, description, area and
// category (and, for the partnership's board members and staff, the member
// organisation it is made for).
func (w *Web) proposalNewForm(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	if _, ok := w.mayPost(rw, r); !ok {
		return
	}
	w.renderProposalForm(rw, r, http.StatusOK, id, newForm())
}

func (w *Web) renderProposalForm(rw http.ResponseWriter, r *http.Request, status int, id int64, f *Form) {
	ctx := r.Context()
	proc, pp, err := w.proposalProcess(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if !pp.ProposalsOpen {
		w.postRefused(rw, r, voice.ErrProposalsClosed)
		return
	}
	areas, err := w.store.ProposalAreas(ctx, pp)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := proposalFormView{Process: proc, PP: pp, CategoryRadio: categoryOptions("")}
	if len(areas) != 1 {
		v.AreaOptions = append(v.AreaOptions, Option{Value: "", Label: "Choose an area"})
	}
	for _, a := range areas {
		v.AreaOptions = append(v.AreaOptions, Option{Value: a[0], Label: a[1]})
	}
	if auth.Can(principal(r), auth.SpeakForOrganisations, proc.PartnershipID) {
		orgs, err := w.store.ProposalOrganisations(ctx, proc.PartnershipID)
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		if len(orgs) > 0 {
			v.OrgOptions = []Option{{Value: "", Label: "Myself"}}
			for _, o := range orgs {
				v.OrgOptions = append(v.OrgOptions, Option{Value: formatIntPlain(o.ID), Label: o.Name})
			}
		}
	}
	f.OrderErrors(proposalFields...)
	w.render(rw, r, status, "voice-proposal-new", &Page{Title: "Make a proposal", Nav: "voice", Form: f, Breadcrumbs: proposalCrumbs(proc), Data: v})
}

// proposalCreate stores the proposal, or shows the form again naming each
// problem. A person may post only with a confirmed e-mail address, when not
// blocked, and within the posting limits.
func (w *Web) proposalCreate(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	pr, ok := w.mayPost(rw, r)
	if !ok {
		return
	}
	f, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	ctx := r.Context()
	proc, pp, err := w.proposalProcess(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	np := voice.NewProposal{Title: f.Values.Get("title"), Description: f.Values.Get("description"), AreaCode: f.Get("area_code"),
		Category: voice.Category(f.Get("category"))}
	np.OrganisationID = parseID(f, "organisation_id", "Choose an organisation from the list, or Myself")
	if np.OrganisationID != 0 && !auth.Can(pr, auth.SpeakForOrganisations, proc.PartnershipID) {
		f.AddError("organisation_id", "Only the partnership's board members and staff can propose for an organisation: choose Myself")
	}
	np.Normalize()
	f.addValidation(np.Validate())
	if !f.Valid() {
		w.renderProposalForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if !pp.ProposalsOpen {
		w.postRefused(rw, r, voice.ErrProposalsClosed)
		return
	}
	if err := w.auth.ReservePost(ctx, pr, w.auth.Client(r)); err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	p, err := w.store.CreateProposal(ctx, pr.Actor(), pp, np)
	if f.addValidation(err) {
		w.renderProposalForm(rw, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	if err != nil {
		if !w.postRefused(rw, r, err) {
			w.storeError(rw, r, err)
		}
		return
	}
	http.Redirect(rw, r, proposalHref(p.ID)+"?done=proposal", http.StatusSeeOther)
}
