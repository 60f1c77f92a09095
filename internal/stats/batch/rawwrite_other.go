//go:build !linux

package batch

import "io"

// plainFileWriter is w itself outside Linux.
func plainFileWriter(w io.Writer) io.Writer { return w }
