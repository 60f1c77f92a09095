package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// adminHome lists what an administrator can do.
func (w *Web) adminHome(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.ViewAdministration, 0); !ok {
		return
	}
	w.render(rw, r, http.StatusOK, "admin", &Page{Title: "Administration", Nav: "admin", Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}}})
}

// findOrgByCode finds the organisation with exactly this ODS code, or ONS
// code for a council (any case). ok is false when there is none.
func (w *Web) findOrgByCode(ctx context.Context, code string) (places.Organisation, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	orgs, _, err := w.store.ListOrganisations(ctx, store.OrgFilter{Query: code, Page: store.Page{Limit: 20}})
	if err != nil {
		return places.Organisation{}, false, err
	}
	for _, o := range orgs {
		if strings.EqualFold(o.ODSCode, code) || strings.EqualFold(o.ONSCode, code) {
			return o, true, nil
		}
	}
	return places.Organisation{}, false, nil
}

// orgOptions lists the register for a "pick an organisation" select,
// organisations serving areaCode first. The register for one place is
// small; the full list is capped.
func (w *Web) orgOptions(ctx context.Context, areaCode string) ([]Option, error) {
	opts := []Option{{Value: "", Label: "Choose an organisation"}}
	seen := map[int64]bool{}
	add := func(orgs []places.Organisation) {
		for _, o := range orgs {
			if seen[o.ID] {
				continue
			}
			seen[o.ID] = true
			label := o.Name + " (" + o.Kind.Label()
			if o.ODSCode != "" {
				label += ", " + o.ODSCode
			}
			opts = append(opts, Option{Value: strconv.FormatInt(o.ID, 10), Label: label + ")"})
		}
	}
	if areaCode != "" {
		orgs, _, err := w.store.ListOrganisations(ctx, store.OrgFilter{AreaCode: areaCode, Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			return nil, err
		}
		add(orgs)
	}
	orgs, _, err := w.store.ListOrganisations(ctx, store.OrgFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	add(orgs)
	return opts, nil
}

// parseID reads a positive whole number from a form field, recording a
// problem named after the field when it is not one.
func parseID(f *Form, field, message string) int64 {
	s := f.Get(field)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		f.AddError(field, message)
		return 0
	}
	return n
}

// applyDomainError records the domain's field errors on the form (renaming
// fields where the form names them differently) and reports whether err was
// a validation error. Other errors are left to the caller.
func applyDomainError(f *Form, err error, rename map[string]string) bool {
	if err == nil {
		return false
	}
	tmp := newForm()
	if !tmp.addValidation(err) {
		return false
	}
	for _, e := range tmp.Errors {
		field := e.Field
		if to, ok := rename[field]; ok {
			field = to
		}
		f.AddError(field, e.Message)
	}
	return true
}

// isNotFound reports a store ErrNotFound (an unknown ID in a form).
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// checkLen records a problem when a free-text field is too long.
func checkLen(f *Form, field, label string, max int) {
	if len([]rune(f.Values.Get(field))) > max {
		f.AddError(field, label+" must be "+formatInt(max)+" characters or fewer")
	}
}

// reword turns the domain's date messages, written for YYYY-MM-DD text,
// into ones that fit the day, month and year boxes.
func reword(f *Form, field, label string) {
	for i, e := range f.Errors {
		if e.Field != field {
			continue
		}
		switch {
		case strings.HasPrefix(e.Message, "Enter"):
			f.Errors[i].Message = "Enter the " + strings.ToLower(label[:1]) + label[1:]
		case strings.Contains(e.Message, "between"):
			f.Errors[i].Message = label + " must be between 1900 and 2200"
		default:
			f.Errors[i].Message = label + " must be a real date, like 31 3 2026"
		}
	}
}
