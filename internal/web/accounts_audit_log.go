package web

import (
	"net/http"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

type auditView struct {
	Entries []auditRow
	Pager   Pager
}

// auditRow is one entry as the page shows it: who by name, what by its
// readable name, and the fields that changed.
type auditRow struct {
	audit.Entry
	ActorFullName string // the actor's current name, "" when unknown
	Subject       string // the record's name, title or text
	Changes       []audit.Change
	IsEvent       bool // a sign-in or the like: its fields are details, not changes
}

// auditLog lists every change, newest first: who, when, what, and each
// changed field's old and new value.
func (w *Web) auditLog(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.allow(rw, r, auth.ViewAudit, 0); !ok {
		return
	}
	page, ok := pageParam(r)
	if !ok {
		w.badRequest(rw, r, "Page (page) must be a whole number of 1 or more.")
		return
	}
	entries, total, err := w.store.AuditEntries(r.Context(), store.AuditFilter{Page: store.Page{Limit: listPageSize, Offset: (page - 1) * listPageSize}})
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		if e.ActorID != 0 {
			ids = append(ids, e.ActorID)
		}
	}
	names, err := w.store.AuditActorNames(r.Context(), ids)
	if err != nil {
		w.storeError(rw, r, err)
		return
	}
	v := auditView{Pager: newPager(r, page, listPageSize, total)}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditRow{Entry: e, ActorFullName: names[e.ActorID], Subject: audit.Subject(e),
			Changes: audit.DiffEntry(e), IsEvent: !audit.IsChange(e.Action)})
	}
	w.render(rw, r, http.StatusOK, "audit", &Page{
		Title: "Audit log", Nav: "admin",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Administration", Href: "/admin"}},
		Data:        v,
	})
}
