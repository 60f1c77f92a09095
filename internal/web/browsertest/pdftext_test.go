package browsertest

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// A small PDF text reader, enough for the PDFs Chromium prints (Skia: no
// object streams, Flate-compressed content, fonts with ToUnicode CMaps and
// two-byte glyph codes written as hex strings). It gives each page's text
// in drawing order, a space between text objects, for tests to search.

var (
	pdfObjRE    = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	pdfStreamRE = regexp.MustCompile(`(?s)^(.*?)stream\r?\n(.*)\r?\nendstream`)
	pdfFontRE   = regexp.MustCompile(`/(F\d+|[A-Za-z]+\d*) (\d+) 0 R`)
	pdfToUniRE  = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
	pdfFontsRE  = regexp.MustCompile(`(?s)/Font\s*<<(.*?)>>`)
	pdfPageRE   = regexp.MustCompile(`/Type\s*/Page\b`)
	pdfContRE   = regexp.MustCompile(`/Contents (\d+) 0 R`)
	pdfHexRE    = regexp.MustCompile(`<([0-9A-Fa-f\s]*)>`)
	pdfBfchar   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfBfrange  = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfTokenRE  = regexp.MustCompile(`(?s)/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bET\b`)
)

type pdfObject struct {
	dict   string
	stream []byte
}

func pdfObjects(pdf []byte) map[string]pdfObject {
	objs := map[string]pdfObject{}
	for _, m := range pdfObjRE.FindAllSubmatch(pdf, -1) {
		o := pdfObject{dict: string(m[2])}
		if sm := pdfStreamRE.FindSubmatch(m[2]); sm != nil {
			o.dict = string(sm[1])
			o.stream = sm[2]
			if strings.Contains(o.dict, "/FlateDecode") {
				if r, err := zlib.NewReader(bytes.NewReader(sm[2])); err == nil {
					if b, err := io.ReadAll(r); err == nil || len(b) > 0 {
						o.stream = b
					}
				}
			}
		}
		objs[string(m[1])] = o
	}
	return objs
}

// pdfCMap reads a ToUnicode CMap's bfchar and bfrange entries.
func pdfCMap(b []byte) map[uint32]string {
	out := map[uint32]string{}
	s := string(b)
	utf := func(h string) string {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw)%2 != 0 {
			return ""
		}
		u := make([]uint16, len(raw)/2)
		for i := range u {
			u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	for _, blk := range regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`).FindAllStringSubmatch(s, -1) {
		for _, m := range pdfBfrange.FindAllStringSubmatch(blk[1], -1) {
			lo, _ := strconv.ParseUint(m[1], 16, 32)
			hi, _ := strconv.ParseUint(m[2], 16, 32)
			dst, _ := strconv.ParseUint(m[3], 16, 32)
			for c := lo; c <= hi && c-lo < 65536; c++ {
				out[uint32(c)] = string(rune(dst + (c - lo)))
			}
		}
	}
	for _, blk := range regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`).FindAllStringSubmatch(s, -1) {
		for _, m := range pdfBfchar.FindAllStringSubmatch(blk[1], -1) {
			c, _ := strconv.ParseUint(m[1], 16, 32)
			out[uint32(c)] = utf(m[2])
		}
	}
	return out
}

// pdfPagesText returns the text of each page.
func pdfPagesText(pdf []byte) []string {
	objs := pdfObjects(pdf)
	// Font resource names to their ToUnicode maps (Skia names fonts the
	// same way on every page).
	cmaps := map[string]map[uint32]string{}
	for _, o := range objs {
		for _, fm := range pdfFontsRE.FindAllStringSubmatch(o.dict, -1) {
			for _, f := range pdfFontRE.FindAllStringSubmatch(fm[1], -1) {
				font, ok := objs[f[2]]
				if !ok {
					continue
				}
				if tu := pdfToUniRE.FindStringSubmatch(font.dict); tu != nil {
					cmaps[f[1]] = pdfCMap(objs[tu[1]].stream)
				}
			}
		}
	}
	var pages []string
	for i := 1; i <= len(objs)+1; i++ {
		o, ok := objs[strconv.Itoa(i)]
		if !ok || !pdfPageRE.MatchString(o.dict) || strings.Contains(o.dict, "/Type /Pages") {
			continue
		}
		var text strings.Builder
		for _, c := range pdfContRE.FindAllStringSubmatch(o.dict, -1) {
			var cmap map[uint32]string
			decode := func(h string) {
				raw, err := hex.DecodeString(strings.Join(strings.Fields(h), ""))
				if err != nil {
					return
				}
				for j := 0; j+1 < len(raw); j += 2 {
					if s, ok := cmap[uint32(raw[j])<<8|uint32(raw[j+1])]; ok {
						text.WriteString(s)
					}
				}
			}
			for _, m := range pdfTokenRE.FindAllStringSubmatch(string(objs[c[1]].stream), -1) {
				switch {
				case m[1] != "":
					cmap = cmaps[m[1]]
				case m[2] != "":
					for _, h := range pdfHexRE.FindAllStringSubmatch(m[2], -1) {
						decode(h[1])
					}
				case m[3] != "":
					decode(m[3])
				default: // ET: the end of a text object
					text.WriteString(" ")
				}
			}
		}
		pages = append(pages, text.String())
	}
	return pages
}
