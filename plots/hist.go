package plots

import "gonum.org/v1/plot/plotter"

// newHist is plotter.NewHist with bin edges that are the same on every
// machine. gonum computes an edge as min + i*width, which arm64, ppc64le,
// s390x and riscv64 fuse into one multiply-add: the edge moves in the last
// place and a bar's edge pixel changes shade, so the PNG differs. The edges
// are recomputed with the product rounded first; the counts are gonum's.
func newHist(vs []float64, n int) (*plotter.Histogram, error) {
	return newWeightedHist(vs, nil, n)
}

// newWeightedHist is newHist with a weight per value (nil: each counts 1,
// as plotter.NewHist counts them).
func newWeightedHist(vs, weights []float64, n int) (*plotter.Histogram, error) {
	var xys plotter.XYer = unitXYs(vs)
	if weights != nil {
		xys = weightedXYs{vs, weights}
	}
	h, err := plotter.NewHistogram(xys, n)
	if err != nil {
		return nil, err
	}
	xmin, _ := plotter.Range(plotter.XValues{XYer: unitXYs(vs)})
	for i := range h.Bins {
		h.Bins[i].Min = xmin + float64(float64(i)*h.Width)
		h.Bins[i].Max = xmin + float64(float64(i+1)*h.Width)
	}
	return h, nil
}

// unitXYs gives values as x with y = 1, as plotter.NewHist sees them.
type unitXYs []float64

func (u unitXYs) Len() int                    { return len(u) }
func (u unitXYs) XY(i int) (float64, float64) { return u[i], 1 }

// weightedXYs gives values as x with their weights as y.
type weightedXYs struct{ x, w []float64 }

func (u weightedXYs) Len() int                    { return len(u.x) }
func (u weightedXYs) XY(i int) (float64, float64) { return u.x[i], u.w[i] }
