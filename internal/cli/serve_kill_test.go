package cli

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/jobs/jobstest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

// buildPlaceboard builds the binary once per test into a temporary folder.
func buildPlaceboard(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "placeboard")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/placeboard/placeboard/cmd/placeboard")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveProcess starts `placeboard serve` as a child process and waits for
// its serving line (a generous deadline guards against a hang).
func serveProcess(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving http://") {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("serve exited before serving")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("serve printed no serving line")
	}
	return cmd
}

// kill -9 of the server mid-import leaves the old values current and none
// of the new ones visible; after a restart River rescues the job (its
// server died: --job-rescue-after) and the import runs again to the end,
// or ends failed with a message.
func TestServeKilledMidImportResumesAfterRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and waits for River's rescue")
	}
	bin := buildPlaceboard(t)
	dir := t.TempDir()
	ctx := context.Background()
	// The new file is small enough to import well within the job's
	// timeout (half of --job-rescue-after) on a busy machine, and big
	// enough to kill after its first batch.
	const oldRows, newRows = 2_000, 20_000

	// The old data, then a confirmed upload replacing it, queued as a job
	// by a server that works no jobs.
	a, err := app.New(ctx, app.Config{DataDir: dir, SkipReference: true, NoJobWorkers: true})
	if err != nil {
		t.Fatal(err)
	}
	st := a.Store()
	m, _ := importer.ParseMapping(strings.NewReader(jobstest.Mapping))
	cat, _ := st.NeedsCatalogue(ctx)
	old, err := st.ImportIndicators(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "old.csv"}, cat,
		func(emit needs.Emit) (needs.Summary, error) {
			im := &importer.Importer{Catalogue: cat, Mapping: m}
			return im.Import(needs.FormatGeneric, "old.csv", strings.NewReader(string(jobstest.GeneratedCSV(oldRows, 0))), emit)
		})
	if err != nil {
		t.Fatal(err)
	}
	oldSum := valueSum(t, st)
	token := jobstest.ConfirmedUpload(t, st, "killed", jobstest.GeneratedCSV(newRows, 1))
	if _, err := a.Jobs().EnqueueIndicatorImport(ctx, token); err != nil {
		t.Fatal(err)
	}
	a.Close()

	args := []string{"--data", dir, "--job-rescue-after", "40s"}
	srv := serveProcess(t, bin, args...)
	st = openStore(t, dir)
	up := waitFor(t, st, token, func(u needs.Upload) bool { return u.RowsDone > 0 || u.State.Finished() })
	if up.State.Finished() {
		t.Fatalf("the import finished (%s) before it could be killed; raise newRows", up.State)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	up, _ = st.IndicatorUpload(ctx, token)
	t.Logf("killed at %d of %d rows (%s)", up.RowsDone, up.RowsTotal, up.Phase)

	// Nothing of the killed import is visible; the old values are intact.
	var foreign int
	if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_values WHERE import_id <> $1`, old.ID).Scan(&foreign); err != nil {
		t.Fatal(err)
	}
	if foreign != 0 {
		t.Errorf("%d rows of the killed import are visible", foreign)
	}
	if n, _ := st.CountIndicatorValues(ctx); n != oldRows {
		t.Errorf("%d values current after the kill, want the %d old ones", n, oldRows)
	}
	if got := valueSum(t, st); got != oldSum {
		t.Errorf("old values changed: sum %v, was %v", got, oldSum)
	}

	// Restart: the job is rescued and runs again to the end.
	serveProcess(t, bin, args...)
	up = waitFor(t, st, token, func(u needs.Upload) bool { return u.State.Finished() })
	t.Logf("after restart: %s after %d attempts (%q)", up.State, up.Attempts, up.Error)
	if up.State == needs.UploadFailed {
		if !strings.Contains(up.Error, "nothing was stored") {
			t.Errorf("failed without a clear message: %q", up.Error)
		}
		if n, _ := st.CountIndicatorValues(ctx); n != oldRows {
			t.Errorf("failed import left %d values, want %d", n, oldRows)
		}
		return
	}
	if up.Result == nil || up.Result.Rows != newRows || up.Attempts < 2 {
		t.Fatalf("after restart: %s, attempts %d, result %+v", up.State, up.Attempts, up.Result)
	}
	if n, _ := st.CountIndicatorValues(ctx); n != newRows {
		t.Errorf("%d values current, want %d", n, newRows)
	}
	// The killed attempt's staged rows and the replaced version are gone.
	var stored int
	if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_value_rows`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != newRows {
		t.Errorf("indicator_value_rows holds %d rows, want only the %d current", stored, newRows)
	}
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func valueSum(t *testing.T, st *store.Store) float64 {
	t.Helper()
	var sum float64
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COALESCE(SUM(value), 0) FROM indicator_values`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	return sum
}

// waitFor polls an upload until done says so; the deadline is a hang guard.
func waitFor(t *testing.T, st *store.Store, token string, done func(needs.Upload) bool) needs.Upload {
	t.Helper()
	deadline := time.Now().Add(4 * time.Minute)
	for {
		up, err := st.IndicatorUpload(context.Background(), token)
		if err != nil && !strings.Contains(err.Error(), "busy") {
			t.Fatal(err)
		}
		if err == nil && done(up) {
			return up
		}
		if time.Now().After(deadline) {
			t.Fatalf("upload %s: %s (%s, %d rows) at the deadline", token, up.State, up.Phase, up.RowsDone)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
