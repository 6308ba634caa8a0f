package studies_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/patterns"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/sweep"
)

// An ensemble of the built-in baseline: 20 seeded runs, summarised against
// the historical record.
func ExampleEnsemble() {
	res, err := scenarios.Load("baseline", nil)
	if err != nil {
		log.Fatal(err)
	}
	run, err := studies.Ensemble(context.Background(), res, 1, 20, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(run.Results), "runs;", run.Table.Rows[0].ID, "reached in", run.Table.Rows[0].Reached)
	// Output: 20 runs; ceasefire reached in 1
}

// A sweep over Russia's weight on the Taliban threat, 10 runs at each of 3
// values, written to a directory as `tajikpeace sweep` writes it.
func ExamplePlanSweep() {
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sw, err := studies.PlanSweep(studies.SweepSettings{Scenario: "endogenous", Seeds: 10, Seed: 1,
		Vary: []string{"observers.russia.interests.taliban=0:3:3"}})
	if err != nil {
		log.Fatal(err)
	}
	man, err := sw.Start(context.Background(), dir, studies.Provenance{Tool: "example"}, studies.SweepOptions{Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	_, err = os.Stat(filepath.Join(dir, "points.csv"))
	fmt.Println(man.Runs, "runs at", man.Points, "grid points; complete:", man.Complete, "; points.csv written:", err == nil)
	// Output: 30 runs at 3 grid points; complete: true ; points.csv written: true
}

// A Morris screening of two parameters' effect on the share of runs with a
// General Agreement by the end of 1997: 4 trajectories, 2 runs a design
// point, its finished points kept in a checkpoint beside the output.
func ExampleSensitivity() {
	dir, err := os.MkdirTemp("", "sensitivity")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	tpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		log.Fatal(err)
	}
	base, err := tpl.Load(nil)
	if err != nil {
		log.Fatal(err)
	}
	params := []studies.Param{
		{Path: "observers.russia.interests.taliban", Min: 0, Max: 3, Prior: "uniform"},
		{Path: "parties.uto.cohesion", Min: 0.3, Max: 0.95, Prior: "uniform"},
	}
	outcome, _ := studies.ParseOutcome("p_agreement_by:1997-12-31")
	s := studies.SensitivitySettings{Method: "morris", N: 4, Outcome: outcome, OutcomeName: "p_agreement_by:1997-12-31", Seeds: 2, Seed: 1, Workers: 2}
	cp, err := results.OpenCheckpoint(filepath.Join(dir, "out"), false, studies.SensitivityKey(base, params, s)...)
	if err != nil {
		log.Fatal(err)
	}
	defer cp.Close()
	s.Checkpoint = cp
	res, err := studies.Sensitivity(context.Background(), tpl, base, params, s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Design), "design points;", res.Header[1:4], "for", len(res.Rows), "parameters")
	// Output: 12 design points; [mu_star mu_star_lo mu_star_hi] for 2 parameters
}

// A calibration by ABC-SMC of one parameter to the historical record: 20
// particles, 2 runs each, 3 generations.
func ExampleCalibrateSMC() {
	tpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		log.Fatal(err)
	}
	target, err := patterns.History()
	if err != nil {
		log.Fatal(err)
	}
	params := []studies.Param{{Path: "observers.russia.interests.taliban", Min: 0, Max: 3, Prior: "uniform"}}
	res, err := studies.CalibrateSMC(context.Background(), tpl, params, target, studies.SMCSettings{
		Particles: 20, Seeds: 2, Quantile: 0.5, Generations: 3, Sampler: abc.MCMC, Moves: 1, MaxMoves: 2,
		Seed: 1, Workers: 2, Patterns: patterns.All})
	if err != nil {
		log.Fatal(err)
	}
	post := res.Posterior()
	fmt.Println(len(res.Generations), "generations;", len(post.Particles), "particles, tolerance falling:", post.Tolerance < res.Generations[1].Tolerance)
	// Output: 3 generations; 20 particles, tolerance falling: true
}

// A comparison of two scenarios under common random numbers: run i of each
// shares its seed, and the bootstrap resamples the runs in pairs. The arms
// are written under the directory given, as `tajikpeace compare` writes them.
func ExampleCompare() {
	dir, err := os.MkdirTemp("", "compare")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	c, err := studies.Compare(context.Background(), []string{"endogenous", "no-taliban"}, dir,
		studies.CompareSettings{Seeds: 40, Seed: 1, Workers: 2, Bootstrap: 200, BootstrapSeed: 1})
	if err != nil {
		log.Fatal(err)
	}
	later := c.Rows[1].Shift > 0
	fmt.Println(c.Rows[1].Name, "against", c.Rows[0].Name, "; paired:", c.Rows[1].Paired, "; General Agreement later:", later)
	fmt.Println(c.IntervalNote())
	// Output:
	// no-taliban against endogenous ; paired: true ; General Agreement later: true
	// bootstrap, 200 resamples, runs resampled in pairs (common random numbers)
}

