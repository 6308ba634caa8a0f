package summary

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteText prints the table as the command line shows it: each
// milestone's historical date, simulated median (10% and 90% for an
// ensemble), the share of runs reaching it and the error in days; then the
// agreed terms, and the share of runs in the historical order. A date or
// number that is undefined prints as "-".
func (t Table) WriteText(w io.Writer) {
	if t.Runs == 1 {
		fmt.Fprintf(w, "Scenario %s, seed %d\n\n", t.Scenario, t.Seed)
	} else {
		fmt.Fprintf(w, "Scenario %s, seed %d, %d runs\n\n", t.Scenario, t.Seed, t.Runs)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if t.Runs == 1 {
		fmt.Fprintln(tw, "milestone\thistorical\tsimulated\terror (days)")
		for _, r := range t.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, dateText(r.Historical), dateText(r.Median), daysText(r.ErrorDays))
		}
	} else {
		fmt.Fprintln(tw, "milestone\thistorical\tmedian\t10%\t90%\treached\terror (days)")
		for _, r := range t.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f%%\t%s\n", r.ID, dateText(r.Historical), dateText(r.Median),
				dateText(r.Q10), dateText(r.Q90), 100*r.Reached, daysText(r.ErrorDays))
		}
	}
	tw.Flush()
	if len(t.Terms) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		if t.Runs == 1 {
			fmt.Fprintln(tw, "agreed term\thistorical\tsimulated")
			for _, tr := range t.Terms {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", tr.ID, numText(tr.Historical), numText(tr.Median))
			}
		} else {
			fmt.Fprintln(tw, "agreed term\thistorical\tmedian\t10%\t90%\truns")
			for _, tr := range t.Terms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", tr.ID, numText(tr.Historical), numText(tr.Median), numText(tr.Q10), numText(tr.Q90), tr.Runs)
			}
		}
		tw.Flush()
	}
	if t.Runs > 1 {
		fmt.Fprintf(w, "\nruns with milestones in the historical order: %.0f%%\n", 100*t.InOrder)
	}
}

func dateText(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateOnly)
}

func daysText(d *float64) string {
	if d == nil {
		return "-"
	}
	return fmt.Sprintf("%+.0f", *d)
}

func numText(x *float64) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%.3g", *x)
}
