package places

import (
	"strings"
	"testing"
)

func TestParseOrganisationCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantOrgs int
		wantErrs []OrgCSVProblem // Row and Column checked
	}{
		{
			name:     "good rows",
			in:       "name,kind,ods_code,area_codes\nNorth Tees NHS Trust,nhs_trust,rvw,E06000001;E06000004\nCleveland Police,police,,E06000001\n",
			wantOrgs: 2,
		},
		{
			name:     "rows numbered by file line, blank lines counted",
			in:       "name,kind\nA,police\n\nB,spaceship\n",
			wantOrgs: 2,
			wantErrs: []OrgCSVProblem{{Row: 4, Column: "kind"}},
		},
		{
			name:     "byte order mark and blank line",
			in:       "\ufeffname,kind\nHartlepool Borough Council,council_upper\n\n",
			wantOrgs: 1,
		},
		{
			name:     "bad kind and ODS code name row and column",
			in:       "name,kind,ods_code\nA,nhs_trust,RVW\nB,spaceship,\nC,police,not a code\n",
			wantOrgs: 3,
			wantErrs: []OrgCSVProblem{{Row: 3, Column: "kind"}, {Row: 4, Column: "ods_code"}},
		},
		{
			name:     "missing name",
			in:       "name,kind\n,voluntary\n",
			wantOrgs: 1,
			wantErrs: []OrgCSVProblem{{Row: 2, Column: "name"}},
		},
		{
			name:     "unknown column",
			in:       "name,kind,colour\nA,police,red\n",
			wantErrs: []OrgCSVProblem{{Row: 1, Column: "colour"}},
		},
		{
			name:     "no kind column",
			in:       "name\nA\n",
			wantErrs: []OrgCSVProblem{{Row: 1, Column: "kind"}},
		},
		{
			name:     "empty file",
			in:       "",
			wantErrs: []OrgCSVProblem{{Row: 1}},
		},
		{
			name:     "header only",
			in:       "name,kind\n",
			wantErrs: []OrgCSVProblem{{Row: 2}},
		},
		{
			name:     "too many values",
			in:       "name,kind\nA,police,extra\n",
			wantErrs: []OrgCSVProblem{{Row: 2}},
		},
		{
			name:     "unterminated quote",
			in:       "name,kind\n\"A,police\n",
			wantErrs: []OrgCSVProblem{{Row: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orgs, errs := ParseOrganisationCSV(strings.NewReader(tt.in))
			if len(orgs) != tt.wantOrgs {
				t.Errorf("got %d organisations, want %d", len(orgs), tt.wantOrgs)
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("got errors %+v, want %d", errs, len(tt.wantErrs))
			}
			for i, want := range tt.wantErrs {
				if errs[i].Row != want.Row || errs[i].Column != want.Column {
					t.Errorf("error %d = row %d column %q (%s), want row %d column %q", i, errs[i].Row, errs[i].Column, errs[i].Message, want.Row, want.Column)
				}
				if errs[i].Message == "" {
					t.Errorf("error %d has no message", i)
				}
			}
		})
	}
	// Normalisation reaches the parsed values.
	orgs, _ := ParseOrganisationCSV(strings.NewReader("name,kind,ods_code,area_codes\n  Trust ,nhs_trust, rvw ,e06000001; E06000004\n"))
	if len(orgs) != 1 || orgs[0].Organisation.Name != "Trust" || orgs[0].Organisation.ODSCode != "RVW" || strings.Join(orgs[0].Organisation.AreaCodes, ",") != "E06000001,E06000004" {
		t.Errorf("parsed %+v", orgs)
	}
}

func FuzzParseOrganisationCSV(f *testing.F) {
	f.Add("name,kind,ods_code,area_codes\nNorth Tees,nhs_trust,RVW,E06000001;E06000004\n")
	f.Add("name,kind\n\"A\"\"B\",police\n")
	f.Add("\ufeffname,kind,colour\n")
	f.Add("name,kind\n\"unterminated\n")
	f.Add("")
	f.Add("name,kind,name\n")
	f.Add("a\x00b,kind\n")
	f.Add("name;kind\nA;voluntary\n")
	f.Add("\"\"\"\n")
	f.Add("name,kind,area_codes\nA,voluntary,\"E06000001\nE06000004\"\nB,police,\n")
	f.Fuzz(func(t *testing.T, in string) {
		orgs, errs := ParseOrganisationCSV(strings.NewReader(in))
		last := 1
		for _, o := range orgs {
			if o.Row <= last {
				t.Fatalf("row %d after row %d", o.Row, last)
			}
			last = o.Row
		}
		for _, e := range errs {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("error without a row or message: %+v", e)
			}
		}
		if len(orgs) > MaxOrgCSVRows {
			t.Fatalf("%d rows exceeds the limit", len(orgs))
		}
	})
}

func TestSplitAreaCodes(t *testing.T) {
	got := SplitAreaCodes(" E06000001, E06000004;E06000002\nE06000003\t")
	if strings.Join(got, "|") != "E06000001|E06000004|E06000002|E06000003" {
		t.Errorf("SplitAreaCodes = %q", got)
	}
}
