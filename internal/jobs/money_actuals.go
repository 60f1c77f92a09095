package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/placeboard/placeboard/internal/money"
)

// MoneyActualsImportArgs is the job that posts an uploaded finance file of
// actuals to its fund's ledger (money.RunActualsUpload).
type MoneyActualsImportArgs struct {
	UploadID int64 `json:"upload_id"`
}

// Kind names the job in the queue.
func (MoneyActualsImportArgs) Kind() string { return "money_actuals_import" }

type moneyActualsWorker struct {
	river.WorkerDefaults[MoneyActualsImportArgs]
	uploads money.ActualsUploadStore
	log     *slog.Logger
}

// Work posts the upload. Rows that no longer fit the fund end it as failed
// at once (RunActualsUpload records them); any other error, including the
// server stopping (a cancelled context) or dying (River rescues the job),
// sends the job back to the queue, and after ImportAttempts tries the
// upload is marked failed with the last error. Nothing is posted unless
// everything is.
func (w *moneyActualsWorker) Work(ctx context.Context, job *river.Job[MoneyActualsImportArgs]) error {
	id := job.Args.UploadID
	err := money.RunActualsUpload(ctx, w.uploads, id)
	if err == nil {
		return nil
	}
	return importAttemptFailed(ctx, w.log, job.JobRow, err, "nothing was posted", // indicator_import.go
		func(ctx context.Context, msg string) error {
			return w.uploads.FailMoneyActualsUpload(ctx, id, msg, nil)
		},
		func(ctx context.Context, why string) error { return w.uploads.RequeueMoneyActualsUpload(ctx, id, why) })
}

// EnqueueMoneyActualsImport queues the import of an actuals upload and
// returns the job's id. Any server sharing the database may work it.
func (q *Queue) EnqueueMoneyActualsImport(ctx context.Context, uploadID int64) (int64, error) {
	if !q.moneyActuals {
		return 0, fmt.Errorf("jobs: enqueue money actuals import: no worker (Config.MoneyActuals is nil)")
	}
	res, err := q.insert(ctx, MoneyActualsImportArgs{UploadID: uploadID}, &river.InsertOpts{MaxAttempts: ImportAttempts})
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue money actuals import: %w", err)
	}
	return res.Job.ID, nil
}
