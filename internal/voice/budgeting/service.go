package budgeting

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors the doors turn into statuses.
var (
	// ErrAlreadyVoted: this person (code, account or officer-checked
	// identity) has a submitted ballot and may not replace it this way (409).
	ErrAlreadyVoted = errors.New("a ballot has already been submitted with this identity")
	// ErrNotOpen: the process is not taking ballots (409).
	ErrNotOpen = errors.New("voting is not open")
	// ErrUnknownCode: no such voting code for this process, or it was
	// voided by a reprint (422 on body.code).
	ErrUnknownCode = errors.New("this voting code is not valid for this process")
	// ErrNotEligible: the voter does not meet the process's eligibility
	// rules (403); the wrapped message says which.
	ErrNotEligible = errors.New("not eligible to vote in this process")
	// ErrNotCounted: the process has no result yet (409 before the close).
	ErrNotCounted = errors.New("the process has not been counted yet")
	// ErrNotDraft: the published rules are frozen once voting opens (409).
	ErrNotDraft = errors.New("the process is no longer a draft: its rules were published when voting opened")
	// ErrSameOfficer: a paper or assisted ballot must be checked by a
	// second officer, not the one who entered it (409).
	ErrSameOfficer = errors.New("a second officer must check this ballot")
)

// Submission is one ballot on its way to the store, already checked
// against the published rules. Only hashes of the voter's identity, code
// and receipt are in it.
type Submission struct {
	ProcessID int64
	PotID     int64
	// IdentityHash is IdentityHash(salt, kind, value).
	IdentityHash string
	// CodeHash is set when a voting code was given: the store checks it
	// exists and is not voided, in the ballot's transaction.
	CodeHash string
	Channel  string
	Choices  Choices
	// ReceiptHash is the new receipt's hash.
	ReceiptHash string
	// ReplaceAny lets a submitted ballot of the same identity be replaced
	// (signed-in residents); ReplaceReceiptHash lets it be replaced only
	// when it is the ballot with that receipt (a code holder proving it is
	// them). Otherwise a second ballot is ErrAlreadyVoted.
	ReplaceAny         bool
	ReplaceReceiptHash string
	AreaCode           string
	AgeBand            string
	EnteredBy          int64
	CheckedBy          int64
}

// Result is a closed process's count, any staff override, and the
// published anonymised ballots.
type Result struct {
	ProcessID  int64
	Rule       Rule
	Winners    []string // as counted
	TotalPence int64
	Outcome    Outcome
	ComputedAt string
	// Override: staff replaced the counted winners, for a reason shown
	// publicly.
	OverrideWinners []string
	OverrideReason  string
	OverriddenBy    int64
	OverriddenAt    string
	// BallotsPB is the anonymised ballots as a .pb file (the first pot's
	// when there are several: each pot's hash is in Outcome.Pots, and its
	// file is ExportPB of the stored ballots) and BallotsSHA256 its hash.
	BallotsPB     []byte
	BallotsSHA256 string
}

// Published is the winners as published: the override when there is one.
func (r *Result) Published() []string {
	if r.OverrideReason != "" {
		return r.OverrideWinners
	}
	return r.Winners
}

// PublishedTotalPence is the cost of the published winners.
func (r *Result) PublishedTotalPence(p *Process) int64 {
	if r.OverrideReason == "" {
		return r.TotalPence
	}
	var sum int64
	cost := map[string]int64{}
	for _, pr := range p.Projects {
		cost[pr.Code] = pr.CostPence
	}
	for _, w := range r.OverrideWinners {
		sum += cost[w]
	}
	return sum
}

// Proof is what a voter shows to vote: a voting code, or a signed-in
// account with its verified postcode and age band.
type Proof struct {
	Code     string
	UserID   int64
	Postcode string
	AgeBand  string // "16-24", "25-34", ..., "75+"
}

// BallotStore is what voting needs from the store.
type BallotStore interface {
	// PBProcessForVoting returns the process with its salt; the store may
	// cache it while voting is open (the rules are frozen then).
	PBProcessForVoting(ctx context.Context, id int64) (*Process, error)
	// PBCodePot returns the pot a code belongs to, ErrUnknownCode if none.
	PBCodePot(ctx context.Context, processID int64, codeHash string) (int64, error)
	// PostcodeArea reports whether the postcode lies in the area (via its
	// LSOA), for residence rules.
	PostcodeInArea(ctx context.Context, postcode, areaType, areaCode string) (bool, error)
	// SubmitPBBallot stores the ballot, returning only after its
	// transaction committed; ErrAlreadyVoted, ErrNotOpen, ErrUnknownCode.
	SubmitPBBallot(ctx context.Context, s Submission) error
}

