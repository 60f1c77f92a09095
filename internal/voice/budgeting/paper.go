package budgeting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/validation"
)

// PaperEntry is a paper or assisted ballot as an officer types it in: the
// voter's code when the paper came with one, or else who the officer saw
// in person (name, date of birth, postcode; only a salted hash is kept).
type PaperEntry struct {
	Channel     string // ChannelPaper or ChannelAssisted
	Code        string
	Name        string
	DateOfBirth string // YYYY-MM-DD
	Postcode    string
	AgeBand     string
	Choices     Choices
}

// PaperStore is what entering a paper ballot reads.
type PaperStore interface {
	PBCodePot(ctx context.Context, processID int64, codeHash string) (int64, error)
	PostcodeInArea(ctx context.Context, postcode, areaType, areaCode string) (bool, error)
}

// PaperSubmission checks a paper or assisted ballot (the voter's identity,
// its pot, the published rules) and returns what the store keeps while it
// waits for the second officer. Problems are *validation.Errors naming
// the field (code, name, date_of_birth, postcode), ErrUnknownCode, or a
// *RuleError naming the ballot rule broken.
func PaperSubmission(ctx context.Context, st PaperStore, p *Process, e PaperEntry) (Submission, error) {
	sub := Submission{ProcessID: p.ID, Channel: e.Channel, AgeBand: e.AgeBand}
	var v validation.Errors
	if e.Channel != ChannelPaper && e.Channel != ChannelAssisted {
		v.Add("channel", "choose paper or assisted")
	}
	code := strings.TrimSpace(e.Code)
	switch {
	case code != "":
		sub.IdentityHash = IdentityHash(p.Salt, IdentityCode, code)
		pot, err := st.PBCodePot(ctx, p.ID, CodeHash(p.Salt, code))
		if err != nil {
			return Submission{}, err
		}
		sub.PotID = pot
	case strings.TrimSpace(e.Name) != "" || strings.TrimSpace(e.DateOfBirth) != "" || strings.TrimSpace(e.Postcode) != "":
		if !p.UseAssisted {
			v.Add("code", "this process takes paper ballots with a voting code only")
			return Submission{}, v.Err()
		}
		v.Required("name", e.Name, "the voter's name")
		v.Required("date_of_birth", e.DateOfBirth, "the voter's date of birth")
		v.Required("postcode", e.Postcode, "the voter's postcode")
		if err := v.Err(); err != nil {
			return Submission{}, err
		}
		sub.IdentityHash = IdentityHash(p.Salt, IdentityPerson, PersonKey(e.Name, e.DateOfBirth, e.Postcode))
		if len(p.Pots) > 0 || p.UseResidence {
			pot, area, err := p.ResidentPot(ctx, st, e.Postcode)
			if errors.Is(err, ErrNotEligible) {
				v.Add("postcode", strings.TrimPrefix(err.Error(), ErrNotEligible.Error()+": "))
				return Submission{}, v.Err()
			}
			if err != nil {
				return Submission{}, err
			}
			sub.PotID, sub.AreaCode = pot, area
		}
	default:
		v.Add("code", "enter the voter's code, or their name, date of birth and postcode")
	}
	if err := v.Err(); err != nil {
		return Submission{}, err
	}
	if !AgeAllowed(p.MinAge, e.AgeBand) && e.AgeBand != "" {
		v.Add("age_band", fmt.Sprintf("voters must be %d or over", p.MinAge))
		return Submission{}, v.Err()
	}
	c, err := p.CheckBallot(sub.PotID, e.Choices)
	if err != nil {
		return Submission{}, err
	}
	sub.Choices = c
	return sub, nil
}
