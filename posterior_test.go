package tajikpeace_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/summary"
)

// posteriorTable runs the endogenous scenario under a built-in posterior
// (1,000 runs, seed 1) and returns its summary and the share of runs with a
// General Agreement by 31 December 1997.
func posteriorTable(t *testing.T, name string) (summary.Table, float64) {
	t.Helper()
	post, _, err := studies.LoadPosterior(name)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := scenarios.NewTemplate("endogenous")
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := studies.PosteriorEnsemble(t.Context(), studies.NewModels(tpl, nil, post), 1, 1000, 4)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := history.Load()
	if err != nil {
		t.Fatal(err)
	}
	base, err := tpl.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	by := 0
	for _, r := range res {
		if m, ok := r.Milestone("general_agreement"); ok && m.Reached && m.Date.Before(time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC)) {
			by++
		}
	}
	return summary.Summarise(base.Scenario, 1, res, hist), float64(by) / float64(len(res))
}

func dayText(d *time.Time) string {
	if d == nil {
		return "not reached"
	}
	return d.Format("2006-01-02")
}

// documented returns the rows of the Markdown table that follows marker in
// docs/model.md, each row's cells trimmed.
func documented(t *testing.T, marker string) [][]string {
	t.Helper()
	b, err := os.ReadFile("docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatalf("docs/model.md has no %q", marker)
	}
	var rows [][]string
	started := false
	for _, line := range strings.Split(doc[i:], "\n")[1:] {
		if !strings.HasPrefix(line, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		if strings.HasPrefix(line, "|---") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows[1:] // without the header
}

// TestForecastFrom1995 is issue #11's out-of-sample score: the model fitted
// only to what was known by the end of 1995 (the built-in posterior-1995),
// run on the endogenous calendar (1,000 runs, each its own posterior draw),
// forecasts every milestone of 1996-97. It does not pass or fail on how
// good the forecast is - that is a finding, reported whatever it shows -
// but on docs/model.md section 14 saying exactly what the model gives: the
// table there must be this test's (go test -run TestForecastFrom1995 -v
// prints it).
func TestForecastFrom1995(t *testing.T) {
	racetest.SkipHeavy(t) // 1,000 runs under a posterior
	table, _ := posteriorTable(t, "posterior-1995")
	cut := time.Date(1995, 12, 31, 0, 0, 0, 0, time.UTC)
	var got [][]string
	covered, n := 0, 0
	var errs []float64
	for _, r := range table.Rows {
		if r.Historical == nil || !r.Historical.After(cut) {
			continue
		}
		n++
		in := r.Q10 != nil && !r.Historical.Before(*r.Q10) && (r.Q90 == nil || !r.Historical.After(*r.Q90))
		if in {
			covered++
		}
		e := "-"
		if r.ErrorDays != nil {
			e = fmt.Sprintf("%+.0f", *r.ErrorDays)
			errs = append(errs, math.Abs(*r.ErrorDays))
		}
		got = append(got, []string{r.ID, r.Historical.Format("2006-01-02"), dayText(r.Median),
			dayText(r.Q10) + " – " + dayText(r.Q90), map[bool]string{true: "yes", false: "no"}[in], e})
	}
	for _, row := range got {
		t.Logf("| %s |", strings.Join(row, " | "))
	}
	within := 0
	for _, e := range errs {
		if e <= 122 {
			within++
		}
	}
	t.Logf("80%% intervals cover %d of %d milestones of 1996-97; %d of %d medians within 4 months", covered, n, within, n)
	want := documented(t, "<!-- forecast-1995 -->")
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("docs/model.md section 14's forecast table is not what the model gives:\ndocumented %v\nmodel      %v", want, got)
	}
}

// TestPosteriorFit is issue #11's fit under the whole-sequence posterior:
// docs/model.md section 14 must report what 1,000 runs of the endogenous
// calendar under the built-in posterior give (order, share with a General
// Agreement by 1997, each milestone's median error).
func TestPosteriorFit(t *testing.T) {
	racetest.SkipHeavy(t) // 1,000 runs under a posterior
	table, byEnd1997 := posteriorTable(t, "posterior")
	var got [][]string
	for _, r := range table.Rows {
		if r.Historical == nil {
			continue
		}
		e := "-"
		if r.ErrorDays != nil {
			e = fmt.Sprintf("%+.0f", *r.ErrorDays)
		}
		got = append(got, []string{r.ID, r.Historical.Format("2006-01-02"), dayText(r.Median),
			dayText(r.Q10) + " – " + dayText(r.Q90), e})
	}
	got = append(got, []string{"in historical order", "", fmt.Sprintf("%.1f%%", 100*table.InOrder), "", ""},
		[]string{"General Agreement by 31 Dec 1997", "", fmt.Sprintf("%.1f%%", 100*byEnd1997), "", ""})
	for _, row := range got {
		t.Logf("| %s |", strings.Join(row, " | "))
	}
	want := documented(t, "<!-- posterior-fit -->")
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("docs/model.md section 14's posterior fit table is not what the model gives:\ndocumented %v\nmodel      %v", want, got)
	}
}
