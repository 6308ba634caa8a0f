// Command diag is a developers' aid for fitting (docs/model.md section 8):
// for each scenario named, an ensemble's milestone table (median error,
// share reached, 10/50/90% dates), the agreed terms, and which pairs of
// milestones came out of their historical order and how often.
//
//	go run ./internal/tools/diag -n 500 -sets best.txt baseline endogenous
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/summary"
)

func main() {
	n := flag.Int("n", 1000, "runs")
	seed := flag.Uint64("seed", 1, "seed")
	setf := flag.String("sets", "", "file of path=value lines")
	logf := flag.Bool("log", false, "tally collapse reasons")
	flag.Parse()
	hist, _ := history.Load()
	for _, name := range flag.Args() {
		tp, err := scenarios.NewTemplate(name)
		if err != nil {
			panic(err)
		}
		var sets []string
		if *setf != "" {
			b, err := os.ReadFile(*setf)
			if err != nil {
				panic(err)
			}
			sets = strings.Fields(string(b))
		}
		sc, err := tp.Scenario(sets)
		if err != nil {
			panic(err)
		}
		m := agents.New(sc)
		res, err := sim.Ensemble(context.Background(), m, *seed, *n, 2, sim.Options{Log: *logf})
		if err != nil {
			panic(err)
		}
		t := summary.Summarise(m.Scenario, *seed, res, hist)
		fmt.Printf("== %s order %.3f\n", name, t.InOrder)
		for _, row := range t.Rows {
			e := "-"
			if row.ErrorDays != nil {
				e = fmt.Sprintf("%+.0f", *row.ErrorDays)
			}
			q := func(t *time.Time) string {
				if t == nil {
					return "never"
				}
				return t.Format("2006-01-02")
			}
			fmt.Printf("  %-24s err %6s reached %.2f  [%s %s %s]\n", row.ID, e, row.Reached, q(row.Q10), q(row.Median), q(row.Q90))
		}
		for _, tr := range t.Terms {
			if tr.Median != nil {
				fmt.Printf("  term %s %.3f [%.3f,%.3f]\n", tr.ID, *tr.Median, *tr.Q10, *tr.Q90)
			}
		}
		inv := map[string]int{}
		for _, r := range res {
			for _, a := range r.Milestones {
				ha, ok := hist.Milestone(a.ID)
				if !a.Reached || !ok || ha.Date.IsZero() {
					continue
				}
				for _, b := range r.Milestones {
					hb, ok := hist.Milestone(b.ID)
					if !b.Reached || !ok || hb.Date.IsZero() {
						continue
					}
					if ha.Date.Before(hb.Date) && a.Date.After(b.Date) {
						inv[b.ID+" before "+a.ID]++
					}
				}
			}
		}
		if *logf {
			why := map[string]int{}
			for _, r := range res {
				cnr, _ := r.Milestone("cnr_protocol")
				col, _ := r.Milestone("ceasefire_collapse")
				inv := cnr.Reached && col.Reached && col.Date.After(cnr.Date)
				for _, e := range r.Log {
					if strings.HasPrefix(e.Text, "the ceasefire collapses") {
						why[fmt.Sprintf("inv=%v %s", inv, e.Text)]++
					}
				}
			}
			fmt.Println(why)
		}
		keys := make([]string, 0, len(inv))
		for k := range inv {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return inv[keys[i]] > inv[keys[j]] })
		for _, k := range keys {
			fmt.Printf("  %5d %s\n", inv[k], k)
		}
	}
}
