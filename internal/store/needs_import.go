package store

// Staged indicator imports (issue 10): an import never holds the write lock
// for long, and nothing half-written is ever visible.
//
//  1. stage: the parsed rows go into indicator_value_rows under the import's
//     own version (its id), in short transactions of BatchRows rows. Readers
//     read the view indicator_values, which shows only each indicator
//     period's current version (indicator_current), so staged rows are unseen.
//  2. carry forward: for each indicator period the file brings, the current
//     version's rows for areas the file leaves out are copied into the new
//     version (a re-import replaces only the areas it brings), and the rows
//     it replaces are archived in indicator_value_versions, in batches.
//     Archived rows count only once their import is done.
//  3. swap: one short transaction points each indicator period at the new
//     version, writes the catalogue entries and marks the import done. Its
//     size is the number of indicator periods, not rows.
//  4. clean: the replaced versions are deleted in batches.
//
// An import that fails or is cancelled deletes its staged rows at once;
// one that dies with its process stays 'staging', and the next import
// deletes its rows first. Imports run one at a time (Exclusive), so an import found
// 'staging' while the lock is held is abandoned.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/needs"
)

// entIndicatorImport is the audited entity for an indicator import: one
// audit entry per import (its file, counts and periods), not one per value.
const entIndicatorImport = "indicator_import"

// importLock is the Exclusive lock every import holds.
const importLock = "indicator-import"

// IndicatorImportFile describes a file being imported.
type IndicatorImportFile struct {
	Format   needs.Format
	FileName string
}

// IndicatorImport is a finished import.
type IndicatorImport = needs.Import

// valueCols are indicator_values' columns in insert order; versions add
// replaced_by, staged rows add version.
var valueCols = []string{
	"indicator_id", "area_code", "period", "sex", "age", "category_type", "category",
	"period_from", "period_to", "period_type", "period_years", "area_name",
	"value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "count", "denominator",
	"note", "trend", "origin", "origin_detail", "import_id",
}

// stagedCols are indicator_value_rows' columns in insert order.
var stagedCols = append(slices.Clip(valueCols), "version")

// DefaultImportBatchRows is how many rows one staging transaction writes:
// on SQLite about a tenth of a second's work, so other writers wait at most
// that long for the write lock.
const DefaultImportBatchRows = 20000

// ImportOptions tune a staged import.
type ImportOptions struct {
	// BatchRows is how many rows one staging transaction writes (and one
	// clean-up transaction deletes); 0 means DefaultImportBatchRows.
	BatchRows int
	// Progress, if set, is told the phase and the rows staged so far after
	// each batch commits.
	Progress func(phase string, rows int)
}

// ImportIndicators imports a file with the default options; see
// ImportIndicatorsStaged.
func (s *Store) ImportIndicators(ctx context.Context, by Actor, file IndicatorImportFile, cat *needs.Catalogue,
	parse func(emit needs.Emit) (needs.Summary, error)) (IndicatorImport, error) {
	return s.ImportIndicatorsStaged(ctx, by, file, cat, parse, ImportOptions{})
}

// ImportIndicatorsStaged runs parse, which reads the file and calls emit for
// each finished point (importer.Importer.Import does this), staging the
// points in short transactions and making them current in one short swap.
// Any error from parse, including a *needs.ImportError naming bad rows,
// leaves the current data as it was: a bad row means nothing is imported.
//
// Re-importing an indicator's period replaces the values of the areas the
// file brings again (other areas' values stay); the replaced rows are kept
// in indicator_value_versions with the id of the import that replaced them.
// The catalogue entries of the file's indicators are written from cat.
func (s *Store) ImportIndicatorsStaged(ctx context.Context, by Actor, file IndicatorImportFile, cat *needs.Catalogue,
	parse func(emit needs.Emit) (needs.Summary, error), opts ImportOptions) (IndicatorImport, error) {
	if opts.BatchRows <= 0 {
		opts.BatchRows = DefaultImportBatchRows
	}
	var out IndicatorImport
	err := s.Exclusive(ctx, importLock, func(ctx context.Context) error {
		if err := s.cleanImports(ctx, opts.BatchRows); err != nil {
			return err
		}
		var err error
		out, err = s.stagedImport(ctx, by, file, cat, parse, opts)
		return err
	})
	if err != nil {
		if _, ok := needs.AsImportError(err); ok {
			return IndicatorImport{}, err
		}
		return IndicatorImport{}, fmt.Errorf("store: import indicators: %w", err)
	}
	// The replaced versions go after the swap, outside the lock's critical
	// path; a failure here only leaves garbage for the next clean-up.
	if err := s.cleanStaleVersions(ctx, opts); err != nil {
		s.log.Warn("indicator import: clean replaced versions", "import", out.ID, "err", err)
	}
	return out, nil
}

