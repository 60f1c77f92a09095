//go:build unix

package batch

import (
	"os"
	"syscall"
)

// mapFile maps a regular file read-only, which avoids copying large inputs.
// The mapping lives until the process exits (one command per process); ok
// is false when the file cannot be mapped and should be read instead.
func mapFile(f *os.File) (data []byte, ok bool) {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() >= 1<<31 {
		return nil, false
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE|mmapPopulate)
	if err != nil {
		return nil, false
	}
	return b, true
}
