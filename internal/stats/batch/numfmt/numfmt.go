// Package numfmt writes float64 values in shortest round-trip form, byte for
// byte as strconv.AppendFloat(dst, v, 'g', -1, 64) does, but faster: the
// shortest digits come from the Dragonbox algorithm (J. Jeon, "Dragonbox: A
// New Floating-Point Binary-to-Decimal Conversion Algorithm", 2020; the
// algorithm strconv itself uses since Go 1.26, with the same table of
// powers of ten), and are written straight into the output eight at a
// time, with no intermediate decimal buffer.
package numfmt

import (
	"encoding/binary"
	"math"
	"math/bits"
)

const (
	mantBits = 52
	expBias  = 1023 + mantBits // value = c · 2^(biased exponent - expBias)
	minPow10 = -292            // pow10Table's range: 10^k for every k the algorithm uses
	maxPow10 = 326
	// kappa: the search first looks for digits in units of 10^(kappa+1)
	// times the unit that makes the rounding interval's width lie in
	// [10^kappa, 10^(kappa+1)), then in units of 10^kappa.
	kappa = 2
)

// floorLog2Pow10 is floor(log2(10^e)) for |e| ≤ 1233.
func floorLog2Pow10(e int) int { return (e * 1741647) >> 19 }

// floorLog10Pow2 is floor(log10(2^q)) for |q| ≤ 2620.
func floorLog10Pow2(q int) int { return (q * 1262611) >> 22 }

// floorLog10ThreeQuartersPow2 is floor(log10(3/4 · 2^q)) for |q| ≤ 2620.
func floorLog10ThreeQuartersPow2(q int) int { return (q*1262611 - 524031) >> 22 }

// leftEndIn tells, when zi's remainder r equals delta, whether the
// interval's left end is at or below s·10^(kappa+1): the comparison of
// the fractional parts. Rare; kept out of Put's registers.
//
//go:noinline
func leftEndIn(c uint64, g *[2]uint64, beta uint) bool {
	odd, integer := mulParity(2*c-1, g, beta)
	return odd || integer && c&1 == 0
}

// tieDown is 1 when the nearest multiple of 10^kappa is m-1, not m (d is
// Algorithm 5.4's D, a multiple of 10^kappa). Rare; kept out of line.
//
//go:noinline
func tieDown(c uint64, g *[2]uint64, beta uint, d uint32, m uint64) uint64 {
	odd, integer := mulParity(2*c, g, beta)
	return oneIf(odd != ((d-1000/20)&1 != 0) || integer && m&1 != 0)
}

// fewerDigits is s·10^e with s's trailing zeros removed, and its digit
// count; normal tells that v is normal, when s has 15 or 16 digits.
func fewerDigits(s uint64, e int, normal bool) (uint64, int, int) {
	s, z := removeZeros(s)
	if normal {
		return s, e + z, 15 + int(oneIf(s >= pow10u64[15-z])) - z
	}
	return s, e + z, decimalLen(s)
}

// mulParity returns the parity of the integer part of x·g·2^beta / 2^128
// and whether that number is an integer.
func mulParity(x uint64, g *[2]uint64, beta uint) (odd, integer bool) {
	hi1, lo1 := bits.Mul64(x, g[1])
	hi := x*g[0] + hi1
	odd = (hi>>(64-beta))&1 != 0
	integer = hi<<beta|lo1>>(64-beta) == 0
	return odd, integer
}

// shortestPowerOfTwo returns the shortest digits m·10^e of v = 2^52·2^q,
// and their count, as Put finds them for other numbers; here the float below v
// is nearer than the float above (Algorithm 5.6; as in Dragonbox and
// strconv also for the smallest normal, whose neighbours are equally far).
func shortestPowerOfTwo(q int) (m uint64, e, digits int) {
	fl := floorLog10ThreeQuartersPow2(q)
	g := &pow10Table[-fl-minPow10]
	beta := q + floorLog2Pow10(-fl)
	// The interval's ends, scaled by 10^-fl.
	xi := (g[0] - g[0]>>(mantBits+2)) >> uint(64-mantBits-1-beta)
	zi := (g[0] + g[0]>>(mantBits+1)) >> uint(64-mantBits-1-beta)
	// The left end is an integer only for q = 2, 3; otherwise, as it is
	// excluded or not an integer, the first integer in is xi + 1.
	if q != 2 && q != 3 {
		xi++
	}
	if s := zi / 10; s*10 >= xi {
		s, z := removeZeros(s)
		return s, fl + 1 + z, decimalLen(s)
	}
	// v rounded up to an integer (in these units), moved into the interval.
	m = (g[0]>>uint(64-mantBits-2-beta) + 1) / 2
	if q == -77 && m&1 != 0 {
		m-- // the one tie: round to even
	} else if m < xi {
		m++
	}
	return m, fl, decimalLen(m)
}

