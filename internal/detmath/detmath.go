// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in Go's LICENSE file.
//
// Exp, Log and Tanh below are Go's portable implementations (src/math/exp.go,
// log.go, tanh.go), themselves from FreeBSD's /usr/src/lib/msun and the Cephes
// library, changed only to force the rounding of every product: float64(a*b)
// instead of a*b. The compiler may fuse a product into a later addition even
// across statements and through variables; only a conversion stops it.

package detmath

import "math"

// Exp returns e**x, within one ulp of the true value (two of math.Exp),
// identically everywhere.
func Exp(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
		log2e = 1.44269504088896338700e+00

		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28) // 2**-28
	)

	switch {
	case math.IsNaN(x):
		return x
	case x > overflow: // also +Inf
		return math.Inf(1)
	case x < underflow: // also -Inf
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}

	// Reduce: x = k·ln2 + r with |r| ≤ ln2/2, r computed as hi - lo.
	var k int
	switch {
	case x < 0:
		k = int(float64(log2e*x) - 0.5)
	case x > 0:
		k = int(float64(log2e*x) + 0.5)
	}
	hi := x - float64(float64(k)*ln2Hi)
	lo := float64(float64(k) * ln2Lo)
	return expmulti(hi, lo, k)
}

// expmulti returns e**r × 2**k where r = hi - lo and |r| ≤ ln(2)/2.
func expmulti(hi, lo float64, k int) float64 {
	const (
		p1 = 1.66666666666666657415e-01  /* 0x3FC55555; 0x55555555 */
		p2 = -2.77777777770155933842e-03 /* 0xBF66C16C; 0x16BEBD93 */
		p3 = 6.61375632143793436117e-05  /* 0x3F11566A; 0xAF25DE2C */
		p4 = -1.65339022054652515390e-06 /* 0xBEBBBD41; 0xC5D26BF1 */
		p5 = 4.13813679705723846039e-08  /* 0x3E663769; 0x72BEA4D0 */
	)

	r := hi - lo
	t := float64(r * r)
	// c = r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5)))), rounded step by step.
	poly := p4 + float64(t*p5)
	poly = p3 + float64(t*poly)
	poly = p2 + float64(t*poly)
	poly = p1 + float64(t*poly)
	c := r - float64(t*poly)
	y := 1 - ((lo - float64(r*c)/(2-c)) - hi)
	if -1021 < k && k < 1022 {
		// y is within [0.5, 2) and the result is normal: adding k to the
		// exponent field is y × 2**k, exactly what Ldexp computes, without
		// its call and its handling of subnormals and overflow.
		return math.Float64frombits(math.Float64bits(y) + uint64(int64(k))<<52)
	}
	return math.Ldexp(y, k) // exact: a change of exponent
}

// Log returns the natural logarithm of x, to within one ulp of math.Log,
// identically everywhere.
func Log(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01 /* 3fe62e42 fee00000 */
		ln2Lo = 1.90821492927058770002e-10 /* 3dea39ef 35793c76 */
		l1    = 6.666666666666735130e-01   /* 3FE55555 55555593 */
		l2    = 3.999999999940941908e-01   /* 3FD99999 9997FA04 */
		l3    = 2.857142874366239149e-01   /* 3FD24924 94229359 */
		l4    = 2.222219843214978396e-01   /* 3FCC71C5 1D8E78AF */
		l5    = 1.818357216161805012e-01   /* 3FC74664 96CB03DE */
		l6    = 1.531383769920937332e-01   /* 3FC39A09 D078C69F */
		l7    = 1.479819860511658591e-01   /* 3FC2F112 DF3E5244 */
	)

	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}

	// Reduce: x = 2**k × (1+f) with sqrt(2)/2 ≤ 1+f < sqrt(2).
	f1, ki := math.Frexp(x) // exact
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)

	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	// t1 = s2*(l1+s4*(l3+s4*(l5+s4*l7))), t2 = s4*(l2+s4*(l4+s4*l6))
	odd := l5 + float64(s4*l7)
	odd = l3 + float64(s4*odd)
	odd = l1 + float64(s4*odd)
	t1 := float64(s2 * odd)
	even := l4 + float64(s4*l6)
	even = l2 + float64(s4*even)
	t2 := float64(s4 * even)
	R := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	// k*ln2Hi - ((hfsq - (s*(hfsq+R) + k*ln2Lo)) - f)
	inner := float64(s*(hfsq+R)) + float64(k*ln2Lo)
	return float64(k*ln2Hi) - ((hfsq - inner) - f)
}

