//go:build unix && !linux

package cli

const mmapPopulate = 0
