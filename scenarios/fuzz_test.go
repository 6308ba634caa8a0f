package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader as a scenario file. It must
// never panic, and every error must be a FieldError list or a read error
// naming the file.
func FuzzLoad(f *testing.F) {
	base, _ := BuiltinSource("baseline")
	f.Add(base)
	f.Add([]byte("extends: baseline\nname: x\nparties:\n  - id: uto\n    cohesion: 0.9\n"))
	f.Add([]byte("extends: baseline\nname: x\nevents:\n  - id: e\n    date: 1995-02\n    kind: border_attack\n"))
	f.Add([]byte("name: [\n"))
	f.Add([]byte("- a\n"))
	f.Add([]byte(""))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Load(path, nil)
		if err != nil {
			var fe FieldError
			var fes Errors
			if !errors.As(err, &fe) && !errors.As(err, &fes) {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			if !strings.Contains(err.Error(), "fuzz.yaml") && !strings.Contains(err.Error(), "builtin:") && !strings.Contains(err.Error(), "--set") {
				t.Fatalf("error does not name a file: %v", err)
			}
			return
		}
		if res.Scenario == nil || len(res.YAML) == 0 {
			t.Fatal("no error and no scenario")
		}
	})
}

// FuzzSet feeds arbitrary --set overrides to the loader.
func FuzzSet(f *testing.F) {
	for _, s := range []string{
		"parties.uto.cohesion=0.9", "mediator.knowledge=2", "parties.utto.x=1",
		"events.kabul_falls.disabled=true", "span.start=1994-01", "agenda.0.requires=[]",
		"=", "a..b=1", "calendar.meetings.r1={kind: leaders}", "parties=5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		res, err := Load("baseline", []string{set})
		if err != nil {
			var fe FieldError
			var fes Errors
			if !errors.As(err, &fe) && !errors.As(err, &fes) {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			return
		}
		if res.Scenario == nil {
			t.Fatal("no error and no scenario")
		}
	})
}
