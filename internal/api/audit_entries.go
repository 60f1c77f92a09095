package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// AuditEntry is one entry of the hash-chained audit log.
type AuditEntry struct {
	Seq       int64           `json:"seq"`
	At        string          `json:"at" doc:"UTC time of the change."`
	ActorID   int64           `json:"actor_id" doc:"0 for the system itself."`
	ActorName string          `json:"actor_name"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	Before    json.RawMessage `json:"before,omitempty" doc:"The record before the change (JSON)."`
	After     json.RawMessage `json:"after,omitempty" doc:"The record after the change (JSON)."`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

type auditInput struct {
	Entity   string `query:"entity" maxLength:"50" doc:"Only entries about this kind of record, e.g. organisation."`
	EntityID string `query:"entity_id" maxLength:"50" doc:"Only entries about the record with this ID (needs entity)."`
	PageParams
}

// registerAudit lists the operations on the audit log.
func (a *API) registerAudit() {
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "list-audit", Middlewares: a.guard(auth.ViewAudit, ""), Method: http.MethodGet, Path: "/audit",
		Summary: "The audit log, newest first", Tags: []string{"accounts"}, Security: needsSession,
		Description: "Global administrators only.",
	}, a.listAudit)
}

func (a *API) listAudit(ctx context.Context, in *auditInput) (*ListOutput[AuditEntry], error) {
	if _, err := a.require(ctx, auth.ViewAudit, 0); err != nil {
		return nil, err
	}
	if in.EntityID != "" && in.Entity == "" {
		return nil, problem(http.StatusUnprocessableEntity, "validation failed",
			&huma.ErrorDetail{Location: "query.entity", Message: "Give entity when filtering by entity_id"})
	}
	p := in.PageParams.normalised()
	es, total, err := a.deps.Store.AuditEntries(ctx, store.AuditFilter{Entity: strings.TrimSpace(in.Entity),
		EntityID: strings.TrimSpace(in.EntityID), Page: store.Page{Limit: p.PerPage, Offset: p.offset()}})
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]AuditEntry, len(es))
	for i, e := range es {
		items[i] = AuditEntry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action,
			Entity: e.Entity, EntityID: e.EntityID, Before: e.Before, After: e.After, PrevHash: e.PrevHash, Hash: e.Hash}
	}
	return newList(ctx, p, items, total), nil
}
