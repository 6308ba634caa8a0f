package history_test

import (
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/history"
)

// Every entry of the record carries its source, the dates parse, and the
// dated milestones come in the order of their dates (the "historical order"
// the model is scored on).
func TestTheRecordIsSourcedAndOrdered(t *testing.T) {
	s, err := history.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Milestones) < 10 || len(s.Terms) == 0 || len(s.Events) == 0 {
		t.Fatalf("%d milestones, %d terms, %d events: the record is cut short", len(s.Milestones), len(s.Terms), len(s.Events))
	}
	var last time.Time
	for _, m := range s.Milestones {
		if m.Source == "" {
			t.Errorf("milestone %s has no source", m.ID)
		}
		if m.Date.IsZero() {
			continue
		}
		if m.Date.Before(last) {
			t.Errorf("milestone %s (%s) is dated before the one listed above it", m.ID, m.DateText)
		}
		last = m.Date
	}
	for _, tm := range s.Terms {
		if tm.Source == "" {
			t.Errorf("term %s has no source", tm.ID)
		}
	}
	ga, ok := s.Milestone("general_agreement")
	if !ok || ga.Date.Format(time.DateOnly) != "1997-06-27" {
		t.Errorf("general_agreement: %+v, %v; want 1997-06-27 (README says why not the 17th)", ga, ok)
	}
	if _, ok := s.Milestone("no_such_text"); ok {
		t.Error("a milestone that is not in the record was found")
	}
	if share, ok := s.Term("uto_share_posts"); !ok || share.Value != 0.3 {
		t.Errorf("uto_share_posts: %+v, %v; want 0.3", share, ok)
	}
}
