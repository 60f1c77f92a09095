package budgeting

import (
	"context"
	"errors"
	"testing"

	"github.com/placeboard/placeboard/internal/validation"
)

type fakePaperStore struct {
	codes map[string]int64 // code hash → pot
	in    map[string]bool  // postcode → inside the area
}

func (f fakePaperStore) PBCodePot(_ context.Context, _ int64, h string) (int64, error) {
	pot, ok := f.codes[h]
	if !ok {
		return 0, ErrUnknownCode
	}
	return pot, nil
}

func (f fakePaperStore) PostcodeInArea(_ context.Context, postcode, _, _ string) (bool, error) {
	return f.in[postcode], nil
}

func TestPaperSubmission(t *testing.T) {
	yes := true
	p := &Process{ID: 7, Salt: "salt", PotPence: 100000, BallotType: BallotApproval, MaxProjects: 2, UseCodes: true, UseAssisted: true,
		UseResidence: true, AreaType: "utla", AreaCode: "E06000001", MinAge: 16,
		Projects: []Project{{Code: "p1", CostPence: 40000, Feasible: &yes}, {Code: "p2", CostPence: 60000, Feasible: &yes}, {Code: "p3", CostPence: 1000, Feasible: &yes}}}
	st := fakePaperStore{codes: map[string]int64{CodeHash("salt", "ACDE-FGHJ-KMNP"): 0}, in: map[string]bool{"TS24 7AA": true}}
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		entry PaperEntry
		field string // validation error expected on this field
		rule  string // or this ballot rule
		err   error  // or this error
		ident string // or success, with this identity hash
		area  string
	}{
		{name: "code", entry: PaperEntry{Channel: ChannelPaper, Code: "acde fghj kmnp", Choices: Choices{Projects: []string{"p2", "p1"}}},
			ident: IdentityHash("salt", IdentityCode, "ACDE-FGHJ-KMNP")},
		{name: "unknown code", entry: PaperEntry{Channel: ChannelPaper, Code: "XXXX-XXXX-XXXX", Choices: Choices{Projects: []string{"p1"}}}, err: ErrUnknownCode},
		{name: "person in the area", entry: PaperEntry{Channel: ChannelAssisted, Name: "Ann  Example", DateOfBirth: "1960-01-02", Postcode: "TS24 7AA", AgeBand: "65-74",
			Choices: Choices{Projects: []string{"p3"}}}, ident: IdentityHash("salt", IdentityPerson, PersonKey("ann example", "1960-01-02", "ts247aa")), area: "E06000001"},
		{name: "person outside", entry: PaperEntry{Channel: ChannelAssisted, Name: "Ann", DateOfBirth: "1960-01-02", Postcode: "M1 1AD", Choices: Choices{Projects: []string{"p3"}}}, field: "postcode"},
		{name: "person without birth date", entry: PaperEntry{Channel: ChannelAssisted, Name: "Ann", Postcode: "TS24 7AA"}, field: "date_of_birth"},
		{name: "nobody", entry: PaperEntry{Channel: ChannelPaper}, field: "code"},
		{name: "bad channel", entry: PaperEntry{Channel: "fax", Code: "ACDE-FGHJ-KMNP"}, field: "channel"},
		{name: "too young", entry: PaperEntry{Channel: ChannelPaper, Code: "ACDE-FGHJ-KMNP", AgeBand: "12-15", Choices: Choices{Projects: []string{"p1"}}}, field: "age_band"},
		{name: "too many projects", entry: PaperEntry{Channel: ChannelPaper, Code: "ACDE-FGHJ-KMNP", Choices: Choices{Projects: []string{"p1", "p2", "p3"}}}, rule: RuleMaxProjects},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub, err := PaperSubmission(ctx, st, p, tc.entry)
			switch {
			case tc.field != "":
				v, ok := validation.As(err)
				if !ok || !v.Has(tc.field) {
					t.Fatalf("err %v, want a problem with %s", err, tc.field)
				}
			case tc.rule != "":
				if re, ok := AsRuleError(err); !ok || re.Rule != tc.rule {
					t.Fatalf("err %v, want rule %s", err, tc.rule)
				}
			case tc.err != nil:
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if sub.IdentityHash != tc.ident || sub.AreaCode != tc.area || sub.Channel != tc.entry.Channel || sub.ProcessID != 7 {
					t.Errorf("submission %+v", sub)
				}
			}
		})
	}
}
