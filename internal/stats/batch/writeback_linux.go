//go:build linux

package batch

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// outputWriteback returns a function to call with the size of each write
// to w, in order, that starts the kernel's writeback of the output written
// so far (without waiting for it), or nil.
//
// It does so only when w is a regular file that replaces an earlier one:
// truncated to be written again (standard output redirected over an
// existing file: created before its last change, now empty), or a new
// file to be renamed over an existing one (replacing). ext4 then writes
// the whole output back when it is closed or renamed (auto_da_alloc; XFS
// likewise on close after a truncation), in one go after the last byte
// and, for standard output, after this process has exited. Started a
// megabyte at a time, that writeback overlaps the formatting instead.
func outputWriteback(w io.Writer, replacing bool) func(n int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	sc, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	var st unix.Statx_t
	var fd int
	var serr error
	if err := sc.Control(func(u uintptr) {
		fd = int(u)
		serr = unix.Statx(fd, "", unix.AT_EMPTY_PATH, unix.STATX_TYPE|unix.STATX_SIZE|unix.STATX_BTIME|unix.STATX_CTIME, &st)
	}); err != nil || serr != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil
	}
	if !replacing {
		replacing = st.Size == 0 && st.Mask&unix.STATX_BTIME != 0 && st.Mask&unix.STATX_CTIME != 0 &&
			(st.Btime.Sec < st.Ctime.Sec || st.Btime.Sec == st.Ctime.Sec && st.Btime.Nsec < st.Ctime.Nsec)
	}
	if !replacing {
		return nil
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil
	}
	const step = 1 << 20
	started := off &^ (step - 1)
	return func(n int) {
		off += int64(n)
		if end := off &^ (step - 1); end > started {
			// An error only means the writeback starts later, as without.
			// A plain call, like the writes (see plainFileWriter): it
			// only queues the writeback.
			_ = sc.Control(func(u uintptr) {
				_, _, _ = unix.RawSyscall6(unix.SYS_SYNC_FILE_RANGE, u, uintptr(started), uintptr(end-started), unix.SYNC_FILE_RANGE_WRITE, 0, 0)
			})
			started = end
		}
	}
}
