package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/placeboard/placeboard/internal/needs/importer"
)

// IndicatorImportArgs is the job that imports a confirmed upload.
type IndicatorImportArgs struct {
	Token string `json:"token"`
}

// Kind names the job in the queue.
func (IndicatorImportArgs) Kind() string { return "indicator_import" }

type indicatorImportWorker struct {
	river.WorkerDefaults[IndicatorImportArgs]
	uploads importer.UploadStore
	log     *slog.Logger
}

// Work runs the import. A file with bad rows fails at once (RunUpload marks
// it); any other error, including the server stopping (a cancelled
// context) or dying (River rescues the job), sends the job back to the
// queue, and after ImportAttempts tries the upload is marked failed with
// the last error.
func (w *indicatorImportWorker) Work(ctx context.Context, job *river.Job[IndicatorImportArgs]) error {
	token := job.Args.Token
	err := importer.RunUpload(ctx, w.uploads, token, importer.RunOptions{})
	if err == nil {
		return nil
	}
	return importAttemptFailed(ctx, w.log, job.JobRow, err, "nothing was stored",
		func(ctx context.Context, msg string) error {
			return w.uploads.FinishIndicatorUpload(ctx, token, nil, msg)
		},
		func(ctx context.Context, why string) error { return w.uploads.RequeueIndicatorUpload(ctx, token, why) })
}

// importAttemptFailed records an import job's failed attempt and returns
// err for River: after the last attempt the upload is failed for good with
// the reason (fail), before it the upload goes back to the queue saying
// why (requeue). The job's context may be cancelled (the server stopping):
// the outcome is recorded regardless. nothing says what was left undone,
// e.g. "nothing was posted".
func importAttemptFailed(ctx context.Context, log *slog.Logger, job *rivertype.JobRow, err error, nothing string,
	fail, requeue func(ctx context.Context, msg string) error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	why := importFailureReason(job, err)
	log.Warn("import: attempt failed", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "err", err)
	if job.Attempt >= job.MaxAttempts {
		if ferr := fail(rctx, fmt.Sprintf("The import failed after %d attempts and %s: %s", job.Attempt, nothing, why)); ferr != nil {
			log.Error("import: record failure", "job", job.ID, "kind", job.Kind, "err", ferr)
		}
		return err
	}
	if rerr := requeue(rctx, fmt.Sprintf("waiting to try again (attempt %d of %d stopped: %s)", job.Attempt, job.MaxAttempts, why)); rerr != nil {
		log.Error("import: requeue", "job", job.ID, "kind", job.Kind, "err", rerr)
	}
	return err
}

// importFailureReason says why an attempt stopped, for the person who
// uploaded the file: the server stopping, or an internal error named by
// its job so that an administrator can find it in the log. The error's own
// text (a database message, say) is for the log, not for the page.
// Problems with the file itself never get here: they end the upload at
// once, each naming its row and column.
func importFailureReason(job *rivertype.JobRow, err error) string {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "the server stopped or the import ran out of time"
	}
	return fmt.Sprintf("an internal error, logged with job %d", job.ID)
}
