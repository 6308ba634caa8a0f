package studies

import (
	"math/rand/v2"
	"strconv"

	"github.com/tajikpeace/tajikpeace/internal/detmath"

	"github.com/tajikpeace/tajikpeace/abc"
)

// Param is a parameter to study: its key path in the scenario, its range,
// and its prior (uniform on the range, or a normal of mean Mean and sd SD
// truncated to it).
type Param struct {
	Path     string  `json:"path"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Prior    string  `json:"prior"`
	Mean, SD float64 `json:"-"`
}

// Draw samples the prior: uniform on the range, or a normal truncated to it
// (by rejection; after a thousand misses, uniform, which such a wide normal
// nearly is).
//
// The normal deviates come from detmath and every product is rounded on
// its own, so a draw has the same bits on every architecture.
func (p Param) Draw(r *rand.Rand) float64 {
	if p.Prior == "normal" {
		for range 1000 {
			if x := p.Mean + float64(p.SD*detmath.NormFloat64(r)); x >= p.Min && x <= p.Max {
				return x
			}
		}
	}
	return p.Min + float64(r.Float64()*(p.Max-p.Min))
}

// Prior is the abc prior of a list of parameters.
func Prior(ps []Param) abc.Prior {
	var pr abc.Prior
	for _, p := range ps {
		pr.Min, pr.Max = append(pr.Min, p.Min), append(pr.Max, p.Max)
		mean, sd := 0.0, 0.0
		if p.Prior == "normal" {
			mean, sd = p.Mean, p.SD
		}
		pr.Mean, pr.SD = append(pr.Mean, mean), append(pr.SD, sd)
	}
	return pr
}

// Sets writes a parameter vector as --set overrides, each value exactly
// (it reads back to the same float64).
func Sets(ps []Param, theta []float64) []string {
	sets := make([]string, len(ps))
	for i, p := range ps {
		sets[i] = p.Path + "=" + strconv.FormatFloat(theta[i], 'g', -1, 64)
	}
	return sets
}
