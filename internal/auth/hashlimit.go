package auth

import (
	"context"
	"fmt"
	"time"
)

// BusyError says the server is already hashing as many passwords as it
// allows and the request waited as long as it may: try again shortly.
type BusyError struct{ RetryAfter time.Duration }

func (e *BusyError) Error() string {
	return fmt.Sprintf("too many sign-ins at once: try again in %s", e.RetryAfter.Round(time.Second))
}

// hashLimiter bounds how many argon2id hashes run at once. Each takes
// Params.Memory (19 MiB by default), so without a bound a burst of sign-ins
// takes as much memory as it has requests.
type hashLimiter struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashLimiter(n int, wait time.Duration) *hashLimiter {
	return &hashLimiter{slots: make(chan struct{}, n), wait: wait}
}

// acquire waits up to the limiter's wait for a slot. It returns a
// *BusyError when none frees up in time, or ctx's error.
func (l *hashLimiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-t.C:
		return nil, &BusyError{RetryAfter: busyRetryAfter}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *hashLimiter) release() { <-l.slots }

// busyRetryAfter is what a busy server asks clients to wait.
const busyRetryAfter = 2 * time.Second
