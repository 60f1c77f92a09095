// Package numfmt writes float64 values in shortest round-trip form, byte for
// byte as strconv.AppendFloat(dst, v, 'g', -1, 64) does, but faster: the
// shortest digits come from the Schubfach algorithm (R. Giulietti, "The
// Schubfach way to render doubles", 2020) and are written straight into the
// output two at a time, with no intermediate decimal buffer.
package numfmt

import (
	"encoding/binary"
	"math"
	"math/bits"
)

const (
	mantBits = 52
	expBias  = 1023 + mantBits // value = c · 2^(biased exponent - expBias)
	minPow10 = -292            // pow10Table's range: 10^-k for every k the algorithm uses
	maxPow10 = 324
)

// floorLog2Pow10 is floor(log2(10^e)) for |e| ≤ 1233.
func floorLog2Pow10(e int) int { return (e * 1741647) >> 19 }

// floorLog10Pow2 is floor(log10(2^q)) for |q| ≤ 2620.
func floorLog10Pow2(q int) int { return (q * 1262611) >> 22 }

// floorLog10ThreeQuartersPow2 is floor(log10(3/4 · 2^q)) for |q| ≤ 2620.
func floorLog10ThreeQuartersPow2(q int) int { return (q*1262611 - 524031) >> 22 }

// roundToOdd returns floor(g·cp / 2^128), with its lowest bit set when the
// discarded part is not (close to) zero. g is {hi, lo}.
func roundToOdd(g *[2]uint64, cp uint64) uint64 {
	xHi, _ := bits.Mul64(g[1], cp)
	yHi, yLo := bits.Mul64(g[0], cp)
	mid, carry := bits.Add64(yLo, xHi, 0)
	top := yHi + carry
	if mid > 1 {
		top |= 1
	}
	return top
}

// Shortest returns the shortest decimal m·10^e that rounds to v (the one
// closest to v when several are as short, the even one on a tie), with no
// trailing zeros in m. v must be finite and non-zero; its sign is ignored.
func Shortest(v float64) (m uint64, e int) {
	m, e, _ = shortest(math.Float64bits(v) &^ (1 << 63))
	return m, e
}

// shortest is Shortest on the bits of a positive finite non-zero float64;
// it also returns the number of digits of m.
func shortest(b uint64) (m uint64, e, digits int) {
	ieeeMant := b & (1<<mantBits - 1)
	ieeeExp := int(b >> mantBits)
	var c uint64
	var q int
	if ieeeExp != 0 {
		c = 1<<mantBits | ieeeMant
		q = ieeeExp - expBias
		// Integers below 2^53 are their own shortest digits.
		if -mantBits <= q && q <= 0 && c&(1<<uint(-q)-1) == 0 {
			m, e = trimZeros(c>>uint(-q), 0)
			return m, e, decimalLen(m)
		}
	} else {
		c = ieeeMant
		q = 1 - expBias
	}
	// Round-to-nearest-even parsing maps the interval's ends to v only
	// when c is even.
	even := c&1 == 0
	// At a power of two the float below is nearer than the float above.
	closer := ieeeMant == 0 && ieeeExp > 1

	// The rounding interval and v, in units of 2^(q-2).
	cbl := 4*c - 2
	if closer {
		cbl++
	}
	cb := 4 * c
	cbr := 4*c + 2

	// 10^k ≤ the interval's width < 10^(k+1)
	var k int
	if closer {
		k = floorLog10ThreeQuartersPow2(q)
	} else {
		k = floorLog10Pow2(q)
	}
	h := q + floorLog2Pow10(-k) + 1 // 1 ≤ h ≤ 4
	g := &pow10Table[-k-minPow10]
	// The same values divided by 10^k, scaled by 4 (round to odd keeps
	// the comparisons below exact).
	vbl := roundToOdd(g, cbl<<uint(h))
	vb := roundToOdd(g, cb<<uint(h))
	vbr := roundToOdd(g, cbr<<uint(h))
	lower, upper := vbl, vbr
	if !even {
		lower++
		upper--
	}

	s := vb / 4 // floor(v / 10^k)
	if s >= 10 {
		// One digit fewer: at most one multiple of 10^(k+1) lies in the
		// interval (it is narrower than 10^(k+1)).
		sp := s / 10
		upIn := lower <= 40*sp
		wpIn := 40*sp+40 <= upper
		if upIn != wpIn {
			m, e = trimZeros(sp+oneIf(wpIn), k+1)
			return m, e, decimalLen(m)
		}
	}
	// s or s+1: the one in the interval, or when both are, the nearer,
	// the even one on a tie. These choices depend on the last digits, as
	// good as random: as branches they were mispredicted about every
	// other number, so they are computed as 0 or 1 and combined.
	uIn := oneIf(lower <= 4*s)
	wIn := oneIf(4*s+4 <= upper)
	mid := 4*s + 2
	nearerUp := oneIf(vb > mid) | oneIf(vb == mid)&s
	both := ^(uIn ^ wIn) & 1
	s += both&nearerUp | (both^1)&wIn
	if ieeeExp == 0 {
		m, e = trimZeros(s, k)
		return m, e, decimalLen(m)
	}
	// For normal v, s lies in [2^52, 10·2^53): 16 or 17 digits. It has
	// no trailing zero: s = 10t would be a multiple of 10^(k+1) in the
	// interval, which the test above would have found.
	return s, k, 16 + int(oneIf(s >= 1e16))
}

// oneIf is 1 when b holds, else 0 (compiled without a branch).
func oneIf(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
}

