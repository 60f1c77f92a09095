package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

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
	err := importer.RunUpload(ctx, w.uploads, job.Args.Token, importer.RunOptions{})
	if err == nil {
		return nil
	}
	// The job's context may be cancelled: record the outcome regardless.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	why := err.Error()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		why = "the server stopped or the import ran out of time"
	}
	if job.Attempt >= job.MaxAttempts {
		msg := fmt.Sprintf("The import failed after %d attempts and nothing was stored: %s", job.Attempt, why)
		if ferr := w.uploads.FinishIndicatorUpload(rctx, job.Args.Token, nil, msg); ferr != nil {
			w.log.Error("indicator import: record failure", "token", job.Args.Token, "err", ferr)
		}
		return err
	}
	if rerr := w.uploads.RequeueIndicatorUpload(rctx, job.Args.Token, fmt.Sprintf("waiting to try again (attempt %d of %d stopped: %s)", job.Attempt, job.MaxAttempts, why)); rerr != nil {
		w.log.Error("indicator import: requeue", "token", job.Args.Token, "err", rerr)
	}
	return err
}
