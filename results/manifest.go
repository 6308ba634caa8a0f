package results

import "github.com/tajikpeace/tajikpeace/scenarios"

// Manifest records what produced a run's output directory. It carries no
// clock time, so the same command gives the same bytes.
type Manifest struct {
	Tool        string               `json:"tool"`
	Version     string               `json:"version"`
	Revision    string               `json:"vcs_revision"`
	GoVersion   string               `json:"go_version"`
	Command     []string             `json:"command"`
	Scenario    string               `json:"scenario"`
	ScenarioSHA string               `json:"scenario_sha256"`
	Files       []scenarios.FileHash `json:"files"`
	Seed        uint64               `json:"seed"`
	Runs        int                  `json:"runs"`
	SeedScheme  string               `json:"seed_scheme"`
	Outputs     []string             `json:"outputs"`
	// Posterior, for an ensemble whose runs draw their parameters from a
	// posterior.
	Posterior *PosteriorInfo `json:"posterior,omitempty"`
	// Play, for a run played again from a game's decisions (run --play).
	Play     *PlayInfo `json:"play,omitempty"`
	Complete bool      `json:"complete"`
}

// PlayInfo is what a manifest records of a played game.
type PlayInfo struct {
	File          string `json:"file"`
	SHA256        string `json:"sha256"`
	Role          string `json:"role"`
	Run           int    `json:"run"`
	Decisions     int    `json:"decisions"`
	TurningPoints int    `json:"turning_points"`
}

// PosteriorInfo is what a manifest records of a posterior ensemble.
type PosteriorInfo struct {
	Name       string   `json:"name"`
	SHA256     string   `json:"sha256"`
	Sets       int      `json:"parameter_sets"`
	Parameters []string `json:"parameters"`
	// Kept are the posterior's parameters the scenario sets itself (not
	// drawn).
	Kept   []string `json:"kept_from_scenario,omitempty"`
	Scheme string   `json:"draw_scheme"`
}
