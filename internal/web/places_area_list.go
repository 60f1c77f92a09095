package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

const listPageSize = 50

type areaListView struct {
	Type  places.AreaType
	Types []places.AreaType
	Table Table
	Pager Pager
}

// areaList lists the areas of one type, e.g. /areas?type=icb.
func (w *Web) areaList(rw http.ResponseWriter, r *http.Request) {
	t := places.AreaType(r.URL.Query().Get("type"))
	if t == "" {
		t = places.AreaUTLA
	}
	if !t.Valid() {
		w.badRequest(rw, r, "Area type (type) must be one of country, region, nhser, icb, stp, utla, ltla or lsoa.")
		return
	}
	page, ok := pageParam(r)
	if !ok {
		w.badRequest(rw, r, "Page (page) must be a whole number of 1 or more.")
		return
	}
	areas, total, err := w.store.ListAreas(r.Context(), store.AreaFilter{Type: t, ValidOn: places.ListingDate(t), Page: store.Page{Limit: listPageSize, Offset: (page - 1) * listPageSize}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := areaListView{Type: t, Pager: newPager(r, page, listPageSize, total)}
	v.Table = Table{
		ID: "areas-table", Caption: areaTypeLabel(t),
		Head: []Cell{{Text: "Name"}, {Text: "Code"}, {Text: "Population (mid-2021)", Numeric: true}},
	}
	for _, a := range areas {
		pop := "Not known"
		if a.Population > 0 {
			pop = formatInt(a.Population)
		}
		v.Table.Rows = append(v.Table.Rows, []Cell{
			{Text: a.Name, Href: "/areas/" + string(a.Type) + "/" + a.Code},
			{Text: a.Code},
			{Text: pop, Numeric: true},
		})
	}
	for _, k := range places.AreaTypes {
		if k != places.AreaLSOA {
			v.Types = append(v.Types, k)
		}
	}
	w.render(rw, r, http.StatusOK, "areas", &Page{
		Title: areaTypeLabel(t), Nav: "home",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}},
		Data:        v,
	})
}
