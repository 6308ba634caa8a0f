package main

import (
	"os"
	"runtime"

	"github.com/tajikpeace/tajikpeace/internal/buildinfo"
	"github.com/tajikpeace/tajikpeace/results"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func newManifest(res *scenarios.Resolved, seed uint64, runs int) results.Manifest {
	return results.Manifest{
		Tool: "tajikpeace", Version: buildinfo.Version(), Revision: buildinfo.Revision(), GoVersion: runtime.Version(),
		Command: append([]string{"tajikpeace"}, os.Args[1:]...), Scenario: res.Scenario.Name,
		ScenarioSHA: res.Hash, Files: res.Files, Seed: seed, Runs: runs, SeedScheme: sim.SeedScheme,
	}
}
