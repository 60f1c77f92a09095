package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/placeboard/placeboard/internal/needs"
)

// xlsxBomb builds a valid workbook whose one sheet's XML inflates to
// inflated bytes, about 1000 times the file's size.
func xlsxBomb(t *testing.T, inflated int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	io.WriteString(w, head)
	// A header row, then whitespace (legal between rows), which deflate
	// packs about 1000:1.
	row := `<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c></row>`
	io.WriteString(w, row)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := int64(len(head) + len(row)); n < inflated; n += int64(len(chunk)) {
		w.Write(chunk)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// peakRSS is the process's peak resident memory (VmHWM) in bytes, or 0
// where /proc is missing.
func peakRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// A 2 MB workbook that inflates to 2 GB is refused from its zip directory,
// with a message naming the limit, and memory stays far below 300 MB.
func TestXLSXBombRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2 GB zip bomb")
	}
	bomb := xlsxBomb(t, 2<<30)
	t.Logf("bomb: %d bytes", len(bomb))
	if len(bomb) > 4<<20 {
		t.Fatalf("bomb is %d bytes; want about 2 MB", len(bomb))
	}
	m, err := ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "value": "Value"}, "indicator": {"id": 990300, "name": "Bomb"}}`))
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	im := &Importer{Catalogue: needs.NewCatalogue(nil), Mapping: m}
	_, err = im.Import(needs.FormatGeneric, "bomb.xlsx", bytes.NewReader(bomb), func(int, needs.DataPoint) error {
		t.Fatal("a row of the bomb was emitted")
		return nil
	})
	ie, ok := needs.AsImportError(err)
	if !ok || len(ie.Errors) == 0 {
		t.Fatalf("bomb not refused as a file problem: %v", err)
	}
	msg := ie.Errors[0].Message
	if !strings.Contains(msg, "unzips to 2048.0 MB") || !strings.Contains(msg, "limit") {
		t.Errorf("message does not name the size and the limit: %q", msg)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	const budget = 300 << 20
	if ms.Sys > budget {
		t.Errorf("Go runtime took %d MB from the OS, over 300 MB", ms.Sys>>20)
	}
	if rss := peakRSS(); rss > budget {
		t.Errorf("peak resident memory %d MB, over 300 MB", rss>>20)
	} else {
		t.Logf("runtime Sys %d MB, peak RSS %d MB", ms.Sys>>20, rss>>20)
	}

	// The limit holds without the directory check too: excelize's own
	// UnzipSizeLimit, as the importer sets it, refuses the bomb.
	if _, err := excelize.OpenReader(bytes.NewReader(bomb), excelize.Options{UnzipSizeLimit: DefaultXLSXLimits.UnzipSize,
		UnzipXMLSizeLimit: DefaultXLSXLimits.UnzipXML}); err == nil || !strings.Contains(err.Error(), "unzip size") {
		t.Errorf("excelize with the importer's options opened the bomb: %v", err)
	}
}

// A workbook within the limits still imports.
func TestXLSXWithinLimits(t *testing.T) {
	small := xlsxBomb(t, 1<<20) // 1 MB of XML: about 1000:1, refused as a bomb by ratio
	if msg := checkXLSX(small, DefaultXLSXLimits); !strings.Contains(msg, "zip bomb") {
		t.Errorf("1000:1 workbook: %q", msg)
	}
	if msg := checkXLSX(small, XLSXLimits{UnzipSize: 2 << 20, Ratio: 10_000}); msg != "" {
		t.Errorf("within limits refused: %q", msg)
	}
}
