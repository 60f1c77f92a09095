//go:build linux

package batch

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// plainFileWriter returns a writer to w that calls write(2) without telling
// the Go scheduler, when w is a regular file; otherwise w itself.
//
// A write of a formatted block copies about 600 KB into the page cache,
// 1–2 ms in the kernel. Announced as a system call, the scheduler hands the
// writer's processor to another thread once a call lasts over 20 µs and
// then polls every 20 µs while the writes go on: on two cores that was
// 1,000–3,000 context switches per million rows, most of them preempting
// the formatter. A write to a regular file does not wait for anything
// that this process provides, so holding the processor through it is
// safe; the formatter on the other core is not held up.
func plainFileWriter(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return w
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return w
	}
	return rawFileWriter{f: f, fd: f.Fd()}
}

type rawFileWriter struct {
	f  *os.File
	fd uintptr
}

func (r rawFileWriter) Write(b []byte) (int, error) {
	done := 0
	for done < len(b) {
		n, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, r.fd, uintptr(unsafe.Pointer(&b[done])), uintptr(len(b)-done))
		switch {
		case errno == syscall.EINTR:
			continue
		case errno != 0:
			return done, &os.PathError{Op: "write", Path: r.f.Name(), Err: errno}
		case n == 0:
			return done, io.ErrShortWrite
		}
		done += int(n)
	}
	return done, nil
}
