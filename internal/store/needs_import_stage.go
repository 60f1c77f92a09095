package store

// Staging an import's rows: the parse goroutine (the caller of emit) checks
// each point for repeats and turns it into insert arguments, and a writer
// goroutine writes full batches, each in its own short transaction, so
// parsing and computing the next batch overlaps with writing this one (the
// two halves cost about the same CPU). The writer is part of the import:
// the import waits for it before it returns, whatever happened.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/placeboard/placeboard/internal/needs"
)

// sqliteInsertRows rows go in one prepared multi-row INSERT on SQLite.
const sqliteInsertRows = 400

// stagedBatch is one transaction's rows, and on SQLite the INSERTs that
// write them, laid out by seal.
type stagedBatch struct {
	points []needs.DataPoint
	// group numbers each point's indicator period within the batch (in the
	// order met; groups counts them): seal writes the rows period by
	// period, as rows of one period are neighbours in the primary key and
	// share most values.
	group  []int32
	groups int32
	chunks []insertChunk
}

// insertChunk is one multi-row INSERT: the columns whose value every row
// shares (a bit each, in stagedCols order) are bound once, as the first
// parameters, followed by the other columns row by row.
type insertChunk struct {
	shared uint32
	rows   int
	// args are ready for the driver (int64, float64, string or nil, each
	// with its ordinal): the writer binds them without database/sql
	// converting each of the batch's 170,000 values again.
	args []driver.NamedValue
}

// stager checks and buffers points, and hands full batches to its writer.
type stager struct {
	ctx  context.Context
	s    *Store
	id   int64
	opts ImportOptions

	cur     *stagedBatch
	batches chan *stagedBatch
	free    chan *stagedBatch // written batches, for reuse
	done    chan struct{}     // closed when the writer has stopped
	stopped bool
	failed  atomic.Bool // the writer has failed (checked row by row without the lock)
	errMu   sync.Mutex
	err     error // the writer's first error
	staged  int   // rows committed, written by the writer; read after done

	seen    rowSet
	seed    maphash.Seed
	skipped int
	// order lists the indicator periods the file brings, in the order met;
	// current holds the version each one had when first met (imports run
	// one at a time, so it cannot change before the swap), and areas the
	// areas the file brings for those periods only: only a re-import needs
	// them, to archive the rows it replaces.
	order   []periodKey
	current map[periodKey]int64
	areas   map[periodKey][]string
	// periods holds what the stager keeps about each indicator period met;
	// last is the one the previous row belonged to, and batchNo numbers the
	// batch being filled (for periodState.group).
	periods map[periodKey]*periodState
	last    *periodState
	batchNo int
}

// periodState is what the stager keeps about one indicator period.
type periodState struct {
	key periodKey
	// areaSeen holds the areas the file brings, only when the period
	// already has a current version.
	areaSeen map[string]bool
	// group is the period's group in batch number batch.
	batch int
	group int32
}

type periodKey struct {
	indicator int
	period    string
}

func newStager(ctx context.Context, s *Store, id int64, opts ImportOptions) *stager {
	w := &stager{ctx: ctx, s: s, id: id, opts: opts, seed: maphash.MakeSeed(),
		current: map[periodKey]int64{}, areas: map[periodKey][]string{}, periods: map[periodKey]*periodState{},
		batches: make(chan *stagedBatch, 1), free: make(chan *stagedBatch, 3), done: make(chan struct{})}
	w.cur = w.newBatch()
	go w.write()
	return w
}

func (w *stager) newBatch() *stagedBatch {
	w.batchNo++
	select {
	case b := <-w.free:
		b.points, b.group, b.groups, b.chunks = b.points[:0], b.group[:0], 0, b.chunks[:0]
		return b
	default:
		return &stagedBatch{points: make([]needs.DataPoint, 0, w.opts.BatchRows), group: make([]int32, 0, w.opts.BatchRows)}
	}
}

