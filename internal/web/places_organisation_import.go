package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

// maxImportBytes bounds an uploaded CSV file.
const maxImportBytes = 5 << 20

type importView struct {
	RowErrors []places.OrgCSVProblem
	Imported  int
	Columns   string
}

// organisationImportForm asks for a CSV file of organisations.
func (w *Web) organisationImportForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.ManageOrganisations, 0); !ok {
		return
	}
	w.renderImport(rw, r, http.StatusOK, newForm(), importView{})
}

func (w *Web) renderImport(rw http.ResponseWriter, r *http.Request, status int, f *Form, v importView) {
	v.Columns = strings.Join(places.OrgCSVColumns, ",")
	notice := ""
	if v.Imported > 0 {
		notice = strconv.Itoa(v.Imported) + " organisations imported"
	}
	w.render(rw, r, status, "organisation-import", &Page{
		Title: "Import organisations", Nav: "organisations", Form: f, Notice: notice,
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Organisations", Href: "/organisations"}},
		Data:        v,
	})
}

// organisationImport reads the uploaded CSV and stores every row in one
// transaction, or stores nothing and reports each bad row and column.
func (w *Web) organisationImport(rw http.ResponseWriter, r *http.Request) {
	pr, ok := w.allow(rw, r, auth.ManageOrganisations, 0)
	if !ok {
		return
	}
	f := newForm()
	r.Body = http.MaxBytesReader(rw, r.Body, maxImportBytes+64<<10)
	if err := r.ParseMultipartForm(maxImportBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			f.AddError("file", "The file must be smaller than 5 MB")
		} else {
			f.AddError("file", "Select a CSV file to upload")
		}
		w.renderImport(rw, r, http.StatusBadRequest, f, importView{})
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "Select a CSV file to upload")
		w.renderImport(rw, r, http.StatusUnprocessableEntity, f, importView{})
		return
	}
	defer file.Close()
	rows, rowErrs := places.ParseOrganisationCSV(file)
	if len(rowErrs) == 0 {
		n, err := w.store.ImportOrganisations(r.Context(), pr.Actor(), rows)
		var verr *validation.Errors
		switch {
		case errors.As(err, &verr):
			for _, fe := range verr.Fields {
				rowErrs = append(rowErrs, storeRowProblem(fe))
			}
		case err != nil:
			w.storeError(rw, r, err)
			return
		default:
			w.renderImport(rw, r, http.StatusOK, newForm(), importView{Imported: n})
			return
		}
	}
	msg := "The file has " + strconv.Itoa(len(rowErrs)) + " problems. Nothing was imported: fix them and upload it again"
	if len(rowErrs) == 1 {
		msg = "The file has a problem at row " + strconv.Itoa(rowErrs[0].Row)
		if rowErrs[0].Column != "" {
			msg += ", column " + rowErrs[0].Column
		}
		msg += ": " + rowErrs[0].Message + ". Nothing was imported"
	}
	f.AddError("file", msg)
	w.renderImport(rw, r, http.StatusUnprocessableEntity, f, importView{RowErrors: rowErrs})
}

// storeRowProblem reads one of the store's import problems (a field error
// carrying its file row) into a row of the problem table.
func storeRowProblem(fe validation.FieldError) places.OrgCSVProblem {
	return places.OrgCSVProblem{Row: fe.Row, Column: fe.Field, Message: fe.Message}
}
