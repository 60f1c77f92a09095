//go:build linux

package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// envServeChild makes this test binary run `placeboard serve` with the
// arguments in it (separated by newlines) instead of the tests, so a test
// can measure a real server process from outside.
const envServeChild = "PLACEBOARD_TEST_SERVE_CHILD"

// TestMain runs the server child when asked to, otherwise the tests.
func TestMain(m *testing.M) {
	if args := os.Getenv(envServeChild); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		code := Run(ctx, strings.Split(args, "\n"), IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// serveProcessAtFreePort starts `placeboard serve` in a child process and returns
// its base URL and the process.
func serveProcessAtFreePort(t *testing.T, args ...string) (string, *exec.Cmd) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envServeChild+"="+strings.Join(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), "\n"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut syncBuffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	serving := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited before serving: %s", errOut.String())
			}
			if m := serving.FindStringSubmatch(line); m != nil {
				go func() {
					for range lines {
					}
				}()
				return m[1], cmd
			}
		case <-timeout:
			t.Fatalf("serve printed no URL: %s", errOut.String())
		}
	}
}

// peakRSS reads a process's peak resident memory (VmHWM) in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", pid)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb * 1024
}

// Issue 11: 200 parallel anonymous sign-ins took the server from 0.19 GB to
// 4 GB, one 19 MiB argon2id hash each. With hashing bounded, 300 stay under
// 500 MB, and what cannot be hashed in time gets 503 with Retry-After,
// never a 500.
func TestServeParallelSignInsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and sends 300 sign-ins")
	}
	base, cmd := serveProcessAtFreePort(t, "--data", t.TempDir())
	before := peakRSS(t, cmd.Process.Pid)

	const n = 300
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var missingRetryAfter int
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			form := url.Values{"email": {fmt.Sprintf("nobody%d@example.test", i)}, "password": {"a guess that is wrong"}}
			resp, err := client.PostForm(base+"/sign-in", form)
			if err != nil {
				t.Errorf("sign-in %d: %v", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			statuses[resp.StatusCode]++
			if (resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusTooManyRequests) && resp.Header.Get("Retry-After") == "" {
				missingRetryAfter++
			}
		}()
	}
	close(start)
	wg.Wait()
	peak := peakRSS(t, cmd.Process.Pid)
	t.Logf("%d parallel sign-ins: statuses %v; VmHWM %.0f MB before, %.0f MB after", n, statuses, float64(before)/1e6, float64(peak)/1e6)

	if peak >= 500_000_000 {
		t.Errorf("peak memory %d bytes, want under 500 MB", peak)
	}
	total := 0
	for code, count := range statuses {
		total += count
		switch code {
		case http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable:
		default:
			t.Errorf("%d responses with status %d", count, code)
		}
	}
	if total != n {
		t.Errorf("%d responses, want %d", total, n)
	}
	if statuses[http.StatusUnauthorized] == 0 {
		t.Error("no sign-in was checked at all")
	}
	if missingRetryAfter > 0 {
		t.Errorf("%d refusals without Retry-After", missingRetryAfter)
	}
}
