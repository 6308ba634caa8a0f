package sim

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Ensemble plays runs 0..n-1 of the model under one master seed on the given
// number of workers. Results are stored by run index, so they are identical
// whatever the number of workers or the order in which runs finish.
func Ensemble(ctx context.Context, m *Model, seed uint64, n, workers int, opt Options) ([]*Result, error) {
	out := make([]*Result, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, workers))
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			out[i] = Run(m, seed, i, opt)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
