package api

import (
	"context"
	"strconv"
)

// Page sizes. The largest page holds every upper-tier council at once.
const (
	defaultPerPage = 50
	maxPerPage     = 500
)

// PageParams are the query parameters every list endpoint accepts.
type PageParams struct {
	Page    int `query:"page" minimum:"1" default:"1" doc:"Page number, from 1."`
	PerPage int `query:"per_page" minimum:"1" maximum:"500" default:"50" doc:"Items per page (at most 500)."`
}

// offset is the number of items before this page.
func (p PageParams) offset() int { return (p.Page - 1) * p.PerPage }

// normalised fills defaults for callers that bypass huma's defaulting.
func (p PageParams) normalised() PageParams {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = defaultPerPage
	}
	if p.PerPage > maxPerPage {
		p.PerPage = maxPerPage
	}
	return p
}

// List is the shape of every list response.
type List[T any] struct {
	Items   []T    `json:"items" doc:"The items on this page."`
	Page    int    `json:"page" doc:"This page's number, from 1."`
	PerPage int    `json:"per_page" doc:"Items per page."`
	Total   int    `json:"total" doc:"Items across all pages."`
	Next    string `json:"next,omitempty" doc:"URL of the next page; absent on the last page."`
}

// ListOutput wraps a List as a huma response with a Link header.
type ListOutput[T any] struct {
	Link string `header:"Link" doc:"RFC 8288 link to the next page, when there is one."`
	Body List[T]
}

// newList builds the response for one page, with the next link keeping the
// request's other query parameters.
func newList[T any](ctx context.Context, p PageParams, items []T, total int) *ListOutput[T] {
	if items == nil {
		items = []T{}
	}
	out := &ListOutput[T]{Body: List[T]{Items: items, Page: p.Page, PerPage: p.PerPage, Total: total}}
	if p.offset()+len(items) < total {
		u := *requestURL(ctx)
		q := u.Query()
		q.Set("page", strconv.Itoa(p.Page+1))
		q.Set("per_page", strconv.Itoa(p.PerPage))
		next := u.Path + "?" + q.Encode()
		out.Body.Next = next
		out.Link = "<" + next + `>; rel="next"`
	}
	return out
}

// pageOf slices an in-memory list; used where the store returns everything
// (small collections such as the 42 ICBs).
func pageOf[T any](all []T, p PageParams) []T {
	start := min(p.offset(), len(all))
	end := min(start+p.PerPage, len(all))
	return all[start:end]
}