// A calibration by rejection ABC of one parameter to the historical
// record: 40 draws from the prior, 2 runs each, the closest quarter kept;
// the measured draws go to a checkpoint beside the output.
func ExampleCalibrateRejection() {
	dir, err := os.MkdirTemp("", "rejection")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	tpl, err := scenarios.NewTemplate("baseline")
	if err != nil {
		log.Fatal(err)
	}
	base, err := tpl.Load(nil)
	if err != nil {
		log.Fatal(err)
	}
	target, err := patterns.History()
	if err != nil {
		log.Fatal(err)
	}
	params := []studies.Param{{Path: "parties.uto.willingness.prospect", Min: 0, Max: 3, Prior: "uniform"}}
	s := studies.RejectionSettings{Samples: 40, Seeds: 2, Accept: 0.25, Seed: 1, Workers: 2}
	cp, err := results.OpenCheckpoint(filepath.Join(dir, "out"), false, studies.RejectionKey(base, params, target, s)...)
	if err != nil {
		log.Fatal(err)
	}
	defer cp.Close()
	s.Checkpoint = cp
	rej, err := studies.CalibrateRejection(context.Background(), tpl, base, params, target, s)
	if err != nil {
		log.Fatal(err)
	}
	m := rej.Marginals[0]
	fmt.Println(rej.Kept, "of 40 draws kept; the posterior mean inside the prior:", m.Mean > 0 && m.Mean < 3, "; its interval inside the prior:", m.Lo95 >= 0 && m.Hi95 <= 3)
	// Output: 10 of 40 draws kept; the posterior mean inside the prior: true ; its interval inside the prior: true
}

// A sweep split across two machines: each runs one shard of the grid (here
// one after the other), and MergeSweeps joins them into what one machine
// would have written.
func ExampleMergeSweeps() {
	dir, err := os.MkdirTemp("", "shards")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	var shards []string
	for i := range 2 {
		sw, err := studies.PlanSweep(studies.SweepSettings{Scenario: "endogenous", Seeds: 5, Seed: 1,
			Vary: []string{"parties.uto.cohesion=0.5:0.9:4"}, Shard: sweep.Shard{Index: i, Of: 2}})
		if err != nil {
			log.Fatal(err)
		}
		shard := filepath.Join(dir, fmt.Sprint("shard-", i))
		if err := os.Mkdir(shard, 0o755); err != nil {
			log.Fatal(err)
		}
		if _, err := sw.Start(context.Background(), shard, studies.Provenance{Tool: "example"}, studies.SweepOptions{Workers: 2}); err != nil {
			log.Fatal(err)
		}
		shards = append(shards, shard)
	}
	man, err := studies.MergeSweeps(shards, filepath.Join(dir, "merged"), false, studies.Provenance{Tool: "example"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(man.Runs, "runs at", man.Points, "grid points; complete:", man.Complete)
	// Output: 20 runs at 4 grid points; complete: true
}

// An ensemble under parameter uncertainty: run i draws its parameter set
// from the built-in posterior (its own seeded stream), and runs.csv would
// record which draw.
func ExampleNewPosteriorRun() {
	res, err := scenarios.Load("endogenous", nil)
	if err != nil {
		log.Fatal(err)
	}
	post, err := studies.NewPosteriorRun(io.Discard, "endogenous", "posterior", nil)
	if err != nil {
		log.Fatal(err)
	}
	run, err := post.Ensemble(context.Background(), res, 1, 20, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(run.Results), "runs, each under its own draw:", len(run.Draws) == len(run.Results))
	// Output: 20 runs, each under its own draw: true
}

// One run of an ensemble alone, with its event log and per-step trace:
// run 7 of master seed 1 is the same run whoever re-runs it.
func ExampleSingle() {
	res, err := scenarios.Load("baseline", nil)
	if err != nil {
		log.Fatal(err)
	}
	a, err := studies.Single(res, 1, 7)
	if err != nil {
		log.Fatal(err)
	}
	b, err := studies.Ensemble(context.Background(), res, 1, 8, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logged:", len(a.Results[0].Log) > 0, "; the same milestones as run 7 of the ensemble:",
		fmt.Sprint(a.Results[0].Milestones) == fmt.Sprint(b.Results[7].Milestones))
	// Output: logged: true ; the same milestones as run 7 of the ensemble: true
}
