package numfmt

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestPow10Table recomputes every entry of the generated table with exact
// arithmetic: ceil(10^e · 2^(127-floorLog2Pow10(e))), 128 bits.
func TestPow10Table(t *testing.T) {
	mask := new(big.Int).SetUint64(^uint64(0))
	for e := minPow10; e <= maxPow10; e++ {
		r := new(big.Rat).Mul(pow10Rat(e), pow2Rat(127-floorLog2Pow10(e)))
		g := new(big.Int).Quo(r.Num(), r.Denom())
		if !r.IsInt() {
			g.Add(g, big.NewInt(1))
		}
		if g.BitLen() != 128 {
			t.Fatalf("1e%d: approximation has %d bits, want 128", e, g.BitLen())
		}
		hi := new(big.Int).Rsh(g, 64).Uint64()
		lo := new(big.Int).And(g, mask).Uint64()
		if got := pow10Table[e-minPow10]; got != [2]uint64{hi, lo} {
			t.Fatalf("1e%d: table has {%#x, %#x}, want {%#x, %#x}", e, got[0], got[1], hi, lo)
		}
	}
}

// TestInverses checks removeZeros' constants.
func TestInverses(t *testing.T) {
	for _, c := range []struct {
		inv, pow5, max, pow10 uint64
	}{{inv5p1, 5, max10p1, 10}, {inv5p2, 25, max10p2, 100}, {inv5p4, 625, max10p4, 1e4}, {inv5p8, 390625, max10p8, 1e8}} {
		if c.inv*c.pow5 != 1 || c.max != math.MaxUint64/c.pow10 {
			t.Errorf("inverse of %d: %#x·%d = %#x, max %d", c.pow5, c.inv, c.pow5, c.inv*c.pow5, c.max)
		}
	}
	for _, m := range []uint64{1, 7, 10, 100, 120, 1e8, 3e8, 1e16, 12345e11, 1<<63 + 1, 18446744073709551610, 10000000000000000000} {
		want, wz := m, 0
		for want%10 == 0 {
			want /= 10
			wz++
		}
		if got, z := removeZeros(m); got != want || z != wz {
			t.Errorf("removeZeros(%d) = %d, %d; want %d, %d", m, got, z, want, wz)
		}
	}
}

// TestFloorLogs checks the integer approximations of logarithms against
// exact comparisons over the whole range the algorithm uses.
func TestFloorLogs(t *testing.T) {
	ten := big.NewInt(10)
	for e := -400; e <= 400; e++ {
		// floor(log2(10^e)) = f  ⇔  2^f ≤ 10^e < 2^(f+1)
		f := floorLog2Pow10(e)
		p := new(big.Rat).SetInt(new(big.Int).Exp(ten, big.NewInt(int64(abs(e))), nil))
		if e < 0 {
			p.Inv(p)
		}
		if p.Cmp(pow2Rat(f)) < 0 || p.Cmp(pow2Rat(f+1)) >= 0 {
			t.Fatalf("floorLog2Pow10(%d) = %d is wrong", e, f)
		}
	}
	for q := -1200; q <= 1100; q++ {
		for _, threeQuarters := range []bool{false, true} {
			p := pow2Rat(q)
			k := floorLog10Pow2(q)
			if threeQuarters {
				p.Mul(p, big.NewRat(3, 4))
				k = floorLog10ThreeQuartersPow2(q)
			}
			if p.Cmp(pow10Rat(k)) < 0 || p.Cmp(pow10Rat(k+1)) >= 0 {
				t.Fatalf("floor(log10(%v·2^%d)) = %d is wrong", map[bool]string{false: "1", true: "3/4"}[threeQuarters], q, k)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func pow2Rat(e int) *big.Rat {
	r := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(abs(e))))
	if e < 0 {
		r.Inv(r)
	}
	return r
}

func pow10Rat(e int) *big.Rat {
	r := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil))
	if e < 0 {
		r.Inv(r)
	}
	return r
}

