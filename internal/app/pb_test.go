package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// pbServers runs fn on a whole server over SQLite and over PostgreSQL.
func pbServers(t *testing.T, fn func(t *testing.T, url string, st *store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		srv := apptest.New(t)
		fn(t, srv.URL, srv.Store)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := apptest.PostgresURL(t)
		a, err := app.New(context.Background(), app.Config{DatabaseURL: dsn, AuthOptions: auth.Options{AdminSecondFactorOptional: true}})
		if err != nil {
			t.Fatalf("start on PostgreSQL: %v", err)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(func() {
			srv.Close()
			a.Close()
		})
		fn(t, srv.URL, a.Store())
	})
}

// openPBProcess stores and opens an approval process with the given
// projects (code → cost in pence) and n voting codes.
func openPBProcess(t *testing.T, st *store.Store, costs map[string]int64, n int) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	part, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	p := &budgeting.Process{PartnershipID: part.ID, Title: "Hartlepool Health Fund", PotPence: 5_000_000, Rule: budgeting.RuleMESAdd1,
		BallotType: budgeting.BallotApproval, UseCodes: true}
	for code, cost := range costs {
		p.Projects = append(p.Projects, budgeting.Project{Code: code, Title: "Project " + code, CostPence: cost, Feasible: &yes, FeasibilityReason: "costed"})
	}
	id, err := st.CreatePBProcess(ctx, store.System, p)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := st.CreatePBCodes(ctx, store.System, id, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	return id, codes
}

// postJSON posts body and returns the status and the answer.
func postJSON(c *http.Client, url, body string) (int, []byte, error) {
	res, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// TestPBTenThousandAttempts: 10,000 ballot attempts from 20 concurrent
// clients with 1,000 codes, each tried 10 times, store exactly 1,000
// ballots; every 201's receipt is a stored ballot, every other attempt is
// 409, on both engines.
func TestPBTenThousandAttempts(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 requests per engine")
	}
	pbServers(t, func(t *testing.T, base string, st *store.Store) {
		const codes, tries, clients = 1000, 10, 20
		id, cs := openPBProcess(t, st, map[string]int64{"a": 1_000_000, "b": 2_000_000, "c": 3_000_000}, codes)
		attempts := make([]int, 0, codes*tries)
		for i := range codes * tries {
			attempts = append(attempts, i%codes)
		}
		rand.Shuffle(len(attempts), func(i, j int) { attempts[i], attempts[j] = attempts[j], attempts[i] })
		work := make(chan int)
		go func() {
			for _, a := range attempts {
				work <- a
			}
			close(work)
		}()
		type outcome struct {
			code    int
			status  int
			receipt string
		}
		results := make(chan outcome, len(attempts))
		url := fmt.Sprintf("%s/api/v1/pb/processes/%d/ballots", base, id)
		var wg sync.WaitGroup
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
				for code := range work {
					projects := []string{"a", "b", "c"}[:1+code%3]
					body, _ := json.Marshal(map[string]any{"code": cs[code], "projects": projects})
					status, b, err := postJSON(c, url, string(body))
					if err != nil {
						t.Errorf("attempt with code %d: %v", code, err)
						continue
					}
					var r struct{ Receipt string }
					if status == http.StatusCreated {
						if err := json.Unmarshal(b, &r); err != nil || r.Receipt == "" {
							t.Errorf("201 without a receipt: %s", b)
						}
					}
					results <- outcome{code, status, r.Receipt}
				}
			}()
		}
		wg.Wait()
		close(results)
		created := map[int]string{}
		conflicts := 0
		for r := range results {
			switch r.status {
			case http.StatusCreated:
				if prev, dup := created[r.code]; dup {
					t.Errorf("code %d got two 201s (%s, %s)", r.code, prev, r.receipt)
				}
				created[r.code] = r.receipt
			case http.StatusConflict:
				conflicts++
			default:
				t.Errorf("code %d: status %d", r.code, r.status)
			}
		}
		if len(created) != codes || conflicts != codes*(tries-1) {
			t.Fatalf("%d created, %d conflicts; want %d and %d", len(created), conflicts, codes, codes*(tries-1))
		}
		ctx := context.Background()
		n, err := st.PBBallotCount(ctx, id)
		if err != nil || n != codes {
			t.Fatalf("stored ballots = %d (%v), want %d", n, err, codes)
		}
		for code, receipt := range created {
			r, err := st.PBReceiptStatus(ctx, id, receipt)
			if err != nil || r.Status != store.PBReceiptSubmitted {
				t.Fatalf("the 201 for code %d (receipt %s) matches no stored ballot: %+v %v", code, receipt, r, err)
			}
		}
	})
}

