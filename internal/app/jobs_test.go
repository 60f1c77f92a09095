package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/jobs"
	"github.com/placeboard/placeboard/internal/jobs/jobstest"
	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// waitUpload polls an upload (through st, which may be another server's
// store) until it finishes, calling seen with every state read; it fails
// after a generous deadline, which is a hang guard, not a speed bound.
func waitUpload(t *testing.T, st *store.Store, token string, seen func(needs.Upload)) needs.Upload {
	t.Helper()
	return waitUploadFor(t, st, token, 3*time.Minute, seen)
}

func waitUploadFor(t *testing.T, st *store.Store, token string, limit time.Duration, seen func(needs.Upload)) needs.Upload {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		up, err := st.IndicatorUpload(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		if seen != nil {
			seen(up)
		}
		if up.State.Finished() {
			return up
		}
		if time.Now().After(deadline) {
			t.Fatalf("upload %s still %s (%s, %d rows) after the deadline", token, up.State, up.Phase, up.RowsDone)
		}
		time.Sleep(50 * time.Millisecond) // often enough to see progress, rarely enough not to slow the import
	}
}

// An indicator import runs as a River job on SQLite: the confirmed upload
// is queued, worked and its outcome recorded; the values are current.
func TestIndicatorImportRunsAsJobOnSQLite(t *testing.T) {
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DataDir: t.TempDir(), SkipReference: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const rows = 20_000
	token := jobstest.ConfirmedUpload(t, a.Store(), "sqlite-job", jobstest.GeneratedCSV(rows, 0))
	id, err := a.Jobs().EnqueueIndicatorImport(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	up := waitUpload(t, a.Store(), token, nil)
	if up.State != needs.UploadDone || up.Result == nil || up.Result.Rows != rows || up.RowsDone != rows {
		t.Fatalf("upload ended %s (%q), result %+v, %d rows done", up.State, up.Error, up.Result, up.RowsDone)
	}
	if n, _ := a.Store().CountIndicatorValues(ctx); n != rows {
		t.Errorf("%d values current, want %d", n, rows)
	}
	waitJobState(t, a, id, "completed")
}

func waitJobState(t *testing.T, a *app.App, id int64, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st, err := a.Jobs().JobState(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if st == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is %s, want %s", id, st, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Two servers on one PostgreSQL database share the queue: server A only
// enqueues (it works no jobs), server B works the import, and A reads the
// progress B records while the import runs, then its outcome.
func TestIndicatorImportJobSharedByTwoServersOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	enqueuer, err := app.New(ctx, app.Config{DatabaseURL: url, SkipReference: true, NoJobWorkers: true})
	if err != nil {
		t.Fatal(err)
	}
	defer enqueuer.Close()
	worker, err := app.New(ctx, app.Config{DatabaseURL: url, SkipReference: true})
	if err != nil {
		t.Fatal(err)
	}
	defer worker.Close()
	// The uploader (jobstest's uploads belong to user 1, the first
	// account of this fresh database) signs in on server A, to read the
	// progress page there while B works the import.
	hash, err := auth.HashPassword("Kestrel-orbit-lantern-93", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	u, err := enqueuer.Store().CreateUser(ctx, store.System, store.NewUser{Email: "analyst@example.test", Name: "Analyst", PasswordHash: hash})
	if err != nil || u.ID != 1 {
		t.Fatalf("uploader: %+v %v", u, err)
	}
	if err := enqueuer.Store().SetNationalAnalyst(ctx, store.System, u.ID, true); err != nil {
		t.Fatal(err)
	}
	session, _, err := enqueuer.Auth().Login(ctx, "analyst@example.test", "Kestrel-orbit-lantern-93", auth.Client{Address: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	progressPage := func(token string) (int, string, string) {
		req := httptest.NewRequest(http.MethodGet, "/needs/import/"+token, nil)
		req.AddCookie(&http.Cookie{Name: enqueuer.Auth().CookieName(), Value: session})
		rec := httptest.NewRecorder()
		enqueuer.Handler().ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(body), rec.Result().Header.Get("Refresh")
	}
	const rows = 60_000
	token := jobstest.ConfirmedUpload(t, enqueuer.Store(), "pg-shared", jobstest.GeneratedCSV(rows, 0))
	id, err := enqueuer.Jobs().EnqueueIndicatorImport(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	var midway needs.Upload
	var midwayStatus int
	var midwayPage, midwayRefresh string
	up := waitUpload(t, enqueuer.Store(), token, func(u needs.Upload) {
		if u.State == needs.UploadRunning && u.RowsDone > 0 && u.RowsDone < rows && midway.RowsDone == 0 {
			midway = u
			midwayStatus, midwayPage, midwayRefresh = progressPage(token)
		}
	})
	if up.State != needs.UploadDone || up.Result == nil || up.Result.Rows != rows {
		t.Fatalf("upload ended %s (%q), result %+v", up.State, up.Error, up.Result)
	}
	if midway.RowsDone == 0 {
		t.Error("server A never saw the import's progress while server B ran it")
	} else {
		t.Logf("server A saw %d of %d rows done (%s) while B worked", midway.RowsDone, midway.RowsTotal, midway.Phase)
		// Server A's progress page shows B's progress, and refreshes itself.
		if midwayStatus != http.StatusOK || !strings.Contains(midwayPage, "rows done (") || midwayRefresh == "" {
			t.Errorf("server A's progress page mid-import: status %d, body:\n%s", midwayStatus, midwayPage)
		}
	}
	if status, page, refresh := progressPage(token); status != http.StatusOK || !strings.Contains(page, "60,000 rows imported") ||
		refresh != "" {
		t.Errorf("server A's progress page after the import: status %d, body:\n%s", status, page)
	}
	if n, _ := enqueuer.Store().CountIndicatorValues(ctx); n != rows {
		t.Errorf("%d values current, want %d", n, rows)
	}
	// A works no jobs, so the completed job was worked by B.
	waitJobState(t, enqueuer, id, "completed")
}

// Stopping the server's jobs mid-import waits StopWait, then cancels the
// import: it goes back to the queue with a note (it is retried later),
// and nothing of it is visible.
func TestStopJobsCancelsARunningImportForRetry(t *testing.T) {
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DataDir: t.TempDir(), SkipReference: true, Jobs: jobs.Config{StopWait: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const rows = 300_000
	token := jobstest.ConfirmedUpload(t, a.Store(), "stopped", jobstest.GeneratedCSV(rows, 0))
	id, err := a.Jobs().EnqueueIndicatorImport(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		up, err := a.Store().IndicatorUpload(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if up.State.Finished() {
			t.Fatalf("the import finished (%s) before the stop; raise rows", up.State)
		}
		if up.RowsDone > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := a.StopJobs(ctx); err != nil {
		t.Fatal(err)
	}
	up, err := a.Store().IndicatorUpload(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if up.State != needs.UploadQueued || !strings.Contains(up.Phase, "waiting to try again") || !strings.Contains(up.Phase, "the server stopped") {
		t.Errorf("after the stop the upload is %s (%q)", up.State, up.Phase)
	}
	// Back in the queue: retryable, or already available again.
	if st, _ := a.Jobs().JobState(ctx, id); st != "retryable" && st != "available" {
		t.Errorf("job is %s, want retryable or available", st)
	}
	if n, _ := a.Store().CountIndicatorValues(ctx); n != 0 {
		t.Errorf("%d values of the cancelled import are visible", n)
	}
	var staged int
	if err := a.Store().DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_value_rows`).Scan(&staged); err != nil {
		t.Fatal(err)
	}
	if staged != 0 {
		t.Errorf("the cancelled import left %d staged rows", staged)
	}
}
