// Package jobstest gives the job and load tests generated indicator files
// and confirmed uploads.
package jobstest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// Mapping maps GeneratedCSV's columns to indicator 990100, a proportion.
const Mapping = `{"columns": {"area_code": "Code", "period": "Year", "count": "Numerator", "denominator": "Denominator"},
	"indicator": {"id": 990100, "name": "Generated", "value_type": "proportion"}}`

// GeneratedCSV is a generic file of rows: areas (E00000000 on) × ten
// years, with counts and denominators. Salt changes the counts, so two
// files with different salts replace each other's values.
func GeneratedCSV(rows, salt int) []byte {
	var b strings.Builder
	b.Grow(rows * 28)
	b.WriteString("Code,Year,Numerator,Denominator\n")
	for i := 0; i < rows; i++ {
		d := 1000 + (i*7919)%99000
		fmt.Fprintf(&b, "E%08d,%d,%d,%d\n", i/10, 2013+i%10, (i*104729+salt)%(d/10+1), d)
	}
	return []byte(b.String())
}

// ConfirmedUpload keeps data as a previewed, then confirmed, generic
// upload of user 1 and returns its token. The preview's summary is parsed
// here as the web preview does.
func ConfirmedUpload(t testing.TB, st *store.Store, token string, data []byte) string {
	t.Helper()
	ctx := context.Background()
	m, err := importer.ParseMapping(strings.NewReader(Mapping))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := st.NeedsCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat, Mapping: m}
	sum, err := im.Import(needs.FormatGeneric, "generated.csv", strings.NewReader(string(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	up := needs.Upload{Token: token, UserID: 1, UserName: "analyst@example.test", FileName: "generated.csv", Format: needs.FormatGeneric,
		Mapping: Mapping, Summary: sum}
	if err := st.CreateIndicatorUpload(ctx, up, data, needs.UploadLimits{}); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.QueueIndicatorUpload(ctx, token, 1); err != nil || !ok {
		t.Fatalf("queue upload: %v %v", ok, err)
	}
	return token
}