func (s *Store) stagedImport(ctx context.Context, by Actor, file IndicatorImportFile, cat *needs.Catalogue,
	parse func(emit needs.Emit) (needs.Summary, error), opts ImportOptions) (IndicatorImport, error) {
	var id int64
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO indicator_imports (format, file_name, rows, computed, verified, precomputed, replaced, summary, imported_by, imported_at, status)
			VALUES ($1, $2, 0, 0, 0, 0, 0, '{}', $3, $4, 'staging') RETURNING id`, string(file.Format), file.FileName, by.UserID, s.stamp()).Scan(&id)
	}); err != nil {
		return IndicatorImport{}, err
	}
	out, err := s.stageAndSwap(ctx, id, by, file, cat, parse, opts)
	if err != nil {
		// Clean up even when ctx was cancelled; if this fails too, the next
		// import finds the import still 'staging' and cleans it.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		if cerr := s.dropImport(cctx, id, opts.BatchRows); cerr != nil {
			s.log.Warn("indicator import: clean failed import", "import", id, "err", cerr)
		}
		return IndicatorImport{}, err
	}
	return out, nil
}

func (s *Store) stageAndSwap(ctx context.Context, id int64, by Actor, file IndicatorImportFile, cat *needs.Catalogue,
	parse func(emit needs.Emit) (needs.Summary, error), opts ImportOptions) (IndicatorImport, error) {
	w := newStager(ctx, s, id, opts)
	defer w.stop()
	sum, err := parse(w.emit)
	if err == nil {
		err = w.commit()
	}
	if err != nil {
		w.stop() // the caller deletes what was staged: nothing may still be writing
		return IndicatorImport{}, err
	}
	sum.Rows -= w.skipped
	replaced, err := s.carryForward(ctx, id, w, opts)
	if err != nil {
		return IndicatorImport{}, err
	}
	if opts.Progress != nil {
		opts.Progress(needs.PhaseSwapping, w.staged)
	}
	now := s.stamp()
	out := IndicatorImport{ID: id, Format: string(file.Format), FileName: file.FileName, Rows: sum.Rows, Computed: sum.Computed,
		Verified: sum.Verified, Precomputed: sum.Precomputed, Replaced: replaced, Skipped: w.skipped, Summary: sum, ImportedBy: by.UserID, ImportedAt: now}
	raw, err := json.Marshal(sum)
	if err != nil {
		return IndicatorImport{}, err
	}
	start := time.Now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, pk := range w.order {
			if old, ok := w.current[pk]; ok {
				if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_stale_versions (indicator_id, period, version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
					pk.indicator, pk.period, old); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_current (indicator_id, period, version) VALUES ($1, $2, $3)
				ON CONFLICT (indicator_id, period) DO UPDATE SET version = excluded.version`, pk.indicator, pk.period, id); err != nil {
				return err
			}
		}
		for _, iid := range sum.Indicators {
			ind, ok := cat.Get(iid)
			if !ok {
				return fmt.Errorf("indicator %d is not in the catalogue given", iid)
			}
			if err := upsertIndicator(ctx, tx, ind, now); err != nil {
				return err
			}
		}
		// Only an unfinished import's periods are needed (for its clean-up).
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_import_periods WHERE import_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE indicator_imports SET rows = $1, computed = $2, verified = $3, precomputed = $4, replaced = $5, summary = $6,
			imported_at = $7, status = 'done' WHERE id = $8`,
			sum.Rows, sum.Computed, sum.Verified, sum.Precomputed, replaced, string(raw), now, id); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entIndicatorImport, idText(id), nil)
	})
	if err != nil {
		return IndicatorImport{}, err
	}
	s.log.Info("indicator import swapped", "import", id, "rows", w.staged, "periods", len(w.order), "swap", time.Since(start).Round(time.Microsecond))
	return out, nil
}

// carryForward copies, for each indicator period the import brings that
// already has a current version, the rows of the areas the file leaves out
// into the new version, and archives the rows it replaces. It returns the
// number of rows replaced.
func (s *Store) carryForward(ctx context.Context, id int64, w *stager, opts ImportOptions) (int, error) {
	current := w.current
	if len(current) > 0 && opts.Progress != nil {
		opts.Progress(needs.PhaseCarrying, w.staged)
	}
	cols := strings.Join(valueCols, ", ")
	ocols := "o." + strings.Join(valueCols, ", o.")
	// The row is copied unless the file brings its area (a row of the new
	// version with this import's id) or an earlier batch copied it.
	carry := `INSERT INTO indicator_value_rows (` + cols + `, version)
		SELECT ` + ocols + `, $1 FROM indicator_value_rows o
		WHERE o.indicator_id = $2 AND o.period = $3 AND o.version = $4
		AND NOT EXISTS (SELECT 1 FROM indicator_value_rows n WHERE n.indicator_id = $2 AND n.period = $3 AND n.version = $1
			AND n.area_code = o.area_code AND n.import_id = $1)
		AND NOT EXISTS (SELECT 1 FROM indicator_value_rows n WHERE n.indicator_id = $2 AND n.period = $3 AND n.version = $1
			AND n.area_code = o.area_code AND n.sex = o.sex AND n.age = o.age AND n.category_type = o.category_type AND n.category = o.category)
		LIMIT ` + fmt.Sprint(opts.BatchRows)
	replaced := 0
	for _, pk := range w.order {
		old, ok := current[pk]
		if !ok {
			continue
		}
		for {
			var n int64
			err := s.tx(ctx, func(tx *sql.Tx) error {
				res, err := tx.ExecContext(ctx, carry, id, pk.indicator, pk.period, old)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
			if err != nil {
				return 0, err
			}
			if n == 0 {
				break
			}
		}
		areas := w.areas[pk]
		step := max(1, min(500, opts.BatchRows))
		for start := 0; start < len(areas); start += step {
			chunk := areas[start:min(start+step, len(areas))]
			args := []any{id, pk.indicator, pk.period, old}
			ph := make([]string, len(chunk))
			for i, a := range chunk {
				args = append(args, a)
				ph[i] = fmt.Sprintf("$%d", len(args))
			}
			err := s.tx(ctx, func(tx *sql.Tx) error {
				res, err := tx.ExecContext(ctx, `INSERT INTO indicator_value_versions (`+cols+`, replaced_by)
					SELECT `+cols+`, $1 FROM indicator_value_rows WHERE indicator_id = $2 AND period = $3 AND version = $4
					AND area_code IN (`+strings.Join(ph, ", ")+`)`, args...)
				if err != nil {
					return err
				}
				n, err := res.RowsAffected()
				replaced += int(n)
				return err
			})
			if err != nil {
				return 0, err
			}
		}
	}
	return replaced, nil
}

// cleanImports drops what abandoned imports staged, then the stale
// versions. The caller holds the import lock.
func (s *Store) cleanImports(ctx context.Context, batch int) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM indicator_imports WHERE status = 'staging' ORDER BY id`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		s.log.Info("indicator import: cleaning an abandoned import", "import", id)
		if err := s.dropImport(ctx, id, batch); err != nil {
			return err
		}
	}
	return s.cleanStaleVersions(ctx, ImportOptions{BatchRows: batch})
}