// Modular inverses of powers of five (x·inv5pN ≡ x/5^N mod 2^64 when
// 5^N divides x) and the largest quotients by 10^N.
const (
	inv5p1  = 0xcccccccccccccccd
	inv5p2  = 0x8f5c28f5c28f5c29
	inv5p4  = 0xd288ce703afb7e91
	inv5p8  = 0xc767074b22e90e21
	max10p1 = math.MaxUint64 / 10
	max10p2 = math.MaxUint64 / 100
	max10p4 = math.MaxUint64 / 10000
	max10p8 = math.MaxUint64 / 100000000
)

// removeZeros removes m's trailing decimal zeros and returns how many it
// removed. x is a multiple of 10^N exactly when x·inv(5^N) rotated right
// by N bits is at most (2^64-1)/10^N, and that is then x/10^N (Granlund
// and Montgomery's test).
func removeZeros(m uint64) (uint64, int) {
	z := 0
	for {
		r := bits.RotateLeft64(m*inv5p8, -8)
		if r > max10p8 || m == 0 {
			break
		}
		m = r
		z += 8
	}
	if r := bits.RotateLeft64(m*inv5p4, -4); r <= max10p4 {
		m = r
		z += 4
	}
	if r := bits.RotateLeft64(m*inv5p2, -2); r <= max10p2 {
		m = r
		z += 2
	}
	if r := bits.RotateLeft64(m*inv5p1, -1); r <= max10p1 {
		m = r
		z++
	}
	return m, z
}

