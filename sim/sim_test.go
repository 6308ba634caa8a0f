package sim_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func baseline(t testing.TB, sets ...string) *sim.Model {
	t.Helper()
	return load(t, "baseline", sets...)
}

func load(t testing.TB, name string, sets ...string) *sim.Model {
	t.Helper()
	res, err := scenarios.Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	return agents.New(res.Scenario)
}

func TestStreamsAreIndependentAndReproducible(t *testing.T) {
	draw := func(seed uint64, run int, label string) [4]uint64 {
		r := sim.Stream(seed, run, label)
		return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	a := draw(1, 0, "battlefield")
	if a != draw(1, 0, "battlefield") {
		t.Fatal("the same (seed, run, label) gave different numbers")
	}
	for _, other := range [][4]uint64{draw(2, 0, "battlefield"), draw(1, 1, "battlefield"), draw(1, 0, "negotiation")} {
		if other == a {
			t.Errorf("distinct streams coincide: %v", a)
		}
	}
}

func TestRunIsReproducible(t *testing.T) {
	m := baseline(t)
	a := sim.Run(m, 11, 3, sim.Options{Log: true, Trace: true})
	b := sim.Run(m, 11, 3, sim.Options{Log: true, Trace: true})
	if !same(a.Milestones, b.Milestones) || !reflect.DeepEqual(a.Log, b.Log) || !reflect.DeepEqual(a.Trace, b.Trace) {
		t.Fatal("the same model, seed and run gave different results")
	}
	c := sim.Run(m, 12, 3, sim.Options{Log: true})
	if reflect.DeepEqual(a.Log, c.Log) {
		t.Error("a different seed gave the very same event log")
	}
}

// TestOptionsDoNotChangeOutcomes: recording a log or trace must not touch
// the random streams or the dynamics.
func TestOptionsDoNotChangeOutcomes(t *testing.T) {
	m := baseline(t)
	for run := range 20 {
		plain := sim.Run(m, 5, run, sim.Options{})
		full := sim.Run(m, 5, run, sim.Options{Log: true, Trace: true})
		if !same(plain.Milestones, full.Milestones) {
			t.Fatalf("run %d: milestones differ with logging on", run)
		}
	}
}

func TestEnsembleIndependentOfWorkers(t *testing.T) {
	m := baseline(t)
	one, err := sim.Ensemble(context.Background(), m, 9, 64, 1, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	four, err := sim.Ensemble(context.Background(), m, 9, 64, 4, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range one {
		if !same(one[i].Milestones, four[i].Milestones) {
			t.Fatalf("run %d differs between 1 and 4 workers", i)
		}
		alone := sim.Run(m, 9, i, sim.Options{})
		if !same(one[i].Milestones, alone.Milestones) {
			t.Fatalf("run %d of the ensemble differs from the same run alone", i)
		}
	}
}

func TestEnsembleStopsWhenCancelled(t *testing.T) {
	m := baseline(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sim.Ensemble(ctx, m, 1, 1000, 2, sim.Options{}); err == nil {
		t.Fatal("a cancelled ensemble returned results")
	}
}

// TestGeneralAgreementNeedsItsParts: in every run, the General Agreement is
// signed only after every protocol it requires.
func TestGeneralAgreementNeedsItsParts(t *testing.T) {
	m := baseline(t)
	for run := range 200 {
		r := sim.Run(m, 3, run, sim.Options{})
		ga, _ := r.Milestone("general_agreement")
		if !ga.Reached {
			continue
		}
		for _, id := range []string{"ceasefire", "joint_commission", "prisoner_exchange", "fundamental_principles", "cnr_protocol", "refugees", "military", "political", "amnesty", "guarantees"} {
			ms, _ := r.Milestone(id)
			if !ms.Reached || ms.Date.After(ga.Date) {
				t.Fatalf("run %d: general agreement on %s before %s (%v)", run, ga.Date.Format("2006-01-02"), id, ms.Reached)
			}
		}
	}
}

// same compares milestones field by field; the points of event milestones
// are NaN, which reflect.DeepEqual never finds equal.
func same(a, b []sim.Milestone) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

func TestOrderedEmitsInOrderWithBoundedWindow(t *testing.T) {
	const n = 500
	var got []int
	inFlight, maxInFlight := 0, 0
	var mu sync.Mutex
	err := sim.Ordered(context.Background(), 0, n, 4, 8,
		func(i int) int {
			mu.Lock()
			inFlight++
			maxInFlight = max(maxInFlight, inFlight)
			mu.Unlock()
			time.Sleep(time.Duration((i*7919)%13) * time.Microsecond) // finish out of order
			mu.Lock()
			inFlight--
			mu.Unlock()
			return i * i
		},
		func(i, v int) error {
			if v != i*i {
				t.Errorf("emit(%d) got %d", i, v)
			}
			got = append(got, i)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range got {
		if g != i {
			t.Fatalf("emitted %d at position %d", g, i)
		}
	}
	if len(got) != n || maxInFlight > 8 {
		t.Errorf("emitted %d of %d; %d in flight at most (window 8)", len(got), n, maxInFlight)
	}
}

func TestOrderedStopsOnEmitError(t *testing.T) {
	stop := errors.New("stop")
	last := -1
	err := sim.Ordered(context.Background(), 10, 1000, 3, 6,
		func(i int) int { return i },
		func(i, _ int) error {
			last = i
			if i == 42 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || last != 42 {
		t.Fatalf("err %v, last emitted %d; want stop at 42", err, last)
	}
}

// TestOrderedStopsAtCancellation: a context cancelled from inside emit (as
// a test interrupts a command) stops the emissions there, though later
// results are already computed and waiting.
func TestOrderedStopsAtCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	last := -1
	err := sim.Ordered(ctx, 0, 1000, 4, 64,
		func(i int) int { return i },
		func(i, _ int) error {
			last = i
			if i == 17 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) || last != 17 {
		t.Fatalf("err %v, last emitted %d; want context.Canceled after 17", err, last)
	}
}

// TestWeeksToIsSubsNumber: the quicker WeeksTo gives to the bit what
// t.Sub(now).Hours()/(24*7) gives, for whole days, odd seconds and
// nanoseconds, either sign, and the zero time (Sub's saturation).
func TestWeeksToIsSubsNumber(t *testing.T) {
	now := time.Date(1995, 8, 17, 0, 0, 0, 0, time.UTC)
	w := &sim.World{Date: now}
	for _, u := range []time.Time{
		now, now.AddDate(0, 0, 7), now.AddDate(0, 0, -3), now.AddDate(7, 0, 0),
		now.Add(90*time.Minute + 7*time.Second + 13), now.Add(-time.Nanosecond), {},
	} {
		if got, want := w.WeeksTo(u), u.Sub(now).Hours()/(24*7); got != want {
			t.Errorf("WeeksTo(%v) = %v, Sub gives %v", u, got, want)
		}
	}
}
