package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace"
	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/internal/outlock"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/summary"
)

func newRunCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Run a scenario (default: the historical baseline) and write its outputs",
		Long: `Run a scenario - a built-in name or a file - once, or as an ensemble of
--seeds runs, print each milestone's simulated date beside the historical one,
and write the output directory: the resolved scenario, a manifest, per-step
state (steps.csv), the event log (events.log), runs.csv and summary.json, and
the figures (timeline, progress, forces; outcomes for an ensemble).

Built-in scenarios: ` + strings.Join(scenarios.Builtin(), ", ") + `.

Settings come from flags, then TAJIKPEACE_* environment variables (e.g.
TAJIKPEACE_SEEDS=500), then the --config file.`,
		Example: `  tajikpeace run
  tajikpeace run baseline --seeds 1000 --out out/baseline
  tajikpeace run my-counterfactual.yaml --set parties.uto.cohesion=0.8 --force`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := settings(cmd)
			if err != nil {
				return err
			}
			ref := scenarioRef(args)
			seeds := v.GetInt("seeds")
			if seeds < 1 {
				return fmt.Errorf("--seeds: expected at least 1 run, got %d", seeds)
			}
			// An ensemble is held in memory (about 6 kB a run) to compute
			// its quantiles: --seeds 1000000000000 died out of memory with a
			// stack trace (issue #12 item 5).
			if maxRuns := v.GetInt("max-runs"); seeds > maxRuns && !v.GetBool("yes") {
				return fmt.Errorf("--seeds %d is more than --max-runs %d (an ensemble is held in memory, about 6 kB a run): add --yes to run it", seeds, maxRuns)
			}
			workers := v.GetInt("workers")
			if workers < 1 {
				workers = runtime.GOMAXPROCS(0)
			}
			sets := arrayFlag(cmd, v, "set")
			res, err := scenarios.Load(ref, sets)
			if err != nil {
				return fmt.Errorf("invalid scenario:\n%w", err)
			}
			var post *posteriorRun
			if name := v.GetString("posterior"); name != "" {
				if v.GetInt("run") >= 0 {
					return fmt.Errorf("--run re-runs one run: with --posterior, give --seeds N and read its draw from runs.csv")
				}
				if post, err = loadPosteriorRun(cmd.ErrOrStderr(), ref, name, sets); err != nil {
					return err
				}
			}
			out := v.GetString("out")
			if cmd.Flags().Changed("out") && out == "" {
				return fmt.Errorf("--out: expected a directory, got an empty name")
			}
			if out == "" {
				out = filepath.Join("out", res.Scenario.Name)
			}
			lock, err := lockOut(cmd, out)
			if err != nil {
				return err
			}
			defer lock.Release()
			if err := checkOutDir(out, v.GetBool("force")); err != nil {
				return err
			}
			format := v.GetString("format")
			if v.GetBool("no-figures") {
				format = ""
			} else if err := checkFormat(format); err != nil {
				return err
			}
			seed := v.GetUint64("seed")
			var model *sim.Model
			var results []*sim.Result
			var table summary.Table
			if single := v.GetInt("run"); single < -1 || (single == -1 && cmd.Flags().Changed("run")) {
				return fmt.Errorf("--run %d: expected the index of a run, 0 or more", single)
			} else if single >= 0 {
				// One run alone, with the streams of run index single: a row
				// of an ensemble or a sweep, re-run.
				if seeds != 1 {
					return fmt.Errorf("--run re-runs one run: it does not go with --seeds %d", seeds)
				}
				hist, herr := tajikpeace.History()
				if herr != nil {
					return herr
				}
				model = agents.New(res.Scenario)
				results = []*sim.Result{sim.Run(model, seed, single, sim.Options{Log: true, Trace: true})}
				table = summary.Summarise(model.Scenario, seed, results, hist)
			} else if post != nil {
				model, results, table, err = post.ensemble(cmd.Context(), seed, seeds, workers)
			} else {
				model, results, table, err = ensemble(cmd.Context(), res, seed, seeds, workers)
			}
			if err != nil {
				if errors.Is(err, cmd.Context().Err()) {
					return fmt.Errorf("interrupted: nothing was written")
				}
				return err
			}
			printTable(cmd.OutOrStdout(), table)
			man := newManifest(cmd, res, seed, seeds)
			var draws []int
			if post != nil {
				man.Posterior, draws = post.info(), post.draws
			}
			if err := writeOutputs(out, v.GetBool("force"), res, man, model, results, draws, table, format); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "\nwrote %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	f.Uint64("seed", 1, "master seed; run i of an ensemble uses streams derived from (seed, i)")
	f.Int("seeds", 1, "number of seeded runs in the ensemble")
	f.Int("max-runs", 200000, "refuse larger ensembles unless --yes")
	f.Bool("yes", false, "run an ensemble larger than --max-runs")
	f.Int("run", -1, "re-run the single run with this index (a row of runs.csv: its run or stream column)")
	f.IntP("workers", "j", 0, "parallel workers (default: all cores); results do not depend on it")
	f.StringArray("set", nil, "override a scenario parameter: key.path=value (repeatable)")
	f.String("posterior", "", "run i draws its parameters from this posterior (a built-in name, a calibration's directory or its posterior.csv)")
	f.String("out", "", "output directory (default out/SCENARIO)")
	f.Bool("force", false, "replace an existing output directory")
	f.String("config", "", "settings file (YAML) with any of these flags")
	f.String("format", "png", "figure format: png, svg or pdf")
	f.Bool("no-figures", false, "write no figures")
	return cmd
}

