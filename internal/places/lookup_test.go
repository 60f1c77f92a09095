package places

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestChooseArea(t *testing.T) {
	unitaryU := Area{Type: AreaUTLA, Code: "E06000001"}
	unitaryL := Area{Type: AreaLTLA, Code: "E06000001"}
	icb := Area{Type: AreaICB, Code: "E54000050"}
	stp := Area{Type: AreaSTP, Code: "E54000050"}
	region := Area{Type: AreaRegion, Code: "E12000001"}
	for _, tt := range []struct {
		name       string
		found      []Area
		code       string
		want       AreaType
		chosen     AreaType
		others     string
		wantsFound bool
	}{
		{"unitary council reads as upper tier", []Area{unitaryL, unitaryU}, "E06000001", "", AreaUTLA, "ltla", true},
		{"unitary council asked as district", []Area{unitaryU, unitaryL}, "E06000001", AreaLTLA, AreaLTLA, "utla", true},
		{"shared E54 code reads as the 2022 ICB", []Area{stp, icb}, "E54000050", "", AreaICB, "stp", true},
		{"shared E54 code asked as footprint", []Area{stp, icb}, "E54000050", AreaSTP, AreaSTP, "icb", true},
		{"region alone", []Area{region}, "E12000001", "", AreaRegion, "", true},
		{"type that the code does not have", []Area{region}, "E12000001", AreaUTLA, "", "", false},
		{"nothing found", nil, "E06000099", "", "", "", false},
		{"another code's areas are ignored", []Area{region}, "E06000001", "", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, others, ok := ChooseArea(tt.found, tt.code, tt.want)
			if ok != tt.wantsFound {
				t.Fatalf("ok = %v, want %v", ok, tt.wantsFound)
			}
			if !ok {
				return
			}
			var o []string
			for _, t := range others {
				o = append(o, string(t))
			}
			if got.Type != tt.chosen || strings.Join(o, ",") != tt.others {
				t.Errorf("chose %s with others %v, want %s with %q", got.Type, o, tt.chosen, tt.others)
			}
		})
	}
}

type fakeFinder []Area

func (f fakeFinder) AreasByCode(_ context.Context, codes []string) ([]Area, error) {
	var out []Area
	for _, a := range f {
		for _, c := range codes {
			if a.Code == c {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func TestFindArea(t *testing.T) {
	f := fakeFinder{{Type: AreaUTLA, Code: "E06000001", Name: "Hartlepool"}, {Type: AreaLTLA, Code: "E06000001", Name: "Hartlepool"}}
	a, _, err := FindArea(context.Background(), f, " e06000001 ", "")
	if err != nil || a.Type != AreaUTLA {
		t.Errorf("typed by hand: %+v, %v", a, err)
	}
	if _, _, err := FindArea(context.Background(), f, "E06000002", ""); !errors.Is(err, ErrNoArea) {
		t.Errorf("unknown code: %v, want ErrNoArea", err)
	}
	if _, _, err := FindArea(context.Background(), f, "E06000001", "planet"); !errors.Is(err, ErrNoArea) {
		t.Errorf("unknown type: %v, want ErrNoArea", err)
	}
}
