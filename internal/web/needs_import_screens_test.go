package web_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/demo"
	"github.com/placeboard/placeboard/internal/needs"
)

// TestIndicatorImportScreens (issue 12 item 7): the file's problems sit
// above the submit button, and the error summary links to each one's row;
// the preview shows each indicator's name, its rows and how many stored
// values it will replace.
func TestIndicatorImportScreens(t *testing.T) {
	srv := apptest.New(t)
	// The demo holds the London extract already, so importing it again
	// replaces every value.
	if err := demo.SeedNeeds(context.Background(), srv.Store, nil); err != nil {
		t.Fatal(err)
	}
	c, _ := srv.As(t, "", 0, true)
	r, err := needs.OpenExtract("fingertips_london_utla_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(r)
	good := string(raw)
	bad := strings.Replace(good, "Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,36.74",
		"Barnet,E09000003,Hospital admissions due to substance misuse (15 to 24 years),90808,15-24 yrs,2018/19 - 20/21,21,thirty", 1)
	post := func(file string) (int, string) {
		ct, body := multipartBody(t, map[string]string{"format": "fingertips"}, "london.csv", file)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/needs/import", body)
		req.Header.Set("Content-Type", ct)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	status, body := post(bad)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", status)
	}
	rowList, button := strings.Index(body, `id="row-errors"`), strings.Index(body, ">Check the file</button>")
	if rowList < 0 || button < 0 || rowList > button {
		t.Errorf("the problems are not listed above the button (list at %d, button at %d)", rowList, button)
	}
	if !strings.Contains(body, `<a href="#row-error-1">Row 4, column value:`) {
		t.Errorf("the error summary does not link to the row: %.2000s", body[strings.Index(body, "govuk-error-summary"):])
	}
	if !strings.Contains(body, `id="row-error-1"`) {
		t.Error("the row the summary links to has no id")
	}

	status, body = post(good)
	if status != http.StatusOK {
		t.Fatalf("preview: %d", status)
	}
	row := regexp.MustCompile(`<tr class="govuk-table__row" data-indicator="(\d+)" data-rows="(\d+)" data-replaces="(\d+)">\s*<td class="govuk-table__cell">([^<]+) <span`)
	rows := row.FindAllStringSubmatch(body, -1)
	if len(rows) != 7 {
		t.Fatalf("the preview lists %d indicators, want the London extract's 7", len(rows))
	}
	total := 0
	for _, m := range rows {
		if m[2] != m[3] {
			t.Errorf("indicator %s (%s): %s rows, replaces %s stored values; the demo holds them all", m[1], m[4], m[2], m[3])
		}
		if strings.HasPrefix(m[4], "Indicator ") {
			t.Errorf("indicator %s has no name in the preview", m[1])
		}
		n := 0
		for _, d := range m[2] {
			n = n*10 + int(d-'0')
		}
		total += n
	}
	if total != 231 {
		t.Errorf("the preview's rows add up to %d, want 231", total)
	}
}
