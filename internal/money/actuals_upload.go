package money

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/validation"
)

// Actuals are imported in the background (docs/money.md): the door parses
// the file and checks every row against the fund, keeps the file as an
// upload and queues a River job; the job posts every row in one
// transaction, which also marks the upload done, so a job that dies and is
// run again never posts twice. The pages and the API read the upload's
// state to show progress.

// CheckActuals checks parsed rows against the fund: each scheme is one of
// the fund's, each month is in the fund's year and not closed, each amount
// is above zero. Every problem names the row and column; at most
// MaxActualsErrors are reported. It returns the rows' total.
func CheckActuals(f Fund, schemes []Scheme, closed []string, rows []ActualRow) (Pence, error) {
	var errs validation.Errors
	if len(rows) == 0 {
		errs.AddRow(2, "file", ErrNoActuals.Error())
		return 0, &errs
	}
	known := make(map[string]bool, len(schemes))
	for _, m := range schemes {
		known[m.Ref] = true
	}
	isClosed := make(map[string]bool, len(closed))
	for _, p := range closed {
		isClosed[p] = true
	}
	var total Pence
	over := false
	for _, r := range rows {
		if !known[r.SchemeRef] {
			errs.AddRow(r.Row, "scheme", fmt.Sprintf("The fund has no scheme %q", r.SchemeRef))
		}
		switch {
		case !InYear(r.Period, f.FinancialYear):
			errs.AddRow(r.Row, "period", "The month "+r.Period+" is not in the fund's year "+f.FinancialYear)
		case isClosed[r.Period]:
			errs.AddRow(r.Row, "period", "The month "+r.Period+" is closed")
		}
		if r.Amount <= 0 {
			errs.AddRow(r.Row, "amount", "Enter an amount above zero")
		}
		// Each amount is at most £1 trillion (ParsePence), so the sum
		// checked row by row never overflows; past the cap a file's total,
		// and the fund's sums, would.
		if !over && r.Amount > 0 && total+r.Amount > Pounds(maxPounds) {
			over = true
			errs.AddRow(r.Row, "amount", "The file's amounts add up to more than "+Pounds(maxPounds).String()+" by this row: split it into smaller files")
		}
		if r.Amount > 0 && !over {
			total += r.Amount
		}
		if len(errs.Fields) >= MaxActualsErrors {
			break
		}
	}
	return total, errs.Err()
}

// ActualsReader is what checking a file against its fund reads.
type ActualsReader interface {
	MoneyFund(ctx context.Context, id int64) (Fund, error)
	MoneySchemes(ctx context.Context, fundID int64) ([]Scheme, error)
	MoneyClosedPeriods(ctx context.Context, fundID int64) ([]string, error)
}

// UploadState is where an actuals upload has got to.
type UploadState string

// Upload states: queued until a worker takes it, running, then done or
// failed for good.
const (
	UploadQueued  UploadState = "queued"
	UploadRunning UploadState = "running"
	UploadDone    UploadState = "done"
	UploadFailed  UploadState = "failed"
)

// Finished reports whether the upload has ended, one way or the other.
func (s UploadState) Finished() bool { return s == UploadDone || s == UploadFailed }

// Phases a running upload reports.
const (
	PhasePosting  = "posting to the ledger"
	PhaseAuditing = "writing the audit log"
)

