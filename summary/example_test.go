package summary_test

import (
	"os"
	"time"

	"github.com/tajikpeace/tajikpeace/summary"
)

// The table as 'tajikpeace run' prints it: a milestone never reached in
// half the runs has no median ("-"), and its error is undefined.
func ExampleTable_WriteText() {
	day := func(s string) *time.Time { t, _ := time.Parse(time.DateOnly, s); return &t }
	num := func(x float64) *float64 { return &x }
	t := summary.Table{Scenario: "baseline", Seed: 1, Runs: 100, InOrder: 0.8,
		Rows: []summary.Row{
			{ID: "ceasefire", Historical: day("1994-09-17"), Reached: 1, Median: day("1994-09-22"), Q10: day("1994-09-17"), Q90: day("1994-10-20"), ErrorDays: num(5)},
			{ID: "general_agreement", Historical: day("1997-06-27"), Reached: 0.4, Q10: day("1997-05-01")},
		},
		Terms: []summary.TermRow{{ID: "uto_share_posts", Historical: num(0.3), Median: num(0.285), Q10: num(0.25), Q90: num(0.32), Runs: 40}},
	}
	t.WriteText(os.Stdout)
	// Output:
	// Scenario baseline, seed 1, 100 runs
	//
	// milestone          historical  median      10%         90%         reached  error (days)
	// ceasefire          1994-09-17  1994-09-22  1994-09-17  1994-10-20  100%     +5
	// general_agreement  1997-06-27  -           1997-05-01  -           40%      -
	//
	// agreed term      historical  median  10%   90%   runs
	// uto_share_posts  0.3         0.285   0.25  0.32  40
	//
	// runs with milestones in the historical order: 80%
}
