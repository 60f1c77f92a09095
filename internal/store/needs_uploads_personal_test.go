package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// Regression test: an analyst's indicator uploads are in their data
// download (without the file), and deleting the account removes their name
// from the uploads and ends those not yet importing, while a finished one
// stays as the record of the import.
func TestIndicatorUploadsPersonalDataAndDeletion(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUser := func(email, name string) store.User {
			u, err := s.CreateUser(ctx, store.System, store.NewUser{Email: email, Name: name, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		ana := newUser("ana@example.test", "Ana Lyst")
		other := newUser("other@example.test", "Other Analyst")
		lim := needs.UploadLimits{PendingPerUser: 5, PendingBytes: 1 << 20}
		upload := func(token string, u store.User, file, data string) {
			up := needs.Upload{Token: token, UserID: u.ID, UserName: u.Name, FileName: file, Format: needs.FormatFingertips,
				Summary: needs.Summary{Rows: 2}, Preview: []needs.DataPoint{needs.NewDataPoint()}}
			if err := s.CreateIndicatorUpload(ctx, up, []byte(data), lim); err != nil {
				t.Fatal(err)
			}
		}
		upload("done1", ana, "done.csv", "SECRET-CONTENT-1")
		upload("queued1", ana, "queued.csv", "SECRET-CONTENT-2")
		upload("seen1", ana, "previewed.csv", "SECRET-CONTENT-3")
		upload("theirs", other, "someone-elses.csv", "x")
		for _, step := range []func() (bool, error){
			func() (bool, error) { return s.QueueIndicatorUpload(ctx, "done1", ana.ID) },
			func() (bool, error) { return s.StartIndicatorUpload(ctx, "done1") },
			func() (bool, error) { return s.QueueIndicatorUpload(ctx, "queued1", ana.ID) },
		} {
			if ok, err := step(); err != nil || !ok {
				t.Fatalf("move upload: %v %v", ok, err)
			}
		}
		if err := s.FinishIndicatorUpload(ctx, "done1", &needs.Import{ID: 5, Rows: 2}, ""); err != nil {
			t.Fatal(err)
		}

		data, err := s.PersonalData(ctx, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(data["indicator_uploads"])
		var got []struct {
			FileName string `json:"file_name"`
			Bytes    int64  `json:"bytes"`
			Rows     int64  `json:"rows"`
			State    string `json:"state"`
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("section %s: %v", raw, err)
		}
		want := map[string]string{"done.csv": "done", "queued.csv": "queued", "previewed.csv": "previewed"}
		if len(got) != len(want) {
			t.Fatalf("download lists %d uploads, want %d: %s", len(got), len(want), raw)
		}
		for _, g := range got {
			if want[g.FileName] != g.State || g.Bytes != 16 || g.Rows != 2 {
				t.Errorf("download's upload %+v, want state %q, 16 bytes, 2 rows", g, want[g.FileName])
			}
		}
		all, _ := json.Marshal(data)
		for _, never := range []string{"SECRET-CONTENT", "someone-elses.csv"} {
			if strings.Contains(string(all), never) {
				t.Errorf("download holds %q: %s", never, all)
			}
		}

		if err := s.AnonymiseUser(ctx, store.System, ana.ID); err != nil {
			t.Fatal(err)
		}
		for token, state := range map[string]needs.UploadState{"done1": needs.UploadDone, "queued1": needs.UploadFailed, "seen1": needs.UploadFailed} {
			up, err := s.IndicatorUpload(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if up.State != state || up.UserName != store.DeletedAccountName || up.UserID != ana.ID {
				t.Errorf("after deletion %s: state %s, name %q, user %d; want %s, %q, %d", token, up.State, up.UserName, up.UserID, state, store.DeletedAccountName, ana.ID)
			}
			if state == needs.UploadFailed && !strings.Contains(up.Error, "deleted") {
				t.Errorf("after deletion %s: error %q does not say why", token, up.Error)
			}
			if b, _ := s.IndicatorUploadData(ctx, token); len(b) != 0 {
				t.Errorf("after deletion %s keeps its file (%d bytes)", token, len(b))
			}
		}
		if ok, err := s.StartIndicatorUpload(ctx, "queued1"); err != nil || ok {
			t.Errorf("a deleted account's queued upload started: %v %v", ok, err)
		}
		if up, _ := s.IndicatorUpload(ctx, "theirs"); up.UserName != "Other Analyst" || up.State != needs.UploadPreviewed {
			t.Errorf("another person's upload changed: %+v", up)
		}
	})
}
