package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// NavItem is one link in the header's service navigation.
type NavItem struct {
	Href    string
	Label   string
	Current bool
}

func navItem(current, key, href, label string) NavItem {
	return NavItem{Href: href, Label: label, Current: current == key}
}

// navSection is the navigation section of a page that does not name one,
// from its address: the board record is under Partnerships, the needs
// pages under Needs, the places under Places.
func navSection(path string) string {
	switch {
	case strings.HasPrefix(path, "/partnerships"), strings.HasPrefix(path, "/admin/partnerships"):
		return "partnerships"
	case strings.HasPrefix(path, "/needs"), strings.HasPrefix(path, "/indicators"):
		return "needs"
	case strings.HasPrefix(path, "/areas"), path == "/", strings.HasPrefix(path, "/search"):
		return "home"
	}
	return ""
}

// Tag is a GOV.UK tag.
type Tag struct {
	Text   string
	Colour string // "", "green", "blue", "grey", "red", ...
}

// SummaryRow is one row of a summary list; rows with no value are left out.
type SummaryRow struct {
	Key   string
	Value string
	Href  string
}

// Pager drives the pagination component.
type Pager struct {
	Page, Pages int
	Total       int
	PrevHref    string
	NextHref    string
	Offset      int
	Limit       int
}

// pageParam reads ?page=N (1-based), treating anything else as 1 and
// reporting false so the caller can answer 400 for nonsense.
func pageParam(r *http.Request) (int, bool) {
	s := r.URL.Query().Get("page")
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100000 {
		return 1, false
	}
	return n, true
}

// newPager works out offsets and links for page of a list of total items,
// keeping the request's other query parameters in the links.
func newPager(r *http.Request, page, limit, total int) Pager {
	pages := (total + limit - 1) / limit
	if pages < 1 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages, Total: total, Offset: (page - 1) * limit, Limit: limit}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.PrevHref = link(min(page-1, pages))
	}
	if page < pages {
		p.NextHref = link(page + 1)
	}
	return p
}

// pathID reads a positive integer path value such as {id}; false means the
// caller should answer 404.
func pathID(r *http.Request, name string) (int64, bool) {
	s := r.PathValue(name)
	if s == "" || len(s) > 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// Table drives the table component.
type Table struct {
	ID      string
	Caption string
	Head    []Cell
	Rows    [][]Cell
}

// Cell is one table cell: text, optionally a link, numeric figures aligned
// right, and the row's header cell marked Header.
type Cell struct {
	Text    string
	Href    string
	Numeric bool
	Header  bool
}

func tag(text, colour string) Tag { return Tag{Text: text, Colour: colour} }
