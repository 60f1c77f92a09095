package store_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
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

// An upload's file is dropped when it ends, however it ends, in the same
// statement or transaction that ends it; what it was (name, size, rows,
// total, uploader) stays. An attempt sent back to the queue keeps it: the
// next attempt reads it.
func TestMoneyActualsUploadDropsItsFileWhenItEnds(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		tests := []struct {
			name  string
			csv   string
			end   func(t *testing.T, up money.ActualsUpload)
			state money.UploadState
		}{
			{"posted by the job", actualsCSV(40, 0, ""), func(t *testing.T, up money.ActualsUpload) {
				if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
					t.Fatal(err)
				}
			}, money.UploadDone},
			{"failed by the job: a month closed since", "period,scheme,amount\n2026-03,S01,10.00\n", func(t *testing.T, up money.ActualsUpload) {
				if err := s.CloseMoneyPeriod(ctx, admin, w.Fund.ID, "2026-03"); err != nil {
					t.Fatal(err)
				}
				if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
					t.Fatal(err)
				}
			}, money.UploadFailed},
			{"failed after its last attempt", actualsCSV(5, 0, ""), func(t *testing.T, up money.ActualsUpload) {
				if ok, err := s.StartMoneyActualsUpload(ctx, up.ID); !ok || err != nil {
					t.Fatalf("start: %v %v", ok, err)
				}
				// What the job does when River gives up (jobs.importAttemptFailed).
				if err := s.FailMoneyActualsUpload(ctx, up.ID, "The import stopped 5 times; nothing was posted", nil); err != nil {
					t.Fatal(err)
				}
			}, money.UploadFailed},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				up, err := money.QueueActuals(ctx, s, &recordingQueue{}, admin, w.Fund.ID, "ends.csv", []byte(tc.csv))
				if err != nil {
					t.Fatal(err)
				}
				if data, err := s.MoneyActualsUploadData(ctx, up.ID); err != nil || string(data) != tc.csv {
					t.Fatalf("queued upload keeps %d bytes, want %d (%v)", len(data), len(tc.csv), err)
				}
				tc.end(t, up)
				got, err := s.MoneyActualsUpload(ctx, up.ID)
				if err != nil || got.State != tc.state || got.FileName != "ends.csv" || got.RowsTotal != up.RowsTotal || got.Total != up.Total ||
					got.Uploader != admin || got.CreatedAt != up.CreatedAt {
					t.Fatalf("ended upload %+v, want %s with the metadata of %+v (%v)", got, tc.state, up, err)
				}
				if data, err := s.MoneyActualsUploadData(ctx, up.ID); err != nil || len(data) != 0 {
					t.Errorf("the %s upload still holds its file: %d bytes (%v)", tc.state, len(data), err)
				}
			})
		}
		t.Run("sent back to the queue", func(t *testing.T) {
			csv := actualsCSV(5, 0, "")
			up, err := money.QueueActuals(ctx, s, &recordingQueue{}, admin, w.Fund.ID, "retry.csv", []byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := s.StartMoneyActualsUpload(ctx, up.ID); !ok || err != nil {
				t.Fatalf("start: %v %v", ok, err)
			}
			if err := s.RequeueMoneyActualsUpload(ctx, up.ID, "waiting to try again"); err != nil {
				t.Fatal(err)
			}
			if data, err := s.MoneyActualsUploadData(ctx, up.ID); err != nil || string(data) != csv {
				t.Fatalf("a requeued upload lost its file: %d bytes, %v", len(data), err)
			}
			if err := money.RunActualsUpload(ctx, s, up.ID); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.MoneyActualsUpload(ctx, up.ID); got.State != money.UploadDone || got.Attempts != 2 {
				t.Errorf("second attempt: %+v", got)
			}
		})
		t.Run("not queued", func(t *testing.T) {
			refusing := &recordingQueue{fail: errors.New("queue down")}
			if _, err := money.QueueActuals(ctx, s, refusing, admin, w.Fund.ID, "refused.csv", []byte(actualsCSV(3, 0, ""))); err == nil {
				t.Fatal("queued through a refusing queue")
			}
			ups, err := s.MoneyActualsUploads(ctx, w.Fund.ID, 1)
			if err != nil || len(ups) != 1 || ups[0].FileName != "refused.csv" || ups[0].State != money.UploadFailed {
				t.Fatalf("refused upload: %+v %v", ups, err)
			}
			if data, err := s.MoneyActualsUploadData(ctx, ups[0].ID); err != nil || len(data) != 0 {
				t.Errorf("a refused upload keeps its file: %d bytes, %v", len(data), err)
			}
		})
	})
}