// seal lays a full batch's rows out as INSERTs, on the parse goroutine:
// the writer is the slower half.
func (w *stager) seal(b *stagedBatch) {
	if w.s.engine == Postgres {
		return // COPY takes the points as they are
	}
	// Counting sort of the points by indicator period.
	start := make([]int, b.groups+1)
	for _, g := range b.group {
		start[g+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	perm := make([]int32, len(b.points))
	for i, g := range b.group {
		perm[start[g]] = int32(i)
		start[g]++
	}
	reuse := b.chunks[:cap(b.chunks)]
	b.chunks = b.chunks[:0]
	for i := 0; i < len(perm); i += sqliteInsertRows {
		var args []driver.NamedValue
		if n := len(b.chunks); n < len(reuse) {
			args = reuse[n].args[:0]
		}
		b.chunks = append(b.chunks, newInsertChunk(b.points, perm[i:min(i+sqliteInsertRows, len(perm))], w.id, args))
	}
}

// newInsertChunk finds the columns the rows share and lays out the
// INSERT's arguments (appended to args).
func newInsertChunk(points []needs.DataPoint, rows []int32, id int64, args []driver.NamedValue) insertChunk {
	c := insertChunk{rows: len(rows)}
	first := &points[rows[0]]
	var differ uint32
	for _, r := range rows[1:] {
		differ |= differingColumns(first, &points[r])
	}
	if len(rows) > 1 { // a lone row shares nothing: VALUES needs a column
		c.shared = (1<<len(stagedCols) - 1) &^ differ
	}
	for j := range stagedCols {
		if c.shared&(1<<j) != 0 {
			args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: stagedValue(first, j, id)})
		}
	}
	for _, r := range rows {
		p := &points[r]
		for j := range stagedCols {
			if c.shared&(1<<j) == 0 {
				args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: stagedValue(p, j, id)})
			}
		}
	}
	c.args = args
	return c
}

// stagedValue is column j of stagedCols for point p of import id, as a
// driver.Value (integers are int64).
func stagedValue(p *needs.DataPoint, j int, id int64) any {
	switch j {
	case 0:
		return int64(p.IndicatorID)
	case 1:
		return p.AreaCode
	case 2:
		return p.Period.Label
	case 3:
		return p.Sex
	case 4:
		return p.Age
	case 5:
		return p.CategoryType
	case 6:
		return p.Category
	case 7:
		return p.Period.From
	case 8:
		return p.Period.To
	case 9:
		return string(p.Period.Type)
	case 10:
		return int64(p.Period.Years)
	case 11:
		return p.AreaName
	case 12:
		return nullFloat(p.Value)
	case 13:
		return nullFloat(p.Lower95)
	case 14:
		return nullFloat(p.Upper95)
	case 15:
		return nullFloat(p.Lower998)
	case 16:
		return nullFloat(p.Upper998)
	case 17:
		return nullFloat(p.Count)
	case 18:
		return nullFloat(p.Denominator)
	case 19:
		return p.Note
	case 20:
		return p.Trend
	case 21:
		return string(p.Origin)
	case 22:
		return p.OriginDetail
	default: // import_id and version
		return id
	}
}

// differingColumns has a bit set for each column of stagedCols in which a
// and b differ (import_id and version never do).
func differingColumns(a, b *needs.DataPoint) uint32 {
	var d uint32
	set := func(j int, differ bool) {
		if differ {
			d |= 1 << j
		}
	}
	set(0, a.IndicatorID != b.IndicatorID)
	set(1, a.AreaCode != b.AreaCode)
	set(2, a.Period.Label != b.Period.Label)
	set(3, a.Sex != b.Sex)
	set(4, a.Age != b.Age)
	set(5, a.CategoryType != b.CategoryType)
	set(6, a.Category != b.Category)
	set(7, a.Period.From != b.Period.From)
	set(8, a.Period.To != b.Period.To)
	set(9, a.Period.Type != b.Period.Type)
	set(10, a.Period.Years != b.Period.Years)
	set(11, a.AreaName != b.AreaName)
	for j, f := range [...][2]float64{{a.Value, b.Value}, {a.Lower95, b.Lower95}, {a.Upper95, b.Upper95}, {a.Lower998, b.Lower998},
		{a.Upper998, b.Upper998}, {a.Count, b.Count}, {a.Denominator, b.Denominator}} {
		set(12+j, floatKey(f[0]) != floatKey(f[1]))
	}
	set(19, a.Note != b.Note)
	set(20, a.Trend != b.Trend)
	set(21, a.Origin != b.Origin)
	set(22, a.OriginDetail != b.OriginDetail)
	return d
}

// floatKey is a number's bits, every missing or infinite one stored as
// NULL alike (see nullFloat).
func floatKey(f float64) uint64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(f)
}

