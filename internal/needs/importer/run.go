package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
)

// UploadStore is what importing an upload needs from the store.
type UploadStore interface {
	IndicatorUpload(ctx context.Context, token string) (needs.Upload, error)
	IndicatorUploadData(ctx context.Context, token string) ([]byte, error)
	NeedsCatalogue(ctx context.Context) (*needs.Catalogue, error)
	StartIndicatorUpload(ctx context.Context, token string) (bool, error)
	SetIndicatorUploadProgress(ctx context.Context, token, phase string, rows int) error
	RequeueIndicatorUpload(ctx context.Context, token, why string) error
	FinishIndicatorUpload(ctx context.Context, token string, res *needs.Import, failure string) error
	// ImportUpload stages the points parse emits and makes them current in
	// one short swap, telling progress the phase and rows done.
	ImportUpload(ctx context.Context, up needs.Upload, cat *needs.Catalogue, parse func(emit needs.Emit) (needs.Summary, error),
		progress func(phase string, rows int)) (needs.Import, error)
}

// progressEvery is the least time between two progress writes of one phase.
const progressEvery = time.Second

// RunOptions tune RunUpload.
type RunOptions struct {
	// Progress, if set, is also told each phase and the rows done (the CLI
	// draws its bar with it).
	Progress func(phase string, rows int)
}

// RunUpload imports a confirmed upload, recording its progress and outcome
// on the upload. It is what the import job runs, and what the CLI runs
// inline. An upload already finished is left alone. A file with bad rows
// ends the upload as failed (and returns nil: trying again cannot help);
// any other error is returned for the caller to retry, with nothing of the
// file visible.
func RunUpload(ctx context.Context, st UploadStore, token string, opts RunOptions) error {
	up, err := st.IndicatorUpload(ctx, token)
	if err != nil {
		return err
	}
	if up.State.Finished() {
		return nil
	}
	started, err := st.StartIndicatorUpload(ctx, token)
	if err != nil || !started {
		return err
	}
	up.Attempts++
	data, err := st.IndicatorUploadData(ctx, token)
	if err != nil {
		return err
	}
	cat, err := st.NeedsCatalogue(ctx)
	if err != nil {
		return err
	}
	var mapping *Mapping
	if up.Format == needs.FormatGeneric {
		if mapping, err = ParseMapping(strings.NewReader(up.Mapping)); err != nil {
			return finishFailed(ctx, st, token, "The column mapping has problems and nothing was stored: "+err.Error())
		}
	}
	// The upload's row holds the file, and on SQLite rewriting the row
	// rewrites the file: progress is recorded when the phase changes and at
	// most once a second otherwise (the status page refreshes every few).
	var lastPhase string
	var lastWrite time.Time
	progress := func(phase string, rows int) {
		if opts.Progress != nil {
			opts.Progress(phase, rows)
		}
		if phase == lastPhase && time.Since(lastWrite) < progressEvery {
			return
		}
		lastPhase, lastWrite = phase, time.Now()
		// Progress is advisory: a failed write must not stop the import.
		_ = st.SetIndicatorUploadProgress(ctx, token, phase, rows)
	}
	im := &Importer{Catalogue: cat, Mapping: mapping, Coverage: up.Coverage}
	res, err := st.ImportUpload(ctx, up, cat, func(emit needs.Emit) (needs.Summary, error) {
		return im.Import(up.Format, up.FileName, bytes.NewReader(data), emit)
	}, progress)
	if ie, ok := needs.AsImportError(err); ok {
		return finishFailed(ctx, st, token, "The file has problems and nothing was stored: "+ie.Error())
	}
	if err != nil {
		return err
	}
	if err := st.FinishIndicatorUpload(ctx, token, &res, ""); err != nil {
		return fmt.Errorf("import %d is stored, but recording it on the upload failed: %w", res.ID, err)
	}
	return nil
}

func finishFailed(ctx context.Context, st UploadStore, token, msg string) error {
	if err := st.FinishIndicatorUpload(context.WithoutCancel(ctx), token, nil, msg); err != nil {
		return errors.Join(errors.New(msg), err)
	}
	return nil
}
