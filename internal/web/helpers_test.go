package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
)

func TestFormatIntAndPercent(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {int64(56536419), "56,536,419"}, {-1234567, "-1,234,567"},
	} {
		if got := formatInt(tt.in); got != tt.want {
			t.Errorf("formatInt(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		part, whole int64
		want        string
	}{
		{1, 3, "33.3%"}, {2, 3, "66.7%"}, {179, 324, "55.2%"}, {0, 0, "0.0%"}, {5, 5, "100.0%"},
	} {
		if got := percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("percent(%d, %d) = %q, want %q", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestFieldIDAndErrors(t *testing.T) {
	for in, want := range map[string]string{
		"name": "name", "votes[2].choice": "votes-2-choice", "papers[0].url": "papers-0-url", "vote_12": "vote_12", "<x>": "x",
	} {
		if got := fieldID(in); got != want {
			t.Errorf("fieldID(%q) = %q, want %q", in, got, want)
		}
	}
	f := newForm()
	f.AddError("role", "Select a role")
	f.AddError("person_name", "Enter a name")
	f.AddError("person_name", "a second message is ignored")
	f.AddParamError("page", "Page (page) must be a number")
	f.OrderErrors("person_name", "role")
	got := []string{}
	for _, e := range f.Errors {
		got = append(got, e.Field)
	}
	if strings.Join(got, ",") != "person_name,role,page" || f.ErrorFor("person_name") != "Enter a name" || !f.Errors[2].NoLink {
		t.Errorf("errors = %+v", f.Errors)
	}
}

func TestPager(t *testing.T) {
	r := httptest.NewRequest("GET", "/areas?type=ltla&page=2", nil)
	p := newPager(r, 2, 50, 120)
	if p.Pages != 3 || p.Offset != 50 || p.PrevHref != "/areas?type=ltla" || p.NextHref != "/areas?page=3&type=ltla" {
		t.Errorf("pager = %+v", p)
	}
	last := newPager(r, 3, 50, 120)
	if last.NextHref != "" {
		t.Errorf("last page has a next link: %+v", last)
	}
	empty := newPager(httptest.NewRequest("GET", "/organisations", nil), 1, 50, 0)
	if empty.Pages != 1 || empty.PrevHref != "" || empty.NextHref != "" {
		t.Errorf("empty pager = %+v", empty)
	}
}

func TestParseNationalQuery(t *testing.T) {
	tests := []struct {
		query  string
		want   nationalQuery
		errors []string
	}{
		{"", nationalQuery{Sort: "name"}, nil},
		{"sort=on_board&order=desc&led_by=local_government", nationalQuery{Sort: "on_board", Desc: true, LedBy: places.SectorLocalGovernment}, nil},
		{"sort=colour&order=up&led_by=aliens", nationalQuery{Sort: "name"}, []string{"sort", "order", "led_by"}},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got, f := parseNationalQuery(q)
		if got != tt.want {
			t.Errorf("%q: got %+v, want %+v", tt.query, got, tt.want)
		}
		var fields []string
		for _, e := range f.Errors {
			fields = append(fields, e.Field)
		}
		if strings.Join(fields, ",") != strings.Join(tt.errors, ",") {
			t.Errorf("%q: errors on %v, want %v", tt.query, fields, tt.errors)
		}
	}
}

func FuzzParseNationalQuery(f *testing.F) {
	f.Add("sort=on_board&order=desc&led_by=local_government")
	f.Add("sort=%00&order=&led_by=nhs&sort=name")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		nq, form := parseNationalQuery(q)
		if _, ok := nationalSorts[nq.Sort]; !ok {
			t.Fatalf("accepted sort %q", nq.Sort)
		}
		for _, e := range form.Errors {
			if e.Message == "" || e.Field == "" {
				t.Fatalf("error without field or message: %+v", e)
			}
		}
	})
}

func TestFootprintSorting(t *testing.T) {
	row := func(code, name string, sector places.Sector, councils, onBoard int) places.Footprint {
		cs := make([]places.Area, councils)
		return places.Footprint{Area: places.Area{Code: code, Name: name}, LeadSector: sector, Councils: cs, CouncilsOnBoard: onBoard}
	}
	rows := []nationalRow{
		{Footprint: row("E1", "Bravo", places.SectorNHS, 3, 1)},
		{Footprint: row("E2", "Alpha", places.SectorLocalGovernment, 5, 1)},
		{Footprint: row("E3", "Charlie", places.SectorLocalGovernment, 2, 2)},
	}
	for _, tt := range []struct {
		q    nationalQuery
		want string
	}{
		{nationalQuery{Sort: "name"}, "E2,E1,E3"},
		{nationalQuery{Sort: "on_board", Desc: true}, "E3,E1,E2"}, // ties by name, then reversed
		{nationalQuery{Sort: "councils"}, "E3,E1,E2"},
		{nationalQuery{Sort: "on_board", Desc: true, LedBy: places.SectorLocalGovernment}, "E3,E2"},
	} {
		got := sortFootprints(rows, tt.q)
		codes := make([]string, len(got))
		for i, r := range got {
			codes[i] = r.Area.Code
		}
		if strings.Join(codes, ",") != tt.want {
			t.Errorf("%+v: order %v, want %s", tt.q, codes, tt.want)
		}
	}
}

func TestDateValue(t *testing.T) {
	tests := []struct {
		day, month, year string
		want, err, link  string
	}{
		{"12", "3", "2026", "2026-03-12", "", "date-day"},
		{"1", "12", "1999", "1999-12-01", "", "date-day"},
		{"", "", "", "", "", "date-day"},
		{"12", "3", "", "", "Date must include a year", "date-year"},
		{"", "3", "", "", "Date must include a day and year", "date-day"},
		{"12", "", "2026", "", "Date must include a month", "date-month"},
		{"32", "3", "2026", "", "Date must be a real date, like 31 3 2026", "date-day"},
		{"x", "3", "2026", "", "Date must be a real date, like 31 3 2026", "date-day"},
		{"12", "3", "26", "", "Date must be a real date, like 31 3 2026", "date-day"},
	}
	for _, tt := range tests {
		f := newForm()
		f.Values.Set("date-day", tt.day)
		f.Values.Set("date-month", tt.month)
		f.Values.Set("date-year", tt.year)
		got := f.DateValue("date", "Date")
		if got != tt.want || f.ErrorFor("date") != tt.err {
			t.Errorf("%q %q %q: got %q, error %q; want %q, %q", tt.day, tt.month, tt.year, got, f.ErrorFor("date"), tt.want, tt.err)
		}
		f.AddError("date", "x")
		if f.Errors[0].ID != tt.link {
			t.Errorf("%q %q %q: error links to %q, want %q", tt.day, tt.month, tt.year, f.Errors[0].ID, tt.link)
		}
	}
}
