package sim

import (
	"context"
	"sync"
)

// Ordered computes work(i) for i in [from, to) on workers goroutines and
// hands the results to emit in index order, one at a time. At most window
// results wait for their turn, so memory stays flat however many indices
// there are. It stops early, returning the context's error, when ctx is
// cancelled or emit fails; every index below the last emitted one has then
// been emitted, and nothing after it. Once ctx is cancelled nothing more is
// emitted, not even results already computed: a Ctrl-C (or a test that
// cancels from inside emit) stops at the index where it came.
func Ordered[T any](ctx context.Context, from, to, workers, window int, work func(i int) T, emit func(i int, v T) error) error {
	workers = max(1, workers)
	window = max(window, workers)
	type item struct {
		i int
		v T
	}
	next := make(chan int)
	done := make(chan item, window)
	slots := make(chan struct{}, window) // a slot per result not yet emitted
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				done <- item{i, work(i)}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := from; i < to; i++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				<-slots
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()

	pending := make(map[int]T, window)
	want := from
	var err error
	for it := range done {
		if err != nil {
			continue // drain the workers
		}
		pending[it.i] = it.v
		for {
			v, ok := pending[want]
			if !ok {
				break
			}
			if ctx.Err() != nil {
				err = context.Cause(ctx)
				break
			}
			delete(pending, want)
			if e := emit(want, v); e != nil {
				err = e
				cancel()
				break
			}
			want++
			<-slots
		}
	}
	if err != nil {
		return err
	}
	if want < to {
		return context.Cause(ctx)
	}
	return nil
}

// Ensemble plays runs 0..n-1 of the model under one master seed on the given
// number of workers. Results are stored by run index, so they are identical
// whatever the number of workers or the order in which runs finish.
func Ensemble(ctx context.Context, m *Model, seed uint64, n, workers int, opt Options) ([]*Result, error) {
	out := make([]*Result, n)
	err := Ordered(ctx, 0, n, workers, 4*workers,
		func(i int) *Result { return Run(m, seed, i, opt) },
		func(i int, r *Result) error { out[i] = r; return nil })
	if err != nil {
		return nil, err
	}
	return out, nil
}
