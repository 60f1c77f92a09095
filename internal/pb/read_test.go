package pb

import (
	"bytes"
	"errors"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
)

const smallApproval = "META\r\nkey;value\r\ndescription;\"A; quoted, description with \"\"quotes\"\"\"\r\nnum_projects;3\r\nnum_votes;3\r\nbudget;100,5\r\nvote_type;approval\r\nrule;greedy\r\n" +
	"PROJECTS\r\nproject_id;cost;votes;name;selected\r\n1;50,25;2;\"Park; benches\";1\r\n2;40;2;none;1\r\n3;10.5;1;Lights;0\r\n" +
	"\r\nVOTES\r\nvoter_id;vote;age\r\nv1;1,2;none\r\nv2;1,2,3;30\r\nv3;;41\r\n"

func TestReadHandlesQuotingCRLFDecimalCommaAndNone(t *testing.T) {
	e, err := Read(strings.NewReader("\xef\xbb\xbf" + smallApproval))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.MetaValue("description"); got != `A; quoted, description with "quotes"` {
		t.Errorf("description = %q", got)
	}
	if e.Budget.Cmp(big.NewRat(201, 2)) != 0 {
		t.Errorf("budget = %s, want 100.5", e.Budget.RatString())
	}
	if e.Projects[0].Cost.Cmp(big.NewRat(201, 4)) != 0 {
		t.Errorf("cost of 1 = %s, want 50.25", e.Projects[0].Cost.RatString())
	}
	if got := e.ProjectCell(0, "name"); got != "Park; benches" {
		t.Errorf("name = %q", got)
	}
	if len(e.Voters) != 3 || len(e.Voters[2].Vote) != 0 || strings.Join(e.Voters[1].Vote, ",") != "1,2,3" {
		t.Errorf("voters = %+v", e.Voters)
	}
	if issues := Check(e); len(issues) != 0 {
		t.Errorf("unexpected issues: %v", issues)
	}
}

func TestReadCumulativeAndOrdinal(t *testing.T) {
	cum := "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost;score\na;4;5\nb;6;2\nVOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;a;2\n3;none;none\n"
	e, err := Read(strings.NewReader(cum))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.Profile()
	if err != nil {
		t.Fatal(err)
	}
	if !pr.Cardinal || pr.Points[0][1].Cmp(big.NewRat(2, 1)) != 0 || len(pr.Ballots[2]) != 0 {
		t.Errorf("profile = %+v", pr)
	}
	if issues := Check(e); len(issues) != 0 {
		t.Errorf("unexpected issues: %v", issues)
	}
	ord := strings.Replace(strings.Replace(cum, "cumulative", "ordinal", 1), ";points", "", 1)
	ord = strings.NewReplacer(";3,2\n", "\n", ";2\n", "\n", "none;none", "none").Replace(ord)
	e, err = Read(strings.NewReader(ord))
	if err != nil {
		t.Fatal(err)
	}
	if e.VoteType != VoteOrdinal || strings.Join(e.Voters[0].Vote, ">") != "a>b" {
		t.Errorf("ordinal = %+v", e.Voters)
	}
}

func TestReadMalformedNamesTheLine(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
	}{
		{"cost not a number", "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n", 7},
		{"missing cost", "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;\nVOTES\nvoter_id;vote\n", 7},
		{"unclosed quote", "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;5;\"open\nVOTES\nvoter_id;vote\n", 7},
		{"too many cells", "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5;x\nVOTES\nvoter_id;vote\n", 7},
		{"bad points", "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote;points\nv;1;lots\n", 10},
		{"data before META", "key;value\n", 1},
		{"duplicate section", "META\nkey;value\nMETA\n", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if pe.Line != c.line {
				t.Errorf("line = %d, want %d (%v)", pe.Line, c.line, err)
			}
		})
	}
}

