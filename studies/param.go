package studies

import (
	"math/rand/v2"
	"strconv"

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
// (abc.Prior.Draw: the same draw SMC's first generation makes).
func (p Param) Draw(r *rand.Rand) float64 {
	return Prior([]Param{p}).Draw(0, r)
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

// Paths lists the parameters' paths, in order.
func Paths(ps []Param) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}