// TestPBNoCountsWhileOpen sweeps every public PB answer of the API and
// the exports while voting is open: none holds a per-project count. The
// two projects get 37 and 23 supporters, numbers that appear nowhere else;
// after the close the published .pb file shows them (so the sweep would
// see them if they leaked).
func TestPBNoCountsWhileOpen(t *testing.T) {
	pbServers(t, func(t *testing.T, base string, st *store.Store) {
		ctx := context.Background()
		id, cs := openPBProcess(t, st, map[string]int64{"walk": 2_000_000, "garden": 3_000_000}, 60)
		var receipts []string
		for i := range 60 {
			var projects []string
			if i < 37 {
				projects = append(projects, "walk")
			}
			if i >= 37 {
				projects = append(projects, "garden")
			}
			r, err := budgeting.Vote(ctx, st, id, budgeting.Proof{Code: cs[i]}, budgeting.Choices{Projects: projects}, "")
			if err != nil {
				t.Fatal(err)
			}
			receipts = append(receipts, r)
		}
		c := &http.Client{}
		get := func(path string) (int, string) {
			res, err := c.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		p := fmt.Sprintf("/api/v1/pb/processes/%d", id)
		paths := []string{"/api/v1/pb/processes", "/api/v1/pb/processes?partnership=1", p, p + "/receipts/" + receipts[0], p + "/result", p + "/ballots.pb", "/api/v1/openapi.json"}
		// A count shows as a value 23 or 37 (number or string), or under a
		// key naming votes; neither may appear while voting is open.
		countKey := regexp.MustCompile(`^(votes|vote_count|supporters|score|tally|count|points_total)$`)
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if countKey.MatchString(k) {
						t.Errorf("GET %s while open has the key %q", path, k)
					}
					walk(path, e)
				}
			case []any:
				for _, e := range x {
					walk(path, e)
				}
			case float64:
				if x == 23 || x == 37 {
					t.Errorf("GET %s while open shows the number %v", path, x)
				}
			case string:
				if x == "23" || x == "37" {
					t.Errorf("GET %s while open shows %q", path, x)
				}
			}
		}
		for _, path := range paths[:len(paths)-1] {
			status, body := get(path)
			if status >= 500 {
				t.Fatalf("GET %s: %d %s", path, status, body)
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("GET %s while open is not JSON (a file leaked?): %.200s", path, body)
			}
			walk(path, v)
			if strings.HasSuffix(path, "/result") || strings.HasSuffix(path, "/ballots.pb") {
				if status != http.StatusConflict {
					t.Errorf("GET %s while open = %d, want 409", path, status)
				}
			}
		}
		// The OpenAPI document: no PB schema has a count field.
		_, doc := get("/api/v1/openapi.json")
		var spec struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]any `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal([]byte(doc), &spec); err != nil {
			t.Fatal(err)
		}
		for name, s := range spec.Components.Schemas {
			if !strings.HasPrefix(name, "PB") {
				continue
			}
			for prop := range s.Properties {
				if regexp.MustCompile(`^(votes|vote_count|supporters|score|tally|count)$`).MatchString(prop) && name != "PBCodesInputBody" {
					t.Errorf("schema %s has a count field %q", name, prop)
				}
			}
		}
		// After the close the counts are published, and the sweep's
		// pattern finds them: it is not blind.
		if err := st.ClosePBProcess(ctx, store.System, id); err != nil {
			t.Fatal(err)
		}
		if _, err := budgeting.Recount(ctx, st, id, "2026-12-03T08:00:00Z"); err != nil {
			t.Fatal(err)
		}
		status, file := get(p + "/ballots.pb")
		if status != http.StatusOK || strings.Count(file, ";walk\n") != 37 || strings.Count(file, ";garden\n") != 23 {
			t.Fatalf("after close: %d %s", status, file)
		}
		if !bytes.Contains([]byte(file), []byte("num_votes;60")) {
			t.Errorf("export lacks num_votes: %s", file)
		}
	})
}
