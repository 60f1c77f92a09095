package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store/storetest"
)

// syncBuffer is a goroutine-safe writer for a command's output.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testIO(stdin string, env map[string]string) (IO, *syncBuffer, *syncBuffer) {
	out, errOut := &syncBuffer{}, &syncBuffer{}
	return IO{Stdin: strings.NewReader(stdin), Stdout: out, Stderr: errOut, Getenv: func(k string) string { return env[k] }}, out, errOut
}

// patience bounds how long a test waits for the server to do something.
// It is generous on purpose: a slow or busy machine must make a test slow,
// never make it fail. Start-up speed is a benchmark's business.
const patience = 5 * time.Minute

var servingLine = regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)

// startServe runs `placeboard serve` in-process on a random port and
// returns its base URL once it prints it, and a stop function.
func startServe(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	std, out, errOut := testIO("", nil)
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), std) }()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(out.String()); m != nil {
			return m[1], func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited %d before serving: %s", code, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve printed no URL: %s", errOut.String())
	return "", nil
}

func getJSON(t *testing.T, url string, into any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return resp.StatusCode
}

// On an empty data directory `serve` creates the database, loads the
// reference data and answers /healthz with 200. How fast is not asserted
// here (see docs/benchmarks.md); the wait is bounded only by patience.
func TestServeHealthzOnEmptyDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh")
	base, stop := startServe(t, "--data", dir)
	var status int
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			status = resp.StatusCode
			resp.Body.Close()
			if status == http.StatusOK {
				break
			}
		}
	}
	if status != http.StatusOK {
		t.Fatalf("/healthz answered %d, want 200", status)
	}
	if _, err := os.Stat(filepath.Join(dir, "placeboard.db")); err != nil {
		t.Errorf("database not created in --data: %v", err)
	}
	// Reference data is there: the API's area totals.
	type areaList struct {
		Items []struct {
			Code       string `json:"code"`
			Population *int64 `json:"population"`
		} `json:"items"`
		Total int `json:"total"`
	}
	for _, tc := range []struct {
		typ  string
		want int
	}{{"icb", 42}, {"stp", 44}} {
		var l areaList
		if code := getJSON(t, base+"/api/v1/areas?type="+tc.typ+"&per_page=500", &l); code != 200 {
			t.Fatalf("areas?type=%s: status %d", tc.typ, code)
		}
		if l.Total != tc.want || len(l.Items) != tc.want {
			t.Errorf("areas?type=%s: %d items of %d, want %d", tc.typ, len(l.Items), l.Total, tc.want)
		}
	}
	var utla areaList
	getJSON(t, base+"/api/v1/areas?type=utla&per_page=500", &utla)
	var sum int64
	for _, a := range utla.Items {
		if a.Population != nil {
			sum += *a.Population
		}
	}
	if sum != 56_536_419 {
		t.Errorf("upper-tier council populations sum to %d over %d councils, want 56,536,419", sum, len(utla.Items))
	}
	if code := stop(); code != ExitOK {
		t.Errorf("serve exited %d after shutdown", code)
	}
}

func TestServeDemoOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	data := t.TempDir() // holds the audit key both servers share
	base, stop := startServe(t, "--database", url, "--data", data, "--demo")
	if code := getJSON(t, base+"/healthz", nil); code != 200 {
		t.Errorf("healthz %d", code)
	}
	var l struct{ Total int }
	getJSON(t, base+"/api/v1/partnerships?per_page=1", &l)
	if l.Total < 1 {
		t.Errorf("demo made %d partnerships", l.Total)
	}
	stop()
	// A second server on the same database starts cleanly (reference data
	// and demo already there).
	_, stop2 := startServe(t, "--database", url, "--data", data, "--demo")
	stop2()
}

func TestServeBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "--bogus"}, nil, "-bogus"},
		{[]string{"serve", "--addr", "nonsense"}, nil, "--addr"},
		{[]string{"serve", "--database", "mysql://x"}, nil, "--database"},
		{[]string{"serve"}, map[string]string{EnvDatabaseURL: "sqlite://x"}, EnvDatabaseURL},
		{[]string{"serve", "extra"}, nil, "extra"},
		{[]string{"serve", "--public-url", "ftp://x"}, nil, "--public-url"},
		{[]string{"serve", "--public-url", "https://x.example/sub/path"}, nil, "--public-url"},
		{[]string{"serve"}, map[string]string{EnvPublicURL: "placeboard.example.org"}, EnvPublicURL},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/8,nonsense"}, nil, "--trusted-proxies"},
		{[]string{"serve"}, map[string]string{EnvTrustedProxies: "10.0.0.0/99"}, EnvTrustedProxies},
		{[]string{"serve", "--max-password-hashes", "-1"}, nil, "--max-password-hashes"},
		{[]string{"serve", "--max-sessions-per-user", "0"}, nil, "--max-sessions-per-user"},
		{[]string{"migrate", "--data", ""}, nil, "--data"},
		{[]string{"user", "add", "--name", "A"}, nil, "--email"},
		{[]string{"user", "add", "--email", "a@b.c"}, nil, "--name"},
		{[]string{"user", "frob"}, nil, "frob"},
		{[]string{"audit", "verify", "--nope"}, nil, "-nope"},
		{[]string{"version", "--x"}, nil, "-x"},
	} {
		std, _, errOut := testIO("", tc.env)
		if code := Run(context.Background(), tc.args, std); code != ExitBadInput {
			t.Errorf("%v: exit %d, want %d", tc.args, code, ExitBadInput)
		}
		if !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: message %q does not name %q", tc.args, errOut.String(), tc.want)
		}
	}
}

func TestHelpEverywhere(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"user", "--help"}, {"user", "add", "--help"},
		{"user", "list", "--help"}, {"user", "passwd", "--help"}, {"audit", "--help"}, {"audit", "verify", "--help"},
		{"version", "--help"}, {"serve", "-h"},
	} {
		std, _, _ := testIO("", nil)
		if code := Run(context.Background(), args, std); code != ExitOK {
			t.Errorf("%v: exit %d, want 0", args, code)
		}
	}
}

func TestVersion(t *testing.T) {
	std, out, _ := testIO("", nil)
	if code := Run(context.Background(), []string{"version"}, std); code != ExitOK || !strings.HasPrefix(out.String(), "placeboard ") {
		t.Errorf("version: %d %q", code, out.String())
	}
}
