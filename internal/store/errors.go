package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// pgUniqueViolation is PostgreSQL's SQLSTATE for unique_violation.
const pgUniqueViolation = "23505"

// isUniqueViolation reports whether err is a unique-constraint failure on
// either engine, by the engine's error code rather than its message text
// (which varies with version and locale): SQLite's extended codes
// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555),
// PostgreSQL's SQLSTATE 23505. Wrapped errors are looked through.
func isUniqueViolation(err error) bool {
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == pgUniqueViolation
	}
	return false
}

// wrapOp prefixes a failed store call's error with the operation's name
// ("store: list organisations: ..."), so a log line says which call
// failed. errors.Is and errors.As still find ErrNotFound, ErrConflict,
// *validation.Errors and the driver's error underneath. Exported methods
// call it deferred on their named error result.
func wrapOp(errp *error, op string) {
	if *errp != nil {
		*errp = fmt.Errorf("store: %s: %w", op, *errp)
	}
}