// ensemble plays runs 0..n-1 of a resolved scenario, replays run 0 with its
// event log and trace (its milestones are the same), and sets the ensemble
// beside the historical record.
func ensemble(ctx context.Context, res *scenarios.Resolved, seed uint64, n, workers int) (*sim.Model, []*sim.Result, summary.Table, error) {
	hist, err := tajikpeace.History()
	if err != nil {
		return nil, nil, summary.Table{}, err
	}
	model := agents.New(res.Scenario)
	results, err := sim.Ensemble(ctx, model, seed, n, workers, sim.Options{})
	if err != nil {
		return nil, nil, summary.Table{}, err
	}
	results[0] = sim.Run(model, seed, 0, sim.Options{Log: true, Trace: true})
	return model, results, summary.Summarise(model.Scenario, seed, results, hist), nil
}

// checkOutDir refuses to overwrite earlier results without --force.
func checkOutDir(out string, force bool) error {
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output directory: %w", err)
	case !st.IsDir():
		return fmt.Errorf("output path %s exists and is not a directory", out)
	case !force:
		return fmt.Errorf("output directory %s already exists: use --force to replace it, or --out to choose another", out)
	}
	return nil
}

// posteriorRun is an ensemble whose runs draw their parameters from a
// posterior: run i takes draw studies.Posterior.Draw(seed, i).
type posteriorRun struct {
	post   *studies.Posterior // without the kept parameters
	sha    string
	kept   []string
	models *studies.Models
	draws  []int
}

func loadPosteriorRun(w io.Writer, ref, name string, sets []string) (*posteriorRun, error) {
	post, b, err := studies.LoadPosterior(name)
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
	kept, err := keptParameters(w, post, scen, sets)
	if err != nil {
		return nil, err
	}
	drawn := post.Without(kept)
	if err := drawn.Check(tpl, sets); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	return &posteriorRun{post: drawn, sha: hex.EncodeToString(sum[:]), kept: kept, models: studies.NewModels(tpl, sets, drawn)}, nil
}

// keptParameters are the posterior's parameters a scenario sets itself
// (against the scenario the posterior was fitted to, or with --set or
// --vary): its runs keep them and draw the rest. It says so on w.
func keptParameters(w io.Writer, post *studies.Posterior, scen *scenarios.Resolved, sets []string) ([]string, error) {
	var base *scenarios.Resolved
	if post.Base != "" {
		var err error
		if base, err = scenarios.Load(post.Base, nil); err != nil {
			fmt.Fprintf(w, "warning: the scenario posterior %s was fitted to (%s) does not load here, so what %s changes against it cannot be told: only --set parameters keep their values\n",
				post.Name, post.Base, scen.Scenario.Name)
			base = nil
		}
	}
	kept, err := studies.Overridden(post, base, scen, sets)
	if err != nil {
		return nil, err
	}
	if len(kept) > 0 {
		fmt.Fprintf(w, "%s sets %s itself: its runs keep the scenario's value and draw the other %d parameters from %s\n",
			scen.Scenario.Name, strings.Join(kept, ", "), len(post.Paths)-len(kept), post.Name)
	}
	return kept, nil
}

// ensemble plays the runs, replays run 0 with its log and trace, and sets
// the ensemble beside history.
func (p *posteriorRun) ensemble(ctx context.Context, seed uint64, n, workers int) (*sim.Model, []*sim.Result, summary.Table, error) {
	hist, err := tajikpeace.History()
	if err != nil {
		return nil, nil, summary.Table{}, err
	}
	results, draws, err := studies.PosteriorEnsemble(ctx, p.models, seed, n, workers)
	if err != nil {
		return nil, nil, summary.Table{}, err
	}
	p.draws = draws
	model, err := p.models.Get(draws[0])
	if err != nil {
		return nil, nil, summary.Table{}, err
	}
	results[0] = sim.Run(model, seed, 0, sim.Options{Log: true, Trace: true})
	return model, results, summary.Summarise(model.Scenario, seed, results, hist), nil
}

func (p *posteriorRun) info() *posteriorInfo {
	return &posteriorInfo{Name: p.post.Name, SHA256: p.sha, Sets: len(p.post.Draws), Parameters: p.post.Paths, Kept: p.kept,
		Scheme: "run i takes the set chosen by weight with chacha8 stream (seed, i, \"posterior\"); runs.csv column draw (0-based row of the posterior)"}
}

// posteriorInfo is what a manifest records of a posterior ensemble.
type posteriorInfo struct {
	Name       string   `json:"name"`
	SHA256     string   `json:"sha256"`
	Sets       int      `json:"parameter_sets"`
	Parameters []string `json:"parameters"`
	// Kept are the posterior's parameters the scenario sets itself (not
	// drawn).
	Kept   []string `json:"kept_from_scenario,omitempty"`
	Scheme string   `json:"draw_scheme"`
}

// lockOut takes the lock of an output directory for the rest of the
// command (another command writing it is refused, with its pid and command
// line) and removes what a killed predecessor left beside it.
func lockOut(cmd *cobra.Command, out string) (*outlock.Lock, error) {
	l, err := outlock.Acquire(out, "tajikpeace "+strings.Join(os.Args[1:], " "))
	if err != nil {
		return nil, err
	}
	for _, d := range l.Leftovers(out) {
		fmt.Fprintf(cmd.ErrOrStderr(), "removed %s, left by an interrupted command\n", d)
	}
	return l, nil
}
