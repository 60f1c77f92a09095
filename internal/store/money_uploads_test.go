package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/money"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

// recordingQueue is the job queue as QueueActuals sees it: it remembers
// what was queued, or refuses when fail is set.
type recordingQueue struct {
	queued []int64
	fail   error
}

func (q *recordingQueue) EnqueueMoneyActualsImport(_ context.Context, id int64) (int64, error) {
	if q.fail != nil {
		return 0, q.fail
	}
	q.queued = append(q.queued, id)
	return int64(len(q.queued)), nil
}

// An uploaded file is checked against the fund before anything is kept:
// a bad row keeps and queues nothing and names its row and column.
func TestMoneyActualsQueueChecksFirst(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		tests := []struct {
			name, badRow, column string
		}{
			{"amount that is not money", "2025-06,S01,12.3.4,INV-X,bad", "amount"},
			{"scheme the fund does not have", "2025-06,S77,12.34,INV-X,bad", "scheme"},
			{"month outside the year", "2026-06,S01,12.34,INV-X,bad", "period"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				q := &recordingQueue{}
				_, err := money.QueueActuals(ctx, s, q, admin, w.Fund.ID, "bad.csv", []byte(actualsCSV(100, 50, tc.badRow)))
				ve, ok := validation.As(err)
				if !ok || len(ve.Fields) != 1 || ve.Fields[0].Row != 50 || ve.Fields[0].Field != tc.column {
					t.Fatalf("got %v, want one problem on row 50, column %s", err, tc.column)
				}
				if len(q.queued) != 0 {
					t.Errorf("a bad file was queued: %v", q.queued)
				}
			})
		}
		ups, err := s.MoneyActualsUploads(ctx, w.Fund.ID, 10)
		if err != nil || len(ups) != 0 {
			t.Errorf("bad files were kept: %v %v", ups, err)
		}
		// A queue that refuses leaves no upload waiting without a job.
		refusing := &recordingQueue{fail: errors.New("queue down")}
		if _, err := money.QueueActuals(ctx, s, refusing, admin, w.Fund.ID, "good.csv", []byte(actualsCSV(10, 0, ""))); err == nil {
			t.Fatal("queued through a refusing queue")
		}
		ups, err = s.MoneyActualsUploads(ctx, w.Fund.ID, 10)
		if err != nil || len(ups) != 1 || ups[0].State != money.UploadFailed || !strings.Contains(ups[0].Error, "could not be queued") {
			t.Errorf("upload after a refused enqueue: %+v %v", ups, err)
		}
		if _, err := money.QueueActuals(ctx, s, nil, admin, w.Fund.ID, "good.csv", []byte(actualsCSV(10, 0, ""))); !errors.Is(err, money.ErrNoQueue) {
			t.Errorf("no queue: %v", err)
		}
	})
}

// The job posts a queued upload whole, once: running it again (River
// retries a job whose server died after the commit) posts nothing more.
func TestMoneyActualsUploadPostsOnce(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		before, err := s.MoneyPostings(ctx, w.Fund.ID)
		if err != nil {
			t.Fatal(err)
		}
		q := &recordingQueue{}
		up, err := money.QueueActuals(ctx, s, q, admin, w.Fund.ID, "good.csv", []byte(actualsCSV(1_200, 0, "")))
		if err != nil || up.State != money.UploadQueued || up.RowsTotal != 1_200 || len(q.queued) != 1 || q.queued[0] != up.ID {
			t.Fatalf("queue: %+v %v (queued %v)", up, err, q.queued)
		}
		if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
			t.Fatal(err)
		}
		done, err := s.MoneyActualsUpload(ctx, up.ID)
		if err != nil || done.State != money.UploadDone || done.Result == nil || done.Result.ImportID == 0 || done.Result.Rows != 1_200 ||
			done.Result.Total != up.Total || done.RowsDone != 1_200 || done.Percent() != 100 || done.Attempts != 1 {
			t.Fatalf("after the job: %+v (result %+v) %v", done, done.Result, err)
		}
		if data, err := s.MoneyActualsUploadData(ctx, up.ID); err != nil || len(data) != 0 {
			t.Errorf("the file is kept after the import: %d bytes, %v", len(data), err)
		}
		after, _ := s.MoneyPostings(ctx, w.Fund.ID)
		if len(after) != len(before)+1_200 {
			t.Fatalf("%d postings, want %d", len(after), len(before)+1_200)
		}
		// Run again: the upload has ended, nothing is posted.
		if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
			t.Fatal(err)
		}
		// A run that had already started before the first committed
		// (two workers): its transaction finds the upload ended and
		// rolls back.
		if _, err := s.PostMoneyActualsUpload(ctx, up, mustParse(t, actualsCSV(1_200, 0, ""))); !errors.Is(err, money.ErrUploadEnded) {
			t.Errorf("posting an ended upload: %v", err)
		}
		again, _ := s.MoneyPostings(ctx, w.Fund.ID)
		if len(again) != len(after) {
			t.Errorf("%d postings after running the job again, want %d", len(again), len(after))
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("verify audit: %v", err)
		}
	})
}

// A month closed between the upload and the job: the job fails the upload
// naming the rows and column, posts nothing, and is not retried.
func TestMoneyActualsUploadFailsWhenTheFundChanged(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		before, _ := s.MoneyPostings(ctx, w.Fund.ID)
		csv := "period,scheme,amount\n2025-04,S01,10.00\n2025-05,S02,20.00\n"
		up, err := money.QueueActuals(ctx, s, &recordingQueue{}, admin, w.Fund.ID, "late.csv", []byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CloseMoneyPeriod(ctx, admin, w.Fund.ID, "2025-05"); err != nil {
			t.Fatal(err)
		}
		if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
			t.Fatalf("a file that no longer fits is a failed upload, not a retry: %v", err)
		}
		got, err := s.MoneyActualsUpload(ctx, up.ID)
		if err != nil || got.State != money.UploadFailed || len(got.Problems) != 1 || got.Problems[0].Row != 3 || got.Problems[0].Field != "period" ||
			!strings.Contains(got.Error, "row 3, column period") {
			t.Fatalf("upload %+v %v", got, err)
		}
		after, _ := s.MoneyPostings(ctx, w.Fund.ID)
		if len(after) != len(before) {
			t.Errorf("%d postings after a failed upload, want %d", len(after), len(before))
		}
		if ok, err := s.StartMoneyActualsUpload(ctx, up.ID); ok || err != nil {
			t.Errorf("a failed upload started again: %v %v", ok, err)
		}
	})
}

// An attempt that stops (the server stopping) puts the upload back in the
// queue with the reason; the next attempt posts it.
func TestMoneyActualsUploadRequeued(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		up, err := money.QueueActuals(ctx, s, &recordingQueue{}, admin, w.Fund.ID, "a.csv", []byte(actualsCSV(10, 0, "")))
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := s.StartMoneyActualsUpload(ctx, up.ID); !ok || err != nil {
			t.Fatalf("start: %v %v", ok, err)
		}
		if err := s.RequeueMoneyActualsUpload(ctx, up.ID, "waiting to try again"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.MoneyActualsUpload(ctx, up.ID)
		if got.State != money.UploadQueued || got.Phase != "waiting to try again" || got.Attempts != 1 {
			t.Fatalf("requeued upload %+v", got)
		}
		if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = s.MoneyActualsUpload(ctx, up.ID)
		if got.State != money.UploadDone || got.Attempts != 2 {
			t.Errorf("after the second attempt %+v", got)
		}
	})
}

func mustParse(t *testing.T, csv string) []money.ActualRow {
	t.Helper()
	rows, err := money.ParseActualsCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
