package abc_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tajikpeace/tajikpeace/abc"
)

// Fitting the mean of a normal with known sd 1 to an observed sample mean
// of 0.8 from 25 observations: the posterior is close to N(0.8, 0.2²).
func ExampleSMC() {
	distance := func(_ context.Context, theta []float64, seed uint64) (float64, error) {
		r := rand.New(rand.NewPCG(seed, 0))
		simulated := theta[0] + 0.2*r.NormFloat64() // the mean of 25 draws
		return math.Abs(simulated - 0.8), nil
	}
	res, err := abc.SMC(context.Background(), abc.Prior{Min: []float64{-5}, Max: []float64{5}}, distance,
		abc.Settings{Particles: 1000, Quantile: 0.5, Tolerance: 0.02, MaxAttempts: 100000, Seed: 1, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	post := res.Posterior()
	mean := 0.0
	for i, p := range post.Particles {
		mean += post.Weights[i] * p[0]
	}
	fmt.Printf("stopped by %s; posterior mean %.1f\n", res.Stopped, mean)
	// Output: stopped by tolerance; posterior mean 0.8
}
