package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/places"
)

type residentProfileView struct {
	PostcodeLookup bool
	Districts      []Option
	AgeBands       []Option
}

func (w *Web) renderProfile(rw http.ResponseWriter, r *http.Request, status int, f *Form) {
	f.OrderErrors("postcode", "district", "age_band")
	lookup, districts, bands, err := w.profileOptions(r.Context())
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	w.render(rw, r, status, "account-profile", &Page{Title: "Where you live and your age", Nav: "account", Form: f,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Your account", Href: "/account"}},
		Data:        residentProfileView{PostcodeLookup: lookup, Districts: districts, AgeBands: bands}})
}

// profileForm shows the signed-in person's postcode, district and age band.
func (w *Web) profileForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	u, err := w.store.GetUser(r.Context(), p.UserID)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	f := newForm()
	f.Values.Set("postcode", u.Postcode)
	f.Values.Set("district", u.DistrictCode)
	f.Values.Set("age_band", u.AgeBand)
	w.renderProfile(rw, r, http.StatusOK, f)
}

// updateProfile resolves and stores the person's profile.
func (w *Web) updateProfile(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireSignIn(rw, r)
	if !ok {
		return
	}
	form, err := parseForm(rw, r)
	if err != nil {
		w.badRequest(rw, r, "The form could not be read. Go back and try again.")
		return
	}
	profile, err := places.ResolveResidentProfile(r.Context(), w.store,
		places.ResidentProfileInput{Postcode: form.Get("postcode"), DistrictCode: form.Get("district"), AgeBand: form.Get("age_band")})
	if form.addValidation(err) {
		w.renderProfile(rw, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	if err := w.store.SetResidentProfile(r.Context(), p.Actor(), p.UserID, profile); err != nil {
		w.storeError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=profile", http.StatusSeeOther)
}

// accountProfile fills the account page's profile rows.
func (w *Web) accountProfile(r *http.Request, userID int64, v *accountView) error {
	u, err := w.store.GetUser(r.Context(), userID)
	if err != nil {
		return err
	}
	v.Postcode, v.AgeBand = u.Postcode, u.AgeBand
	if u.DistrictCode != "" {
		v.District = u.DistrictCode
		if as, err := w.store.AreasByCode(r.Context(), []string{u.DistrictCode}); err == nil && len(as) > 0 {
			v.District = as[0].Name
		}
	}
	return nil
}
