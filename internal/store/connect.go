package store

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// DefaultConnectWait bounds how long Open keeps trying to reach a
// PostgreSQL server that does not answer yet (one starting alongside us,
// or a busy machine), before it gives up with a message naming the host.
const DefaultConnectWait = 30 * time.Second

// connectRetry is the policy for reaching the database at start: try,
// pause, double the pause up to maxPause, until wait has passed in all.
type connectRetry struct {
	wait       time.Duration
	firstPause time.Duration
	maxPause   time.Duration
	// now and sleep are the clock; tests replace them so no test waits.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func newConnectRetry(wait time.Duration) connectRetry {
	if wait <= 0 {
		wait = DefaultConnectWait
	}
	return connectRetry{wait: wait, firstPause: 100 * time.Millisecond, maxPause: 5 * time.Second,
		now: time.Now, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// connect checks the new pool answers. SQLite is a local file: one try,
// without Ping's 2-second health-check bound (opening a new file in WAL
// mode on a busy disk took longer than that under the full suite; the
// driver's busy_timeout bounds the wait instead). PostgreSQL is tried again
// with backoff for up to wait (DefaultConnectWait when 0), then the error
// names the host and how long it was tried.
func (s *Store) connect(ctx context.Context, databaseURL string, wait time.Duration) error {
	if s.engine != Postgres {
		return s.db.PingContext(ctx)
	}
	return newConnectRetry(wait).run(ctx, s.Ping, hostOf(databaseURL), s.log)
}

func (r connectRetry) run(ctx context.Context, ping func(context.Context) error, host string, log *slog.Logger) error {
	start := r.now()
	pause := r.firstPause
	for attempt := 1; ; attempt++ {
		err := ping(ctx)
		if err == nil {
			return nil
		}
		waited := r.now().Sub(start)
		if ctx.Err() != nil || waited+pause > r.wait {
			return fmt.Errorf("PostgreSQL at %s did not answer (%d attempts over %s): %w",
				host, attempt, waited.Round(time.Millisecond), err)
		}
		log.Warn("PostgreSQL does not answer yet; trying again", "host", host, "attempt", attempt,
			"retry_in", pause, "err", err)
		if err := r.sleep(ctx, pause); err != nil {
			return fmt.Errorf("PostgreSQL at %s did not answer (%d attempts): %w", host, attempt, err)
		}
		pause = min(pause*2, r.maxPause)
	}
}

// hostOf names the server of a database URL for messages, without the
// user or password ("localhost:5432" when the URL names none).
func hostOf(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "(unparsable database URL)"
	}
	host := u.Host
	if host == "" {
		host = u.Query().Get("host")
	}
	if host == "" {
		host = "localhost:5432"
	}
	return host
}
