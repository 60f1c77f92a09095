//go:build linux

package batch

import (
	"os"

	"golang.org/x/sys/unix"
)

// dropCachedPages asks the kernel to drop the cached pages of the file at
// path, which is about to be replaced, and closes the done channel when it
// has. Its content is unchanged (clean pages are simply read again from
// disk, dirty ones are left alone). Replacing a large file frees its cache
// in the rename, one page at a time after the last byte is written (about
// 13 ms for 147 MB); done here, at the start, it overlaps the run instead.
func dropCachedPages(path string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f, err := os.Open(path)
		if err != nil {
			return // only a missed optimisation
		}
		_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		f.Close()
	}()
	return done
}
