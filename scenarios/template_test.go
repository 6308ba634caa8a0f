package scenarios

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

// TestTemplateMatchesLoad: for every built-in scenario and several lists of
// overrides, the template's scenario - first on the whole path, then on the
// fast one - is exactly what Load gives.
func TestTemplateMatchesLoad(t *testing.T) {
	racetest.SkipSerial(t) // TestTemplateConcurrent is the one for the detector
	setLists := [][]string{
		nil,
		{"observers.russia.interests.taliban=1.5"},
		{"observers.russia.interests.taliban=0.25", "mechanisms.track2.enabled=false"},
		{"parties.uto.cohesion=0.9", "mechanisms.offer.drafter=parties"},
	}
	for _, name := range Builtin() {
		tpl, err := NewTemplate(name)
		if err != nil {
			t.Fatal(err)
		}
		for round := range 2 { // round 0 verifies the keys, round 1 takes the fast path
			for _, sets := range setLists {
				want, err := Load(name, sets)
				if err != nil {
					t.Fatal(err)
				}
				got, err := tpl.Scenario(sets)
				if err != nil {
					t.Fatalf("%s %v (round %d): %v", name, sets, round, err)
				}
				if !reflect.DeepEqual(got, want.Scenario) {
					t.Errorf("%s %v (round %d): the template's scenario differs from Load's", name, sets, round)
				}
				if fast := tpl.fast(sets); fast == nil || !reflect.DeepEqual(fast, want.Scenario) {
					t.Errorf("%s %v: the fast path failed or differs from Load", name, sets)
				}
			}
		}
	}
}

// TestTemplateErrorsAreLoads: a bad override fails with Load's own message,
// also after the same keys have been verified with good values.
func TestTemplateErrorsAreLoads(t *testing.T) {
	tpl, err := NewTemplate("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.Scenario([]string{"parties.uto.cohesion=0.5"}); err != nil {
		t.Fatal(err)
	}
	for _, sets := range [][]string{
		{"parties.uto.cohesion=abc"},      // wrong type, keys already verified
		{"parties.uto.cohesion=7"},        // out of range, keys already verified
		{"parties.uto.cohesion=[1, 2]"},   // not a scalar
		{"parties.uto.cohesionn=0.5"},     // unknown key
		{"observers.nobody.capacity=0.5"}, // unknown record
		{"parties.uto.cohesion"},          // no value
	} {
		_, want := Load("baseline", sets)
		_, got := tpl.Scenario(sets)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%v: template says %v; Load says %v", sets, got, want)
		}
	}
}

func TestTemplateReadsTheFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte("extends: baseline\nname: Mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tpl, err := NewTemplate(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("extends: baseline\nname: Edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := tpl.Scenario(nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "Mine" {
		t.Errorf("name %q: the template read the file again after it was edited", sc.Name)
	}
}

// TestTemplateConcurrent runs under -race in CI: instantiations from many
// goroutines share the template's tree.
func TestTemplateConcurrent(t *testing.T) {
	tpl, err := NewTemplate("baseline")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 5 {
				v := float64(g*5+i) / 40
				sc, err := tpl.Scenario([]string{"parties.uto.cohesion=" + strconv.FormatFloat(v, 'g', -1, 64)})
				if err != nil {
					t.Error(err)
					return
				}
				for _, p := range sc.Parties {
					if p.ID == "uto" && p.Cohesion != v {
						t.Errorf("cohesion %v, want %v", p.Cohesion, v)
					}
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkLoadWithSet and BenchmarkTemplateScenario: one design point's
// scenario, the whole way and from a template.
func BenchmarkLoadWithSet(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		if _, err := Load("baseline", []string{"parties.uto.cohesion=" + strconv.Itoa(i%10) + "e-1"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTemplateScenario(b *testing.B) {
	tpl, err := NewTemplate("baseline")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := tpl.Scenario([]string{"parties.uto.cohesion=" + strconv.Itoa(i%10) + "e-1"}); err != nil {
			b.Fatal(err)
		}
	}
}
