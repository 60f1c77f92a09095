package batch

import "testing"

// Regression test for columnSlice: small and large requests (the large
// ones come from a mapping of their own on Linux) give n zeroed elements
// that can be written and read back.
func TestColumnSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1 << 20, 3<<20 + 7} {
		f := columnSlice[float64](n)
		s := columnSlice[span](n)
		g := columnSlice[int32](n)
		if len(f) != n || len(s) != n || len(g) != n {
			t.Fatalf("n=%d: lengths %d, %d, %d", n, len(f), len(s), len(g))
		}
		for i := 0; i < n; i += 4093 {
			if f[i] != 0 || s[i] != (span{}) || g[i] != 0 {
				t.Fatalf("n=%d: element %d not zero", n, i)
			}
			f[i], s[i], g[i] = float64(i)+0.5, span{int32(i), int32(i + 1)}, int32(-i)
		}
		for i := 0; i < n; i += 4093 {
			if f[i] != float64(i)+0.5 || s[i] != (span{int32(i), int32(i + 1)}) || g[i] != int32(-i) {
				t.Fatalf("n=%d: element %d did not keep its value", n, i)
			}
		}
	}
}
