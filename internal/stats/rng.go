package stats

import "math"

// RRandom reproduces R's default random number generator (Mersenne-Twister
// with Inversion for normals), so that a seed gives the same draws as
// set.seed(seed) in R. It is not safe for concurrent use.
type RRandom struct {
	mt  [624]uint32
	mti int
}

// NewRRandom seeds the generator as R's set.seed(seed) does.
func NewRRandom(seed int32) *RRandom {
	r := &RRandom{}
	s := uint32(seed)
	for j := 0; j < 50; j++ {
		s = 69069*s + 1
	}
	// R fills 625 words: the first is the position (overwritten with 624).
	s = 69069*s + 1
	for j := 0; j < 624; j++ {
		s = 69069*s + 1
		r.mt[j] = s
	}
	r.mti = 624
	return r
}

const (
	mtN         = 624
	mtM         = 397
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
	i2_32m1     = 2.328306437080797e-10 // 1/(2^32 - 1)
)

var mag01 = [2]uint32{0, 0x9908b0df}

func (r *RRandom) genrand() float64 {
	if r.mti >= mtN {
		kk := 0
		for ; kk < mtN-mtM; kk++ {
			y := (r.mt[kk] & mtUpperMask) | (r.mt[kk+1] & mtLowerMask)
			r.mt[kk] = r.mt[kk+mtM] ^ (y >> 1) ^ mag01[y&1]
		}
		for ; kk < mtN-1; kk++ {
			y := (r.mt[kk] & mtUpperMask) | (r.mt[kk+1] & mtLowerMask)
			r.mt[kk] = r.mt[kk+(mtM-mtN)] ^ (y >> 1) ^ mag01[y&1]
		}
		y := (r.mt[mtN-1] & mtUpperMask) | (r.mt[0] & mtLowerMask)
		r.mt[mtN-1] = r.mt[mtM-1] ^ (y >> 1) ^ mag01[y&1]
		r.mti = 0
	}
	y := r.mt[r.mti]
	r.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return float64(y) * 2.3283064365386963e-10
}

// Uniform is R's unif_rand(): a draw in (0, 1).
func (r *RRandom) Uniform() float64 {
	v := r.genrand()
	if v <= 0 {
		return 0.5 * i2_32m1
	}
	if 1-v <= 0 {
		return 1 - 0.5*i2_32m1
	}
	return v
}

// Normal is R's norm_rand() with the Inversion method.
func (r *RRandom) Normal() float64 {
	const big = 134217728 // 2^27
	u := r.Uniform()
	u = float64(int32(big*u)) + r.Uniform()
	return NormalQuantile(u / big)
}

// RNorm is R's rnorm(1, mu, sigma): NaN without a draw for a NaN mean or a
// bad sigma, mu itself without a draw when sigma is 0 or mu is infinite.
func (r *RRandom) RNorm(mu, sigma float64) float64 {
	if mu != mu || math.IsInf(sigma, 0) || sigma != sigma || sigma < 0 {
		return math.NaN()
	}
	if sigma == 0 || math.IsInf(mu, 0) {
		return mu
	}
	return mu + sigma*r.Normal()
}
