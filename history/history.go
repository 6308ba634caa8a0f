// Package history is the historical sequence of the inter-Tajik peace
// process (history.yaml, with a source for every date and term): what runs
// are compared with and calibrated against. No agent reads it (outcomes are
// never inputs): a test fails if the model's packages import it.
package history

import (
	_ "embed"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed history.yaml
var historyYAML []byte

// Milestone is a dated milestone of the historical sequence.
type Milestone struct {
	ID        string `yaml:"id"`
	Name      string `yaml:"name"`
	DateText  string `yaml:"date"`
	Precision string `yaml:"precision"`
	Venue     string `yaml:"venue"`
	External  bool   `yaml:"external"`
	Source    string `yaml:"source"`
	// Date is zero when no reliable source dates the milestone.
	Date time.Time `yaml:"-"`
}

// Term is a number agreed in the historical texts.
type Term struct {
	ID     string  `yaml:"id"`
	Value  float64 `yaml:"value"`
	Source string  `yaml:"source"`
}

// Event is an event worth marking on a figure.
type Event struct {
	DateText string    `yaml:"date"`
	Label    string    `yaml:"label"`
	Source   string    `yaml:"source"`
	Date     time.Time `yaml:"-"`
}

// Sequence is the historical record.
type Sequence struct {
	Milestones []Milestone `yaml:"milestones"`
	Terms      []Term      `yaml:"terms"`
	Events     []Event     `yaml:"events"`
}

// Load parses the embedded historical sequence.
func Load() (*Sequence, error) {
	var s Sequence
	if err := yaml.Unmarshal(historyYAML, &s); err != nil {
		return nil, fmt.Errorf("history/history.yaml: %w", err)
	}
	for i := range s.Milestones {
		m := &s.Milestones[i]
		if m.DateText == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, m.DateText)
		if err != nil {
			return nil, fmt.Errorf("history/history.yaml: milestones.%s.date: %w", m.ID, err)
		}
		m.Date = t
	}
	for i := range s.Events {
		t, err := time.Parse(time.DateOnly, s.Events[i].DateText)
		if err != nil {
			return nil, fmt.Errorf("history/history.yaml: events.%d.date: %w", i, err)
		}
		s.Events[i].Date = t
	}
	return &s, nil
}

// Milestone returns the historical milestone with the given id.
func (s *Sequence) Milestone(id string) (Milestone, bool) {
	for _, m := range s.Milestones {
		if m.ID == id {
			return m, true
		}
	}
	return Milestone{}, false
}

// Term returns the historical value of a term.
func (s *Sequence) Term(id string) (Term, bool) {
	for _, t := range s.Terms {
		if t.ID == id {
			return t, true
		}
	}
	return Term{}, false
}