// Vote checks a ballot against the process's published rules and the
// voter's eligibility, stores it, and returns the receipt once the ballot
// is durable. previousReceipt, when given with a code, replaces the
// ballot that receipt belongs to (a change of mind before the close).
func Vote(ctx context.Context, st BallotStore, processID int64, proof Proof, c Choices, previousReceipt string) (string, error) {
	p, err := st.PBProcessForVoting(ctx, processID)
	if err != nil {
		return "", err
	}
	if !p.Open() {
		return "", ErrNotOpen
	}
	sub := Submission{ProcessID: processID, AgeBand: proof.AgeBand}
	switch {
	case proof.Code != "":
		if !p.UseCodes {
			return "", fmt.Errorf("%w: this process does not use voting codes", ErrNotEligible)
		}
		sub.CodeHash = CodeHash(p.Salt, proof.Code)
		sub.IdentityHash = IdentityHash(p.Salt, IdentityCode, proof.Code)
		sub.Channel = ChannelCode
		if previousReceipt != "" {
			sub.ReplaceReceiptHash = ReceiptHash(previousReceipt)
		}
		if len(p.Pots) > 0 {
			if sub.PotID, err = st.PBCodePot(ctx, processID, sub.CodeHash); err != nil {
				return "", err
			}
		}
	case proof.UserID != 0:
		if !p.UseResidence {
			return "", fmt.Errorf("%w: this process takes ballots with a voting code only", ErrNotEligible)
		}
		pot, area, err := p.ResidentPot(ctx, st, proof.Postcode)
		if err != nil {
			return "", err
		}
		if !AgeAllowed(p.MinAge, proof.AgeBand) {
			return "", fmt.Errorf("%w: voters must be %d or over", ErrNotEligible, p.MinAge)
		}
		sub.PotID, sub.AreaCode = pot, area
		sub.IdentityHash = IdentityHash(p.Salt, IdentityUser, strconv.FormatInt(proof.UserID, 10))
		sub.Channel = ChannelOnline
		sub.ReplaceAny = true
	default:
		return "", fmt.Errorf("%w: give a voting code or sign in", ErrNotEligible)
	}
	if sub.Choices, err = p.CheckBallot(sub.PotID, c); err != nil {
		return "", err
	}
	receipt := NewReceipt()
	sub.ReceiptHash = ReceiptHash(receipt)
	if err := st.SubmitPBBallot(ctx, sub); err != nil {
		return "", err
	}
	return receipt, nil
}

// ResidentPot finds the pot of a resident's postcode (0 without pots) and
// the area it matched, or ErrNotEligible when it lies outside.
func (p *Process) ResidentPot(ctx context.Context, st interface {
	PostcodeInArea(ctx context.Context, postcode, areaType, areaCode string) (bool, error)
}, postcode string) (int64, string, error) {
	if strings.TrimSpace(postcode) == "" {
		return 0, "", fmt.Errorf("%w: add your postcode to your profile to vote", ErrNotEligible)
	}
	for _, pt := range p.Pots {
		in, err := st.PostcodeInArea(ctx, postcode, pt.AreaType, pt.AreaCode)
		if err != nil {
			return 0, "", err
		}
		if in {
			return pt.ID, pt.AreaCode, nil
		}
	}
	if len(p.Pots) == 0 && p.AreaCode != "" {
		in, err := st.PostcodeInArea(ctx, postcode, p.AreaType, p.AreaCode)
		if err != nil {
			return 0, "", err
		}
		if in {
			return 0, p.AreaCode, nil
		}
	}
	return 0, "", fmt.Errorf("%w: your postcode is outside the process's area", ErrNotEligible)
}

// AgeAllowed reports whether a declared age band ("16-24", "75+") meets a
// minimum age: the band's lowest age must reach it. Without a minimum
// everyone may vote; with one, an unknown band may not.
func AgeAllowed(minAge int, band string) bool {
	if minAge <= 0 {
		return true
	}
	lo := band
	if i := strings.IndexAny(band, "-+"); i >= 0 {
		lo = band[:i]
	}
	n, err := strconv.Atoi(strings.TrimSpace(lo))
	return err == nil && n >= minAge
}

// CountStore is what the count needs from the store.
type CountStore interface {
	PBProcess(ctx context.Context, id int64) (*Process, error)
	// PBBallots lists the submitted ballots in an order unrelated to the
	// time they were cast.
	PBBallots(ctx context.Context, processID int64) ([]CastBallot, error)
	SavePBResult(ctx context.Context, r *Result) error
}

// Recount counts a closed process's ballots with internal/pb, exports them
// as a .pb file and stores the result (a staff override already recorded
// is kept). now is the time recorded.
func Recount(ctx context.Context, st CountStore, processID int64, now string) (*Result, error) {
	p, err := st.PBProcess(ctx, processID)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusClosed {
		return nil, ErrNotCounted
	}
	ballots, err := st.PBBallots(ctx, processID)
	if err != nil {
		return nil, err
	}
	out, err := p.Count(ballots)
	if err != nil {
		return nil, err
	}
	var file []byte
	var sum string
	for i, potID := range p.PotIDs() {
		f, h, err := p.ExportPB(potID, ballots)
		if err != nil {
			return nil, err
		}
		out.Pots[i].BallotsSHA256 = h
		if i == 0 {
			file, sum = f, h
		}
	}
	r := &Result{ProcessID: processID, Rule: p.Rule, Winners: out.Winners, TotalPence: out.TotalPence, Outcome: *out,
		ComputedAt: now, BallotsPB: file, BallotsSHA256: sum}
	if err := st.SavePBResult(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}
