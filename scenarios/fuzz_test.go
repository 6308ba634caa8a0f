package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
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

// FuzzTemplate is differential: for any override, a template gives what Load
// gives - the same scenario or the same error - on the whole path (the first
// time the key is seen, after a good value verified it) and on the fast path.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"0.9", "abc", "7", "-1", "[1, 2]", "{a: 1}", "", "1e309", ".nan", "true", "~", "0x10", "'0.5'",
		"&00", "*a", "!!float 1", // issue #12 item 8: FuzzTemplate's crasher
	} {
		f.Add("parties.uto.cohesion", s)
		f.Add("observers.russia.interests.taliban", s)
	}
	f.Add("mechanisms.track2.enabled", "false")
	f.Add("span.start", "1994-01-01")
	tpl, err := NewTemplate("baseline")
	if err != nil {
		f.Fatal(err)
	}
	good := map[string]string{"parties.uto.cohesion": "0.5", "observers.russia.interests.taliban": "1",
		"mechanisms.track2.enabled": "true", "span.start": "1992-09-01"}
	for k, v := range good {
		if _, err := tpl.Scenario([]string{k + "=" + v}); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		sets := []string{key + "=" + value}
		want, wantErr := Load("baseline", sets)
		for range 2 {
			got, err := tpl.Scenario(sets)
			switch {
			case (err == nil) != (wantErr == nil):
				t.Fatalf("%q: template error %v, Load error %v", sets, err, wantErr)
			case err != nil && err.Error() != wantErr.Error():
				t.Fatalf("%q: template says %q, Load says %q", sets, err, wantErr)
			case err == nil && !reflect.DeepEqual(got, want.Scenario):
				t.Fatalf("%q: the template's scenario differs from Load's", sets)
			}
		}
	})
}
