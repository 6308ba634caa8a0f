package sensitivity

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// ishigami is the Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3, given
// a point of the unit cube.
func ishigami(u []float64) float64 {
	x := func(i int) float64 { return -math.Pi + 2*math.Pi*u[i] }
	const a, b = 7, 0.1
	return math.Sin(x(0)) + a*math.Pow(math.Sin(x(1)), 2) + b*math.Pow(x(2), 4)*math.Sin(x(0))
}

// Analytic indices of the Ishigami function (Ishigami and Homma 1990;
// Sobol' and Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
func ishigamiIndices() (first, total [3]float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	v1 := 0.5 * math.Pow(1+b*pi4/5, 2)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	first = [3]float64{v1 / v, v2 / v, 0}
	total = [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
	return
}

func evaluate(points [][]float64) []float64 {
	y := make([]float64, len(points))
	for i, p := range points {
		y[i] = ishigami(p)
	}
	return y
}

// TestSobolReproducesIshigami: with N = 20,000 base samples (N(k+2) =
// 100,000 evaluations) the estimates lie within 0.05 of the analytic
// indices, and within their bootstrap intervals' reach.
func TestSobolReproducesIshigami(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := NewSobolDesign(3, 20000, r)
	res, err := d.Sobol(evaluate(d.Points), 200, r)
	if err != nil {
		t.Fatal(err)
	}
	first, total := ishigamiIndices()
	for i := range 3 {
		if math.Abs(res.First[i].Value-first[i]) > 0.05 {
			t.Errorf("S%d = %.3f [%.3f, %.3f], analytic %.3f", i+1, res.First[i].Value, res.First[i].Lo, res.First[i].Hi, first[i])
		}
		if math.Abs(res.Total[i].Value-total[i]) > 0.05 {
			t.Errorf("ST%d = %.3f [%.3f, %.3f], analytic %.3f", i+1, res.Total[i].Value, res.Total[i].Lo, res.Total[i].Hi, total[i])
		}
		if !(res.Total[i].Lo <= res.Total[i].Value && res.Total[i].Value <= res.Total[i].Hi) {
			t.Errorf("ST%d's interval [%.3f, %.3f] does not hold its estimate", i+1, res.Total[i].Lo, res.Total[i].Hi)
		}
	}
	t.Logf("S = %.3f %.3f %.3f (analytic %.3f %.3f %.3f)", res.First[0].Value, res.First[1].Value, res.First[2].Value, first[0], first[1], first[2])
	t.Logf("ST = %.3f %.3f %.3f (analytic %.3f %.3f %.3f)", res.Total[0].Value, res.Total[1].Value, res.Total[2].Value, total[0], total[1], total[2])
}

// exactMorrisMuStar is the expected mu* of the 4-level Morris design with
// the recommended step (2/3 of the range) for Ishigami: the mean of
// |elementary effect| over every grid point from which the step stays in the
// range, enumerated (an independent check on the sampler).
func exactMorrisMuStar() [3]float64 {
	const levels = 4
	const step = levels / 2 // grid steps in a jump of 2/3
	var sum [3]float64
	var count [3]int
	for a := range levels {
		for b := range levels {
			for c := range levels {
				at := [3]int{a, b, c}
				u := func(g [3]int) []float64 {
					return []float64{float64(g[0]) / (levels - 1), float64(g[1]) / (levels - 1), float64(g[2]) / (levels - 1)}
				}
				for i := range 3 {
					if at[i]+step >= levels {
						continue
					}
					to := at
					to[i] += step
					sum[i] += math.Abs(ishigami(u(to))-ishigami(u(at))) / (2.0 / 3)
					count[i]++
				}
			}
		}
	}
	return [3]float64{sum[0] / float64(count[0]), sum[1] / float64(count[1]), sum[2] / float64(count[2])}
}

// TestMorrisRanksIshigami: the estimates of mu* match their exact
// expectations under the design (7.70, 7.88, 6.25) within their bootstrap
// intervals, and set x3 (ST 0.244) clearly last. They cannot put x1 (ST
// 0.558) above x2 (ST 0.442): under this design x2's expected mu* is the
// larger, so no sample size ranks them by ST, and the test asserts what the
// method can deliver. (Finer grids alias the periodic sin^2 term in x2 - a
// step near one period leaves it unchanged - and push its mu* below x3's:
// Morris screens, it does not rank near-ties; Sobol's indices rank them.)
func TestMorrisRanksIshigami(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	d := NewMorrisDesign(3, 500, 4, r)
	res, err := d.Morris(evaluate(d.Points), 500, r)
	if err != nil {
		t.Fatal(err)
	}
	mu, exact := res.MuStar, exactMorrisMuStar()
	for i := range 3 {
		t.Logf("x%d: mu* = %.3f [%.3f, %.3f], exact %.3f", i+1, mu[i].Value, mu[i].Lo, mu[i].Hi, exact[i])
		if !(mu[i].Lo-1e-9 <= exact[i] && exact[i] <= mu[i].Hi+1e-9) {
			t.Errorf("x%d: the exact mu* %.3f lies outside the estimate's interval [%.3f, %.3f]", i+1, exact[i], mu[i].Lo, mu[i].Hi)
		}
	}
	if !(mu[2].Hi < mu[0].Lo && mu[2].Hi < mu[1].Lo) {
		t.Errorf("x3 is not clearly the least influential: mu* %+v", mu)
	}
	if !(exact[1] > exact[0]) {
		t.Errorf("expected x2's exact mu* above x1's (the reason the test does not ask Morris to order them): %v", exact)
	}
}

func TestRefusesCensoredOutputs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	d := NewSobolDesign(2, 10, r)
	y := make([]float64, len(d.Points))
	y[3] = math.Inf(1)
	if _, err := d.Sobol(y, 10, r); err == nil {
		t.Error("an infinite (censored) output was accepted")
	}
}

func TestRefusesAConstantOutcome(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	d := NewSobolDesign(2, 10, r)
	y := make([]float64, len(d.Points))
	for i := range y {
		y[i] = 1
	}
	if _, err := d.Sobol(y, 10, r); err == nil || !strings.Contains(err.Error(), "does not vary") {
		t.Errorf("a constant outcome: %v", err)
	}
}
