//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "tajikpeace-wasm runs in a browser: build it with GOOS=js GOARCH=wasm, or let `tajikpeace classroom --out DIR` write the page that runs it")
	os.Exit(2)
}
