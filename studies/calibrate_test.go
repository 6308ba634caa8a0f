package studies_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tajikpeace/tajikpeace/abc"
	"github.com/tajikpeace/tajikpeace/studies"
)

func TestSMCSettingsCheck(t *testing.T) {
	good := studies.SMCSettings{Particles: 100, Seeds: 8, Quantile: 0.5, Generations: 10, Sampler: abc.MCMC, Moves: 2, MaxMoves: 20, MinAcceptance: 0.02}
	if err := good.Check(); err != nil {
		t.Fatalf("good settings refused: %v", err)
	}
	for _, c := range []struct {
		name   string
		change func(*studies.SMCSettings)
		want   string // the flag the error must name
	}{
		{"too few particles", func(s *studies.SMCSettings) { s.Particles = 5 }, "--particles"},
		{"no runs", func(s *studies.SMCSettings) { s.Seeds = 0 }, "--seeds"},
		{"more moves than the most", func(s *studies.SMCSettings) { s.Moves = 30 }, "--max-moves"},
		{"pmc without attempts", func(s *studies.SMCSettings) { s.Sampler = abc.PMC }, "--max-attempts"},
		{"acceptance of one", func(s *studies.SMCSettings) { s.MinAcceptance = 1 }, "--min-acceptance"},
		{"quantile of one", func(s *studies.SMCSettings) { s.Quantile = 1 }, "--quantile"},
		{"infinite tolerance", func(s *studies.SMCSettings) { s.Tolerance = math.Inf(1) }, "--tolerance"},
		{"negative generations", func(s *studies.SMCSettings) { s.Generations = -1 }, "--generations"},
		{"no stopping rule", func(s *studies.SMCSettings) { s.Generations = 0 }, "no stopping rule"},
		{"budget below a generation", func(s *studies.SMCSettings) { s.Runs = 799 }, "--budget"},
	} {
		s := good
		c.change(&s)
		if err := s.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.want)
		}
	}
}