// insertSharedSQL is the INSERT for a chunk of rows whose shared columns
// are bound once. The parameters are anonymous (?), the shared ones first:
// SQLite looks a numbered parameter's name up in a list, row after row.
func insertSharedSQL(table string, cols []string, shared uint32, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") SELECT ")
	perRow := 0
	for j, c := range cols {
		if j > 0 {
			b.WriteString(", ")
		}
		if shared&(1<<j) != 0 {
			b.WriteString("s." + c)
		} else {
			perRow++
			b.WriteString("v.column" + strconv.Itoa(perRow))
		}
	}
	b.WriteString(" FROM ")
	if shared != 0 {
		b.WriteString("(SELECT ")
		first := true
		for j, c := range cols {
			if shared&(1<<j) != 0 {
				if !first {
					b.WriteString(", ")
				}
				first = false
				b.WriteString("? AS " + c)
			}
		}
		b.WriteString(") AS s, ")
	}
	b.WriteString("(VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", perRow), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(") AS v")
	return b.String()
}

func (w *stager) writerErr() error {
	if !w.failed.Load() {
		return nil
	}
	w.errMu.Lock()
	defer w.errMu.Unlock()
	return w.err
}

// emit stages one point.
func (w *stager) emit(line int, p needs.DataPoint) error {
	if err := w.writerErr(); err != nil {
		return err
	}
	k, content := w.hashes(&p)
	if first, dup := w.seen.add(k, line, content); dup {
		if first.content == content {
			// An exact repeat (Fingertips Next lists an ICB under two
			// parents, for instance): harmless, skipped and counted.
			w.skipped++
			return nil
		}
		return &needs.ImportError{Errors: []needs.RowError{{Line: line, Message: fmt.Sprintf(
			"this row repeats line %d with different figures: same indicator %d, area %s, period %s, sex, age and category", first.line, p.IndicatorID, p.AreaCode, p.Period.Label)}}}
	}
	st := w.last
	if st == nil || st.key.indicator != p.IndicatorID || st.key.period != p.Period.Label {
		pk := periodKey{p.IndicatorID, p.Period.Label}
		if st = w.periods[pk]; st == nil {
			var err error
			if st, err = w.meetPeriod(pk); err != nil {
				return err
			}
		}
		w.last = st
	}
	if st.areaSeen != nil && !st.areaSeen[p.AreaCode] {
		st.areaSeen[p.AreaCode] = true
		w.areas[st.key] = append(w.areas[st.key], p.AreaCode)
	}
	if st.batch != w.batchNo {
		st.batch, st.group = w.batchNo, w.cur.groups
		w.cur.groups++
	}
	w.cur.points = append(w.cur.points, p)
	w.cur.group = append(w.cur.group, st.group)
	if len(w.cur.points) >= w.opts.BatchRows {
		return w.send()
	}
	return nil
}

