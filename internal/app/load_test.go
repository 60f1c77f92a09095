package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/jobs/jobstest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
)

// Load test settings, from the environment so the full scenario of
// docs/benchmarks.md can be run by hand:
//
//	PLACEBOARD_LOAD_ROWS=1000000 PLACEBOARD_LOAD_SECONDS=30 go test -run TestWritesDuringLargeImport -v ./internal/app/
const (
	envLoadRows    = "PLACEBOARD_LOAD_ROWS"    // rows in the imported file (default 100,000)
	envLoadSeconds = "PLACEBOARD_LOAD_SECONDS" // clients write for this long instead of a fixed count
	loadClients    = 8
	loadRequests   = 25 // per client, when no duration is given
)

var loadHash = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// While a large import runs as a job, 8 clients write through the web
// (sign-in, which writes a session) and the API (create-organisation), and
// none gets a 5xx (not even the 503 a busy database answers): the import
// stages its rows in short transactions.
func TestWritesDuringLargeImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file")
	}
	t.Run("sqlite", func(t *testing.T) { writesDuringImport(t, app.Config{DataDir: apptest.DataDir(t)}) })
	t.Run("postgres", func(t *testing.T) { writesDuringImport(t, app.Config{DatabaseURL: apptest.PostgresURL(t)}) })
}

// syncLog is a log sink safe for the server's goroutines.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func writesDuringImport(t *testing.T, cfg app.Config) {
	ctx := context.Background()
	rows := envInt(envLoadRows, 100_000)
	seconds := envInt(envLoadSeconds, 0)
	cfg.SkipReference = true
	cfg.AuthOptions = auth.Options{Params: loadHash}
	// Keep the import's own log lines (its swap time among them).
	logs := &syncLog{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	st := a.Store()
	hash, err := auth.HashPassword("correct horse battery staple", loadHash)
	if err != nil {
		t.Fatal(err)
	}
	clients := make([]*http.Client, loadClients)
	emails := make([]string, loadClients)
	for i := range clients {
		emails[i] = fmt.Sprintf("load%d@example.test", i)
		if _, err := st.CreateUser(ctx, store.System, store.NewUser{Email: emails[i], Name: "Load " + strconv.Itoa(i), PasswordHash: hash, Admin: true}); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		clients[i] = &http.Client{Jar: jar, Timeout: 2 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	signIn := func(i int) int {
		res, err := clients[i].PostForm(srv.URL+"/sign-in", url.Values{"email": {emails[i]}, "password": {"correct horse battery staple"}})
		if err != nil {
			t.Error(err)
			return 0
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	for i := range clients {
		if code := signIn(i); code != http.StatusSeeOther {
			t.Fatalf("sign-in before the load: %d", code)
		}
	}
	// The API writers are administrators, who may write only with a second
	// factor: enrol them, or every API write would be a 403 and the test
	// would load the web half only.
	for i := 1; i < loadClients; i += 2 {
		u, err := st.GetUserByEmail(ctx, emails[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := st.StartTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		if err := st.ConfirmTOTP(ctx, store.System, u.ID, nil); err != nil {
			t.Fatal(err)
		}
	}

	data := jobstest.GeneratedCSV(rows, 0)
	token := jobstest.ConfirmedUpload(t, st, "load", data)
	importStart, cpuStart := time.Now(), cpuTime()
	if _, err := a.Jobs().EnqueueIndicatorImport(ctx, token); err != nil {
		t.Fatal(err)
	}
	// Start the clients once the import is staging rows.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		up, err := st.IndicatorUpload(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if up.RowsDone > 0 || up.State.Finished() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("import never started: %s", up.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	requests := 0
	until := time.Now().Add(time.Duration(seconds) * time.Second)
	loadStart := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				if seconds > 0 && time.Now().After(until) || seconds == 0 && n >= loadRequests {
					return
				}
				var code int
				if i%2 == 0 {
					code = signIn(i) // a web write: a new session
				} else {
					body := fmt.Sprintf(`{"name": "Load organisation %d-%d", "kind": "voluntary"}`, i, n)
					req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/organisations", bytes.NewReader([]byte(body)))
					req.Header.Set("Content-Type", "application/json")
					res, err := clients[i].Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					code = res.StatusCode
				}
				mu.Lock()
				statuses[code]++
				requests++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	loadWall := time.Since(loadStart)
	during, _ := st.IndicatorUpload(ctx, token)
	// A hang guard, generous for a loaded machine: 3 minutes plus a
	// millisecond a row (over 16 minutes for a million).
	up := waitUploadFor(t, st, token, 3*time.Minute+time.Duration(rows)*time.Millisecond, nil)
	importWall, cpu := time.Since(importStart), cpuTime()-cpuStart
	if up.State != needs.UploadDone || up.Result == nil || up.Result.Rows != rows {
		t.Fatalf("import ended %s (%q), result %+v", up.State, up.Error, up.Result)
	}
	codes := make([]int, 0, len(statuses))
	for c := range statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var counts string
	for _, c := range codes {
		counts += fmt.Sprintf(" %d×%d", c, statuses[c])
		// A sign-in answers 303, a created organisation 201; anything
		// else (a 5xx, or a 403 that would mean the writes never ran) fails.
		if c != http.StatusSeeOther && c != http.StatusCreated {
			t.Errorf("%d responses with status %d while the import ran", statuses[c], c)
		}
	}
	t.Logf("%s: %d rows imported in %s (import %s when the clients stopped); %d requests from %d clients in %s:%s; wall %s, CPU %s",
		st.Engine(), rows, importWall.Round(time.Millisecond), during.State, requests, loadClients, loadWall.Round(time.Millisecond), counts,
		importWall.Round(time.Millisecond), cpu.Round(time.Millisecond))
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "indicator import swapped") {
			t.Log(line)
		}
	}
	if want := loadClients * loadRequests; seconds == 0 && requests != want {
		t.Errorf("%d requests answered, want %d", requests, want)
	}
}
