package studies_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
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
