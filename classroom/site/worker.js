// The model's worker: Go's wasm_exec.js comes before this text in the same
// Blob. It decodes the model (base64 of gzip), starts it once, and answers
// the page's messages one at a time; the page ends the worker to stop a run.
onmessage = async (e) => {
  const m = e.data;
  try {
    switch (m.type) {
    case "init": {
      const t0 = performance.now();
      const gz = Uint8Array.from(atob(m.model), (c) => c.charCodeAt(0));
      const wasm = await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
      const go = new Go();
      const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
      go.run(instance); // returns once main waits for calls
      const t1 = performance.now();
      const json = tajikpeace.scenarios();
      console.log(`model started in ${Math.round(t1 - t0)} ms, scenarios described in ${Math.round(performance.now() - t1)} ms`);
      postMessage({ type: "ready", json });
      break;
    }
    case "describe":
      postMessage({ type: "described", id: m.id, json: tajikpeace.describe(m.name, JSON.stringify(m.sets)) });
      break;
    case "play-start":
      postMessage({ type: "played", id: m.id, json: tajikpeace.playStart(m.query, m.run, m.role) });
      break;
    case "play-decide":
      postMessage({ type: "played", id: m.id, json: tajikpeace.playDecide(m.choice) });
      break;
    case "run": {
      const t0 = performance.now();
      const json = tajikpeace.run(m.query, (done, total) => postMessage({ type: "progress", id: m.id, done, total }));
      postMessage({ type: "result", id: m.id, json, ms: performance.now() - t0 });
      break;
    }
    }
  } catch (err) {
    postMessage({ type: "error", id: m.id, message: String(err) });
  }
};
