package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

func TestMapError(t *testing.T) {
	var fields validation.Errors
	fields.Add("name", "Enter the organisation's name")
	fields.Add("votes[0].choice", "Vote must be for, against or abstain")
	fields.Add("query.type", "Unknown type")

	m := newErrorMapper(nil)
	tests := []struct {
		name       string
		err        error
		status     int
		locations  []string
		detailHide string // must not appear in the detail
	}{
		{"validation", fields.Err(), 422, []string{"body.name", "body.votes[0].choice", "query.type"}, ""},
		{"wrapped validation", fmt.Errorf("saving: %w", fields.Err()), 422, []string{"body.name", "body.votes[0].choice", "query.type"}, ""},
		{"not found", fmt.Errorf("organisation 7: %w", store.ErrNotFound), 404, nil, ""},
		{"conflict", fmt.Errorf("ods code taken: %w", store.ErrConflict), 409, nil, ""},
		{"status error passes through", huma.Error403Forbidden("no"), 403, nil, ""},
		{"unknown is a bare 500", errors.New("pq: relation secret_table does not exist"), 500, nil, "secret_table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.mapError(context.Background(), tt.err)
			var se huma.StatusError
			if !errors.As(got, &se) {
				t.Fatalf("mapError returned %T, not a huma.StatusError", got)
			}
			if se.GetStatus() != tt.status {
				t.Errorf("status = %d, want %d", se.GetStatus(), tt.status)
			}
			em, _ := got.(*huma.ErrorModel)
			if em == nil {
				return
			}
			if tt.detailHide != "" && strings.Contains(em.Detail, tt.detailHide) {
				t.Errorf("detail %q leaks %q", em.Detail, tt.detailHide)
			}
			if len(em.Errors) != len(tt.locations) {
				t.Fatalf("errors = %d, want %d", len(em.Errors), len(tt.locations))
			}
			for i, loc := range tt.locations {
				if em.Errors[i].Location != loc || em.Errors[i].Message == "" {
					t.Errorf("errors[%d] = %+v, want location %q with a message", i, em.Errors[i], loc)
				}
			}
		})
	}
	if m.mapError(context.Background(), nil) != nil {
		t.Error("mapError(nil) is not nil")
	}
}

func TestTidyDetails(t *testing.T) {
	long := strings.Repeat("x", maxEchoedValue+1)
	in := []*huma.ErrorDetail{
		nil,
		{Location: "body", Message: "expected required property name to be present", Value: map[string]any{"kind": "x"}},
		{Location: "body.votes[0]", Message: "expected required property choice to be present"},
		{Location: "body", Message: "unexpected end of JSON input", Value: long},
		{Location: "query.page", Message: "expected number", Value: "two"},
		{Location: "body", Message: "json: cannot unmarshal number 1e30 into Go struct field MemberInput.org_id of type int64", Value: `{"org_id":1e30}`},
	}
	got := tidyDetails(in)
	want := []struct {
		loc   string
		value any
	}{
		{"body.name", nil}, {"body.votes[0].choice", nil}, {"body", nil}, {"query.page", "two"}, {"body.org_id", nil},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d details, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Location != w.loc || got[i].Value != w.value {
			t.Errorf("detail %d = %+v, want location %q value %v", i, got[i], w.loc, w.value)
		}
	}
	if msg := got[4].Message; strings.Contains(msg, "MemberInput") || !strings.Contains(msg, "whole number") {
		t.Errorf("type error message = %q, want API terms", msg)
	}
}

func TestNextLink(t *testing.T) {
	tests := []struct {
		name      string
		rawQuery  string
		page, per int
		items     int
		total     int
		wantNext  string
	}{
		{"middle page keeps filters", "type=icb&q=north", 1, 10, 10, 42, "/api/v1/areas?page=2&per_page=10&q=north&type=icb"},
		{"last full page", "type=icb", 5, 10, 2, 42, ""},
		{"exact end", "", 2, 21, 21, 42, ""},
		{"empty", "", 1, 50, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, "http://x/api/v1/areas?"+tt.rawQuery, nil)
			ctx := context.WithValue(context.Background(), requestURLKey{}, req.URL)
			out := newList(ctx, PageParams{Page: tt.page, PerPage: tt.per}, make([]int, tt.items), tt.total)
			if out.Body.Next != tt.wantNext {
				t.Errorf("next = %q, want %q", out.Body.Next, tt.wantNext)
			}
			wantLink := ""
			if tt.wantNext != "" {
				wantLink = "<" + tt.wantNext + `>; rel="next"`
			}
			if out.Link != wantLink {
				t.Errorf("Link = %q, want %q", out.Link, wantLink)
			}
			if out.Body.Items == nil {
				t.Error("items is null, want []")
			}
		})
	}
}

func TestPageOf(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	tests := []struct {
		page, per int
		want      []int
	}{
		{1, 2, []int{1, 2}}, {3, 2, []int{5}}, {4, 2, []int{}}, {1, 500, all},
	}
	for _, tt := range tests {
		got := pageOf(all, PageParams{Page: tt.page, PerPage: tt.per})
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("page %d per %d = %v, want %v", tt.page, tt.per, got, tt.want)
		}
	}
}

// A busy database is not a fault: 503 with Retry-After, never 500.
func TestMapErrorBusyIs503WithRetryAfter(t *testing.T) {
	m := newErrorMapper(nil)
	got := m.mapError(context.Background(), fmt.Errorf("store: create organisation: %w", store.ErrBusy))
	var se huma.StatusError
	if !errors.As(got, &se) || se.GetStatus() != http.StatusServiceUnavailable {
		t.Fatalf("busy mapped to %v", got)
	}
	hs, ok := got.(huma.HeadersError)
	if !ok || hs.GetHeaders().Get("Retry-After") == "" {
		t.Errorf("no Retry-After header on %#v", got)
	}
}