func TestCheckFindsWhatThePabulibCheckerFinds(t *testing.T) {
	bad := "META\nkey;value\nnum_projects;4\nnum_votes;2\nbudget;100\nvote_type;approval\nmin_length;2\nmax_length;2\n" +
		"PROJECTS\nproject_id;cost;votes;selected\n1;60;2;1\n2;50;1;1\n2;10;0;0\n" +
		"VOTES\nvoter_id;vote\nv1;1,9\nv1;1,2,2\n"
	e, err := Read(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, is := range Check(e) {
		kinds[is.Kind]++
	}
	for _, want := range []string{IssueBudgetExceeded, IssueDuplicateProject, IssueDuplicateVoter, IssueUnknownProject, IssueDuplicateInVote, IssueBallotLength, IssueCount} {
		if kinds[want] == 0 {
			t.Errorf("Check missed %q (found %v)", want, kinds)
		}
	}
	if _, err := e.Profile(); err == nil {
		t.Error("Profile accepted duplicate project ids and unknown projects")
	}
}

// TestRoundTrip reads every test file, writes it, reads it back and
// compares the elections.
func TestRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.pb.gz")
	files := append([]string{}, paths...)
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".pb.gz")
		if testing.Short() && !strings.Contains(name, "Assen") {
			continue
		}
		e := loadTestdata(t, name)
		var buf bytes.Buffer
		if err := Write(&buf, e); err != nil {
			t.Fatal(err)
		}
		back, err := Read(&buf)
		if err != nil {
			t.Fatalf("%s: re-reading: %v", name, err)
		}
		if d := diffElections(e, back); d != "" {
			t.Errorf("%s: round trip changed the election: %s", name, d)
		}
	}
	e, _ := Read(strings.NewReader(smallApproval))
	var buf bytes.Buffer
	Write(&buf, e)
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffElections(e, back); d != "" {
		t.Error(d)
	}
}

func diffElections(a, b *Election) string {
	if len(a.Meta) != len(b.Meta) {
		return "META length"
	}
	for i := range a.Meta {
		if a.Meta[i] != b.Meta[i] {
			return "META " + a.Meta[i].Key
		}
	}
	if a.Budget.Cmp(b.Budget) != 0 || a.VoteType != b.VoteType {
		return "budget or vote type"
	}
	if strings.Join(a.ProjectColumns, ";") != strings.Join(b.ProjectColumns, ";") || strings.Join(a.VoteColumns, ";") != strings.Join(b.VoteColumns, ";") {
		return "headers"
	}
	if len(a.Projects) != len(b.Projects) || len(a.Voters) != len(b.Voters) {
		return "counts"
	}
	for i := range a.Projects {
		p, q := a.Projects[i], b.Projects[i]
		if p.ID != q.ID || p.Cost.Cmp(q.Cost) != 0 {
			return "project " + p.ID
		}
		for c := range a.ProjectColumns {
			if c == indexOf(a.ProjectColumns, "cost") {
				continue
			}
			if cellAt(p.Cells, c) != cellAt(q.Cells, c) {
				return "project " + p.ID + " column " + a.ProjectColumns[c]
			}
		}
	}
	for i := range a.Voters {
		v, w := a.Voters[i], b.Voters[i]
		if v.ID != w.ID || strings.Join(v.Vote, ",") != strings.Join(w.Vote, ",") || len(v.Points) != len(w.Points) {
			return "voter " + v.ID
		}
		for k := range v.Points {
			if v.Points[k].Cmp(w.Points[k]) != 0 {
				return "voter " + v.ID + " points"
			}
		}
	}
	return ""
}

func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// FuzzRead feeds arbitrary bytes to the reader: it must never panic, and
// whatever it accepts must survive Check, Profile and a write/read round trip.
func FuzzRead(f *testing.F) {
	f.Add([]byte(smallApproval))
	f.Add([]byte("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;4\nVOTES\nvoter_id;vote;points\n1;a;3\n"))
	f.Add([]byte("META\nkey;value\nbudget;1e3\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n\"x;y\";1/3\nVOTES\nvoter_id;vote\n1;\"x;y\"\n"))
	f.Add([]byte("\"unterminated"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		Check(e)
		if pr, err := e.Profile(); err == nil && len(pr.IDs) <= 12 && len(pr.Ballots) <= 12 {
			for _, r := range []string{RuleGreedy, RuleMES, RulePhragmen, RuleMaxWelfare} {
				Allocate(pr, Options{Rule: r, Utility: UtilityCardinality, Explain: true})
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, e); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(&buf); err != nil {
			t.Logf("written file no longer reads: %v", err)
		}
	})
}
