// Command startnear writes a population to start a calibration from
// (`tajikpeace calibrate --from FILE`): n parameter sets near the built-in
// baseline, each parameter of the header of an existing posterior.csv at
// its baseline value (docs/model.md section 10) plus a uniform jitter of
// ±jitter of its prior range, kept inside the range. It is how the built-in
// posterior's fourth stage was started (scenarios/posteriors/README.md): a
// developers' aid, not part of the tool users run.
//
//	go run ./internal/tools/startnear -like scenarios/posteriors/posterior-1995.csv > docs/calibration/start-baseline.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/tajikpeace/tajikpeace/paramtable"
)

func main() {
	like := flag.String("like", "scenarios/posteriors/posterior-1995.csv", "posterior.csv whose columns to write")
	n := flag.Int("n", 500, "parameter sets")
	jitter := flag.Float64("jitter", 0.05, "half-width of the uniform jitter, as a share of each prior range")
	seed := flag.Uint64("seed", 11, "seed of the jitter")
	flag.Parse()
	if err := run(*like, *n, *jitter, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "startnear:", err)
		os.Exit(1)
	}
}

func run(like string, n int, jitter float64, seed uint64) error {
	f, err := os.Open(like)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return fmt.Errorf("%s: no header", like)
	}
	header := strings.Split(sc.Text(), ",")
	r := rand.New(rand.NewPCG(seed, seed+1))
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintln(out, strings.Join(header, ","))
	for k := range n {
		row := []string{strconv.Itoa(k)}
		for _, h := range header[1:] {
			switch h {
			case "weight":
				row = append(row, strconv.FormatFloat(1/float64(n), 'g', -1, 64))
				continue
			case "distance":
				row = append(row, "1") // a placeholder: calibrate measures a start population afresh
				continue
			}
			p, ok := paramtable.Find(h)
			if !ok {
				return fmt.Errorf("%s: column %q is not in the table of calibratable parameters", like, h)
			}
			w := p.Max - p.Min
			v := p.Baseline + jitter*w*(2*r.Float64()-1)
			v = math.Max(p.Min+0.001*w, math.Min(p.Max-0.001*w, v)) // inside: the moves work in the logit of the range
			row = append(row, strconv.FormatFloat(v, 'g', 6, 64))
		}
		fmt.Fprintln(out, strings.Join(row, ","))
	}
	return sc.Err()
}
