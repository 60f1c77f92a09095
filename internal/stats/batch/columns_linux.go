//go:build linux

package batch

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on amd64 and arm64.
const hugePage = 2 << 20

// columnSlice returns n zeroed elements for one column of a large input.
//
// From 4 MiB up they come from their own anonymous mapping marked for
// transparent huge pages (MADV_HUGEPAGE; Debian's default mode is
// "madvise", so the Go heap gets none): a million rows' two numeric columns
// then fault in as 8 pages of 2 MiB rather than 4,000 of 4 KiB, which was a
// sixth of `stats proportion`'s CPU on a virtual machine
// (docs/benchmarks.md). Where huge pages are off the kernel uses small ones
// and nothing changes.
//
// Like the input's mapping, the memory is not returned before the process
// exits: `placeboard stats` computes one table per process. Element types
// hold no pointers, so the garbage collector need not see inside.
func columnSlice[T float64 | int32 | span](n int) []T {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	if size < 2*hugePage {
		return make([]T, n)
	}
	b, err := unix.Mmap(-1, 0, (size+hugePage-1)&^(hugePage-1), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return make([]T, n)
	}
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE) // advice only: small pages work too
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
}