// A fund keeps at most money.MaxPendingUploads uploads waiting or running,
// however many are sent at once: the count and the insert are one
// transaction. Another fund is not held up, and an upload ending, posted
// or failed, frees its place.
func TestMoneyActualsUploadsCappedPerFund(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		other, err := s.CreateMoneyFund(ctx, admin, money.Fund{PartnershipID: w.Partnership.ID, FinancialYear: "2025-26", Name: "Another fund",
			Kind: money.FundBCF, HostOrgID: w.Council.ID, ManagerName: "Pat Pooled"})
		if err != nil {
			t.Fatal(err)
		}
		csv := []byte("period,scheme,amount\n2025-06,S01,1.00\n")
		create := func(fundID int64) (money.ActualsUpload, error) {
			return s.CreateMoneyActualsUpload(ctx, admin, fundID, "same.csv", csv, 1, 100)
		}
		const sent = 12
		var wg sync.WaitGroup
		errs := make([]error, sent)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = create(w.Fund.ID)
			}()
		}
		wg.Wait()
		kept, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				kept++
			case errors.Is(err, money.ErrTooManyUploads):
				refused++
			default:
				t.Errorf("upload sent in parallel: %v", err)
			}
		}
		if kept != money.MaxPendingUploads || refused != sent-money.MaxPendingUploads {
			t.Fatalf("%d of %d kept, %d refused; want %d kept", kept, sent, refused, money.MaxPendingUploads)
		}
		ups, err := s.MoneyActualsUploads(ctx, w.Fund.ID, 100)
		if err != nil || len(ups) != money.MaxPendingUploads {
			t.Fatalf("the fund holds %d uploads, want %d (%v)", len(ups), money.MaxPendingUploads, err)
		}
		// Another fund is not held up.
		if _, err := create(other.ID); err != nil {
			t.Fatalf("another fund's upload: %v", err)
		}
		// Running still counts; failing or posting frees a place.
		if ok, err := s.StartMoneyActualsUpload(ctx, ups[0].ID); !ok || err != nil {
			t.Fatalf("start: %v %v", ok, err)
		}
		if _, err := create(w.Fund.ID); !errors.Is(err, money.ErrTooManyUploads) {
			t.Fatalf("with %d waiting or running: %v", money.MaxPendingUploads, err)
		}
		if err := s.FailMoneyActualsUpload(ctx, ups[0].ID, "stopped", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := create(w.Fund.ID); err != nil {
			t.Fatalf("after one failed: %v", err)
		}
		if _, err := create(w.Fund.ID); !errors.Is(err, money.ErrTooManyUploads) {
			t.Fatalf("full again: %v", err)
		}
		if err := money.RunActualsUpload(ctx, s, ups[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := create(w.Fund.ID); err != nil {
			t.Fatalf("after one was posted: %v", err)
		}
		// The door's answer is the same rule: a good file is checked and
		// then refused, and nothing is queued.
		q := &recordingQueue{}
		if _, err := money.QueueActuals(ctx, s, q, admin, w.Fund.ID, "one-more.csv", csv); !errors.Is(err, money.ErrTooManyUploads) || len(q.queued) != 0 {
			t.Errorf("QueueActuals on a full fund: %v, queued %v", err, q.queued)
		}
	})
}

