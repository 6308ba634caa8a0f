package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DataPackage is a Frictionless Data Package descriptor
// (https://specs.frictionlessdata.io/data-package/): every CSV of an
// output directory as a tabular data resource, its fields typed and
// described, so that pandas, R and data-package tools read the types
// without guessing. docs/data.md says the same at length.
type DataPackage struct {
	Profile   string     `json:"profile"`
	Name      string     `json:"name"`
	Title     string     `json:"title"`
	Resources []Resource `json:"resources"`
}

// Resource is one CSV file.
type Resource struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	Profile   string `json:"profile"`
	Format    string `json:"format"`
	Mediatype string `json:"mediatype"`
	Encoding  string `json:"encoding"`
	Schema    Schema `json:"schema"`
	// Stats are the file's size, SHA-256 and row count (without the
	// header), as frictionless-py records them.
	Stats Stats `json:"stats"`
}

// Schema is a Table Schema: the fields in the order of the columns.
type Schema struct {
	Fields []Field `json:"fields"`
	// MissingValues are the cells that mean "did not happen" or "not
	// reached": empty, and fit.csv's "-" and "not reached".
	MissingValues []string `json:"missingValues"`
}

// Field is one column.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// Stats describe a file as written.
type Stats struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
}

// missing are the cells that stand for no value.
var missing = []string{"", "-", "not reached"}

// WriteDataPackage describes every CSV under dir (subdirectories
// included: a comparison's arms) in dir/datapackage.json, the package
// named after the output directory (name). Each column's
// type is the narrowest that every value in it has - integer, number,
// date (YYYY-MM-DD), boolean, else string; "any" when it has no value -
// and its description comes from the data dictionary (docs/data.md). A
// directory without CSVs gets no descriptor.
func WriteDataPackage(dir, name string) error {
	pkg := DataPackage{Profile: "tabular-data-package", Name: packageName(name), Title: "tajikpeace output " + name}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == dir {
				return nil
			}
			// A subdirectory published with its own descriptor (a
			// comparison's arm): its resources, under their path here,
			// instead of reading its CSVs a second time.
			var sub DataPackage
			if ReadJSON(filepath.Join(path, "datapackage.json"), &sub) != nil {
				return nil
			}
			for _, res := range sub.Resources {
				res.Path = filepath.ToSlash(filepath.Join(rel, res.Path))
				res.Name = packageName(strings.TrimSuffix(res.Path, ".csv"))
				pkg.Resources = append(pkg.Resources, res)
			}
			return fs.SkipDir
		}
		if filepath.Ext(path) != ".csv" {
			return nil
		}
		res, err := describeCSV(path, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		pkg.Resources = append(pkg.Resources, res)
		return nil
	})
	if err != nil {
		return fmt.Errorf("datapackage.json: %w", err)
	}
	if len(pkg.Resources) == 0 {
		return nil // nothing to describe (the classroom page); the spec wants at least one resource
	}
	return WriteJSONFile(filepath.Join(dir, "datapackage.json"), pkg)
}

// packageName is a name as the spec wants it: lower case, digits, "-",
// "_" and ".".
func packageName(s string) string {
	s = strings.ToLower(s)
	s = notInName.ReplaceAllString(s, "-")
	return strings.Trim(s, "-")
}

func describeCSV(path, rel string) (Resource, error) {
	f, err := os.Open(path)
	if err != nil {
		return Resource{}, err
	}
	defer f.Close()
	h := sha256.New()
	r := csv.NewReader(io.TeeReader(bufio.NewReader(f), h))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return Resource{}, fmt.Errorf("%s: header: %w", rel, err)
	}
	header = slices.Clone(header)
	kinds := make([]kind, len(header))
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Resource{}, fmt.Errorf("%s: %w", rel, err)
		}
		rows++
		for i, cell := range rec {
			kinds[i].see(cell)
		}
	}
	st, err := f.Stat()
	if err != nil {
		return Resource{}, err
	}
	res := Resource{Name: packageName(strings.TrimSuffix(rel, ".csv")), Path: rel, Profile: "tabular-data-resource",
		Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Schema: Schema{MissingValues: missing},
		Stats: Stats{Bytes: st.Size(), SHA256: hex.EncodeToString(h.Sum(nil)), Rows: rows}}
	file := filepath.Base(rel)
	for i, name := range header {
		// A date's format is the Table Schema's default, YYYY-MM-DD.
		res.Schema.Fields = append(res.Schema.Fields, Field{Name: name, Type: kinds[i].name(), Description: describe(file, name, kinds[i].name())})
	}
	return res, nil
}

