package web

import (
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/voice"
)

type proposalListView struct {
	Process   voice.Process
	PP        voice.ProposalProcess
	Proposals []proposalRow
	Pager     Pager
	Filtered  bool
	// CanModerate: the partnership's moderators see hidden proposals
	// (marked) and a link to the flags.
	CanModerate bool
}

type proposalRow struct {
	P   voice.Proposal
	Tag Tag
}

func (proposalListView) CategoryOptions() []Option { return categoryOptions("Any category") }

func (proposalListView) AnswerOptions() []Option {
	opts := []Option{{Value: "", Label: "Any answer"}, {Value: "none", Label: "Not answered yet"}}
	for _, a := range voice.AnswerStates {
		opts = append(opts, Option{Value: string(a.Value), Label: a.Label})
	}
	return opts
}

// proposalList lists a process's proposals, newest first, filtered by
// category, answer and words with a GET form. Hidden proposals are left
// out, except for the partnership's moderators.
func (w *Web) proposalList(rw http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		w.notFound(rw, r)
		return
	}
	ctx := r.Context()
	proc, pp, err := w.proposalProcess(ctx, id)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	q := r.URL.Query()
	form := newForm()
	f := voice.ProposalFilter{ProcessID: id, Category: voice.Category(strings.TrimSpace(q.Get("category"))),
		Answer: strings.TrimSpace(q.Get("answer")), Query: strings.TrimSpace(q.Get("q")), Limit: 20}
	form.Values.Set("category", string(f.Category))
	form.Values.Set("answer", f.Answer)
	form.Values.Set("q", f.Query)
	form.addValidation(f.Validate())
	page, ok := pageParam(r)
	if !ok {
		form.AddParamError("page", "Page (page) must be a whole number of 1 or more")
	}
	v := proposalListView{Process: proc, PP: pp, CanModerate: auth.Can(principal(r), auth.ModerateProposals, proc.PartnershipID),
		Filtered: f.Category != "" || f.Answer != "" || f.Query != ""}
	crumbs := proposalCrumbs(proc)
	p := &Page{Title: "Proposals", Nav: "voice", Form: form, Breadcrumbs: crumbs[:len(crumbs)-1], Data: v}
	if !form.Valid() {
		v.Pager = Pager{Page: 1, Pages: 1}
		p.Data = v
		w.render(rw, r, http.StatusBadRequest, "voice-proposals", p)
		return
	}
	f.IncludeHidden = v.CanModerate
	f.Offset = (page - 1) * f.Limit
	list, total, err := w.store.ListProposals(ctx, f)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v.Pager = newPager(r, page, f.Limit, total)
	for _, x := range list {
		if !v.CanModerate {
			x = x.Public()
		}
		v.Proposals = append(v.Proposals, proposalRow{P: x, Tag: answerTag(x.Answer)})
	}
	p.Data = v
	w.render(rw, r, http.StatusOK, "voice-proposals", p)
}
