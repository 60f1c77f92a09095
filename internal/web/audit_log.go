package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

type auditView struct {
	Entries []auditRow
	Pager   Pager
}

type auditRow struct {
	audit.Entry
	Summary       string
	Before, After string // indented JSON, "" when absent
}

// prettyJSON indents a record image for reading, cut to a sensible length.
func prettyJSON(raw []byte) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	s := buf.String()
	if len(s) > 4000 {
		s = s[:4000] + "\n…"
	}
	return s
}

// auditLog lists every change, newest first: who, when, what, before and
// after.
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
	v := auditView{Pager: newPager(r, page, listPageSize, total)}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditRow{Entry: e, Summary: auditSummary(e), Before: prettyJSON(e.Before), After: prettyJSON(e.After)})
	}
	w.render(rw, r, http.StatusOK, "audit", &Page{
		Title: "Audit log", Nav: "admin",
		Breadcrumbs: []Crumb{{Label: "Home", Href: "/"}, {Label: "Administration", Href: "/admin"}},
		Data:        v,
	})
}

// auditSummary is a short human reading of an entry's after (or before)
// image: its name or text, when it has one.
func auditSummary(e audit.Entry) string {
	img := string(e.After)
	if img == "" || img == "null" {
		img = string(e.Before)
	}
	for _, key := range []string{`"name":"`, `"person_name":"`, `"text":"`, `"email":"`, `"date":"`} {
		if i := strings.Index(img, key); i >= 0 {
			rest := img[i+len(key):]
			if j := strings.Index(rest, `"`); j >= 0 {
				s := rest[:j]
				if len([]rune(s)) > 80 {
					s = string([]rune(s)[:80]) + "…"
				}
				return s
			}
		}
	}
	return ""
}