// A person's data download lists their uploads of actuals (what, where to,
// how many rows, the total, what became of them, when and from which
// address) but never the file. Deleting the account keeps the uploads as
// the record of what was imported, without the name or address, and ends
// those not yet posted; the ledger and the audit chain are untouched.
func TestMoneyActualsUploadPersonalDataAndDeletion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := storetest.MoneyFixture(t, s)
		newUser := func(email, name string) store.User {
			u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: email, Name: name, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		fin := newUser("fin@example.test", "Fin Officer")
		other := newUser("other@example.test", "Other Officer")
		finBy := store.Actor{UserID: fin.ID, Name: fin.Name, ClientAddr: "198.51.100.23"}
		otherBy := store.Actor{UserID: other.ID, Name: other.Name, ClientAddr: "203.0.113.9"}

		posted := "period,scheme,amount,reference\n2025-06,S01,12.34,INV-PRIVATE-1\n2025-06,S02,1.00,INV-PRIVATE-2\n"
		waiting := "period,scheme,amount,reference\n2025-07,S01,5.00,INV-PRIVATE-3\n"
		q := &recordingQueue{}
		done, err := money.QueueActuals(ctx, s, q, finBy, w.Fund.ID, "june.csv", []byte(posted))
		if err != nil {
			t.Fatal(err)
		}
		if err := money.RunActualsUpload(ctx, s, done.ID); err != nil {
			t.Fatal(err)
		}
		queued, err := money.QueueActuals(ctx, s, q, finBy, w.Fund.ID, "july.csv", []byte(waiting))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := money.QueueActuals(ctx, s, q, otherBy, w.Fund.ID, "someone-elses.csv", []byte(waiting)); err != nil {
			t.Fatal(err)
		}

		data, err := s.PersonalData(ctx, fin.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(data["money_actuals_uploads"])
		var got []struct {
			ID            int64  `json:"id"`
			FileName      string `json:"file_name"`
			FundID        int64  `json:"fund_id"`
			Fund          string `json:"fund"`
			Rows          int    `json:"rows"`
			TotalPence    int64  `json:"total_pence"`
			State         string `json:"state"`
			CreatedAt     string `json:"created_at"`
			ClientAddress string `json:"client_address"`
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("section %s: %v", raw, err)
		}
		if len(got) != 2 {
			t.Fatalf("download lists %d uploads, want fin's 2: %s", len(got), raw)
		}
		for i, want := range []struct {
			up    money.ActualsUpload
			state money.UploadState
		}{{done, money.UploadDone}, {queued, money.UploadQueued}} {
			g := got[i]
			if g.ID != want.up.ID || g.FileName != want.up.FileName || g.FundID != w.Fund.ID || g.Fund != w.Fund.Name || g.Rows != want.up.RowsTotal ||
				g.TotalPence != int64(want.up.Total) || g.State != string(want.state) || g.CreatedAt != want.up.CreatedAt || g.ClientAddress != "198.51.100.23" {
				t.Errorf("download's upload %d: %+v, want %+v in state %s", i, g, want.up, want.state)
			}
		}
		all, _ := json.Marshal(data)
		for _, never := range []string{"INV-PRIVATE", base64.StdEncoding.EncodeToString([]byte(waiting)), "someone-elses.csv", "203.0.113.9"} {
			if strings.Contains(string(all), never) {
				t.Errorf("download holds %q: %s", never, all)
			}
		}

		postings, _ := s.MoneyPostings(ctx, w.Fund.ID)
		if err := s.AnonymiseUser(ctx, finBy, fin.ID); err != nil {
			t.Fatal(err)
		}
		// The posted upload stays, without the name or address.
		d, err := s.MoneyActualsUpload(ctx, done.ID)
		if err != nil || d.State != money.UploadDone || d.Result == nil || d.FileName != "june.csv" ||
			d.Uploader != (store.Actor{UserID: fin.ID, Name: store.DeletedAccountName}) {
			t.Errorf("posted upload after deletion: %+v %v", d, err)
		}
		// The waiting one ends, its file dropped, and its job posts nothing.
		qd, err := s.MoneyActualsUpload(ctx, queued.ID)
		if err != nil || qd.State != money.UploadFailed || !strings.Contains(qd.Error, "deleted") || qd.Uploader.Name != store.DeletedAccountName || qd.Uploader.ClientAddr != "" {
			t.Errorf("waiting upload after deletion: %+v %v", qd, err)
		}
		if b, err := s.MoneyActualsUploadData(ctx, queued.ID); err != nil || len(b) != 0 {
			t.Errorf("the deleted account's waiting file is kept: %d bytes %v", len(b), err)
		}
		if err := money.RunActualsUpload(ctx, s, queued.ID); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.MoneyPostings(ctx, w.Fund.ID); len(after) != len(postings) {
			t.Errorf("%d postings after the deletion and the job, want %d", len(after), len(postings))
		}
		// Someone else's upload is untouched.
		ups, _ := s.MoneyActualsUploads(ctx, w.Fund.ID, 1)
		if len(ups) != 1 || ups[0].State != money.UploadQueued || ups[0].Uploader != otherBy {
			t.Errorf("another person's upload after the deletion: %+v", ups)
		}
		// The deleted account's download has the record, and no address.
		data, err = s.PersonalData(ctx, fin.ID)
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := json.Marshal(data["money_actuals_uploads"]); strings.Contains(string(raw), "198.51.100.23") || !strings.Contains(string(raw), "june.csv") {
			t.Errorf("download after deletion: %s", raw)
		}
		if rep, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit after deleting an uploader: %+v %v", rep, err)
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
