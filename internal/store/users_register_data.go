package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
)

// A person's data download (GET /account/data) is put together from
// sections, one per module. Each module's store file registers its own
// section from init() with RegisterPersonalData (Voice: responses,
// proposals, comments; PB: ballots), so the download grows with the
// modules without this file knowing them.

// PersonalDataFunc returns one section of a person's data, ready for JSON
// (nil to leave the section out). It reads only that person's rows.
type PersonalDataFunc func(ctx context.Context, s *Store, userID int64) (any, error)

var personalData = struct {
	sync.Mutex
	names []string
	funcs map[string]PersonalDataFunc
}{funcs: map[string]PersonalDataFunc{}}

// RegisterPersonalData adds a section named name to every person's data
// download. Call it from init(); a name may be registered once.
func RegisterPersonalData(name string, fn PersonalDataFunc) {
	personalData.Lock()
	defer personalData.Unlock()
	if _, dup := personalData.funcs[name]; dup {
		panic("store: personal data section " + name + " registered twice")
	}
	personalData.names = append(personalData.names, name)
	personalData.funcs[name] = fn
}

// PersonalDataSections lists the registered section names, in order.
func PersonalDataSections() []string {
	personalData.Lock()
	defer personalData.Unlock()
	return append([]string(nil), personalData.names...)
}

// PersonalData returns everything the sections hold about userID, keyed
// by section name (ErrNotFound for no such account).
func (s *Store) PersonalData(ctx context.Context, userID int64) (_ map[string]any, err error) {
	defer wrapOp(&err, "personal data")
	if _, err := s.GetUser(ctx, userID); err != nil {
		return nil, err
	}
	personalData.Lock()
	names := append([]string(nil), personalData.names...)
	funcs := personalData.funcs
	personalData.Unlock()
	out := map[string]any{}
	for _, name := range names {
		v, err := funcs[name](ctx, s, userID)
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", name, err)
		}
		if v != nil {
			out[name] = v
		}
	}
	return out, nil
}

// The account's own sections.

type accountData struct {
	ID               int64   `json:"id"`
	Email            string  `json:"email"`
	Name             string  `json:"name"`
	CreatedAt        string  `json:"created_at"`
	EmailConfirmedAt *string `json:"email_confirmed_at"`
	Admin            bool    `json:"global_administrator"`
	NationalAnalyst  bool    `json:"national_analyst"`
	Disabled         bool    `json:"disabled"`
	TwoStepSignIn    bool    `json:"two_step_sign_in"`
}

type profileData struct {
	Postcode     string `json:"postcode"`
	LSOACode     string `json:"lsoa_code"`
	WardCode     string `json:"ward_code"`
	DistrictCode string `json:"district_code"`
	AgeBand      string `json:"age_band"`
}

type roleData struct {
	PartnershipID   int64  `json:"partnership_id"`
	PartnershipName string `json:"partnership_name"`
	Role            string `json:"role"`
}

type sessionData struct {
	CreatedAt     string `json:"created_at"`
	LastSeenAt    string `json:"last_seen_at"`
	ExpiresAt     string `json:"expires_at"`
	ClientAddress string `json:"client_address"`
	UserAgent     string `json:"user_agent"`
}

func init() {
	RegisterPersonalData("account", func(ctx context.Context, s *Store, userID int64) (any, error) {
		u, err := s.GetUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		twoStep, err := s.HasSecondFactor(ctx, userID)
		if err != nil {
			return nil, err
		}
		a := accountData{ID: u.ID, Email: u.Email, Name: u.Name, CreatedAt: audit.FormatTime(u.CreatedAt), Admin: u.Admin,
			NationalAnalyst: u.NationalAnalyst, Disabled: u.Disabled, TwoStepSignIn: twoStep}
		if u.EmailConfirmedAt != nil {
			at := audit.FormatTime(*u.EmailConfirmedAt)
			a.EmailConfirmedAt = &at
		}
		return a, nil
	})
	RegisterPersonalData("profile", func(ctx context.Context, s *Store, userID int64) (any, error) {
		u, err := s.GetUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		return profileData{Postcode: u.Postcode, LSOACode: u.LSOACode, WardCode: u.WardCode, DistrictCode: u.DistrictCode, AgeBand: u.AgeBand}, nil
	})
	RegisterPersonalData("roles", func(ctx context.Context, s *Store, userID int64) (any, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT r.partnership_id, p.name, r.role FROM user_roles r JOIN partnerships p ON p.id = r.partnership_id
			WHERE r.user_id = $1 ORDER BY r.partnership_id`, userID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []roleData{}
		for rows.Next() {
			var r roleData
			if err := rows.Scan(&r.PartnershipID, &r.PartnershipName, &r.Role); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	})
	RegisterPersonalData("sessions", func(ctx context.Context, s *Store, userID int64) (any, error) {
		sessions, err := s.UserSessions(ctx, userID)
		if err != nil {
			return nil, err
		}
		out := []sessionData{}
		for _, x := range sessions {
			out = append(out, sessionData{CreatedAt: x.CreatedAt.UTC().Format(time.RFC3339), LastSeenAt: x.LastSeenAt.UTC().Format(time.RFC3339),
				ExpiresAt: x.ExpiresAt.UTC().Format(time.RFC3339), ClientAddress: x.ClientAddress, UserAgent: x.UserAgent})
		}
		return out, nil
	})
}
