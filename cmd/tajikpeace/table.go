package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/tajikpeace/tajikpeace/summary"
)

func printTable(w io.Writer, t summary.Table) {
	if t.Runs == 1 {
		fmt.Fprintf(w, "Scenario %s, seed %d\n\n", t.Scenario, t.Seed)
	} else {
		fmt.Fprintf(w, "Scenario %s, seed %d, %d runs\n\n", t.Scenario, t.Seed, t.Runs)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if t.Runs == 1 {
		fmt.Fprintln(tw, "milestone\thistorical\tsimulated\terror (days)\t")
		for _, r := range t.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", r.ID, date(r.Historical), date(r.Median), days(r.ErrorDays))
		}
	} else {
		fmt.Fprintln(tw, "milestone\thistorical\tmedian\t10%\t90%\treached\terror (days)\t")
		for _, r := range t.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f%%\t%s\t\n", r.ID, date(r.Historical), date(r.Median),
				date(r.Q10), date(r.Q90), 100*r.Reached, days(r.ErrorDays))
		}
	}
	tw.Flush()
	if len(t.Terms) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		if t.Runs == 1 {
			fmt.Fprintln(tw, "agreed term\thistorical\tsimulated\t")
			for _, tr := range t.Terms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t\n", tr.ID, num(tr.Historical), num(tr.Median))
			}
		} else {
			fmt.Fprintln(tw, "agreed term\thistorical\tmedian\t10%\t90%\truns\t")
			for _, tr := range t.Terms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t\n", tr.ID, num(tr.Historical), num(tr.Median), num(tr.Q10), num(tr.Q90), tr.Runs)
			}
		}
		tw.Flush()
	}
	if t.Runs > 1 {
		fmt.Fprintf(w, "\nruns with milestones in the historical order: %.0f%%\n", 100*t.InOrder)
	}
}

func date(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateOnly)
}

func days(d *float64) string {
	if d == nil {
		return "-"
	}
	return fmt.Sprintf("%+.0f", *d)
}

func num(x *float64) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%.3g", *x)
}
