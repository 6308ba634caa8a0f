package summary

import (
	"fmt"
	"io"
	"strings"
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
	header, rows := t.Cells()
	writeCells(w, header, rows)
	if len(t.Terms) > 0 {
		fmt.Fprintln(w)
		header, rows = t.TermCells()
		writeCells(w, header, rows)
	}
	if t.Runs > 1 {
		fmt.Fprintf(w, "\nruns with milestones in the historical order: %.0f%%\n", 100*t.InOrder)
	}
}

// Cells is the milestone table as WriteText prints it, cell by cell: the
// header, then a row per milestone (the classroom page shows the same
// text).
func (t Table) Cells() (header []string, rows [][]string) {
	if t.Runs == 1 {
		header = []string{"milestone", "historical", "simulated", "error (days)"}
		for _, r := range t.Rows {
			rows = append(rows, []string{r.ID, dateText(r.Historical), dateText(r.Median), daysText(r.ErrorDays)})
		}
		return header, rows
	}
	header = []string{"milestone", "historical", "median", "10%", "90%", "reached", "error (days)"}
	for _, r := range t.Rows {
		rows = append(rows, []string{r.ID, dateText(r.Historical), dateText(r.Median),
			dateText(r.Q10), dateText(r.Q90), fmt.Sprintf("%.0f%%", 100*r.Reached), daysText(r.ErrorDays)})
	}
	return header, rows
}

// TermCells is the table of agreed terms as WriteText prints it.
func (t Table) TermCells() (header []string, rows [][]string) {
	if t.Runs == 1 {
		header = []string{"agreed term", "historical", "simulated"}
		for _, tr := range t.Terms {
			rows = append(rows, []string{tr.ID, numText(tr.Historical), numText(tr.Median)})
		}
		return header, rows
	}
	header = []string{"agreed term", "historical", "median", "10%", "90%", "runs"}
	for _, tr := range t.Terms {
		rows = append(rows, []string{tr.ID, numText(tr.Historical), numText(tr.Median), numText(tr.Q10), numText(tr.Q90), fmt.Sprint(tr.Runs)})
	}
	return header, rows
}

func writeCells(w io.Writer, header []string, rows [][]string) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
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
