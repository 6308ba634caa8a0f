// Command pscan is a developers' aid for issue #10 (docs/model.md section
// 9): it asks of a posterior's parameter sets why the endogenous calendar's
// meetings were convened, year by year, and where each early milestone's
// median falls set by set.
//
//	go run ./internal/tools/pscan -posterior posterior reasons
//	go run ./internal/tools/pscan -posterior none reasons   # the scenario's own parameters
//	go run ./internal/tools/pscan -posterior posterior medians
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sort"
	"strings"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/history"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
	"github.com/tajikpeace/tajikpeace/studies"
	"github.com/tajikpeace/tajikpeace/summary"
)

func main() {
	postName := flag.String("posterior", "posterior", "a posterior, or none for the scenario's own parameters")
	scenario := flag.String("scenario", "endogenous", "scenario")
	flag.Parse()
	// With none, the posterior only lends its list of draws to iterate over.
	ref := *postName
	if ref == "none" {
		ref = "posterior"
	}
	post, _, err := studies.LoadPosterior(ref)
	if err != nil {
		log.Fatal(err)
	}
	tpl, err := scenarios.NewTemplate(*scenario)
	if err != nil {
		log.Fatal(err)
	}
	model := func(theta []float64) *sim.Model {
		var sets []string
		if *postName != "none" {
			for k, p := range post.Paths {
				sets = append(sets, fmt.Sprintf("%s=%v", p, theta[k]))
			}
		}
		sc, err := tpl.Scenario(sets)
		if err != nil {
			log.Fatal(err)
		}
		return agents.New(sc)
	}
	switch flag.Arg(0) {
	case "reasons":
		reasons(post, model)
	case "medians":
		medians(post, model)
	default:
		log.Fatal("usage: pscan [-posterior NAME|none] reasons|medians")
	}
}

// reasons logs one run for every other posterior draw (250 of the 500) and
// tallies why each meeting was convened, by year.
func reasons(post *studies.Posterior, model func([]float64) *sim.Model) {
	byYear := map[string]map[string]int{}
	for i, theta := range post.Draws {
		if i%2 == 1 {
			continue
		}
		r := sim.Run(model(theta), 1, i, sim.Options{Log: true})
		for _, e := range r.Log {
			j := strings.Index(e.Text, "convenes a ")
			if j < 0 {
				continue
			}
			why := e.Text[j+strings.Index(e.Text[j:], ": ")+2:]
			y := e.Date.Format("2006")
			if byYear[y] == nil {
				byYear[y] = map[string]int{}
			}
			byYear[y][why]++
		}
	}
	years := make([]string, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Strings(years)
	for _, y := range years {
		fmt.Println(y, byYear[y])
	}
}

// medians runs 64 runs of every distinct parameter set and counts where the
// medians of the early milestones fall.
func medians(post *studies.Posterior, model func([]float64) *sim.Model) {
	hist, err := history.Load()
	if err != nil {
		log.Fatal(err)
	}
	ids := []string{"ceasefire", "joint_commission", "prisoner_exchange", "fundamental_principles", "general_agreement"}
	counts := map[string]map[string]int{}
	for _, id := range ids {
		counts[id] = map[string]int{}
	}
	seen := map[string]bool{}
	for _, theta := range post.Draws {
		if key := fmt.Sprint(theta); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		m := model(theta)
		rs, err := sim.Ensemble(context.Background(), m, 3, 64, 2, sim.Options{})
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range summary.Summarise(m.Scenario, 3, rs, hist).Rows {
			if c, ok := counts[r.ID]; ok {
				d := "not reached"
				if r.Median != nil {
					d = r.Median.Format("2006-01-02")
				}
				c[d]++
			}
		}
	}
	fmt.Println("distinct parameter sets:", len(seen))
	for _, id := range ids {
		var ds []string
		for d := range counts[id] {
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return counts[id][ds[i]] > counts[id][ds[j]] })
		fmt.Printf("%s: %d distinct medians; most common:", id, len(ds))
		for _, d := range ds[:min(4, len(ds))] {
			fmt.Printf(" %s (%d)", d, counts[id][d])
		}
		fmt.Println()
	}
}
