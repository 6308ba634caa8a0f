// Command trace prints, for runs whose collapse comes after the CNR
// protocol and for runs in order, the quarterly path of the variables that
// drive the collapse (a development aid).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/tajikpeace/tajikpeace/agents"
	"github.com/tajikpeace/tajikpeace/scenarios"
	"github.com/tajikpeace/tajikpeace/sim"
)

func main() {
	n := flag.Int("n", 40, "runs")
	setf := flag.String("sets", "", "file of path=value lines")
	vars := flag.String("vars", "uto/ops,uto/willingness,government/willingness,world/tension,uto/inside,uto/prospect", "actor/variable list")
	flag.Parse()
	tp, _ := scenarios.NewTemplate(flag.Arg(0))
	var sets []string
	if *setf != "" {
		b, _ := os.ReadFile(*setf)
		sets = strings.Fields(string(b))
	}
	sc, err := tp.Scenario(sets)
	if err != nil {
		panic(err)
	}
	m := agents.New(sc)
	shown := map[bool]int{}
	for i := range *n {
		r := sim.Run(m, 1, i, sim.Options{Trace: true})
		cnr, _ := r.Milestone("cnr_protocol")
		col, _ := r.Milestone("ceasefire_collapse")
		inv := cnr.Reached && col.Reached && col.Date.After(cnr.Date)
		if shown[inv] >= 2 {
			continue
		}
		shown[inv]++
		fmt.Printf("run %d inverted=%v collapse %s cnr %s\n", i, inv, col.Date.Format("2006-01-02"), cnr.Date.Format("2006-01-02"))
		for _, v := range strings.Split(*vars, ",") {
			a, name, _ := strings.Cut(v, "/")
			fmt.Printf("  %-24s", v)
			for _, x := range r.Trace {
				if x.Actor == a && x.Variable == name && x.Date.Year() >= 1995 && (x.Date.YearDay() <= 7 || (x.Date.YearDay() > 91 && x.Date.YearDay() <= 98) || (x.Date.YearDay() > 182 && x.Date.YearDay() <= 189) || (x.Date.YearDay() > 273 && x.Date.YearDay() <= 280)) {
					fmt.Printf(" %5.2f", x.Value)
				}
			}
			fmt.Println()
		}
	}
}
