package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/pb"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbDataDir makes a migrated data folder (with its audit key) holding one
// partnership, and returns the folder and the partnership's ID.
func pbDataDir(t *testing.T) (string, int64) {
	t.Helper()
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "migrate", "--data", dir); code != ExitOK {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	db := dbFlags{data: dir}
	st, err := db.openStore(context.Background(), slog.New(slog.DiscardHandler), IO{Getenv: func(string) string { return "" }, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.CreatePartnership(context.Background(), store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool,
		Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, p.ID
}

// allocateWinners runs `placeboard pb allocate` with the process rule's
// recount command on file and returns the winners.
func allocateWinners(t *testing.T, rule budgeting.Rule, file string) []string {
	t.Helper()
	args := strings.Fields(budgeting.RecountCommand(rule, "FILE"))[1:]
	args[slices.Index(args, "FILE")] = file
	code, out, errOut := runCLI(t, append(args, "--format", "json")...)
	if code != ExitOK {
		t.Fatalf("%v: %d %s", args, code, errOut)
	}
	var res struct{ Winners []string }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res.Winners
}

func httpGet(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// TestPBRecountRoundTrip: five real Pabulib elections (approval with the
// city's greedy rule and with MES + add1, choose-1, cumulative points and
// rankings) go through the platform: `pb process create` from the file,
// `pb process codes` and `pb process open`, every ballot cast through the
// API by a real server, `pb process close`, the .pb downloaded from the
// API, and `pb allocate` on that export gives the winners `pb allocate`
// gives on the original file, and the ones the result publishes.
func TestPBRecountRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server")
	}
	dir, partnership := pbDataDir(t)
	base, _ := serveProcessAtFreePort(t, "--data", dir)
	files, err := filepath.Glob("testdata/pbprocess/*.pb")
	if err != nil || len(files) != 5 {
		t.Fatalf("want 5 elections in testdata/pbprocess: %v %v", files, err)
	}
	for _, orig := range files {
		t.Run(filepath.Base(orig), func(t *testing.T) {
			code, out, errOut := runCLI(t, "pb", "process", "create", "--partnership", strconv.FormatInt(partnership, 10), "--from", orig, "--data", dir)
			if code != ExitOK {
				t.Fatalf("create: %d %s", code, errOut)
			}
			id := strings.TrimSpace(out)
			f, err := os.Open(orig)
			if err != nil {
				t.Fatal(err)
			}
			e, err := pb.Read(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut = runCLI(t, "pb", "process", "codes", id, "--count", strconv.Itoa(len(e.Voters)), "--data", dir)
			codes := strings.Fields(out)
			if code != ExitOK || len(codes) != len(e.Voters) {
				t.Fatalf("codes: %d, %d codes for %d voters: %s", code, len(codes), len(e.Voters), errOut)
			}
			if code, _, errOut := runCLI(t, "pb", "process", "open", id, "--data", dir); code != ExitOK {
				t.Fatalf("open: %d %s", code, errOut)
			}
			url := base + "/api/v1/pb/processes/" + id
			for i, v := range e.Voters {
				c, err := budgeting.ChoicesFromVoter(v)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := json.Marshal(map[string]any{"code": codes[i], "projects": c.Projects, "points": c.Points})
				res, err := http.Post(url+"/ballots", "application/json", strings.NewReader(string(body)))
				if err != nil {
					t.Fatal(err)
				}
				answer, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					t.Fatalf("voter %s (line %d): %d %s", v.ID, v.Line, res.StatusCode, answer)
				}
			}
			if status, _, _ := httpGet(t, url+"/result"); status != http.StatusConflict {
				t.Fatalf("result before close: %d", status)
			}
			if code, out, errOut := runCLI(t, "pb", "process", "close", id, "--data", dir); code != ExitOK {
				t.Fatalf("close: %d %s", code, errOut)
			} else {
				t.Log(strings.TrimSpace(out))
			}
			status, _, body := httpGet(t, url+"/result")
			var result struct {
				Rule          string   `json:"rule"`
				Winners       []string `json:"winners"`
				TotalCost     string   `json:"total_cost"`
				Ballots       int      `json:"ballots"`
				BallotsSHA256 string   `json:"ballots_sha256"`
				Pots          []struct {
					TieBreakDecided bool `json:"tie_break_decided"`
				} `json:"pots"`
			}
			if status != http.StatusOK || json.Unmarshal(body, &result) != nil || result.Ballots != len(e.Voters) {
				t.Fatalf("result: %d %s", status, body)
			}
			status, header, export := httpGet(t, url+"/ballots.pb")
			sum := sha256.Sum256(export)
			if status != http.StatusOK || hex.EncodeToString(sum[:]) != result.BallotsSHA256 || header.Get("X-Content-SHA256") != result.BallotsSHA256 {
				t.Fatalf("ballots.pb: %d, sha256 %x, published %s", status, sum, result.BallotsSHA256)
			}
			exported := filepath.Join(t.TempDir(), "ballots.pb")
			if err := os.WriteFile(exported, export, 0o600); err != nil {
				t.Fatal(err)
			}
			rule := budgeting.Rule(result.Rule)
			want := allocateWinners(t, rule, orig)
			got := allocateWinners(t, rule, exported)
			if !slices.Equal(got, want) {
				t.Fatalf("pb allocate (%s) on the export = %v, on the original %v", rule, got, want)
			}
			// The published winners are the recount's, unless the published
			// tie-break decided a tie the other way (then the result says so).
			a, b := slices.Clone(result.Winners), slices.Clone(got)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) && !result.Pots[0].TieBreakDecided {
				t.Fatalf("published winners %v, recount %v", result.Winners, got)
			}
			t.Logf("%s: %d ballots, rule %s, winners %v, total %s", filepath.Base(orig), result.Ballots, rule, result.Winners, result.TotalCost)
		})
	}
}

// TestPBProcessCommandsHelpAndBadInput: every pb process command answers
// --help (exit 0, naming its flags) and refuses bad arguments with exit 2
// and a message naming what is wrong, before touching the database.
func TestPBProcessCommandsHelpAndBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pb", "process", "create", "--help"}, "--partnership"},
		{[]string{"pb", "process", "codes", "--help"}, "--count"},
		{[]string{"pb", "process", "open", "--help"}, "tie-break lot"},
		{[]string{"pb", "process", "close", "--help"}, "SHA-256"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		if code != ExitOK || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, output %q; want 0 and %q", tc.args, code, out+errOut, tc.want)
		}
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pb", "process", "create", "--from", "x.pb", "--data", dir}, "--partnership is required"},
		{[]string{"pb", "process", "create", "--partnership", "1", "--data", dir}, "--from is required"},
		{[]string{"pb", "process", "create", "--partnership", "1", "--from", "testdata/pbprocess/missing.pb", "--data", dir}, "missing.pb"},
		{[]string{"pb", "process", "create", "--partnership", "1", "--from", "x.pb", "--database", "mysql://x"}, "postgres://"},
		{[]string{"pb", "process", "codes", "--count", "3", "--data", dir}, "exactly one process ID"},
		{[]string{"pb", "process", "codes", "seven", "--count", "3", "--data", dir}, `"seven"`},
		{[]string{"pb", "process", "codes", "1", "--count", "0", "--data", dir}, "--count must be from 1"},
		{[]string{"pb", "process", "open", "0", "--data", dir}, "from 1"},
		{[]string{"pb", "process", "close", "1", "2", "--data", dir}, "exactly one process ID"},
		{[]string{"pb", "process", "reopen", "1"}, "unknown subcommand"},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != ExitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	// A file with a cost in fractions of a penny names the line.
	bad := writeTemp(t, "bad.pb", "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\na;10.001\nVOTES\nvoter_id;vote\n1;a\n")
	code, _, errOut := runCLI(t, "pb", "process", "create", "--partnership", "1", "--from", bad, "--data", dir)
	if code != ExitBadInput || !strings.Contains(errOut, "line 7") || !strings.Contains(errOut, "pence") {
		t.Errorf("fraction of a penny: exit %d, %q", code, errOut)
	}
}