// ActualsUpload is a finance file of actuals on its way to the ledger.
type ActualsUpload struct {
	ID        int64       `json:"id"`
	FundID    int64       `json:"fund_id"`
	FileName  string      `json:"file_name"`
	State     UploadState `json:"state" enum:"queued,running,done,failed"`
	Phase     string      `json:"phase,omitempty" doc:"What a running import is doing, or why a queued one waits."`
	RowsDone  int         `json:"rows_done" doc:"How far a running import has got, in rows (posting a row and auditing it count half each)."`
	RowsTotal int         `json:"rows_total"`
	Total     Pence       `json:"total_pence" doc:"The sum of the file's amounts."`
	Attempts  int         `json:"attempts"`
	// Result is the import once done.
	Result *ImportResult `json:"result,omitempty"`
	// Problems are the rows and columns that stopped a failed upload
	// (the month was closed after the upload, say); nothing was posted.
	Problems []validation.FieldError `json:"problems,omitempty"`
	// Error says why a failed upload failed.
	Error     string `json:"error,omitempty"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	// Uploader is who uploaded it: the job posts as them.
	Uploader audit.Actor `json:"-"`
}

// Percent is how far the import has got, 0 to 100.
func (u ActualsUpload) Percent() int {
	if u.State == UploadDone {
		return 100
	}
	if u.RowsTotal <= 0 {
		return 0
	}
	return min(100, u.RowsDone*100/u.RowsTotal)
}

// ActualsUploadStore keeps uploads and posts them; *store.Store
// satisfies it.
type ActualsUploadStore interface {
	ActualsReader
	// CreateMoneyActualsUpload keeps a checked file as a queued upload,
	// or ErrTooManyUploads (CheckPendingUploads, checked in the same
	// transaction as the insert) when the fund has enough pending.
	CreateMoneyActualsUpload(ctx context.Context, by audit.Actor, fundID int64, fileName string, data []byte, rows int, total Pence) (ActualsUpload, error)
	MoneyActualsUpload(ctx context.Context, id int64) (ActualsUpload, error)
	MoneyActualsUploadData(ctx context.Context, id int64) ([]byte, error)
	// StartMoneyActualsUpload marks a queued (or interrupted running)
	// upload running and counts the attempt; false when it has ended.
	StartMoneyActualsUpload(ctx context.Context, id int64) (bool, error)
	RequeueMoneyActualsUpload(ctx context.Context, id int64, why string) error
	// FailMoneyActualsUpload ends an upload that posted nothing, with the
	// reason and the rows and columns at fault.
	FailMoneyActualsUpload(ctx context.Context, id int64, why string, problems []validation.FieldError) error
	// PostMoneyActualsUpload posts the rows as the uploader in one
	// transaction that also marks the upload done (ErrUploadEnded when it
	// had already ended), recording progress where the engine lets another
	// connection write while the transaction runs.
	PostMoneyActualsUpload(ctx context.Context, up ActualsUpload, rows []ActualRow) (ImportResult, error)
}

// ActualsQueue queues an upload's job (internal/jobs.Queue is one).
type ActualsQueue interface {
	EnqueueMoneyActualsImport(ctx context.Context, uploadID int64) (int64, error)
}

// ErrUploadEnded: the upload had already ended when its job came to post it
// (a second run of the same job); nothing more is posted.
var ErrUploadEnded = errors.New("the upload has already ended")

// MaxPendingUploads is how many uploads of actuals a fund may have waiting
// for the job or being posted at once. Each keeps its whole file in the
// database until it ends, so without a cap anyone who may manage the fund
// could fill the database and the queue; three covers a month's files
// arriving together, and another is taken as soon as one ends.
const MaxPendingUploads = 3

// ErrTooManyUploads: the fund already has MaxPendingUploads uploads waiting
// or being posted; nothing was kept. The store checks it inside the
// transaction that keeps a new upload (CheckPendingUploads), so uploads
// sent at the same moment cannot go past the cap between them.
var ErrTooManyUploads = fmt.Errorf("the fund already has %d imports of actuals waiting or being posted: wait for one to finish, then upload the file again", MaxPendingUploads)

// CheckPendingUploads is the rule on keeping one more upload for a fund
// that has pending uploads queued or running: ErrTooManyUploads at the cap.
func CheckPendingUploads(pending int) error {
	if pending >= MaxPendingUploads {
		return ErrTooManyUploads
	}
	return nil
}

// ErrNoQueue: the server has no job queue to import actuals with.
var ErrNoQueue = errors.New("actuals cannot be imported on this server: it has no job queue")

// QueueActuals is what the web page and the API do with an uploaded file:
// parse it and check every row against the fund (a *validation.Errors
// naming each row and column, nothing kept), keep it as an upload of by,
// and queue the job that posts it. An upload that cannot be queued is
// marked failed, so nothing waits without a job. A fund that already has
// MaxPendingUploads uploads waiting or running keeps nothing more
// (ErrTooManyUploads).
func QueueActuals(ctx context.Context, st ActualsUploadStore, q ActualsQueue, by audit.Actor, fundID int64, fileName string, data []byte) (ActualsUpload, error) {
	if q == nil {
		return ActualsUpload{}, ErrNoQueue
	}
	fileName = UploadFileName(fileName)
	rows, err := ParseActualsCSV(bytes.NewReader(data))
	if err != nil {
		return ActualsUpload{}, err
	}
	total, err := CheckActualsFor(ctx, st, fundID, rows)
	if err != nil {
		return ActualsUpload{}, err
	}
	up, err := st.CreateMoneyActualsUpload(ctx, by, fundID, fileName, data, len(rows), total)
	if err != nil {
		return ActualsUpload{}, err
	}
	if _, err := q.EnqueueMoneyActualsImport(ctx, up.ID); err != nil {
		_ = st.FailMoneyActualsUpload(context.WithoutCancel(ctx), up.ID, "The import could not be queued and nothing was posted; upload the file again.", nil)
		return ActualsUpload{}, err
	}
	return up, nil
}

// MaxUploadFileName is how long, in bytes, the name of an uploaded file
// kept with its upload may be (the API's file_name allows as much).
const MaxUploadFileName = 200

// UploadFileName is the name kept for an uploaded file: its last part
// after either kind of slash (a browser on Windows may send the whole
// path), at most MaxUploadFileName bytes, cut on a character's boundary.
// The name outlives the file, which is dropped when the upload ends.
func UploadFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	if len(name) > MaxUploadFileName {
		cut := MaxUploadFileName
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	return name
}

// CheckActualsFor reads the fund, its schemes and closed months and checks
// the rows against them (CheckActuals).
func CheckActualsFor(ctx context.Context, r ActualsReader, fundID int64, rows []ActualRow) (Pence, error) {
	f, err := r.MoneyFund(ctx, fundID)
	if err != nil {
		return 0, err
	}
	schemes, err := r.MoneySchemes(ctx, fundID)
	if err != nil {
		return 0, err
	}
	closed, err := r.MoneyClosedPeriods(ctx, fundID)
	if err != nil {
		return 0, err
	}
	return CheckActuals(f, schemes, closed, rows)
}

// RunActualsUpload posts a queued upload: what the River job runs. An
// upload already ended is left alone. A file whose rows no longer fit the
// fund (a month closed since it was checked) ends the upload as failed,
// naming the rows, and returns nil: trying again cannot help. Any other
// error is returned for the job to retry, with nothing posted.
func RunActualsUpload(ctx context.Context, st ActualsUploadStore, id int64) error {
	up, err := st.MoneyActualsUpload(ctx, id)
	if err != nil {
		return err
	}
	if up.State.Finished() {
		return nil
	}
	started, err := st.StartMoneyActualsUpload(ctx, id)
	if err != nil || !started {
		return err
	}
	data, err := st.MoneyActualsUploadData(ctx, id)
	if err != nil {
		return err
	}
	rows, err := ParseActualsCSV(bytes.NewReader(data))
	if err == nil {
		_, err = st.PostMoneyActualsUpload(ctx, up, rows)
	}
	if errors.Is(err, ErrUploadEnded) {
		return nil
	}
	if ve, ok := validation.As(err); ok {
		return failActuals(ctx, st, id, ve.Fields)
	}
	return err
}

// ActualsProblems sums up a file's problems in one sentence, naming the
// row and column when there is one.
func ActualsProblems(problems []validation.FieldError) string {
	if len(problems) == 1 {
		p := problems[0]
		return "The file has a problem at row " + strconv.Itoa(p.Row) + ", column " + p.Field + ": " + p.Message + ". Nothing was posted"
	}
	return "The file has " + strconv.Itoa(len(problems)) + " problems. Nothing was posted: fix them and upload it again"
}

func failActuals(ctx context.Context, st ActualsUploadStore, id int64, problems []validation.FieldError) error {
	why := ActualsProblems(problems)
	if err := st.FailMoneyActualsUpload(context.WithoutCancel(ctx), id, why, problems); err != nil {
		return errors.Join(errors.New(why), err)
	}
	return nil
}