// meetPeriod records an indicator period the first time the file brings
// it, with the version current for it, if any.
func (w *stager) meetPeriod(pk periodKey) (*periodState, error) {
	// Recorded before any of its rows is staged, for the clean-up of an
	// import that dies (dropImport).
	if _, err := w.s.db.ExecContext(w.ctx, `INSERT INTO indicator_import_periods (import_id, indicator_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		w.id, pk.indicator, pk.period); err != nil {
		return nil, busy(err)
	}
	st := &periodState{key: pk}
	var v int64
	err := w.s.db.QueryRowContext(w.ctx, `SELECT version FROM indicator_current WHERE indicator_id = $1 AND period = $2`, pk.indicator, pk.period).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		w.current[pk] = v
		st.areaSeen = map[string]bool{}
	}
	w.periods[pk] = st
	w.order = append(w.order, pk)
	return st, nil
}

// hashes returns a hash of the point's identity (indicator, area, period,
// sex, age, category) and one of its figures.
func (w *stager) hashes(p *needs.DataPoint) (key, content uint64) {
	var h maphash.Hash
	h.SetSeed(w.seed)
	for _, s := range [...]string{p.AreaCode, p.Period.Label, p.Sex, p.Age, p.CategoryType, p.Category} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(p.IndicatorID))
	h.Write(b[:])
	key = h.Sum64()
	for _, f := range [...]float64{p.Value, p.Lower95, p.Upper95, p.Lower998, p.Upper998, p.Count, p.Denominator} {
		binary.LittleEndian.PutUint64(b[:], floatKey(f))
		h.Write(b[:])
	}
	h.WriteString(p.Note)
	return key, h.Sum64()
}

// send hands the buffered batch to the writer.
func (w *stager) send() error {
	if len(w.cur.points) == 0 {
		return nil
	}
	w.seal(w.cur)
	select {
	case w.batches <- w.cur:
	case <-w.done:
		return w.writerErr()
	}
	w.cur = w.newBatch()
	return nil
}

// commit writes what is buffered and waits for the writer to finish.
func (w *stager) commit() error {
	if err := w.send(); err != nil {
		return err
	}
	w.stop()
	return w.writerErr()
}

// stop ends the writer and waits for it; the import calls it on every path
// before it cleans up or swaps.
func (w *stager) stop() {
	if !w.stopped {
		w.stopped = true
		close(w.batches)
	}
	<-w.done
}

func (w *stager) fail(err error) {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	if w.err == nil {
		w.err = err
	}
	w.failed.Store(true)
}

// write runs on the writer goroutine: it writes each batch in its own
// transaction until the batches end or one fails, then drains the rest.
func (w *stager) write() {
	defer close(w.done)
	defer func() {
		for range w.batches {
		}
	}()
	var err error
	if w.s.engine == Postgres {
		err = w.writePostgres()
	} else {
		err = w.writeSQLite()
	}
	if err != nil {
		w.fail(err)
	}
}

// committed counts a written batch and offers it for reuse.
func (w *stager) committed(b *stagedBatch) {
	w.staged += len(b.points)
	select {
	case w.free <- b:
	default:
	}
	if w.opts.Progress != nil {
		w.opts.Progress(needs.PhaseStaging, w.staged)
	}
}

// stagingCacheKiB is the page cache of the staging connection: a batch's
// changed pages (about 6 MiB for 20,000 rows) plus the pages its inserts
// search through. With SQLite's default 2 MiB, changed pages spill into
// the WAL before the commit and are read back.
const stagingCacheKiB = 32 << 10

// writeSQLite writes on one connection with prepared multi-row INSERTs,
// straight through the driver.
func (w *stager) writeSQLite() error {
	conn, err := w.s.db.Conn(w.ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// For the import's length: statement journals in memory rather than
	// temporary files, no checkpoint after a commit on this connection
	// (checkpoint runs them on another connection while this one writes the
	// next batch), and a page cache that holds a batch.
	for _, pragma := range []struct {
		name, value string
	}{{"temp_store", "MEMORY"}, {"wal_autocheckpoint", "0"}, {"cache_size", strconv.Itoa(-stagingCacheKiB)}} {
		var was string
		if err := conn.QueryRowContext(w.ctx, "PRAGMA "+pragma.name).Scan(&was); err != nil {
			return err
		}
		if _, err := conn.ExecContext(w.ctx, "PRAGMA "+pragma.name+" = "+pragma.value); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(w.ctx), "PRAGMA "+pragma.name+" = "+was) //nolint:errcheck // the pool's setting back
	}
	ckpt := w.checkpointer()
	defer ckpt.stop()
	return conn.Raw(func(dc any) error {
		dconn, ok := dc.(interface {
			driver.ConnPrepareContext
			driver.ExecerContext
		})
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) cannot prepare and execute with a context", dc)
		}
		// One statement per set of shared columns and size; a file's chunks
		// share a handful of them.
		type stmtKey struct {
			shared uint32
			rows   int
		}
		stmts := map[stmtKey]driver.StmtExecContext{}
		defer func() {
			for _, st := range stmts {
				st.(driver.Stmt).Close()
			}
		}()
		exec := func(query string) error {
			_, err := dconn.ExecContext(w.ctx, query, nil)
			return err
		}
		// The rollback runs even when the import was cancelled.
		rollback := func(err error) error {
			if _, rerr := dconn.ExecContext(context.Background(), "ROLLBACK", nil); rerr != nil {
				return errors.Join(err, rerr)
			}
			return err
		}
		for b := range w.batches {
			err := busy(func() error {
				if err := exec("BEGIN IMMEDIATE"); err != nil {
					return err
				}
				for _, c := range b.chunks {
					k := stmtKey{c.shared, c.rows}
					st, ok := stmts[k]
					if !ok && len(stmts) >= 64 { // an odd file: stop keeping them
						if _, err := dconn.ExecContext(w.ctx, insertSharedSQL("indicator_value_rows", stagedCols, c.shared, c.rows), c.args); err != nil {
							return rollback(err)
						}
						continue
					}
					if !ok {
						ps, err := dconn.PrepareContext(w.ctx, insertSharedSQL("indicator_value_rows", stagedCols, c.shared, c.rows))
						if err != nil {
							return rollback(err)
						}
						if st, ok = ps.(driver.StmtExecContext); !ok {
							ps.Close()
							return rollback(fmt.Errorf("the SQLite driver's statement (%T) cannot execute with a context", ps))
						}
						stmts[k] = st
					}
					if _, err := st.ExecContext(w.ctx, c.args); err != nil {
						return rollback(err)
					}
				}
				if err := exec("COMMIT"); err != nil {
					return rollback(err)
				}
				return nil
			}())
			if err != nil {
				return err
			}
			ckpt.poke()
			w.committed(b)
		}
		return nil
	})
}

// checkpointer copies the WAL into the database (a passive checkpoint) on
// its own goroutine and connection, once after each batch it is poked for
// unless it is still busy with the last one.
type checkpointer struct {
	poked chan struct{}
	done  chan struct{}
}

func (w *stager) checkpointer() *checkpointer {
	c := &checkpointer{poked: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for range c.poked {
			if _, err := w.s.db.ExecContext(w.ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
				w.s.log.Warn("indicator import: checkpoint", "import", w.id, "err", err)
			}
		}
	}()
	return c
}

func (c *checkpointer) poke() {
	select {
	case c.poked <- struct{}{}:
	default:
	}
}

func (c *checkpointer) stop() {
	close(c.poked)
	<-c.done
}

// writePostgres copies each batch in with COPY, one transaction each.
func (w *stager) writePostgres() error {
	conn, err := w.s.db.Conn(w.ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	ident := pgx.Identifier{"indicator_value_rows"}
	for b := range w.batches {
		err := conn.Raw(func(dc any) error {
			pc, ok := dc.(*stdlib.Conn)
			if !ok {
				return driver.ErrBadConn
			}
			_, err := pc.Conn().CopyFrom(w.ctx, ident, stagedCols, &copyRows{points: b.points, id: w.id, i: -1, row: make([]any, len(stagedCols))})
			return err
		})
		if err != nil {
			return err
		}
		w.committed(b)
	}
	return nil
}

// copyRows feeds a batch's points to COPY one row at a time (pgx encodes
// each row before it asks for the next, so one slice serves them all).
type copyRows struct {
	points []needs.DataPoint
	id     int64
	i      int
	row    []any
}

func (c *copyRows) Next() bool { c.i++; return c.i < len(c.points) }
func (c *copyRows) Values() ([]any, error) {
	for j := range c.row {
		c.row[j] = stagedValue(&c.points[c.i], j, c.id)
	}
	return c.row, nil
}
func (c *copyRows) Err() error { return nil }

// rowSet remembers the rows staged so far, by the hash of their identity,
// with the line and the hash of the figures of the first. It is an
// open-addressing table of the hashes (already uniformly spread, so their
// low bits are the slot): a row costs one probe, where a Go map of a
// million rows cost a lookup and an insert, each a cache miss.
type rowSet struct {
	slots []rowSlot // a power of two; key 0 marks a free slot
	n     int
}

type rowSlot struct {
	key, content uint64
	line         int
}

// add records the row unless its identity is already there, and returns
// the first row with that identity if so.
func (s *rowSet) add(key uint64, line int, content uint64) (first rowSlot, dup bool) {
	if key == 0 {
		key = 1 // 0 marks a free slot
	}
	if 4*(s.n+1) > 3*len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		switch sl := &s.slots[i]; sl.key {
		case key:
			return *sl, true
		case 0:
			*sl = rowSlot{key, content, line}
			s.n++
			return rowSlot{}, false
		}
	}
}

func (s *rowSet) grow() {
	old := s.slots
	s.slots = make([]rowSlot, max(1<<16, 2*len(old)))
	mask := uint64(len(s.slots) - 1)
	for _, sl := range old {
		if sl.key == 0 {
			continue
		}
		i := sl.key & mask
		for s.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = sl
	}
}
