package plots

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata/golden")

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// synthetic is a small hand-made input: three milestones, two meetings, one
// event, a short trace, and runs spread around the historical dates.
func synthetic(runs int) *Input {
	in := &Input{
		Scenario: "synthetic", Seed: 3, Runs: runs,
		Milestones: []Milestone{
			{ID: "ceasefire", Name: "Ceasefire", Historical: day(1994, 9, 17), Median: day(1994, 10, 1), Q10: day(1994, 6, 1), Q90: day(1995, 1, 1), Reached: 1},
			{ID: "political", Name: "Political protocol", Historical: day(1997, 5, 18), Median: day(1997, 4, 1), Q10: day(1997, 1, 1), Reached: 0.8},
			{ID: "general_agreement", Name: "General Agreement", Historical: day(1997, 6, 27), Reached: 0.3},
		},
		Agenda:             []string{"ceasefire", "political", "general_agreement"},
		HistoricalUTOShare: 0.3,
		Meetings: []Meeting{
			{Start: day(1994, 9, 12), End: day(1994, 9, 17), Kind: "consultation", Venue: "Tehran"},
			{Start: day(1997, 6, 26), End: day(1997, 6, 27), Kind: "leaders", Venue: "Moscow"},
		},
		Events: []Event{{Date: day(1996, 9, 27), Label: "The Taliban take Kabul"}},
		Actors: []Actor{{ID: "government", Name: "Government", Party: true}, {ID: "uto", Name: "UTO", Party: true},
			{ID: "russia", Name: "Russia", Client: "government"}, {ID: "iran", Name: "Iran", Client: "uto"}, {ID: "osce", Name: "OSCE"}},
		Trace: map[string]map[string][]Point{},
	}
	for r := 0; r < runs; r++ {
		shift := time.Duration(r%7-3) * 30 * 24 * time.Hour
		dates := []time.Time{day(1994, 9, 17).Add(shift), day(1997, 5, 18).Add(shift), {}}
		share := math.NaN()
		if r%3 != 0 {
			dates[2] = day(1997, 6, 27).Add(shift)
			share = 0.25 + 0.01*float64(r%10)
		}
		in.RunDates = append(in.RunDates, dates)
		in.UTOShare = append(in.UTOShare, share)
	}
	series := func(actor, variable string, f func(float64) float64) {
		if in.Trace[actor] == nil {
			in.Trace[actor] = map[string][]Point{}
		}
		for w := 0; w < 260; w++ {
			x := float64(w) / 260
			in.Trace[actor][variable] = append(in.Trace[actor][variable], Point{Date: day(1993, 1, 4).AddDate(0, 0, 7*w), Value: f(x)})
		}
	}
	for _, v := range []string{"strength", "willingness", "stalemate", "prospect", "pressure_diplomatic", "pressure_supply_cut", "support_military"} {
		series("government", v, func(x float64) float64 { return 0.5 + 0.4*math.Sin(3*x) })
		series("uto", v, func(x float64) float64 { return 0.5 - 0.3*math.Cos(2*x) })
	}
	series("world", "control", func(x float64) float64 { return 0.6 * x })
	series("world", "intensity", func(x float64) float64 { return 0.3 + 0.2*math.Sin(20*x) })
	series("world", "tension", func(x float64) float64 { return x })
	for _, o := range []string{"russia", "iran", "osce"} {
		series(o, "stance", func(x float64) float64 { return 2*x - 1 })
	}
	return in
}

func TestEveryFigureInEveryFormat(t *testing.T) {
	racetest.SkipSerial(t) // drawing is serial
	for _, format := range []string{"png", "svg", "pdf"} {
		figs, err := All(synthetic(40), format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(figs) != 4 {
			t.Fatalf("%s: %d figures for an ensemble, want 4", format, len(figs))
		}
		for _, f := range figs {
			if len(f.Bytes) < 1000 {
				t.Errorf("%s.%s: only %d bytes", f.Name, format, len(f.Bytes))
			}
		}
	}
	figs, err := All(synthetic(1), "svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 3 {
		t.Errorf("a single run has %d figures, want 3 (no outcome distribution)", len(figs))
	}
}

// TestSVGContents checks each figure's title, axis labels and legend
// entries, and compares it with its golden file.
func TestSVGContents(t *testing.T) {
	figs, err := All(synthetic(40), "svg")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"timeline": {"Agreements, simulated and historical: synthetic (master seed 3, 40 runs)", "Date",
			"Ceasefire", "General Agreement", "10-90% of runs", "simulated median", "historical", "rounds of talks"},
		"progress": {"Progress of the talks: synthetic", "Date", "Share of the General Agreement's texts signed",
			"90% of runs", "50% of runs", "simulated median", "historical", "events", "The Taliban take Kabul", "Tehran", "Moscow"},
		"forces": {"Forces, ripeness and pressure: synthetic", "Military balance", "government strength", "UTO strength",
			"Willingness to settle and ripeness", "hurting stalemate", "Pressure and support received, by channel",
			"UTO: supply cuts", "Russia", "Iran", "OSCE", "stance", "Date"},
		"outcomes": {"Share of runs with a General Agreement signed by each date", "share of runs", "95% interval (Wilson)",
			"historical date", "UTO share of government posts", "historical share (30%)", "simulated (26 runs)"},
	}
	for _, f := range figs {
		svg := string(f.Bytes)
		for _, w := range want[f.Name] {
			if !strings.Contains(svg, escape(w)) {
				t.Errorf("%s.svg lacks %q", f.Name, w)
			}
		}
		golden := filepath.Join("testdata", "golden", f.Name+".svg")
		if *update {
			if err := os.WriteFile(golden, f.Bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./plots -update to create it)", err)
		}
		if !bytes.Equal(old, f.Bytes) {
			t.Errorf("%s.svg differs from %s (go test ./plots -update if intended)", f.Name, golden)
		}
	}
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

func TestFiguresAreReproducible(t *testing.T) {
	racetest.SkipSerial(t) // drawing is serial
	for _, format := range []string{"png", "svg"} {
		a, err := All(synthetic(40), format)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := All(synthetic(40), format)
		for i := range a {
			if !bytes.Equal(a[i].Bytes, b[i].Bytes) {
				t.Errorf("%s.%s differs between two drawings", a[i].Name, format)
			}
		}
	}
}

// TestPDFsRecordNoClockTime: fpdf stamped each PDF with the time it was
// written, so the same figure drawn a second later had other bytes (issue
// #12 item 18). Every PDF figure now records the same fixed date.
func TestPDFsRecordNoClockTime(t *testing.T) {
	figs, err := All(synthetic(40), "pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		for _, key := range []string{"/CreationDate (D:19700101000000)", "/ModDate (D:19700101000000)"} {
			if !bytes.Contains(f.Bytes, []byte(key)) {
				t.Errorf("%s.pdf lacks %q: it records the clock, not a fixed date", f.Name, key)
			}
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := All(synthetic(2), "gif"); err == nil || !strings.Contains(err.Error(), "png, svg or pdf") {
		t.Fatalf("want an error naming the formats, got %v", err)
	}
}

// BenchmarkFiguresLargeEnsemble draws each figure of a 10,000-run ensemble.
func BenchmarkFiguresLargeEnsemble(b *testing.B) {
	in := synthetic(10000)
	for _, f := range []struct {
		name string
		draw func(*Input, string) ([]byte, error)
	}{{"timeline", Timeline}, {"progress", Progress}, {"forces", Forces}, {"outcomes", Outcomes}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := f.draw(in, "png"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
