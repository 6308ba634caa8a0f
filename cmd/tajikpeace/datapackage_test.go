package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tajikpeace/tajikpeace/internal/racetest"
	"github.com/tajikpeace/tajikpeace/results"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if outputsDir != "" {
		os.RemoveAll(outputsDir)
	}
	os.Exit(code)
}

// TestDataPackagesDescribeTheirCSVs: every output directory carries a
// datapackage.json whose resources are exactly its CSVs, with their
// headers, their row counts, their sizes and hashes, every value of the
// type declared and every column described.
func TestDataPackagesDescribeTheirCSVs(t *testing.T) {
	racetest.SkipSerial(t)
	root := everyOutput(t)
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range dirs {
		dir := filepath.Join(root, d.Name())
		var pkg results.DataPackage
		if err := results.ReadJSON(filepath.Join(dir, "datapackage.json"), &pkg); err != nil {
			t.Errorf("%s: %v", d.Name(), err)
			continue
		}
		var csvs []string
		filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && filepath.Ext(p) == ".csv" {
				rel, _ := filepath.Rel(dir, p)
				csvs = append(csvs, filepath.ToSlash(rel))
			}
			return err
		})
		var described []string
		for _, r := range pkg.Resources {
			described = append(described, r.Path)
			checkResource(t, d.Name(), dir, r)
			checked++
		}
		slices.Sort(csvs)
		slices.Sort(described)
		if !slices.Equal(csvs, described) {
			t.Errorf("%s: datapackage.json describes %v, the directory holds %v", d.Name(), described, csvs)
		}
	}
	if checked < 15 {
		t.Fatalf("only %d CSV resources checked: the commands wrote less than expected", checked)
	}
}

func checkResource(t *testing.T, pkg, dir string, r results.Resource) {
	t.Helper()
	where := pkg + "/" + r.Path
	b, err := os.ReadFile(filepath.Join(dir, r.Path))
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	sum := sha256.Sum256(b)
	if r.Stats.Bytes != int64(len(b)) || r.Stats.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: size or hash differs from the file's", where)
	}
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	var names []string
	for _, f := range r.Schema.Fields {
		names = append(names, f.Name)
		if f.Description == "" || f.Description == "see docs/data.md" {
			t.Errorf("%s: column %s has no description", where, f.Name)
		}
	}
	if !slices.Equal(recs[0], names) {
		t.Errorf("%s: header %v, fields %v", where, recs[0], names)
	}
	if len(recs)-1 != r.Stats.Rows {
		t.Errorf("%s: %d rows, the descriptor says %d", where, len(recs)-1, r.Stats.Rows)
	}
	for line, rec := range recs[1:] {
		for i, cell := range rec {
			if slices.Contains(r.Schema.MissingValues, cell) {
				continue
			}
			f := r.Schema.Fields[i]
			if !conforms(cell, f.Type) {
				t.Errorf("%s: line %d, column %s: %q is not of type %s", where, line+2, f.Name, cell, f.Type)
				return
			}
		}
	}
}

// conforms says whether a cell is a value of a Table Schema type (numbers
// as Go writes them: NaN, +Inf, -Inf included).
func conforms(cell, typ string) bool {
	switch typ {
	case "integer":
		_, err := strconv.ParseInt(cell, 10, 64)
		return err == nil
	case "number":
		_, err := strconv.ParseFloat(cell, 64)
		return err == nil
	case "date":
		_, err := time.Parse(time.DateOnly, cell)
		return err == nil
	case "boolean":
		return cell == "true" || cell == "false"
	case "string", "any":
		return true
	}
	return false
}
