package studies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/play"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

// Ensemble plays runs 0..n-1 of a resolved scenario, replays run 0 with its
// event log and trace (its milestones are the same), and sets the ensemble
// beside the historical record. The results do not depend on workers.
func Ensemble(ctx context.Context, res *scenarios.Resolved, seed uint64, n, workers int) (results.Run, error) {
	hist, err := history.Load()
	if err != nil {
		return results.Run{}, err
	}
	model := agents.New(res.Scenario)
	rs, err := sim.Ensemble(ctx, model, seed, n, workers, sim.Options{})
	if err != nil {
		return results.Run{}, err
	}
	rs[0] = sim.Run(model, seed, 0, sim.Options{Log: true, Trace: true})
	return results.Run{Scenario: res, Model: model, Results: rs, Table: summary.Summarise(model.Scenario, seed, rs, hist),
		Replay: func(i int, opt sim.Options) (*sim.Result, error) { return sim.Run(model, seed, i, opt), nil }}, nil
}

// Single is run number run of the scenario alone, under the master seed,
// with its event log and per-step trace: a row of an ensemble's or a
// sweep's runs.csv, re-run (the same streams give the same run).
func Single(res *scenarios.Resolved, seed uint64, run int) (results.Run, error) {
	hist, err := history.Load()
	if err != nil {
		return results.Run{}, err
	}
	return single(res, seed, run, nil, hist), nil
}

// single plays one run with its log and trace, player (if any) taking one
// actor's decisions, and sets it beside history.
func single(res *scenarios.Resolved, seed uint64, run int, player sim.Player, hist *history.Sequence) results.Run {
	model := agents.New(res.Scenario)
	rs := []*sim.Result{sim.Run(model, seed, run, sim.Options{Log: true, Trace: true, Player: player})}
	return results.Run{Scenario: res, Model: model, Results: rs, Table: summary.Summarise(model.Scenario, seed, rs, hist)}
}

// PosteriorRun is an ensemble whose runs draw their parameters from a
// posterior: run i takes draw Posterior.Draw(seed, i).
type PosteriorRun struct {
	post   *Posterior // without the kept parameters
	sha    string
	kept   []string
	models *Models
}

// NewPosteriorRun prepares the ensembles of scenario ref (with the
// overrides sets) under the posterior name (a built-in name, a
// calibration's directory or its posterior.csv). The scenario keeps the
// posterior's parameters it sets itself (KeptParameters, said on w).
func NewPosteriorRun(w io.Writer, ref, name string, sets []string) (*PosteriorRun, error) {
	post, b, err := LoadPosterior(name)
	if err != nil {
		return nil, err
	}
	tpl, err := scenarios.NewTemplate(ref)
	if err != nil {
		return nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	scen, err := tpl.Load(sets)
	if err != nil {
		return nil, fmt.Errorf("invalid scenario:\n%w", err)
	}
	kept, err := KeptParameters(w, post, scen, sets)
	if err != nil {
		return nil, err
	}
	drawn := post.Without(kept)
	if err := drawn.Check(tpl, sets); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	return &PosteriorRun{post: drawn, sha: hex.EncodeToString(sum[:]), kept: kept, models: NewModels(tpl, sets, drawn)}, nil
}

// KeptParameters are the posterior's parameters a scenario sets itself
// (against the scenario the posterior was fitted to, or with --set or
// --vary): its runs keep them and draw the rest. It says so on w.
func KeptParameters(w io.Writer, post *Posterior, scen *scenarios.Resolved, sets []string) ([]string, error) {
	var base *scenarios.Resolved
	if post.Base != "" {
		var err error
		if base, err = scenarios.Load(post.Base, nil); err != nil {
			fmt.Fprintf(w, "warning: the scenario posterior %s was fitted to (%s) does not load here, so what %s changes against it cannot be told: only --set parameters keep their values\n",
				post.Name, post.Base, scen.Scenario.Name)
			base = nil
		}
	}
	kept, err := Overridden(post, base, scen, sets)
	if err != nil {
		return nil, err
	}
	if len(kept) > 0 {
		fmt.Fprintf(w, "%s sets %s itself: its runs keep the scenario's value and draw the other %d parameters from %s\n",
			scen.Scenario.Name, strings.Join(kept, ", "), len(post.Paths)-len(kept), post.Name)
	}
	return kept, nil
}

// Ensemble plays the runs, each under its draw, replays run 0 with its log
// and trace, and sets the ensemble beside history; the result's Draws say
// which set each run took.
func (p *PosteriorRun) Ensemble(ctx context.Context, res *scenarios.Resolved, seed uint64, n, workers int) (results.Run, error) {
	hist, err := history.Load()
	if err != nil {
		return results.Run{}, err
	}
	rs, draws, err := PosteriorEnsemble(ctx, p.models, seed, n, workers)
	if err != nil {
		return results.Run{}, err
	}
	model, err := p.models.Get(draws[0])
	if err != nil {
		return results.Run{}, err
	}
	rs[0] = sim.Run(model, seed, 0, sim.Options{Log: true, Trace: true})
	replay := func(i int, opt sim.Options) (*sim.Result, error) {
		m, err := p.models.Get(draws[i])
		if err != nil {
			return nil, err
		}
		return sim.Run(m, seed, i, opt), nil
	}
	return results.Run{Scenario: res, Model: model, Results: rs, Draws: draws, Table: summary.Summarise(model.Scenario, seed, rs, hist),
		Replay: replay}, nil
}

// Info is what a manifest records of the posterior.
func (p *PosteriorRun) Info() *results.PosteriorInfo {
	return &results.PosteriorInfo{Name: p.post.Name, SHA256: p.sha, Sets: len(p.post.Draws), Parameters: p.post.Paths, Kept: p.kept,
		Scheme: "run i takes the set chosen by weight with chacha8 stream (seed, i, \"posterior\"); runs.csv column draw (0-based row of the posterior)"}
}

// TraceRuns reads how many runs of an ensemble of n the per-step trace
// (steps.csv) should hold, as --trace gives it: a number from 1 to n, or
// "all".
func TraceRuns(s string, n int) (int, error) {
	if s == "all" {
		return n, nil
	}
	k, err := strconv.Atoi(s)
	if err != nil || k < 1 || k > n {
		return 0, fmt.Errorf("--trace %q: expected a number of runs from 1 to --seeds (%d), or all", s, n)
	}
	return k, nil
}

// Played is a played game (package play) run again: run g.Run of g's
// question under g.Seed with g's decisions in place of the played party's
// rule, with its event log and trace. It fails, saying where, if the run
// does not ask the file's questions in the file's order.
func Played(g *play.Game) (*scenarios.Resolved, results.Run, error) {
	res, err := scenarios.Load(g.Scenario, g.Sets)
	if err != nil {
		return nil, results.Run{}, fmt.Errorf("the game's scenario: %w", err)
	}
	hist, err := history.Load()
	if err != nil {
		return nil, results.Run{}, err
	}
	script := play.NewScript(g)
	run := single(res, g.Seed, g.Run, script, hist)
	if err := script.Err(); err != nil {
		return nil, results.Run{}, err
	}
	return res, run, nil
}
