package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/riverqueue/river/rivertype"
)

// Regression test: an import attempt that fails inside the server tells
// the uploader which job to ask about, never the database's own message
// (the upload's status page and the API's error field show it).
func TestImportFailureReason(t *testing.T) {
	job := &rivertype.JobRow{ID: 42}
	tests := []struct {
		name  string
		err   error
		want  string
		never string
	}{
		{"server stopping", fmt.Errorf("post: %w", context.Canceled), "the server stopped", ""},
		{"out of time", context.DeadlineExceeded, "ran out of time", ""},
		{"database error", errors.New(`ERROR: duplicate key value violates unique constraint "money_postings_pkey" (SQLSTATE 23505)`), "logged with job 42", "SQLSTATE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := importFailureReason(job, tc.err)
			if !strings.Contains(got, tc.want) || (tc.never != "" && strings.Contains(got, tc.never)) {
				t.Errorf("importFailureReason(%v) = %q, want it to say %q and never %q", tc.err, got, tc.want, tc.never)
			}
		})
	}
}
