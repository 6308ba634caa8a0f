package main

import (
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func newManifest(cmd *cobra.Command, res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
	return results.Manifest{
		Tool: "tajikpeace", Version: version(), Revision: revision(), GoVersion: runtime.Version(),
		Command: append([]string{"tajikpeace"}, os.Args[1:]...), Scenario: res.Scenario.Name,
		ScenarioSHA: res.Hash, Files: res.Files, Seed: seed, Runs: runs, SeedScheme: sim.SeedScheme,
	}
}

// writeOutputs publishes a run's output directory whole (results.Publish):
// its files, the manifest, then the figures drawn from those files (format
// "" draws none).
func writeOutputs(out string, force bool, run results.Run, man results.Manifest, format string) error {
	return results.Publish(out, force, func(tmp string) error {
		return writeRunFiles(tmp, run, man, format)
	})
}

// writeRunFiles writes a run's files into dir, then the figures drawn from
// them, exactly as `tajikpeace plot` would draw them later.
func writeRunFiles(dir string, run results.Run, man results.Manifest, format string) error {
	man, err := results.WriteRun(dir, run, man)
	if err != nil || format == "" {
		return err
	}
	figs, err := writeFigures(dir, dir, format)
	if err != nil {
		return err
	}
	man.Outputs = append(man.Outputs, figs...)
	return results.WriteManifest(dir, man)
}
