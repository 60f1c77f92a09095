package needs

import (
	"fmt"
	"time"
)

// Import is a finished indicator import: its file, counts and summary.
type Import struct {
	ID          int64   `json:"id"`
	Format      string  `json:"format"`
	FileName    string  `json:"file_name"`
	Rows        int     `json:"rows"`
	Computed    int     `json:"computed"`
	Verified    int     `json:"verified"`
	Precomputed int     `json:"precomputed"`
	Replaced    int     `json:"replaced"` // earlier values kept as versions
	Skipped     int     `json:"skipped"`  // exact repeats of earlier rows, not stored
	Summary     Summary `json:"summary"`
	ImportedBy  int64   `json:"imported_by"`
	ImportedAt  string  `json:"imported_at"`
}

// UploadState is where an uploaded file is on its way to being imported.
type UploadState string

// Upload states. Previewed, queued and running uploads are pending: they
// count against the upload limits.
const (
	UploadPreviewed UploadState = "previewed" // checked, waiting for the analyst to confirm
	UploadQueued    UploadState = "queued"    // confirmed, its job waits for a worker
	UploadRunning   UploadState = "running"   // a worker is importing it
	UploadDone      UploadState = "done"
	UploadFailed    UploadState = "failed"
)

// Finished reports whether the upload's import has ended, one way or the other.
func (s UploadState) Finished() bool { return s == UploadDone || s == UploadFailed }

// Import phases, shown on the progress page.
const (
	PhaseStaging  = "staging rows"      // parsing the file, writing rows readers do not see yet
	PhaseCarrying = "carrying forward"  // copying the areas the file leaves out from the current values
	PhaseSwapping = "making it current" // the short swap
	PhaseCleaning = "cleaning up"       // deleting the replaced version in batches
)

// Upload is an indicator file kept in the database between its preview and
// its import, with the import's progress and outcome, which every server
// sharing the database reads.
type Upload struct {
	Token    string `json:"token"`
	UserID   int64  `json:"user_id"`
	UserName string `json:"user_name"`
	FileName string `json:"file_name"`
	Format   Format `json:"format"`
	Mapping  string `json:"mapping,omitempty"` // the generic format's column mapping, as given
	// Coverage is the areas the uploader may import, fixed at the preview;
	// the import checks every row against it again. Nil imports every area
	// (the CLI, which runs as the system).
	Coverage *AreaCoverage `json:"coverage,omitempty"`
	Size     int64         `json:"size"`
	Summary  Summary       `json:"summary"`
	Preview  []DataPoint   `json:"preview"`
	State    UploadState   `json:"state"`
	Phase    string        `json:"phase"`
	RowsDone int64         `json:"rows_done"`
	// RowsTotal is the preview's row count; the import's own count may
	// differ by the rows it skips as exact repeats.
	RowsTotal int64     `json:"rows_total"`
	Attempts  int       `json:"attempts"`
	Result    *Import   `json:"result,omitempty"`
	Error     string    `json:"error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Percent is the share of rows done, 0 to 100.
func (u Upload) Percent() int {
	if u.RowsTotal <= 0 {
		return 0
	}
	return int(min(100, u.RowsDone*100/u.RowsTotal))
}

// UploadLimits bound what uploads may wait in the database.
type UploadLimits struct {
	// PendingPerUser caps one person's previewed, queued and running uploads.
	PendingPerUser int
	// PendingBytes caps the bytes of every pending upload together.
	PendingBytes int64
	// PreviewTTL is how long a previewed upload waits for confirmation
	// before it stops counting and is deleted.
	PreviewTTL time.Duration
}

// DefaultUploadLimits are the server's limits.
var DefaultUploadLimits = UploadLimits{PendingPerUser: 3, PendingBytes: 200 << 20, PreviewTTL: time.Hour}

// LimitError says which upload limit a new upload would exceed.
type LimitError struct {
	What  string // "uploads waiting for you", "bytes waiting in all uploads"
	Limit int64
	Have  int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("too many %s: the limit is %d and %d are already waiting; confirm or let earlier uploads finish first", e.What, e.Limit, e.Have)
}
