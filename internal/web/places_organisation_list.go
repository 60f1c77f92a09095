package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

type orgListView struct {
	Orgs    []places.Organisation
	Pager   Pager
	Kind    string
	Sector  string
	Query   string
	Filters []string // what the list is filtered by, for the heading
}

func kindOptions(blank string) []Option {
	opts := []Option{}
	if blank != "" {
		opts = append(opts, Option{Value: "", Label: blank})
	}
	for _, k := range places.OrgKinds {
		opts = append(opts, Option{Value: string(k), Label: k.Label()})
	}
	return opts
}

func sectorOptions() []Option {
	return []Option{
		{Value: "", Label: "Any sector"},
		{Value: string(places.SectorNHS), Label: "NHS"},
		{Value: string(places.SectorLocalGovernment), Label: "Local government"},
		{Value: string(places.SectorOther), Label: "Other (police, fire, voluntary, housing, schools, private)"},
	}
}

// organisationList is the register, filtered by kind, sector or name with a
// GET form.
func (w *Web) organisationList(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := newForm()
	kind := places.OrgKind(strings.TrimSpace(q.Get("kind")))
	sector := places.Sector(strings.TrimSpace(q.Get("sector")))
	text := strings.TrimSpace(q.Get("q"))
	form.Values.Set("kind", string(kind))
	form.Values.Set("sector", string(sector))
	form.Values.Set("q", text)
	if kind != "" && !kind.Valid() {
		form.AddError("kind", "Select a kind of organisation from the list")
	}
	switch sector {
	case "", places.SectorNHS, places.SectorLocalGovernment, places.SectorOther:
	default:
		form.AddError("sector", "Select a sector from the list")
	}
	if len([]rune(text)) > maxQueryLen {
		form.AddError("q", "Name or code must be 100 characters or fewer")
	}
	page, ok := pageParam(r)
	if !ok {
		form.AddParamError("page", "Page (page) must be a whole number of 1 or more")
	}
	p := &Page{Title: "Organisations", Nav: "organisations", Form: form, Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}}
	if !form.Valid() {
		p.Data = orgListView{Pager: Pager{Page: 1, Pages: 1}}
		w.render(rw, r, http.StatusBadRequest, "organisations", p)
		return
	}
	v := orgListView{Kind: string(kind), Sector: string(sector), Query: text}
	ctx := r.Context()
	if kind == "" && sector != "" {
		// The store filters by kind; a sector is a set of kinds, gathered
		// here and paged in memory (the register is thousands, not millions).
		var all []places.Organisation
		for _, k := range places.OrgKinds {
			if places.SectorOf(k) != sector {
				continue
			}
			for off := 0; ; off += store.MaxLimit {
				orgs, total, err := w.store.ListOrganisations(ctx, store.OrgFilter{Kind: k, Query: text, Page: store.Page{Limit: store.MaxLimit, Offset: off}})
				if err != nil {
					w.storeError(rw, r, err)
					return
				}
				all = append(all, orgs...)
				if off+store.MaxLimit >= total || len(orgs) == 0 {
					break
				}
			}
		}
		sort.SliceStable(all, func(i, j int) bool { return strings.ToLower(all[i].Name) < strings.ToLower(all[j].Name) })
		v.Pager = newPager(r, page, listPageSize, len(all))
		lo := min(v.Pager.Offset, len(all))
		hi := min(lo+listPageSize, len(all))
		v.Orgs = all[lo:hi]
	} else {
		orgs, total, err := w.store.ListOrganisations(ctx, store.OrgFilter{Kind: kind, Query: text, Page: store.Page{Limit: listPageSize, Offset: (page - 1) * listPageSize}})
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		v.Orgs = orgs
		v.Pager = newPager(r, page, listPageSize, total)
	}
	p.Data = v
	w.render(rw, r, http.StatusOK, "organisations", p)
}

// Options for the filter form, marked from the form's values.
func (v orgListView) KindOptions() []Option   { return kindOptions("Any kind") }
func (v orgListView) SectorOptions() []Option { return sectorOptions() }