// dropImport deletes an unfinished import's staged rows and archived
// versions in batches, then marks it failed.
func (s *Store) dropImport(ctx context.Context, id int64, batch int) error {
	var status string
	if err := s.db.QueryRowContext(ctx, `SELECT status FROM indicator_imports WHERE id = $1`, id).Scan(&status); err != nil {
		return err
	}
	if status == "done" {
		return nil // never drop a finished import's rows
	}
	pairs, err := s.versionPeriods(ctx, id)
	if err != nil {
		return err
	}
	for _, pk := range pairs {
		if err := s.deleteVersion(ctx, pk, id, batch); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_value_versions WHERE replaced_by = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_import_periods WHERE import_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE indicator_imports SET status = 'failed' WHERE id = $1 AND status = 'staging'`, id)
		return err
	})
}

// versionPeriods lists the indicator periods an import staged rows in (the
// stager records each before staging its rows).
func (s *Store) versionPeriods(ctx context.Context, version int64) ([]periodKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT indicator_id, period FROM indicator_import_periods WHERE import_id = $1`, version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []periodKey
	for rows.Next() {
		var pk periodKey
		if err := rows.Scan(&pk.indicator, &pk.period); err != nil {
			return nil, err
		}
		out = append(out, pk)
	}
	return out, rows.Err()
}

// deleteVersion deletes one version of an indicator period in batches of
// whole areas (each batch its own short transaction).
func (s *Store) deleteVersion(ctx context.Context, pk periodKey, version int64, batch int) error {
	areas := max(1, batch/20)
	for {
		var n int64
		err := s.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM indicator_value_rows WHERE indicator_id = $1 AND period = $2 AND version = $3
				AND area_code IN (SELECT DISTINCT area_code FROM indicator_value_rows WHERE indicator_id = $1 AND period = $2 AND version = $3 LIMIT `+fmt.Sprint(areas)+`)`,
				pk.indicator, pk.period, version)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil || n == 0 {
			return err
		}
	}
}

// cleanStaleVersions deletes the versions swaps replaced, in batches.
func (s *Store) cleanStaleVersions(ctx context.Context, opts ImportOptions) error {
	if opts.BatchRows <= 0 {
		opts.BatchRows = DefaultImportBatchRows
	}
	rows, err := s.db.QueryContext(ctx, `SELECT indicator_id, period, version FROM indicator_stale_versions`)
	if err != nil {
		return err
	}
	type stale struct {
		pk      periodKey
		version int64
	}
	var todo []stale
	for rows.Next() {
		var st stale
		if err := rows.Scan(&st.pk.indicator, &st.pk.period, &st.version); err != nil {
			rows.Close()
			return err
		}
		todo = append(todo, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(todo) > 0 && opts.Progress != nil {
		opts.Progress(needs.PhaseCleaning, 0)
	}
	for _, st := range todo {
		if err := s.deleteVersion(ctx, st.pk, st.version, opts.BatchRows); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM indicator_stale_versions WHERE indicator_id = $1 AND period = $2 AND version = $3`,
			st.pk.indicator, st.pk.period, st.version); err != nil {
			return err
		}
	}
	return nil
}

func upsertIndicator(ctx context.Context, q querier, ind needs.Indicator, now string) error {
	meta, err := json.Marshal(ind)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO indicators (id, name, value_type, multiplier, unit, polarity, benchmark_method, period_type, metadata, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, value_type = excluded.value_type, multiplier = excluded.multiplier,
			unit = excluded.unit, polarity = excluded.polarity, benchmark_method = excluded.benchmark_method,
			period_type = excluded.period_type, metadata = excluded.metadata, updated_at = excluded.updated_at`,
		ind.ID, ind.Name, string(ind.ValueType), ind.Multiplier, ind.Unit, string(ind.Polarity), string(ind.Benchmark), string(ind.PeriodType), string(meta), now)
	return err
}

func nullFloat(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