// Tanh returns the hyperbolic tangent of x, within two ulps of math.Tanh,
// identically everywhere.
func Tanh(x float64) float64 {
	const maxLog = 8.8029691931113054295988e+01 // log(2**127)
	var (
		tanhP = [...]float64{
			-9.64399179425052238628e-1,
			-9.92877231001918586564e1,
			-1.61468768441708447952e3,
		}
		tanhQ = [...]float64{
			1.12811678491632931402e2,
			2.23548839060100448583e3,
			4.84406305325125486048e3,
		}
	)
	z := math.Abs(x)
	switch {
	case z > 0.5*maxLog:
		if x < 0 {
			return -1
		}
		return 1
	case z >= 0.625:
		s := Exp(2 * z)
		z = 1 - 2/(s+1)
		if x < 0 {
			z = -z
		}
	default:
		if x == 0 {
			return x
		}
		s := float64(x * x)
		// z = x + x*s*((P0*s+P1)*s+P2)/(((s+Q0)*s+Q1)*s+Q2)
		num := float64(tanhP[0]*s) + tanhP[1]
		num = float64(num*s) + tanhP[2]
		den := float64((s+tanhQ[0])*s) + tanhQ[1]
		den = float64(den*s) + tanhQ[2]
		z = x + float64(float64(x*s)*num)/den
	}
	return z
}

// Pow returns x**y, to within a few ulps of math.Pow (the same algorithm),
// identically everywhere. Special cases are those of math.Pow.
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 1:
		return x
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	case x == 0:
		switch {
		case y < 0:
			if math.Signbit(x) && isOddInt(y) {
				return math.Inf(-1)
			}
			return math.Inf(1)
		case y > 0:
			if math.Signbit(x) && isOddInt(y) {
				return x
			}
			return 0
		}
	case math.IsInf(y, 0):
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == math.IsInf(y, 1):
			return 0
		default:
			return math.Inf(1)
		}
	case math.IsInf(x, 0):
		if math.IsInf(x, -1) {
			return Pow(1/x, -y) // Pow(-0, -y)
		}
		switch {
		case y < 0:
			return 0
		case y > 0:
			return math.Inf(1)
		}
	case y == 0.5:
		return math.Sqrt(x) // correctly rounded everywhere
	case y == -0.5:
		return 1 / math.Sqrt(x)
	}

	yi, yf := math.Modf(math.Abs(y)) // exact
	if yf != 0 && x < 0 {
		return math.NaN()
	}
	if yi >= 1<<63 {
		// A large even integer: overflow or underflow for every x but -1.
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == (y > 0):
			return 0
		default:
			return math.Inf(1)
		}
	}

	// ans = a1 × 2**ae, starting at 1.
	a1 := 1.0
	ae := 0
	if yf != 0 { // ans *= x**yf
		if yf > 0.5 {
			yf--
			yi++
		}
		a1 = Exp(float64(yf * Log(x)))
	}

	// ans *= x**yi by successive squarings of x, powers of two kept apart.
	x1, xe := math.Frexp(x)
	for i := int64(yi); i != 0; i >>= 1 {
		if xe < -1<<12 || 1<<12 < xe {
			// xe would overflow the shift below; Ldexp under/overflows anyway.
			ae += xe
			break
		}
		if i&1 == 1 {
			a1 = float64(a1 * x1)
			ae += xe
		}
		x1 = float64(x1 * x1)
		xe <<= 1
		if x1 < .5 {
			x1 += x1
			xe--
		}
	}

	if y < 0 { // ans = 1/ans, in the opposite order
		a1 = 1 / a1
		ae = -ae
	}
	return math.Ldexp(a1, ae)
}

func isOddInt(x float64) bool {
	if math.Abs(x) >= 1<<53 {
		return false // every float64 this large is an even integer
	}
	xi, xf := math.Modf(x)
	return xf == 0 && int64(xi)&1 == 1
}

// MeanStdDev returns the mean and the sample standard deviation (n-1) of xs,
// summed in order with every product rounded, by the corrected two-pass
// algorithm gonum's stat.MeanStdDev uses. It exists because gonum sums with
// SIMD assembly on amd64 and a plain loop elsewhere, which round differently.
// Both NaN for an empty xs; the deviation is NaN for one value.
func MeanStdDev(xs []float64) (mean, sd float64) {
	n := float64(len(xs))
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean = sum / n
	var ss, comp float64
	for _, x := range xs {
		d := x - mean
		ss += float64(d * d)
		comp += d
	}
	return mean, math.Sqrt((ss - float64(comp*comp)/n) / (n - 1))
}
