// Package tajikpeace holds what the whole project shares: the historical
// sequence of the inter-Tajik peace process, used to compare and to
// calibrate (never read by an agent).
package tajikpeace

import (
	_ "embed"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed testdata/history.yaml
var historyYAML []byte

// HistoricalMilestone is a dated milestone of the historical sequence.
type HistoricalMilestone struct {
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

// HistoricalTerm is a number agreed in the historical texts.
type HistoricalTerm struct {
	ID     string  `yaml:"id"`
	Value  float64 `yaml:"value"`
	Source string  `yaml:"source"`
}

// HistoricalEvent is an event worth marking on a figure.
type HistoricalEvent struct {
	DateText string    `yaml:"date"`
	Label    string    `yaml:"label"`
	Source   string    `yaml:"source"`
	Date     time.Time `yaml:"-"`
}

// Sequence is the historical record.
type Sequence struct {
	Milestones []HistoricalMilestone `yaml:"milestones"`
	Terms      []HistoricalTerm      `yaml:"terms"`
	Events     []HistoricalEvent     `yaml:"events"`
}

// History parses the embedded historical sequence.
func History() (*Sequence, error) {
	var s Sequence
	if err := yaml.Unmarshal(historyYAML, &s); err != nil {
		return nil, fmt.Errorf("testdata/history.yaml: %w", err)
	}
	for i := range s.Milestones {
		m := &s.Milestones[i]
		if m.DateText == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, m.DateText)
		if err != nil {
			return nil, fmt.Errorf("testdata/history.yaml: milestones.%s.date: %w", m.ID, err)
		}
		m.Date = t
	}
	for i := range s.Events {
		t, err := time.Parse(time.DateOnly, s.Events[i].DateText)
		if err != nil {
			return nil, fmt.Errorf("testdata/history.yaml: events.%d.date: %w", i, err)
		}
		s.Events[i].Date = t
	}
	return &s, nil
}

// Milestone returns the historical milestone with the given id.
func (s *Sequence) Milestone(id string) (HistoricalMilestone, bool) {
	for _, m := range s.Milestones {
		if m.ID == id {
			return m, true
		}
	}
	return HistoricalMilestone{}, false
}

// Term returns the historical value of a term.
func (s *Sequence) Term(id string) (HistoricalTerm, bool) {
	for _, t := range s.Terms {
		if t.ID == id {
			return t, true
		}
	}
	return HistoricalTerm{}, false
}
