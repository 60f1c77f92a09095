package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// TestProfileGroupsByTopicWithKey (issue 12 item 4): the profile's spine
// chart and its table group indicators under the topic the catalogue gives
// them (here from the import mapping), those without one under "Other
// indicators", and the chart carries its key.
func TestProfileGroupsByTopicWithKey(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	codes := []string{needs.EnglandCode, "E06000001", "E06000002", "E06000003", "E06000004", "E06000005"}
	for _, ind := range []struct {
		id          int
		name, topic string
	}{
		{990401, "Topic test: smoking", "Health improvement"},
		{990402, "Topic test: no topic", ""},
	} {
		topic := ""
		if ind.topic != "" {
			topic = fmt.Sprintf(`, "topic": %q`, ind.topic)
		}
		m, err := importer.ParseMapping(strings.NewReader(fmt.Sprintf(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
			"indicator": {"id": %d, "name": %q, "value_type": "proportion", "polarity": "low_is_good"%s}}`, ind.id, ind.name, topic)))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("Code,Year,N,D\n")
		for i, code := range codes {
			fmt.Fprintf(&b, "%s,2023,%d,1000\n", code, 100+i*7)
		}
		cat, err := srv.Store.NeedsCatalogue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		im := &importer.Importer{Catalogue: cat, Mapping: m}
		if _, err := srv.Store.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "topics.csv"}, cat,
			func(emit needs.Emit) (needs.Summary, error) {
				return im.Import(needs.FormatGeneric, "topics.csv", strings.NewReader(b.String()), emit)
			}); err != nil {
			t.Fatal(err)
		}
	}
	status, body, _ := needsGet(t, srv.Client(t), srv.URL+"/areas/E06000001/profile")
	if status != http.StatusOK {
		t.Fatalf("profile: %d", status)
	}
	for _, want := range []string{
		// The spine chart's key and its topic headings.
		"Range of areas, darker: middle half", ">England</text>", "Worst ← England → Best",
		`class="pb-chart__topic">Health improvement</text>`, `class="pb-chart__topic">Other indicators</text>`,
		// Its data table names each row's topic, England, the worst and best.
		`<th scope="col" class="govuk-table__header">Topic</th>`, "Worst (or lowest)", "Best (or highest)",
		// The indicators table's group headings.
		`id="profile-topic-0">Health improvement</th>`, `id="profile-topic-1">Other indicators</th>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	// Each indicator sits under its own heading.
	table := body[strings.Index(body, `id="profile-table"`):]
	h0, h1 := strings.Index(table, `id="profile-topic-0"`), strings.Index(table, `id="profile-topic-1"`)
	smoking, other := strings.Index(table, `data-indicator="990401"`), strings.Index(table, `data-indicator="990402"`)
	if !(h0 < smoking && smoking < h1 && h1 < other) {
		t.Errorf("rows not under their topics: headings at %d, %d; rows at %d, %d", h0, h1, smoking, other)
	}
}
