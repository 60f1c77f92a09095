//go:build linux

package batch

import "syscall"

// mmapPopulate asks Linux to map the whole input up front (one call instead
// of a page fault per 4 KiB).
const mmapPopulate = syscall.MAP_POPULATE
