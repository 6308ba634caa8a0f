// Command tajikpeace-wasm is the model of the classroom page: the same Go
// packages as the command line, compiled to WebAssembly
// (GOOS=js GOARCH=wasm) and run by the page in a Web Worker.
//
// It answers three calls, each with a JSON string (or {"error": ...}):
//
//	tajikpeace.scenarios()                  the built-in scenarios: name, title, question
//	tajikpeace.describe(name, sets)         one scenario with the page's overrides (sets: a JSON array of key.path=value)
//	tajikpeace.run(query, progress)         the page's question (its address's query) as classroom.Run plays it;
//	                                        progress(done, total) is called as runs finish
//	tajikpeace.playStart(query, run, role)  the role play: run `run` of the question with the role's decisions asked
//	tajikpeace.playDecide(choice)           ... one by one; each returns {"ask": ...} or, at the end, {"played": ...}
//
// `tajikpeace classroom --out DIR` builds it and writes the page; the page
// is in package classroom/site.
package main
