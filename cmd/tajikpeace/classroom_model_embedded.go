//go:build classroom_wasm

package main

import _ "embed"

// make dist compiles the model into classroom/model.wasm.gz and copies the
// toolchain's loader beside it, then builds with the tag classroom_wasm:
// the release binary writes the classroom page without a Go toolchain.
var (
	//go:embed classroom/model.wasm.gz
	embeddedModel []byte
	//go:embed classroom/wasm_exec.js
	embeddedLoader []byte
)
