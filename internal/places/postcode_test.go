package places

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

func TestNormalisePostcode(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"TS24 7AA", "TS24 7AA"},
		{"ts247aa", "TS24 7AA"},
		{"  ts24   7aa ", "TS24 7AA"},
		{"M1 1AD", "M1 1AD"},
		{"M1  1AD", "M1 1AD"},
		{"SE1P5ZZ", "SE1P 5ZZ"},
		{"AB169WN", "AB16 9WN"},
		{"W1A 0AX", "W1A 0AX"},
		{"gir0aa", "GIR 0AA"},
		{"EC1A\u00a01BB", "EC1A 1BB"},
	} {
		got, err := NormalisePostcode(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "TS24", "7AA", "TS24 7A", "TS24 77A", "1S24 7AA", "TS24-7AA", "TS24 7AA X", "ＴＳ24 7AA", "TS24 7ÅA", strings.Repeat("A", 30)} {
		if got, err := NormalisePostcode(bad); !errors.Is(err, ErrBadPostcode) {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want ErrBadPostcode", bad, got, err)
		}
	}
}

func readFixture(t *testing.T) []PostcodeArea {
	t.Helper()
	f, err := os.Open("testdata/onspd_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []PostcodeArea
	n, err := ReadPostcodeLookup(f, func(a PostcodeArea) error { got = append(got, a); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if n != len(got) {
		t.Fatalf("read %d rows, handed on %d", n, len(got))
	}
	return got
}

// The fixture is 24 real ONSPD rows (testdata/README.md): columns are found
// by header, 2021 LSOAs preferred, 2011 ones where a Scottish row has none,
// and pseudo-codes blanked.
func TestReadPostcodeLookupFixture(t *testing.T) {
	got := readFixture(t)
	if len(got) != 24 {
		t.Fatalf("read %d postcodes, want 24", len(got))
	}
	want := map[string]PostcodeArea{
		"M1 1AD":   {Postcode: "M1 1AD", LSOA: "E01033658", Ward: "E05011361", District: "E08000003"},
		"M11 1AA":  {Postcode: "M11 1AA", LSOA: "E01034113", Ward: "E05011359", District: "E08000003"},
		"SE1P 5ZZ": {Postcode: "SE1P 5ZZ", LSOA: "E01003979", Ward: "E05011104", District: "E09000028"},
		"AB1 0AA":  {Postcode: "AB1 0AA", LSOA: "S01006514", Ward: "S13002843", District: "S12000033"},
		"AB16 9WN": {Postcode: "AB16 9WN", LSOA: "S01006563", Ward: "S13002841", District: "S12000033"},
		"JE2 4WD":  {Postcode: "JE2 4WD"},
	}
	seen := 0
	for _, a := range got {
		if w, ok := want[a.Postcode]; ok {
			seen++
			if a != w {
				t.Errorf("%s: got %+v, want %+v", a.Postcode, a, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d postcodes checked", seen, len(want))
	}
}

func TestReadPostcodeLookupHeaders(t *testing.T) {
	// NSPL-style names with a year in them, a byte-order mark, any case.
	in := "\ufeffPCDS,LSOA21CD,WD24CD,LAD24CD\nM1 1AD,E01033658,E05011361,E08000003\n"
	var got []PostcodeArea
	if _, err := ReadPostcodeLookup(strings.NewReader(in), func(a PostcodeArea) error { got = append(got, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != (PostcodeArea{"M1 1AD", "E01033658", "E05011361", "E08000003"}) {
		t.Fatalf("got %+v", got)
	}
}

func TestReadPostcodeLookupBadInput(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []validation.FieldError
	}{
		{"empty", "", []validation.FieldError{{Field: "file", Row: 1}}},
		{"no district column", "pcds,lsoa21,osward\nM1 1AD,E01033658,E05011361\n", []validation.FieldError{{Field: "district", Row: 1}}},
		{"header only", "pcds,lsoa21,osward,oslaua\n", []validation.FieldError{{Field: "file", Row: 2}}},
		{"bad postcode and bad code", "pcds,lsoa21,osward,oslaua\nM1 1AD,E01033658,E05011361,E08000003\nNOT A PC,E01033658,E05011361,E08000003\nM11 1AA,E0103,E05011359,E08000003\n",
			[]validation.FieldError{{Field: "pcds", Row: 3}, {Field: "lsoa21", Row: 4}}},
		{"broken quoting", "pcds,lsoa21,osward,oslaua\n\"M1 1AD,E01033658,E05011361,E08000003\n", []validation.FieldError{{Field: "file", Row: 2}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			handed := 0
			_, err := ReadPostcodeLookup(strings.NewReader(c.in), func(PostcodeArea) error { handed++; return nil })
			ve, ok := validation.As(err)
			if !ok {
				t.Fatalf("err = %v, want field errors", err)
			}
			if len(ve.Fields) != len(c.want) {
				t.Fatalf("errors %+v, want %d", ve.Fields, len(c.want))
			}
			for i, w := range c.want {
				if ve.Fields[i].Field != w.Field || ve.Fields[i].Row != w.Row || ve.Fields[i].Message == "" {
					t.Errorf("error %d = %+v, want field %s row %d", i, ve.Fields[i], w.Field, w.Row)
				}
			}
			if handed > 1 {
				t.Errorf("%d rows handed on despite errors", handed)
			}
		})
	}
}

func TestReadPostcodeLookupStopsAfterMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("pcds,lsoa21,osward,oslaua\n")
	for range 100 {
		b.WriteString("bad,E01033658,E05011361,E08000003\n")
	}
	rows, err := ReadPostcodeLookup(strings.NewReader(b.String()), func(PostcodeArea) error { return nil })
	ve, ok := validation.As(err)
	if !ok || len(ve.Fields) != MaxPostcodeErrors || rows != MaxPostcodeErrors {
		t.Fatalf("rows %d, err %v", rows, err)
	}
}

func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"TS24 7AA", "ts247aa", "GIR 0AA", "SE1P 5ZZ", "", "TS24", "\xff", "M1  1AD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalisePostcode(s)
		if err != nil {
			return
		}
		// A normalised postcode normalises to itself, and has one space.
		again, err := NormalisePostcode(got)
		if err != nil || again != got || strings.Count(got, " ") != 1 || len(got) > 8 {
			t.Fatalf("NormalisePostcode(%q) = %q; again %q, %v", s, got, again, err)
		}
	})
}

func FuzzReadPostcodeLookup(f *testing.F) {
	fixture, err := os.ReadFile("testdata/onspd_sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(fixture))
	f.Add("pcds,lsoa21,osward,oslaua\nM1 1AD,E01033658,E05011361,E08000003\n")
	f.Add("pcd,lsoa11,ward,laua\n\"AB1 0AA\",S99999999,,S12000033\n")
	f.Add("pcds,lsoa21,osward,oslaua\n\"x")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		n := 0
		rows, err := ReadPostcodeLookup(strings.NewReader(in), func(a PostcodeArea) error {
			n++
			if p, err := NormalisePostcode(a.Postcode); err != nil || p != a.Postcode {
				t.Fatalf("handed on postcode %q", a.Postcode)
			}
			for _, c := range []string{a.LSOA, a.Ward, a.District} {
				if c != "" && !gssCode.MatchString(c) {
					t.Fatalf("handed on code %q", c)
				}
			}
			return nil
		})
		if err == nil && n != rows {
			t.Fatalf("no error but %d of %d rows handed on", n, rows)
		}
		if err != nil {
			if _, ok := validation.As(err); !ok {
				t.Fatalf("error is not field errors: %v", err)
			}
		}
	})
}
