//go:build !linux

package batch

import "io"

// outputWriteback starts writeback early only on Linux.
func outputWriteback(io.Writer, bool) func(int) { return nil }
