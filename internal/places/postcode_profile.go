package places

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// ResidentAgeBands are the age bands a resident may give (or none). Voice analyses
// responses by them, so the list is fixed: it matches the ten-year bands
// of the Census, with the youngest starting at 16.
var ResidentAgeBands = []string{"16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"}

// ErrPostcodeNotFound: the postcode lookup has no such postcode.
var ErrPostcodeNotFound = errors.New("postcode not in the lookup")

// ResidentProfileInput is what a person gives about where they live: a
// postcode, or (when the lookup is not loaded or does not know the
// postcode) their district chosen by code from a list of names, and an age
// band. Every part is optional.
type ResidentProfileInput struct {
	Postcode     string
	DistrictCode string
	AgeBand      string
}

// ResidentProfile is the resolved profile stored with the account.
type ResidentProfile struct {
	Postcode     string
	LSOACode     string
	WardCode     string
	DistrictCode string
	AgeBand      string
}

// ProfileLookup is what ResolveResidentProfile needs: the postcode lookup
// (LookupPostcode returns an error matching ErrPostcodeNotFound for a
// postcode it does not have), whether one is loaded, and the districts
// people may choose. *store.Store satisfies it.
type ProfileLookup interface {
	LookupPostcode(ctx context.Context, postcode string) (PostcodeArea, error)
	PostcodesLoaded(ctx context.Context) (bool, error)
	IsDistrict(ctx context.Context, code string) (bool, error)
}

// ResolveResidentProfile checks a resident's profile and places them: a
// postcode the lookup knows gives its LSOA, ward and district (a district
// chosen as well is ignored); without a lookup, or for a postcode it does
// not know, the chosen district is used. A postcode the lookup does not
// know, with no district chosen, is an error on postcode asking for one.
// Problems are a *validation.Errors on postcode, district and age_band.
func ResolveResidentProfile(ctx context.Context, lk ProfileLookup, in ResidentProfileInput) (ResidentProfile, error) {
	var errs validation.Errors
	var out ResidentProfile
	band := strings.TrimSpace(in.AgeBand)
	if band != "" && !slices.Contains(ResidentAgeBands, band) {
		errs.Add("age_band", "Choose an age band from the list, or leave it blank")
	}
	out.AgeBand = band
	district := strings.ToUpper(strings.TrimSpace(in.DistrictCode))
	if district != "" {
		ok, err := lk.IsDistrict(ctx, district)
		if err != nil {
			return ResidentProfile{}, err
		}
		if !ok {
			errs.Add("district", "Choose your district from the list")
			district = ""
		}
	}
	if raw := strings.TrimSpace(in.Postcode); raw != "" {
		pc, err := NormalisePostcode(raw)
		if err != nil {
			errs.Add("postcode", "Enter a full UK postcode, like TS24 7AA, or leave it blank")
			return out, errs.Err()
		}
		out.Postcode = pc
		loaded, err := lk.PostcodesLoaded(ctx)
		if err != nil {
			return ResidentProfile{}, err
		}
		if loaded {
			area, err := lk.LookupPostcode(ctx, pc)
			switch {
			case err == nil:
				out.LSOACode, out.WardCode, out.DistrictCode = area.LSOA, area.Ward, area.District
				return out, errs.Err()
			case errors.Is(err, ErrPostcodeNotFound):
				if district == "" && !errs.Has("district") {
					errs.Add("postcode", "We could not find that postcode: check it, or choose your district from the list")
				}
			default:
				return ResidentProfile{}, err
			}
		}
	}
	out.DistrictCode = district
	return out, errs.Err()
}
