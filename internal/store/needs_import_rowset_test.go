package store

import "testing"

// rowSet finds a repeated identity with its first line and figures, keeps
// every distinct one through its growth, and treats the hash 0 (its free
// mark) as an ordinary key.
func TestRowSet(t *testing.T) {
	var s rowSet
	const n = 200_000                                                   // several growths past the first 65,536 slots
	key := func(i int) uint64 { return uint64(i) * 0x9E3779B97F4A7C15 } // key(0) is 0
	for i := 0; i < n; i++ {
		if _, dup := s.add(key(i), i+2, uint64(i)); dup {
			t.Fatalf("row %d: a new key reported as a repeat", i)
		}
	}
	if s.n != n {
		t.Fatalf("%d keys held, want %d", s.n, n)
	}
	for _, i := range []int{0, 1, 65_535, 65_536, n - 1} {
		first, dup := s.add(key(i), 1_000_000+i, 99)
		if !dup || first.line != i+2 || first.content != uint64(i) {
			t.Errorf("key of row %d again: dup %v, first line %d, content %d; want line %d, content %d", i, dup, first.line, first.content, i+2, i)
		}
	}
	if s.n != n {
		t.Errorf("repeats were added: %d keys held, want %d", s.n, n)
	}
}
