package web

import (
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/places/refdata"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/web/chart"
)

type areaView struct {
	Area         store.AreaDetail
	Pyramid      chart.Pyramid
	PyramidSVG   template.HTML
	Parents      []places.Area
	ICBs         []places.Area
	Footprints   []footprintLink
	ChildGroups  []searchGroup
	LSOACount    int
	Partnerships []places.Partnership
	// FootprintPartnerships are the partnerships of the footprints the area
	// sits in.
	FootprintPartnerships []places.Partnership
	Map                   template.HTML
	MapCaption            string
	CanCreatePartnership  bool
	// HasNeeds: the area's code opens its health profile, priorities and
	// JSNA (a 2017 footprint shares its code with an ICB, and
	// neighbourhoods have no profile).
	HasNeeds bool
}

type footprintLink struct {
	Area  places.Area
	Share string // "" when the area lies wholly inside
}

// areaByCode redirects /areas/E06000001 to the page of the area of that
// code, chosen by the rule every door uses (places.FindArea), so codes
// typed by hand work.
func (w *Web) areaByCode(rw http.ResponseWriter, r *http.Request) {
	code := places.NormaliseCode(r.PathValue("code"))
	if !places.ValidAreaCode(code) {
		w.notFound(rw, r)
		return
	}
	a, _, err := places.FindArea(r.Context(), w.store, code, "")
	if errors.Is(err, places.ErrNoArea) {
		w.notFound(rw, r)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/areas/"+string(a.Type)+"/"+a.Code, http.StatusSeeOther)
}

// areaPage shows one area: population pyramid, where it sits, what is in
// it, its partnerships and a map.
func (w *Web) areaPage(rw http.ResponseWriter, r *http.Request) {
	t := places.AreaType(r.PathValue("type"))
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	if !t.Valid() || !places.ValidAreaCode(code) {
		w.notFound(rw, r)
		return
	}
	ctx := r.Context()
	d, err := w.store.GetArea(ctx, places.AreaRef{Type: t, Code: code})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := areaView{Area: d, Pyramid: chart.NewPyramid(d.Population), HasNeeds: t != places.AreaSTP && t != places.AreaLSOA}
	v.PyramidSVG = v.Pyramid.SVG(d.Name)
	for _, p := range d.Parents {
		pa := places.Area{Type: p.Type, Code: p.Code, Name: p.Name}
		switch p.Type {
		case places.AreaICB:
			v.ICBs = append(v.ICBs, pa)
		case places.AreaSTP:
			fl := footprintLink{Area: pa}
			if !p.Whole() && p.OfLSOAs > 0 {
				fl.Share = percent(int64(p.LSOAs), int64(p.OfLSOAs)) + " of its neighbourhoods (LSOAs)"
			}
			v.Footprints = append(v.Footprints, fl)
		default:
			v.Parents = append(v.Parents, pa)
		}
	}
	// An upper-tier council's ICB comes through its districts (ICBs of 2022
	// are built from lower-tier areas).
	if len(v.ICBs) == 0 && d.Type == places.AreaUTLA {
		seen := map[string]bool{}
		for i, c := range d.Children {
			if c.Type != places.AreaLTLA || i >= 30 {
				continue
			}
			cd, err := w.store.GetArea(ctx, c.Ref())
			if err != nil {
				continue
			}
			for _, p := range cd.Parents {
				if p.Type == places.AreaICB && !seen[p.Code] {
					seen[p.Code] = true
					v.ICBs = append(v.ICBs, places.Area{Type: p.Type, Code: p.Code, Name: p.Name})
				}
			}
		}
	}
	byType := map[places.AreaType][]places.Area{}
	for _, c := range d.Children {
		if c.Type == places.AreaLSOA {
			continue
		}
		byType[c.Type] = append(byType[c.Type], c)
	}
	for _, t := range places.AreaTypes {
		if cs := byType[t]; len(cs) > 0 {
			sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
			v.ChildGroups = append(v.ChildGroups, searchGroup{Type: t, Areas: cs})
		}
	}
	v.LSOACount = d.ChildCount[places.AreaLSOA]
	ps, _, err := w.store.ListPartnerships(ctx, store.PartnershipFilter{AreaCode: d.Code, Page: store.Page{Limit: 50}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	for _, p := range ps {
		if partnershipAreaType(p) == d.Type {
			v.Partnerships = append(v.Partnerships, p)
		}
	}
	for _, fp := range v.Footprints {
		fps, _, err := w.store.ListPartnerships(ctx, store.PartnershipFilter{AreaCode: fp.Area.Code, Page: store.Page{Limit: 10}})
		if err != nil {
			w.storeError(rw, r, err)
			return
		}
		for _, p := range fps {
			if partnershipAreaType(p) == places.AreaSTP {
				v.FootprintPartnerships = append(v.FootprintPartnerships, p)
			}
		}
	}
	v.Map, v.MapCaption = w.areaMap(d)
	v.CanCreatePartnership = auth.Can(principal(r), auth.CreatePartnership, 0) && (d.Type == places.AreaUTLA || d.Type == places.AreaSTP || d.Type == places.AreaICB)
	crumbs := []Crumb{{Label: "Home", Href: "/"}}
	for _, p := range v.Parents {
		if p.Type == places.AreaRegion {
			crumbs = append(crumbs, Crumb{Label: p.Name, Href: "/areas/" + string(p.Type) + "/" + p.Code})
		}
	}
	w.render(rw, r, http.StatusOK, "area", &Page{Title: d.Name, Nav: "home", Breadcrumbs: crumbs, Data: v})
}

// areaMap draws the hex map that shows where the area is. Councils, ICBs
// and footprints are highlighted on the map of their own kind; a district
// shows its council, and a region its councils.
func (w *Web) areaMap(d store.AreaDetail) (template.HTML, string) {
	a := d.Area
	var layout *chart.HexLayout
	highlight := map[string]bool{}
	kind := a.Type
	switch a.Type {
	case places.AreaUTLA:
		layout = w.hexLayout(refdata.UTLA)
		highlight[a.Code] = true
	case places.AreaICB:
		layout = w.hexLayout(refdata.ICB)
		highlight[a.Code] = true
	case places.AreaSTP:
		layout = w.hexLayout(refdata.STP)
		highlight[a.Code] = true
	case places.AreaLTLA:
		layout, kind = w.hexLayout(refdata.UTLA), places.AreaUTLA
		for _, p := range a.Parents {
			if p.Type == places.AreaUTLA {
				highlight[p.Code] = true
			}
		}
	case places.AreaRegion:
		layout, kind = w.hexLayout(refdata.UTLA), places.AreaUTLA
		for _, c := range d.Children {
			if c.Type == places.AreaUTLA {
				highlight[c.Code] = true
			}
		}
	}
	if layout == nil {
		return "", ""
	}
	shown := 0
	for code := range highlight {
		if _, ok := layout.Hexes[code]; ok {
			shown++
		}
	}
	if shown == 0 {
		return "", ""
	}
	size := 11.0 // 152 councils
	if kind != places.AreaUTLA {
		size = 24 // 42 ICBs or 44 footprints
	}
	what := "the highlighted hexagon"
	if shown > 1 {
		what = "the highlighted hexagons"
	}
	title := "Map of England in hexagons, one for each " + strings.ToLower(areaTypeLabel(kind)) + ", with " + a.Name + " highlighted"
	svg := layout.SVG("area-map", title, size, func(code string) chart.HexStyle {
		if highlight[code] {
			return chart.HexStyle{Class: "highlight"}
		}
		return chart.HexStyle{}
	})
	return svg, a.Name + " is " + what + ". Each hexagon is one " + strings.ToLower(areaTypeLabel(kind)) + ", placed roughly where it is in England."
}