// oneIf is 1 when b holds, else 0 (compiled without a branch).
func oneIf(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
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
// for x < 179): lanes y become q = y/d beside y - q·d in the lanes'
// upper halves as y<<bits - q·(d<<bits - 1).
func eightDigits(v uint32) uint64 {
	hi := uint64(v / 10000)
	y := uint64(v)<<32 - hi*(10000<<32-1)
	q := (y * 10486 >> 20) & 0x0000007f0000007f
	y = y<<16 - q*(100<<16-1)
	q = (y * 103 >> 10) & 0x000f000f000f000f
	y = y<<8 - q*(10<<8-1)
	return y + 0x3030303030303030
}

// put8 stores the word x, little-endian, at out[i:i+8]. Every caller's i
// is below 16; the mask only spares the bounds check.
func put8(out *[MaxLen]byte, i int, x uint64) {
	binary.LittleEndian.PutUint64(out[i&15:], x)
}

// zeroPointZeros is "0.000000" as a little-endian word.
const zeroPointZeros = 0x3030303030302e30

// eightZeros is "00000000" as a word.
const eightZeros = 0x3030303030303030

// MaxLen is the room Put writes in: its longest output, "-" 17 digits "."
// "e-308" or "-0.000" and 17 digits, plus the 8 bytes it may scribble on
// after them.
const MaxLen = 32

// AppendFloat appends v to dst exactly as strconv.AppendFloat(dst, v, 'g',
// -1, 64) does: the shortest decimal that parses back to v, in %e form
// when its exponent is below -4 or at least 6 (1e+06, 1.5e-05), otherwise
// in %f form; NaN, +Inf and -Inf for the non-finite values.
func AppendFloat(dst []byte, v float64) []byte {
	n := len(dst)
	if cap(dst)-n < MaxLen {
		dst = grow(dst)
	}
	return dst[:n+Put((*[MaxLen]byte)(dst[n:n+MaxLen]), v)]
}

// grow gives dst room for MaxLen more bytes.
func grow(dst []byte) []byte {
	return append(dst, make([]byte, MaxLen)...)[:len(dst)]
}

// Put writes v to the start of out as AppendFloat appends it and returns
// its length; the bytes of out after it are left undefined. A caller that
// has made room once writes several numbers without AppendFloat's checks.
//
// The digits are the shortest decimal m·10^e that rounds to v (the one
// closest to v when several are as short, the even one on a tie), found
// as Dragonbox's Algorithms 5.2 and 5.4 (5.6 at powers of two) find them,
// step for step as strconv does. Put itself takes the common case: a
// normal number, not a power of two, whose digits need no comparison of
// fractional parts and have no trailing zero to remove; it hands every
// other number to putGeneral, which takes all. Nothing it calls before
// the hand-over returns to it, so it keeps no value across a call.
func Put(out *[MaxLen]byte, v float64) int {
	b := math.Float64bits(v)
	sign := int(b >> 63)
	b &^= 1 << 63
	ieeeMant := b & (1<<mantBits - 1)
	ieeeExp := int(b >> mantBits)
	if uint(ieeeExp-1) >= 0x7ff-1 || ieeeMant == 0 {
		// zero, subnormal, infinite, NaN or a power of two
		return putGeneral(out, v)
	}
	c := ieeeMant | 1<<mantBits
	fl, g, beta := power(ieeeExp - expBias)
	zi, frac, delta := scaledEnd(c, g, beta)
	// One digit fewer (Algorithm 5.2): s·10^(fl+1), when it lies in the
	// interval. Otherwise the multiple of 10^kappa nearest v (Algorithm
	// 5.4): m = 10s + t, the same digits as s and one more. Either way
	// the decimal point falls after the same number of s's digits, so s
	// is written first, whichever it is, and t after it, counted only
	// for the second: s's digits do not wait for the choice, which is as
	// good as random.
	s := zi / 1000
	r := uint32(zi - s*1000)
	d := r + 1000/20 - delta/2
	t := d / 100
	fewer := r < delta
	// Rare cases, left to putGeneral: in the first, the right end
	// (excluded when c is odd) or trailing zeros to remove; in the
	// second, fractional parts to compare (r = delta, or v within
	// 10^kappa/2 of a tie).
	if fewer {
		if r == 0 && frac == 0 && c&1 != 0 || bits.RotateLeft64(s*inv5p1, -1) <= max10p1 {
			return putGeneral(out, v)
		}
	} else if r == delta || d == 100*t {
		return putGeneral(out, v)
	}
	// s lies in [2^52/10, 2^53): 15 or 16 digits.
	ns := 15 + int(oneIf(s >= 1e15))
	dp := ns + fl + 1 // position of the decimal point relative to the first digit
	if dp > 0 || dp < -3 {
		if fewer {
			return putDecimal(out, sign, s, fl+1, ns)
		}
		return putDecimal(out, sign, 10*s+uint64(t), fl, ns+1)
	}
	// 0.000ddd: putDecimal's steps, inline.
	out[0] = '-'
	put8(out, sign, zeroPointZeros)
	p := sign + 2 - dp
	hi := s / 1e8 // 7 or 8 digits
	lo := uint32(s) - uint32(hi)*1e8
	put8(out, p, eightDigits(uint32(hi))>>(8*uint(16-ns)&63))
	put8(out, p+ns-8, eightDigits(lo))
	out[(p+ns)&(MaxLen-1)] = byte('0' + t) // overwritten or left past the end when fewer
	return p + ns + int(oneIf(!fewer))
}

// power returns, for the binary exponent q, fl = floor(log10(2^q)) and the
// power of ten 10^(kappa-fl) that scales v = c·2^q so that the interval's
// width 2^q becomes delta in [10^kappa, 10^(kappa+1)): its approximation g
// and binary shift beta (6 to 9).
func power(q int) (fl int, g *[2]uint64, beta uint) {
	fl = floorLog10Pow2(q)
	return fl, &pow10Table[kappa-fl-minPow10], uint(q+floorLog2Pow10(kappa-fl)) & 63
}

// scaledEnd returns the interval's right end (c + 1/2)·2^q scaled by g
// and beta: its integer part zi and the top of its fractional part frac;
// and the scaled width delta.
func scaledEnd(c uint64, g *[2]uint64, beta uint) (zi, frac uint64, delta uint32) {
	u := (2*c + 1) << beta
	hi, lo := bits.Mul64(u, g[0])
	mid, _ := bits.Mul64(u, g[1])
	frac, carry := bits.Add64(lo, mid, 0)
	return hi + carry, frac, uint32(g[0] >> ((63 - beta) & 63))
}

// putGeneral is Put for every finite or non-finite v.
func putGeneral(out *[MaxLen]byte, v float64) int {
	b := math.Float64bits(v)
	sign := int(b >> 63)
	b &^= 1 << 63
	if b-1 >= 0x7ff<<mantBits-1 { // zero, infinite or NaN
		return putSpecial(out, b, sign)
	}
	ieeeMant := b & (1<<mantBits - 1)
	ieeeExp := int(b >> mantBits)
	if ieeeMant == 0 {
		m, e, nd := shortestPowerOfTwo(ieeeExp - expBias)
		return putDecimal(out, sign, m, e, nd)
	}
	c, q := ieeeMant, 1-expBias
	if ieeeExp != 0 {
		c |= 1 << mantBits
		q = ieeeExp - expBias
	}
	fl, g, beta := power(q)
	zi, frac, delta := scaledEnd(c, g, beta)
	// One digit fewer: the multiple of 10^(kappa+1) at or below zi, when
	// it lies in the interval. The right end belongs to the interval
	// only when c is even; when r equals delta, the fractional parts
	// decide.
	s := zi / 1000
	r := uint32(zi - s*1000)
	if r < delta && (r != 0 || frac != 0 || c&1 == 0) || r == delta && leftEndIn(c, g, beta) {
		m, e, nd := fewerDigits(s, fl+1, ieeeExp != 0)
		return putDecimal(out, sign, m, e, nd)
	}
	if r < delta { // the right end, excluded
		s--
		r = 1000
	}
	// The multiple of 10^kappa nearest v (Algorithm 5.4).
	d := r + 1000/20 - delta/2
	t := d / 100
	m := 10*s + uint64(t)
	if d == 100*t {
		// v is within 10^kappa/2 of a tie: decide it exactly.
		m -= tieDown(c, g, beta, d, m)
	}
	nd := decimalLen(m)
	return putDecimal(out, sign, m, fl, nd)
}

// putDecimal writes m·10^e, m having nd digits, after the sign as Put
// does and returns the length.
func putDecimal(out *[MaxLen]byte, sign int, m uint64, e, nd int) int {
	out[0] = '-'
	// The digits go after "0." and any zeros for 0.000ddd, else one place
	// right of the sign (ddd.ddd and %e form move the first ones back
	// after), or right after it (ddd000).
	dp := nd + e // position of the decimal point relative to the first digit
	below1 := dp <= 0 && dp >= -3
	p := sign + 1
	switch {
	case below1:
		put8(out, sign, zeroPointZeros)
		p = sign + 2 - dp
	case dp >= nd && dp <= 6:
		p = sign
	}
	// The nd digits at p, with any leading zeros of the eight-digit
	// words shifted out. No branch on the count beyond nd ≤ 8: it is as
	// good as random.
	if nd <= 8 {
		put8(out, p, eightDigits(uint32(m))>>(8*uint(8-nd)&63))
	} else {
		hi := m / 1e8 // nd-8 ≤ 9 digits
		lo := uint32(m) - uint32(hi)*1e8
		top := uint32(hi) / 1e8
		mid := uint32(hi) - top*1e8
		// hi's first digit, then its last eight: with 17 digits all
		// nine are written, with 16 the eight overwrite the first (a
		// zero), with fewer they are shifted.
		out[p&(MaxLen-1)] = byte('0' + top)
		over := (nd + 15) >> 5 // 1 for 17 digits, else 0
		under := uint(16-nd+over) & 7
		put8(out, p+over, eightDigits(mid)>>(8*under))
		put8(out, p+nd-8, eightDigits(lo))
	}
	if below1 {
		return p + nd
	}
	return finishOther(out, sign, dp, nd)
}

// finishOther completes Put for numbers from 1 up and %e form, the nd
// digits having been written at w+1, or at w for ddd000.
func finishOther(out *[MaxLen]byte, w, dp, nd int) int {
	if dp > 0 && dp <= 6 {
		if dp >= nd {
			// ddd000
			put8(out, w+nd, eightZeros)
			return w + dp
		}
		// ddd.ddd: move the whole part back over the gap.
		for i := 0; i < dp; i++ {
			out[w+i] = out[w+i+1]
		}
		out[w+dp] = '.'
		return w + nd + 1
	}
	// d[.ddd]e±XX
	out[w] = out[w+1]
	if nd > 1 {
		out[w+1] = '.'
		w += nd + 1
	} else {
		w++
	}
	x := dp - 1
	out[w] = 'e'
	out[w+1] = '+'
	if x < 0 {
		out[w+1] = '-'
		x = -x
	}
	w += 2
	if x >= 100 {
		out[w] = byte('0' + x/100)
		x %= 100
		w++
	}
	out[w], out[w+1] = digitPairs[2*x], digitPairs[2*x+1]
	return w + 2
}

// putSpecial writes a zero, infinity or NaN (b without its sign).
func putSpecial(out *[MaxLen]byte, b uint64, sign int) int {
	var s string
	switch {
	case b == 0 && sign != 0:
		s = "-0"
	case b == 0:
		s = "0"
	case b != 0x7ff<<mantBits:
		s = "NaN"
	case sign != 0:
		s = "-Inf"
	default:
		s = "+Inf"
	}
	return copy(out[:], s)
}
