package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// ErrBusy means the database could not take the write in time: SQLite's
// write lock stayed taken past the busy timeout, or PostgreSQL gave up on a
// lock or a serializable transaction. Nothing was written; the same request
// may succeed a moment later, so the edges answer 503 with Retry-After.
var ErrBusy = errors.New("database busy")

// SQLite primary result codes (sqlite3.h); extended codes keep them in the
// low byte.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// PostgreSQL SQLSTATEs that mean "try again".
var pgBusyStates = map[string]bool{
	"40001": true, // serialization_failure
	"40P01": true, // deadlock_detected
	"55P03": true, // lock_not_available
}

// isBusy reports whether err is a busy or lock error on either engine,
// judged by error code, never by message text.
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqliteBusy || code == sqliteLocked
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pgBusyStates[pe.Code]
	}
	return false
}

// busy marks a busy or lock error with ErrBusy (keeping the original for
// the log); other errors pass unchanged.
func busy(err error) error {
	if err == nil || errors.Is(err, ErrBusy) || !isBusy(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrBusy, err)
}
