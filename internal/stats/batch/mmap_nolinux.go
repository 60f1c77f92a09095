//go:build unix && !linux

package batch

const mmapPopulate = 0