// trimZeros removes trailing decimal zeros from m, adding them to e.
func trimZeros(m uint64, e int) (uint64, int) {
	if m == 0 {
		return 0, e
	}
	for m%10000 == 0 {
		m /= 10000
		e += 4
	}
	for m%10 == 0 {
		m /= 10
		e++
	}
	return m, e
}

// decimalLen returns the number of decimal digits of m (m > 0).
func decimalLen(m uint64) int {
	// bits.Len64·1233/4096 is floor(log10(2^len)): one less than or equal
	// to the digit count.
	n := (bits.Len64(m) * 1233) >> 12
	if m >= pow10u64[n] {
		n++
	}
	return n
}

var pow10u64 = [...]uint64{
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, 10000000000, 100000000000, 1000000000000,
	10000000000000, 100000000000000, 1000000000000000,
	10000000000000000, 100000000000000000, 1000000000000000000,
	10000000000000000000,
}

// digitPairs holds "00".."99".
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// eightDigits returns the eight decimal digits of v (v < 10^8, leading
// zeros included) as ASCII bytes in a little-endian word, first digit in
// the lowest byte. It splits v into 4-digit, 2-digit and 1-digit lanes with
// multiplications (x·10486>>20 is x/100 for x < 43,699; x·103>>10 is x/10
// for x < 179).
func eightDigits(v uint32) uint64 {
	hi := v / 10000
	y := uint64(hi) | uint64(v-hi*10000)<<32
	q := (y * 10486 >> 20) & 0x0000007f0000007f
	y = q | (y-q*100)<<16
	q = (y * 103 >> 10) & 0x000f000f000f000f
	y = q | (y-q*10)<<8
	return y + 0x3030303030303030
}

// putDigits writes the n decimal digits of m (n = decimalLen(m) ≤ 17) to
// b[0:n]. It may scribble on up to 8 bytes after them, so b must reach
// that far.
func putDigits(b []byte, m uint64, n int) {
	switch {
	case n > 16:
		hi := m / 100000000
		lo := uint32(m - hi*100000000)
		top := hi / 100000000
		b[0] = byte('0' + top)
		binary.LittleEndian.PutUint64(b[1:], eightDigits(uint32(hi-top*100000000)))
		binary.LittleEndian.PutUint64(b[9:], eightDigits(lo))
	case n > 8:
		hi := m / 100000000
		lo := uint32(m - hi*100000000)
		binary.LittleEndian.PutUint64(b, eightDigits(uint32(hi))>>(8*(16-n)))
		binary.LittleEndian.PutUint64(b[n-8:], eightDigits(lo))
	default:
		binary.LittleEndian.PutUint64(b, eightDigits(uint32(m))>>(8*(8-n)))
	}
}

// zeroPointZeros is "0.000000" as a little-endian word.
const zeroPointZeros = 0x3030303030302e30

// maxLen is the longest output: "-" 17 digits "." "e-308" with room to
// spare, or "0.000" and 17 digits.
const maxLen = 32

// AppendFloat appends v to dst exactly as strconv.AppendFloat(dst, v, 'g',
// -1, 64) does: the shortest decimal that parses back to v, in %e form
// when its exponent is below -4 or at least 6 (1e+06, 1.5e-05), otherwise
// in %f form; NaN, +Inf and -Inf for the non-finite values.
func AppendFloat(dst []byte, v float64) []byte {
	b := math.Float64bits(v)
	neg := b>>63 != 0
	b &^= 1 << 63
	switch {
	case b >= 0x7ff<<mantBits:
		switch {
		case b != 0x7ff<<mantBits:
			return append(dst, "NaN"...)
		case neg:
			return append(dst, "-Inf"...)
		}
		return append(dst, "+Inf"...)
	case b == 0:
		if neg {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	m, e, nd := shortest(b)
	n := len(dst)
	if cap(dst)-n < maxLen {
		dst = append(dst, make([]byte, maxLen)...)
	}
	out := dst[n : n+maxLen]
	w := 0
	if neg {
		out[0] = '-'
		w = 1
	}
	dp := nd + e // position of the decimal point relative to the first digit
	if x := dp - 1; x < -4 || x >= 6 {
		// d[.ddd]e±XX
		putDigits(out[w+1:], m, nd)
		out[w] = out[w+1]
		if nd > 1 {
			out[w+1] = '.'
			w += nd + 1
		} else {
			w++
		}
		out[w] = 'e'
		if x < 0 {
			out[w+1] = '-'
			x = -x
		} else {
			out[w+1] = '+'
		}
		w += 2
		if x >= 100 {
			out[w] = byte('0' + x/100)
			x %= 100
			w++
		}
		out[w], out[w+1] = digitPairs[2*x], digitPairs[2*x+1]
		return dst[:n+w+2]
	}
	switch {
	case dp <= 0:
		// 0.000ddd (dp ≥ -3): write "0.000000", keep what is needed
		binary.LittleEndian.PutUint64(out[w:], zeroPointZeros)
		w += 2 - dp
		putDigits(out[w:], m, nd)
		w += nd
	case dp < nd:
		// ddd.ddd: write the digits one place right, then move the whole
		// part back over the gap.
		putDigits(out[w+1:], m, nd)
		for i := 0; i < dp; i++ {
			out[w+i] = out[w+i+1]
		}
		out[w+dp] = '.'
		w += nd + 1
	default:
		// ddd000 (dp ≤ 6)
		putDigits(out[w:], m, nd)
		w += nd
		for i := nd; i < dp; i++ {
			out[w] = '0'
			w++
		}
	}
	return dst[:n+w]
}