// kind narrows a column's type as its values are seen.
type kind struct {
	seen                             bool
	notInt, notNum, notDate, notBool bool
}

// see narrows the type by one value; a type ruled out is not tried again
// (a steps.csv has millions of cells).
func (k *kind) see(cell string) {
	if slices.Contains(missing, cell) {
		return
	}
	k.seen = true
	if !k.notInt {
		if _, err := strconv.ParseInt(cell, 10, 64); err != nil {
			k.notInt = true
		}
	}
	if !k.notNum {
		if _, err := strconv.ParseFloat(cell, 64); err != nil {
			k.notNum = true
		}
	}
	if !k.notDate {
		if len(cell) != len(time.DateOnly) || cell[4] != '-' || cell[7] != '-' {
			k.notDate = true
		} else if _, err := time.Parse(time.DateOnly, cell); err != nil {
			k.notDate = true
		}
	}
	if !k.notBool && cell != "true" && cell != "false" {
		k.notBool = true
	}
}

func (k *kind) name() string {
	switch {
	case !k.seen:
		return "any"
	case !k.notInt:
		return "integer"
	case !k.notNum:
		return "number"
	case !k.notDate:
		return "date"
	case !k.notBool:
		return "boolean"
	}
	return "string"
}

// describe is a column's meaning: the dictionary's entry for the column in
// that file, or for the column in any file, or the rule for the names the
// scenario gives (milestones, terms, parameter paths).
func describe(file, column, typ string) string {
	if d, ok := dictionary[file+":"+column]; ok {
		return d
	}
	if d, ok := dictionary[column]; ok {
		return d
	}
	if strings.Contains(column, ".") {
		return "the value of the scenario parameter at this key path"
	}
	if m := reachedColumn.FindStringSubmatch(column); m != nil {
		switch m[2] {
		case "_lo", "_hi":
			return "95% Wilson interval bound (" + m[2][1:] + ") of the share of runs reaching milestone " + m[1]
		}
		return "share of runs reaching milestone " + m[1] + " within the span"
	}
	for _, s := range []struct{ suffix, text string }{
		{"_mean", "mean over the runs that agreed it of term "},
		{"_lo", "lower bound of the 95% normal interval of the mean of term "},
		{"_hi", "upper bound of the 95% normal interval of the mean of term "},
		{"_runs", "how many runs agreed term "},
	} {
		if t, ok := strings.CutSuffix(column, s.suffix); ok && file == "points.csv" {
			return s.text + t
		}
	}
	if typ == "date" || file == "runs.csv" && typ == "any" {
		return "the day milestone " + column + " was reached (a text signed; the ceasefire in force or collapsed); empty if never within the span"
	}
	if file == "runs.csv" {
		return "agreed term " + column + " in the signed text, in its unit (scenario.yaml, agenda.*.terms); empty if the text was never signed"
	}
	return "see docs/data.md"
}

var notInName = regexp.MustCompile(`[^a-z0-9._-]+`)

var reachedColumn = regexp.MustCompile(`^reached_([a-z_]+?)(_lo|_hi)?$`)

