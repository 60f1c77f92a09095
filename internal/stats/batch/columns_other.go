//go:build !linux

package batch

// columnSlice returns n zeroed elements for one column (see the Linux
// version, which asks for huge pages).
func columnSlice[T float64 | int32 | span](n int) []T { return make([]T, n) }
