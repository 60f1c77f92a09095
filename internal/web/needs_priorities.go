package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

type prioritiesView struct {
	Area       places.Area
	Priorities []needs.PriorityItem
	Pinned     []needs.PriorityItem
	// Ranked, NoDifference and NoData part Priorities as the page lists
	// them: the ranking (pinned first), then apart those with no
	// significant difference and those with no data.
	Ranked, NoDifference, NoData []needs.PriorityItem
	Weights                      needs.PriorityWeights
	CanEdit                      bool
	Published                    *needs.PriorityPublication
	// Profile is the profile the ranking was scored from.
	Profile *profileView
}

// priorityItemView is one item of the priorities page with the page's view
// (for its area and whether the person may pin).
type priorityItemView struct {
	View *prioritiesView
	Item needs.PriorityItem
}

func priorityItem(v *prioritiesView, it needs.PriorityItem) priorityItemView {
	return priorityItemView{View: v, Item: it}
}

// prioritiesData ranks the profile's indicators and joins the analysts'
// pins and notes.
func (w *Web) prioritiesData(r *http.Request) (*prioritiesView, error) {
	v, err := w.profileData(r, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	notes, err := w.store.PriorityNotes(r.Context(), v.Area.Code)
	if err != nil {
		return nil, err
	}
	scope, err := w.areaScope(r, v.Area.Code)
	if err != nil {
		return nil, err
	}
	pv := &prioritiesView{Area: v.Area, Weights: needs.DefaultPriorityWeights, CanEdit: auth.CanInArea(principal(r), auth.AnnotatePriorities, scope), Profile: v}
	ranked, err := needs.AreaPriorities(r.Context(), w.store, needs.AreaProfile{Area: v.Area, PeerType: v.PeerType, Benchmark: v.Benchmark, Rows: v.Rows}, needs.DefaultPriorityWeights)
	if err != nil {
		return nil, err
	}
	pv.Priorities, pv.Pinned = needs.WithNotes(ranked, notes)
	pv.Ranked, pv.NoDifference, pv.NoData = needs.SplitByStanding(pv.Priorities)
	if pub, err := w.store.LatestPriorityPublication(r.Context(), v.Area.Code); err == nil {
		pv.Published = &pub
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return pv, nil
}

// priorities ranks the area's indicators, with the scoring explained;
// analysts pin, annotate and publish the ranking here.
func (w *Web) priorities(rw http.ResponseWriter, r *http.Request) {
	w.renderPriorities(rw, r, http.StatusOK, newForm(), "")
}

func (w *Web) renderPriorities(rw http.ResponseWriter, r *http.Request, status int, f *Form, notice string) {
	pv, err := w.prioritiesData(r)
	if err != nil {
		w.needsError(rw, r, err)
		return
	}
	if notice == "" {
		notice = r.URL.Query().Get("saved")
		switch notice {
		case "note":
			notice = "Pin and note saved"
		case "":
		default:
			notice = ""
		}
	}
	w.render(rw, r, status, "needs-priorities", &Page{
		Title: pv.Area.Name + ": priorities", Nav: "needs", Data: pv, Form: f, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: pv.Area.Name, Href: "/areas/" + string(pv.Area.Type) + "/" + pv.Area.Code},
			{Label: "Health profile", Href: "/areas/" + pv.Area.Code + "/profile"}},
	})
}

// priorityNote saves one indicator's pin and note.
func (w *Web) priorityNote(rw http.ResponseWriter, r *http.Request) {
	p, area, ok := w.allowArea(rw, r, auth.AnnotatePriorities)
	if !ok {
		return
	}
	id, convErr := strconv.Atoi(r.PathValue("indicatorID"))
	if convErr != nil || id <= 0 {
		w.notFound(rw, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.renderPriorities(rw, r, http.StatusBadRequest, newForm(), "")
		return
	}
	f := newForm()
	f.Values = r.PostForm
	_, err := w.store.SetPriorityNote(r.Context(), p.Actor(), needs.PriorityNote{AreaCode: area.Code, IndicatorID: id,
		Pinned: r.PostForm.Get("pinned") == "yes", Note: r.PostForm.Get("note")})
	if ve, ok := validationErrors(err); ok {
		for _, fe := range ve {
			f.AddError(fe.Field+"-"+strconv.Itoa(id), fe.Message)
		}
		w.renderPriorities(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/areas/"+area.Code+"/priorities?saved=note#indicator-"+strconv.Itoa(id), http.StatusSeeOther)
}

// publishPriorities freezes the current ranking, pins and notes.
func (w *Web) publishPriorities(rw http.ResponseWriter, r *http.Request) {
	p, _, ok := w.allowArea(rw, r, auth.PublishPriorities)
	if !ok {
		return
	}
	pv, err := w.prioritiesData(r)
	if err != nil {
		w.needsError(rw, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.renderPriorities(rw, r, http.StatusBadRequest, newForm(), "")
		return
	}
	f := newForm()
	f.Values = r.PostForm
	ranking, err := json.Marshal(pv.Priorities)
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	_, err = w.store.PublishPriorities(r.Context(), p.Actor(), needs.PriorityPublication{AreaCode: pv.Area.Code, Title: r.PostForm.Get("title"), Ranking: string(ranking)})
	if ve, ok := validationErrors(err); ok {
		for _, fe := range ve {
			f.AddError(fe.Field, fe.Message)
		}
		w.renderPriorities(rw, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/areas/"+pv.Area.Code+"/jsna", http.StatusSeeOther)
}

// areaScope is the permission scope of an area: its code and the
// partnerships covering it.
func (w *Web) areaScope(r *http.Request, code string) (auth.AreaScope, error) {
	ids, err := places.PartnershipsCovering(r.Context(), w.store, code)
	if err != nil {
		return auth.AreaScope{}, err
	}
	return auth.AreaScope{AreaCode: code, PartnershipIDs: ids}, nil
}

// allowArea answers 403 unless the signed-in person may do action for the
// area in the path ({code}).
func (w *Web) allowArea(rw http.ResponseWriter, r *http.Request, action auth.Action) (*auth.Principal, places.Area, bool) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return nil, places.Area{}, false
	}
	area, _, err := places.FindArea(r.Context(), w.store, r.PathValue("code"), places.AreaType(r.URL.Query().Get("type")))
	if err != nil {
		w.needsError(rw, r, err)
		return nil, places.Area{}, false
	}
	scope, err := w.areaScope(r, area.Code)
	if err != nil {
		w.storeError(rw, r, err)
		return nil, places.Area{}, false
	}
	if !auth.CanInArea(p, action, scope) {
		w.forbidden(rw, r)
		return nil, places.Area{}, false
	}
	return p, area, true
}