// checkBits compares AppendFloat, and putGeneral (which Put hands the
// rare numbers to) on its own, with strconv.
func checkBits(t *testing.T, b uint64) {
	t.Helper()
	v := math.Float64frombits(b)
	want := strconv.AppendFloat([]byte("x"), v, 'g', -1, 64)
	got := AppendFloat([]byte("x"), v)
	if string(got) != string(want) {
		t.Fatalf("AppendFloat(%#016x) = %q, strconv gives %q", b, got[1:], want[1:])
	}
	var out [MaxLen]byte
	if g := out[:putGeneral(&out, v)]; string(g) != string(want[1:]) {
		t.Fatalf("putGeneral(%#016x) = %q, strconv gives %q", b, g, want[1:])
	}
}

func check(t *testing.T, v float64) {
	t.Helper()
	checkBits(t, math.Float64bits(v))
	checkBits(t, math.Float64bits(-v))
}

func TestSpecialValues(t *testing.T) {
	for _, v := range []float64{
		0, 1, 2, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.5, 1.5, 100, 999999, 1e6, 1e6 + 1, 123456, 1234567,
		0.0001, 0.00001, 0.00012345, 1.2345e-5, 9.999999999999999e-5, 1e21, 1e22, 1e23, 5e-324, 1e-323,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-1022 - 0x1p-1074, 2.2250738585072014e-308,
		1 << 53, 1<<53 + 2, 1<<53 - 1, 1 << 52, 1<<52 + 1, 1 << 63, 1 << 64, 9007199254740993,
		math.Pi, math.E, math.Sqrt2, 0.8717839222803458, 0.35185753761129873, 1e100, 1.7976931348623157e308,
		math.Inf(1), math.NaN(), math.Float64frombits(0x7ff8000000000001), math.Float64frombits(0x7ff0000000000001),
	} {
		check(t, v)
	}
}

// TestBoundaries covers every binary exponent: powers of two (where the
// lower neighbour is nearer), their neighbours and the ends of each binade.
func TestBoundaries(t *testing.T) {
	for exp := uint64(0); exp < 0x7ff; exp++ {
		for _, mant := range []uint64{0, 1, 2, 3, 1 << 51, 1<<52 - 1, 1<<52 - 2} {
			checkBits(t, exp<<52|mant)
			checkBits(t, 1<<63|exp<<52|mant)
		}
	}
}

// TestPowersOfTen covers 10^e and its two float neighbours for every e a
// float64 can come near, and the same for 2·10^e, 5·10^e and 9.99…·10^e.
func TestPowersOfTen(t *testing.T) {
	for e := -325; e <= 309; e++ {
		for _, lead := range []string{"1", "2", "5", "9.999999999999999", "9.9999999999999999", "1.0000000000000001", "4.9", "5.0000000000000001"} {
			v, _ := strconv.ParseFloat(lead+"e"+strconv.Itoa(e), 64)
			if v == 0 || math.IsInf(v, 0) {
				continue
			}
			check(t, v)
			check(t, math.Nextafter(v, 0))
			check(t, math.Nextafter(v, math.Inf(1)))
		}
	}
}

