package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// PathError is an output path that cannot be written to: a missing
// folder, no permission, a folder in the file's place. It names the path
// as given, never the temporary file written first.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return fmt.Sprintf("cannot write to %q: %v", e.Path, e.Err) }

func (e *PathError) Unwrap() error { return e.Err }

// OutputFile is a file that receives one table whole or not at all: the
// table is written to a temporary file in the same folder, created at
// once so that a bad path shows before any work, and renamed into place
// when complete. A path that is a device, pipe or socket (/dev/null, a
// FIFO) is written directly, as a file renamed over it would replace it;
// it is opened only when the table is ready. A symbolic link is followed,
// so the file it points to is replaced, not the link.
type OutputFile struct {
	path      string        // as given
	target    string        // path with symbolic links resolved
	tmp       *os.File      // nil for a device, pipe or socket
	replacing bool          // target exists
	replaced  <-chan func() // prepareReplaced's, for a target that exists
}

// CreateOutput prepares path to receive a table. A path that cannot be
// written gives a *PathError.
func CreateOutput(path string) (*OutputFile, error) {
	o := &OutputFile{path: path, target: path}
	if t, err := filepath.EvalSymlinks(path); err == nil {
		o.target = t
	}
	st, statErr := os.Stat(o.target)
	o.replacing = statErr == nil
	if statErr == nil && st.IsDir() {
		return nil, &PathError{Path: path, Err: errors.New("it is a folder")}
	}
	if statErr == nil && !st.Mode().IsRegular() {
		return o, nil
	}
	f, err := os.CreateTemp(filepath.Dir(o.target), "."+filepath.Base(o.target)+".tmp-*")
	if err != nil {
		return nil, &PathError{Path: path, Err: withoutPath(err)}
	}
	o.tmp = f
	if o.replacing {
		o.replaced = prepareReplaced(o.target)
	}
	return o, nil
}

// Commit writes the table and puts it in place. Afterwards, or after a
// failure, the temporary file is gone. A failed write names the path as
// given.
func (o *OutputFile) Commit(t *Table) error {
	if o.tmp == nil {
		f, err := os.OpenFile(o.target, os.O_WRONLY, 0)
		if err != nil {
			return &PathError{Path: o.path, Err: withoutPath(err)}
		}
		werr := t.writeTo(f, nil)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("cannot write %q: %w", o.path, withoutPath(werr))
		}
		return nil
	}
	f := o.tmp
	o.tmp = nil
	werr := t.writeTo(plainFileWriter(f), outputWriteback(f, o.replacing))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if o.replaced != nil {
		release := <-o.replaced
		o.replaced = nil
		defer release()
	}
	if werr == nil {
		werr = os.Rename(f.Name(), o.target)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write %q: %w", o.path, withoutPath(werr))
	}
	return nil
}

// Discard removes the temporary file of an output not committed; it does
// nothing after Commit.
func (o *OutputFile) Discard() {
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
		o.tmp = nil
	}
	if o.replaced != nil {
		(<-o.replaced)()
		o.replaced = nil
	}
}

// withoutPath drops the file name from an error about a file, which may
// be the temporary file's.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
