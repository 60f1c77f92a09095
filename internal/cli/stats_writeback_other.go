//go:build !linux

package cli

import "io"

// outputWriteback starts writeback early only on Linux.
func outputWriteback(io.Writer, bool) func(int) { return nil }
