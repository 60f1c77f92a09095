package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Uploads are kept with their file, move previewed → queued → running →
// done once, and the limits name what they refuse.
func TestIndicatorUploadLifecycleAndLimits(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		lim := needs.UploadLimits{PendingPerUser: 2, PendingBytes: 10}
		up := needs.Upload{Token: "t1", UserID: 7, UserName: "a@example.org", FileName: "f.csv", Format: needs.FormatFingertips,
			Summary: needs.Summary{Rows: 3}, Preview: []needs.DataPoint{needs.NewDataPoint()}}
		if err := s.CreateIndicatorUpload(ctx, up, []byte("abcd"), lim); err != nil {
			t.Fatal(err)
		}
		got, err := s.IndicatorUpload(ctx, "t1")
		if err != nil || got.State != needs.UploadPreviewed || got.RowsTotal != 3 || got.Size != 4 || len(got.Preview) != 1 {
			t.Fatalf("upload %+v, %v", got, err)
		}
		if data, err := s.IndicatorUploadData(ctx, "t1"); err != nil || string(data) != "abcd" {
			t.Fatalf("data %q, %v", data, err)
		}
		// Too many bytes for all pending uploads together.
		up.Token = "t2"
		var le *needs.LimitError
		if err := s.CreateIndicatorUpload(ctx, up, []byte("0123456789"), lim); !errors.As(err, &le) || le.What != "bytes waiting in all uploads" {
			t.Fatalf("bytes limit: %v", err)
		}
		if err := s.CreateIndicatorUpload(ctx, up, []byte("x"), lim); err != nil {
			t.Fatal(err)
		}
		up.Token = "t3"
		if err := s.CreateIndicatorUpload(ctx, up, []byte("x"), lim); !errors.As(err, &le) || le.What != "uploads waiting for you" || le.Limit != 2 {
			t.Fatalf("per-user limit: %v", err)
		}
		// Only its owner confirms it, once.
		if ok, err := s.QueueIndicatorUpload(ctx, "t1", 8); err != nil || ok {
			t.Fatalf("queued by another user: %v %v", ok, err)
		}
		if ok, err := s.QueueIndicatorUpload(ctx, "t1", 7); err != nil || !ok {
			t.Fatalf("queue: %v %v", ok, err)
		}
		if ok, _ := s.QueueIndicatorUpload(ctx, "t1", 7); ok {
			t.Fatal("queued twice")
		}
		if ok, err := s.StartIndicatorUpload(ctx, "t1"); err != nil || !ok {
			t.Fatalf("start: %v %v", ok, err)
		}
		if err := s.SetIndicatorUploadProgress(ctx, "t1", needs.PhaseStaging, 2); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.IndicatorUpload(ctx, "t1"); got.RowsDone != 2 || got.Phase != needs.PhaseStaging || got.Attempts != 1 || got.State != needs.UploadRunning {
			t.Fatalf("progress %+v", got)
		}
		if err := s.FinishIndicatorUpload(ctx, "t1", &needs.Import{ID: 5, Rows: 3}, ""); err != nil {
			t.Fatal(err)
		}
		got, _ = s.IndicatorUpload(ctx, "t1")
		if got.State != needs.UploadDone || got.Result == nil || got.Result.ID != 5 || got.RowsDone != 3 {
			t.Fatalf("done %+v", got)
		}
		if data, _ := s.IndicatorUploadData(ctx, "t1"); len(data) != 0 {
			t.Errorf("finished upload keeps %d bytes", len(data))
		}
		if ok, _ := s.StartIndicatorUpload(ctx, "t1"); ok {
			t.Error("a finished upload started again")
		}
	})
}
