// Package site writes the classroom page: one self-contained HTML file
// holding the page's script and style, Go's WebAssembly loader
// (wasm_exec.js, from the toolchain that built the model) and the model
// compiled to WebAssembly, gzipped and in base64. It makes no network
// request: it works from file://, a USB stick or any static host. The
// page starts a Web Worker from a Blob (a worker from file:// cannot be
// fetched), which decompresses and runs the model; cmd/tajikpeace-wasm
// says what the model answers.
//
// Data flows: the model's bytes and its loader -> Page -> index.html.
package site

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

var (
	//go:embed page.html
	pageHTML string
	//go:embed page.js
	pageJS string
	//go:embed worker.js
	workerJS string
	//go:embed style.css
	styleCSS string
)

// Page writes index.html for a model (the .wasm file's bytes, plain or
// gzipped) and the wasm_exec.js of the Go toolchain that built it.
func Page(w io.Writer, model, wasmExec []byte) error {
	if len(model) == 0 || len(wasmExec) == 0 {
		return errors.New("the page needs the model's WebAssembly and its loader")
	}
	gz := model
	if !bytes.HasPrefix(model, []byte{0x1f, 0x8b}) {
		if !bytes.HasPrefix(model, []byte("\x00asm")) {
			return errors.New("the model is neither WebAssembly nor gzipped WebAssembly")
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(model); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		gz = buf.Bytes()
	}
	for name, text := range map[string]string{"wasm_exec.js": string(wasmExec), "page.js": pageJS, "worker.js": workerJS} {
		// Inline, a script ends at the first "</script": none of them may hold one.
		if strings.Contains(strings.ToLower(text), "</script") {
			return fmt.Errorf("%s holds \"</script\" and cannot be inlined", name)
		}
	}
	page := strings.NewReplacer(
		"/*STYLE*/", styleCSS,
		"/*WASM_EXEC*/", string(wasmExec),
		"/*WORKER*/", workerJS,
		"/*MODEL*/", base64.StdEncoding.EncodeToString(gz),
		"/*PAGE*/", pageJS,
	).Replace(pageHTML)
	_, err := io.WriteString(w, page)
	return err
}

// ModelPackage is the program the page runs, compiled to WebAssembly.
const ModelPackage = "github.com/tajikpeace/tajikpeace/cmd/tajikpeace-wasm"

// Build compiles the model for the page with the go command goCmd, run in
// dir (which must lie inside a copy of this module, or a module that
// requires it), and returns the model with the wasm_exec.js of the same
// toolchain: the loader must match the compiler that built the model.
func Build(ctx context.Context, goCmd, dir string) (model, wasmExec []byte, err error) {
	goroot, err := goOutput(ctx, goCmd, dir, nil, "env", "GOROOT")
	if err != nil {
		return nil, nil, err
	}
	wasmExec, err = os.ReadFile(filepath.Join(strings.TrimSpace(goroot), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, nil, fmt.Errorf("the toolchain's WebAssembly loader: %w", err)
	}
	tmp, err := os.MkdirTemp("", "tajikpeace-wasm-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "model.wasm")
	// -trimpath and no VCS stamp: the same source and toolchain give the
	// same bytes wherever the copy of the module lies.
	env := []string{"GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0"}
	if _, err := goOutput(ctx, goCmd, dir, env, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, ModelPackage); err != nil {
		return nil, nil, err
	}
	model, err = os.ReadFile(out)
	return model, wasmExec, err
}

func goOutput(ctx context.Context, goCmd, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("%s %s: %s", goCmd, strings.Join(args, " "), msg)
	}
	return string(out), nil
}

// SourceModule is the root of the copy of this module the running binary
// was compiled from, if it was compiled without -trimpath and the copy is
// still there (go run and go install from a clone), else "". Compiling the
// page's model there gives the model of the same code as the command,
// whatever the directory the command runs in.
func SourceModule() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return ""
	}
	return root
}