// dictionary is docs/data.md's meaning of every column that is not named
// after the scenario, by column or by file:column where files differ.
var dictionary = map[string]string{
	"run":                    "the run's index i (0-based); with the master seed it names the run's random streams",
	"seed":                   "the master seed",
	"draw":                   "under --posterior: the 0-based row of the posterior whose parameter set this run took",
	"steps.csv:run":          "the run's index (0 in an ensemble; 0 to N-1 with --trace N)",
	"step":                   "the step's index from the start of the span (span.step_days days a step)",
	"date":                   "the step's day",
	"actor":                  "world, un (the mediator), a party id or an observer id",
	"variable":               "the state variable (docs/data.md lists each with its unit)",
	"value":                  "the variable's value at that step",
	"scenario":               "the scenario or output directory compared",
	"runs":                   "the number of runs",
	"share_ga_by_1997_06_30": "share of runs with the General Agreement signed by 30 June 1997",
	"share_ga_by_1997_12_31": "share of runs with the General Agreement signed by 31 December 1997",
	"median_ga_date":         "median General Agreement date over all runs (censored runs later than any date); empty if not reached in half the runs",
	"shift_days":             "median General Agreement day minus the reference's, in days",
	"shift_lo":               "bootstrap 95% interval of the shift, lower bound (days)",
	"shift_hi":               "bootstrap 95% interval of the shift, upper bound (days)",
	"uto_share_median":       "median agreed UTO share of posts over the runs that agreed it",
	"uto_share_shift":        "the UTO share's difference from the reference",
	"uto_share_shift_lo":     "bootstrap 95% interval of the UTO share's difference, lower bound",
	"uto_share_shift_hi":     "bootstrap 95% interval of the UTO share's difference, upper bound",
	"paired":                 "true if the arm shares the reference's seeds (common random numbers)",
	"run_shift_median":       "under --posterior: median run-by-run shift in days (inf/-inf when only one of a pair signed)",
	"run_shift_q10":          "under --posterior: 10% of the run-by-run shift in days",
	"run_shift_q90":          "under --posterior: 90% of the run-by-run shift in days",
	"run_shift_same_sign":    "under --posterior: share of pairs whose shift has the median's sign",
	"point":                  "the grid or design point (0-based)",
	"replicate":              "the replicate at that point (0 to seeds-1)",
	"stream":                 "the run index whose streams seed it: point x seeds + replicate, or with --crn the replicate",
	"ga_by_1997_12_31":       "share of runs with the General Agreement by 31 December 1997",
	"ga_by_1997_12_31_lo":    "95% Wilson interval of that share, lower bound",
	"ga_by_1997_12_31_hi":    "95% Wilson interval of that share, upper bound",
	"ga_median":              "median General Agreement date over all runs (censored later than any date); empty when it falls among the censored runs",
	"ga_q10":                 "10% of the General Agreement date over all runs; empty when among the censored runs",
	"ga_q90":                 "90% of the General Agreement date over all runs; empty when among the censored runs",
	"particle":               "the particle's index",
	"weight":                 "its importance weight (the weights sum to 1)",
	"patterns.csv:weight":    "the pattern's weight in the distance",
	"distance":               "its distance to the target (docs/model.md section 13)",
	"posterior.csv:draw":     "the draw's index",
	"accepted":               "true for the kept draws (the posterior sample)",
	"generation":             "the generation; 0 is the draw from the priors",
	"tolerance":              "the generation's tolerance (+Inf for generation 0)",
	"ess":                    "effective sample size of its weights",
	"moves":                  "Metropolis-Hastings moves per particle (mcmc sampler)",
	"simulations":            "parameter sets simulated",
	"generations.csv:runs":   "runs spent (simulations x runs per set)",
	"acceptance":             "share of moves (mcmc) or proposals (pmc) accepted",
	"pattern":                "a pattern of the distance (docs/model.md section 13)",
	"error_before":           "its error at the scenario's own parameters, in the pattern's unit, capped (64 runs)",
	"error_after":            "its error at the posterior means, in the pattern's unit, capped (64 runs)",
	"milestone":              "a target milestone",
	"target":                 "its target date (history, or the saved run's median)",
	"before":                 "median date over 64 runs at the scenario's parameters; missing if not reached in half the runs",
	"after":                  "median date over 64 runs at the posterior means; missing if not reached in half the runs",
	"before_error_days":      "median minus target in days, before",
	"after_error_days":       "median minus target in days, after",
	"parameter":              "the parameter's key path",
	"total":                  "Sobol total-order index",
	"total_lo":               "bootstrap 95% interval of the total-order index, lower bound",
	"total_hi":               "bootstrap 95% interval of the total-order index, upper bound",
	"first":                  "Sobol first-order index",
	"first_lo":               "bootstrap 95% interval of the first-order index, lower bound",
	"first_hi":               "bootstrap 95% interval of the first-order index, upper bound",
	"mu_star":                "Morris mu*: mean absolute elementary effect, in the outcome's unit",
	"mu_star_lo":             "bootstrap 95% interval of mu*, lower bound",
	"mu_star_hi":             "bootstrap 95% interval of mu*, upper bound",
	"sigma":                  "standard deviation of the elementary effects",
	"outcome":                "the outcome averaged over the point's runs (censored runs as tajikpeace sensitivity --help says)",
	"points.csv:runs":        "runs at the grid point",
	"compare.csv:runs":       "the scenario's runs",
}
