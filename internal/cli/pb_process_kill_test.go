package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// startServeBin starts the built binary's `serve` on a free port and
// returns its base URL once it serves.
func startServeBin(t *testing.T, bin, dir string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		serving := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)
		for sc.Scan() {
			if m := serving.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatal("serve exited before serving")
		}
		return url, cmd
	case <-time.After(2 * time.Minute):
		t.Fatal("serve printed no URL")
	}
	return "", nil
}

// TestPBBallotsSurviveKill9: over 20 trials, a real `placeboard serve`
// (built here) takes ballots from 32 clients and is killed with SIGKILL
// after a random number of acknowledgements. After every restart, each
// ballot acknowledged with 201 is stored and its receipt checks, a second
// ballot with its code is refused (409), and at the end the count holds
// exactly the stored ballots: none lost, none counted twice.
func TestPBBallotsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it 20 times")
	}
	const trials, perTrial, clients = 20, 300, 32
	bin := buildPlaceboard(t)
	dir, partnership := pbDataDir(t)
	ctx := context.Background()
	db := dbFlags{data: dir}
	quiet := IO{Getenv: func(string) string { return "" }, Stderr: io.Discard}
	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), quiet)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	id, err := st.CreatePBProcess(ctx, store.System, &budgeting.Process{PartnershipID: partnership, Title: "Kill test", PotPence: 1_000_000,
		Rule: budgeting.RuleMESAdd1, BallotType: budgeting.BallotApproval, UseCodes: true, MaxProjects: 2,
		Projects: []budgeting.Project{{Code: "a", Title: "A", CostPence: 300_000, Feasible: &yes}, {Code: "b", Title: "B", CostPence: 500_000, Feasible: &yes},
			{Code: "c", Title: "C", CostPence: 700_000, Feasible: &yes}}})
	if err != nil {
		t.Fatal(err)
	}
	codes, err := st.CreatePBCodes(ctx, store.System, id, 0, trials*perTrial)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.OpenPBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	st.Close()

	acked := map[string]string{} // code → receipt, over all trials
	unknown := 0                 // attempts cut off by the kill: stored or not
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	post := func(url, code string, projects []string) (int, string, error) {
		body, _ := json.Marshal(map[string]any{"code": code, "projects": projects})
		res, err := client.Post(url, "application/json", strings.NewReader(string(body)))
		if err != nil {
			return 0, "", err
		}
		defer res.Body.Close()
		var r struct{ Receipt string }
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return 0, "", err
		}
		_ = json.Unmarshal(b, &r)
		return res.StatusCode, r.Receipt, nil
	}
	for trial := range trials {
		base, cmd := startServeBin(t, bin, dir)
		url := base + "/api/v1/pb/processes/" + strconv.FormatInt(id, 10) + "/ballots"
		// What was acknowledged before the last kill is there: its code
		// cannot vote again.
		n := 0
		for code := range acked {
			if n == 5 {
				break
			}
			n++
			if status, _, err := post(url, code, []string{"c"}); err != nil || status != http.StatusConflict {
				t.Fatalf("trial %d: acknowledged code voted again after the kill: %d %v", trial, status, err)
			}
		}
		killAfter := 20 + rand.IntN(perTrial-60)
		work := make(chan string)
		stop := make(chan struct{})
		go func() {
			defer close(work)
			for _, c := range codes[trial*perTrial : (trial+1)*perTrial] {
				select {
				case work <- c:
				case <-stop:
					return
				}
			}
		}()
		var mu sync.Mutex
		ackedNow := 0
		var killOnce sync.Once
		kill := func() { killOnce.Do(func() { _ = cmd.Process.Signal(syscall.SIGKILL) }) }
		var wg sync.WaitGroup
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for code := range work {
					status, receipt, err := post(url, code, []string{"a", "b"}[:1+len(code)%2])
					mu.Lock()
					switch {
					case err != nil:
						unknown++ // cut off: the server died before answering
						mu.Unlock()
						return
					case status == http.StatusCreated && receipt != "":
						acked[code] = receipt
						if ackedNow++; ackedNow >= killAfter {
							kill()
						}
					default:
						t.Errorf("trial %d: code %s: status %d", trial, code, status)
					}
					mu.Unlock()
				}
			}()
		}
		// Kill in the middle of the load even if the clients are slow.
		go func() {
			time.Sleep(time.Duration(200+rand.IntN(800)) * time.Millisecond)
			kill()
		}()
		wg.Wait()
		close(stop)
		kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.FailNow()
		}
		// Every acknowledged ballot is in the database, with its receipt.
		st := openStore(t, dir)
		for code, receipt := range acked {
			r, err := st.PBReceiptStatus(ctx, id, receipt)
			if err != nil || r.Status != store.PBReceiptSubmitted {
				t.Fatalf("trial %d: acknowledged ballot of code %s lost after kill -9: %+v %v", trial, code, r, err)
			}
		}
		stored, err := st.PBBallotCount(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if stored < len(acked) || stored > len(acked)+unknown {
			t.Fatalf("trial %d: %d stored, %d acknowledged, %d cut off", trial, stored, len(acked), unknown)
		}
		st.Close()
	}
	// None counted twice: the close counts exactly the stored ballots,
	// one per code.
	st, err = db.openStore(ctx, slog.New(slog.DiscardHandler), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.PBBallotCount(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ClosePBProcess(ctx, store.System, id); err != nil {
		t.Fatal(err)
	}
	ballots, err := st.PBBallots(ctx, id)
	if err != nil || len(ballots) != stored {
		t.Fatalf("%d ballots listed, %d stored: %v", len(ballots), stored, err)
	}
	var distinct int
	if err := st.DB().QueryRowContext(ctx, "SELECT count(DISTINCT identity_hash) FROM pb_ballots WHERE process_id = $1", id).Scan(&distinct); err != nil || distinct != stored {
		t.Fatalf("%d identities for %d ballots: %v", distinct, stored, err)
	}
	t.Logf("%d trials: %d acknowledged, %d stored, %d requests cut off by kill -9", trials, len(acked), stored, unknown)
}
