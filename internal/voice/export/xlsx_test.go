package export

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	header := []string{"response_id", "Q1 Why?"}
	rows := [][]string{{"1", "=HYPERLINK(\"x\")"}, {"2", "Buses\x00 stop"}}
	if err := WriteXLSX(&buf, "Responses", header, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Responses")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0][1] != "Q1 Why?" || got[2][1] != "Buses stop" {
		t.Fatalf("rows %q", got)
	}
	if formula, _ := f.GetCellFormula("Responses", "B2"); formula != "" {
		t.Fatalf("respondent text became a formula: %q", formula)
	}
	if got[1][1] != "=HYPERLINK(\"x\")" {
		t.Fatalf("text changed: %q", got[1][1])
	}
}
