package site

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"
)

var fakeModel = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("model"), 100)...)

// TestPageIsSelfContained: the page holds its model (gzipped, in base64,
// the same bytes back), its loader and scripts inline, and names nothing
// to fetch: no src or href attribute, no URL but the SVG namespace.
func TestPageIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := Page(&buf, fakeModel, []byte("// the loader\nclass Go {}")); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, placeholder := range []string{"/*STYLE*/", "/*WASM_EXEC*/", "/*WORKER*/", "/*MODEL*/", "/*PAGE*/"} {
		if strings.Contains(page, placeholder) {
			t.Errorf("%s left in the page", placeholder)
		}
	}
	if !strings.Contains(page, "class Go {}") {
		t.Error("the loader is not in the page")
	}
	if m := regexp.MustCompile(`(?i)<[a-z]+[^<>]*\s(src|href)\s*=`).FindString(page); m != "" {
		t.Errorf("the page names a resource to fetch (%q)", m)
	}
	for _, u := range regexp.MustCompile(`https?://[^\s"'<>)]+`).FindAllString(page, -1) {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("the page names %s", u)
		}
	}
	b64 := regexp.MustCompile(`(?s)<script id="model" type="application/octet-stream">(.*?)</script>`).FindStringSubmatch(page)
	if b64 == nil {
		t.Fatal("no model in the page")
	}
	gz, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64[1]))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, fakeModel) {
		t.Error("the model in the page is not the model given")
	}
}

func TestPageRefuses(t *testing.T) {
	for _, c := range []struct {
		name            string
		model, wasmExec []byte
		want            string
	}{
		{"no model", nil, []byte("x"), "needs the model"},
		{"no loader", fakeModel, nil, "needs the model"},
		{"not WebAssembly", []byte("<html>"), []byte("x"), "neither WebAssembly nor gzipped"},
		{"a loader that ends the script", fakeModel, []byte("s = '</SCRIPT>'"), `wasm_exec.js holds "</script"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Page(io.Discard, c.model, c.wasmExec)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestPageIsTheSameForTheSameModel: no date, path or random number enters
// the page, so a lecturer's copy and a colleague's are the same bytes.
func TestPageIsTheSameForTheSameModel(t *testing.T) {
	var a, b bytes.Buffer
	if err := Page(&a, fakeModel, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := Page(&b, fakeModel, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two pages of the same model differ")
	}
}