func TestSubnormals(t *testing.T) {
	for m := uint64(1); m < 5000; m++ {
		checkBits(t, m)
		checkBits(t, 1<<52-m)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100000; i++ {
		checkBits(t, r.Uint64N(1<<52))
	}
}

func TestIntegers(t *testing.T) {
	for i := int64(-2000); i <= 2000; i++ {
		check(t, float64(i))
	}
	for e := 0; e < 64; e++ {
		for d := int64(-3); d <= 3; d++ {
			check(t, float64(int64(1)<<e+d))
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200000; i++ {
		check(t, float64(r.Int64N(1<<53)>>r.IntN(53)))
	}
}

// TestRandomBits compares with strconv over millions of random bit
// patterns (all exponents equally likely) and of ratios of counts, which
// is what the statistics commands mostly write.
func TestRandomBits(t *testing.T) {
	n := 3_000_000
	if testing.Short() {
		n = 200_000
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		checkBits(t, r.Uint64())
	}
	for i := 0; i < n/3; i++ {
		den := float64(r.IntN(100000) + 1)
		num := float64(r.IntN(int(den) + 1))
		check(t, num/den)
		check(t, num/den*100000)
	}
	// short decimals, which have trailing zeros to trim
	for i := 0; i < n/3; i++ {
		s := strconv.Itoa(r.IntN(1000000)) + "e" + strconv.Itoa(r.IntN(640)-330)
		v, _ := strconv.ParseFloat(s, 64)
		check(t, v)
	}
}

// FuzzAppendFloat compares with strconv on arbitrary bit patterns; the
// seeds run with every go test.
func FuzzAppendFloat(f *testing.F) {
	for _, b := range []uint64{
		0, 1, 1 << 63, 0x7ff0000000000000, 0x7ff8000000000000, 0x0010000000000000, 0x000fffffffffffff,
		0x3ff0000000000000, 0x3fb999999999999a, 0x7fefffffffffffff, 0x4330000000000000, 0x44b52d02c7e14af6,
		0x3feb9a7f9f4c5a9e, 0xc0d34a0000000000, 0x3e112e0be826d695,
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b uint64) {
		v := math.Float64frombits(b)
		want := strconv.AppendFloat(nil, v, 'g', -1, 64)
		got := AppendFloat(nil, v)
		if string(got) != string(want) {
			t.Fatalf("AppendFloat(%#016x) = %q, strconv gives %q", b, got, want)
		}
	})
}

// benchValues are ratios of counts, like the proportions the statistics
// commands write.
func benchValues() []float64 {
	r := rand.New(rand.NewPCG(7, 8))
	v := make([]float64, 4096)
	for i := range v {
		den := float64(r.IntN(20000) + 1)
		v[i] = float64(r.IntN(int(den)+1)) / den
	}
	return v
}

func BenchmarkAppendFloat(b *testing.B) {
	v := benchValues()
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = AppendFloat(buf[:0], v[i&4095])
	}
}

func BenchmarkStrconvAppendFloat(b *testing.B) {
	v := benchValues()
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = strconv.AppendFloat(buf[:0], v[i&4095], 'g', -1, 64)
	}
}

// BenchmarkPutProportions writes what stats proportion writes: x/n and
// its Wilson limits at 95 % and 99.8 %, for random counts.
func BenchmarkPutProportions(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	v := make([]float64, 0, 4100)
	for len(v) < 4096 {
		n := float64(1 + r.IntN(20000))
		x := float64(r.IntN(int(n) + 1))
		q := x / n
		v = append(v, q)
		for _, z := range []float64{1.959963984540054, 3.090232306167813} {
			s := z * math.Sqrt(z*z+4*x*(1-q))
			v = append(v, (2*x+z*z-s)/2/(n+z*z), (2*x+z*z+s)/2/(n+z*z))
		}
	}
	v = v[:4096]
	var out [MaxLen]byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Put(&out, v[i&4095])
	}
}

func BenchmarkAppendFloatRandomBits(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	v := make([]float64, 4096)
	for i := range v {
		v[i] = math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7ff))<<52)
	}
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = AppendFloat(buf[:0], v[i&4095])
	}
}

// TestAppendFloatFractions compares with strconv on the numbers the stats
// command writes most: proportions x/n and Wilson limits, fractions below
// 1 with 15 to 17 digits, where the last digit's rounding (s or s+1, the
// nearer, the even one on a tie) is decided for nearly every number.
func TestAppendFloatFractions(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var got, want []byte
	check := func(v float64) {
		got = AppendFloat(got[:0], v)
		want = strconv.AppendFloat(want[:0], v, 'g', -1, 64)
		if string(got) != string(want) {
			t.Fatalf("%#016x: got %s, want %s", math.Float64bits(v), got, want)
		}
	}
	for i := 0; i < 1_000_000; i++ {
		n := float64(1 + r.IntN(1_000_000))
		x := float64(r.IntN(int(n) + 1))
		z := 1.959963984540054 + float64(i%2)*(3.090232306167813-1.959963984540054)
		q := x / n
		s := z * math.Sqrt(z*z+4*x*(1-q))
		check(q)
		check((2*x + z*z - s) / 2 / (n + z*z))
		check((2*x + z*z + s) / 2 / (n + z*z))
		check(r.Float64())
		check(math.Nextafter(q, 1))
	}
}
