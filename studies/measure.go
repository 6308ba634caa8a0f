package studies

import (
	"context"
	"errors"
	"fmt"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/sim"
)

// Measure runs each of Points parameter points (called Noun: draws, design
// points) Seeds times and reduces each point's runs, in order, to one line
// of Checkpoint. Run r of every point draws the streams of run r (common
// random numbers), so differences between points measure the parameters,
// not the noise. Points already in the checkpoint are skipped.
type Measure struct {
	Noun       string
	Checkpoint *results.Checkpoint
	Models     *ModelCache
	Points     int
	Seeds      int
	Seed       uint64
	Workers    int
	// Progress, if set, is told of every finished run (runs done of all).
	Progress func(done, total int)
	// PointDone, if set, is told how many points this call has finished;
	// an error from it stops the measurement as an interruption does.
	PointDone func(points int) error
}

// Run measures the points not yet in the checkpoint. On an interruption
// (ctx cancelled, or PointDone failing) the error says how to carry on.
func (ms Measure) Run(ctx context.Context, reduce func(point int, runs []*sim.Result) string) error {
	cp, seeds := ms.Checkpoint, ms.Seeds
	resumed := len(cp.Done())
	type result struct {
		r   *sim.Result
		err error
	}
	var batch []*sim.Result
	err := sim.Ordered(ctx, resumed*seeds, ms.Points*seeds, ms.Workers, 8*ms.Workers,
		func(g int) result {
			m, err := ms.Models.Get(g / seeds)
			if err != nil {
				return result{err: err}
			}
			return result{r: sim.Run(m, ms.Seed, g%seeds, sim.Options{})}
		},
		func(g int, res result) error {
			if res.err != nil {
				return res.err
			}
			if ms.Progress != nil {
				ms.Progress(g+1, ms.Points*seeds)
			}
			batch = append(batch, res.r)
			if len(batch) < seeds {
				return nil
			}
			p := g / seeds
			line := reduce(p, batch)
			batch = batch[:0]
			ms.Models.Forget(p)
			if err := cp.Add(line); err != nil {
				return err
			}
			if ms.PointDone != nil {
				if err := ms.PointDone(p + 1 - resumed); err != nil {
					return &stopped{err}
				}
			}
			return nil
		})
	if err == nil {
		return nil
	}
	if errors.As(err, new(*stopped)) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted after %d of %d %s; nothing was written to the output directory, and the finished %s are kept in %s: run the same command again to continue",
			len(cp.Done()), ms.Points, ms.Noun, ms.Noun, cp.Path())
	}
	return err
}
