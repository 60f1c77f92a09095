package store_test

import "testing"

// BenchmarkImportGeneric1MSQLite is docs/benchmarks.md's 1,000,000-row
// import (100,000 areas × 10 years of counts and denominators) without the
// command line around it, for a CPU profile of the whole import:
//
//	go test ./internal/store/ -run XXX -bench ImportGeneric1MSQLite -benchtime 1x -cpuprofile cpu.prof
func BenchmarkImportGeneric1MSQLite(b *testing.B) { benchmarkImportGeneric(b, 1_000_000) }
