// The classroom page: the controls, the address that holds the question,
// the worker that runs the model, and the figures drawn as SVG from the
// numbers the model returns. The model itself is Go (classroom.Run);
// nothing here computes a result.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = { question: "#1f5fa8", reference: "#7a7a7a", history: "#000", event: "#8b1e1e" };

let worker = null;
let catalogue = [];          // every built-in scenario: name, title, question
let state = null;            // {scenario, ref, seeds, seed, sets: Map(path -> value)}
let described = null;        // the scenario with the sets applied
let written = null;          // the scenario as written (no sets)
let pending = new Map();     // message id -> resolve
let nextID = 1;
let running = null;          // id of the run in progress

// ---- the worker ----

function startWorker() {
  const src = $("wasm-exec").textContent + "\n" + $("worker-js").textContent;
  worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === "progress") {
      if (m.id === running) { $("bar").max = m.total; $("bar").value = m.done; status(`Running: ${m.done} of ${m.total} runs`); }
      return;
    }
    const resolve = pending.get(m.id);
    if (resolve) { pending.delete(m.id); resolve(m); }
  };
  return new Promise((resolve) => {
    pending.set(undefined, resolve);
    worker.postMessage({ type: "init", model: $("model").textContent.trim() });
  });
}

function ask(msg) {
  const id = nextID++;
  return new Promise((resolve) => { pending.set(id, resolve); worker.postMessage({ ...msg, id }); });
}

function parsed(m) {
  if (m.type === "error") throw new Error(m.message);
  const v = JSON.parse(m.json);
  if (v && v.error) throw new Error(v.error);
  return v;
}

// ---- the question, in the address ----

function readAddress() {
  const p = new URLSearchParams(location.search);
  const s = { scenario: p.get("scenario") || "baseline", ref: p.get("ref") || "endogenous",
    seeds: p.get("seeds") || "500", seed: p.get("seed") || "1", sets: new Map() };
  for (const kv of p.getAll("set")) {
    const i = kv.indexOf("=");
    if (i > 0) s.sets.set(kv.slice(0, i), kv.slice(i + 1));
    else s.sets.set(kv, "");
  }
  return s;
}

function query() {
  const p = new URLSearchParams();
  p.set("scenario", state.scenario);
  p.set("ref", state.ref);
  p.set("seeds", state.seeds);
  p.set("seed", state.seed);
  for (const [k, v] of state.sets) p.append("set", `${k}=${v}`);
  return p.toString();
}

function writeAddress() {
  history.replaceState(null, "", "?" + query());
  $("command").textContent = commandLine();
}

// commandLine is what gives the same numbers on the command line: run for
// the question's table, compare for the comparison.
function commandLine() {
  const sets = [...state.sets].map(([k, v]) => ` --set '${k}=${v}'`).join("");
  const tail = ` --seeds ${state.seeds} --seed ${state.seed}${sets}`;
  let text = `tajikpeace run ${state.scenario}${tail}`;
  if (state.ref !== "none" && state.ref !== state.scenario) text += `\ntajikpeace compare ${state.ref} ${state.scenario}${tail}`;
  return text;
}

// ---- the controls ----

function fillScenarios() {
  for (const sel of [$("scenario"), $("ref")]) {
    sel.replaceChildren();
    for (const d of catalogue) sel.add(new Option(`${d.name}: ${d.title}`, d.name));
  }
  $("ref").add(new Option("nothing (this scenario alone)", "none"));
}

function original(path) {
  const d = written;
  for (const s of [...d.events, ...d.mechanisms]) if (s.path === path) return s.on ? (s.off === "true" ? "false" : "true") : s.off;
  const p = d.parameters.find((x) => x.path === path);
  return p ? String(p.value) : undefined;
}

function setValue(path, value) {
  if (original(path) === value) state.sets.delete(path);
  else state.sets.set(path, value);
  writeAddress();
  markStale();
}

function renderControls() {
  $("scenario").value = state.scenario;
  $("ref").value = state.ref;
  $("seeds").value = state.seeds;
  $("seed").value = state.seed;
  $("question").textContent = described.question || described.title;
  const switches = (box, list) => {
    box.replaceChildren();
    for (const s of list) {
      const row = document.createElement("label");
      row.className = "switch" + (state.sets.has(s.path) ? " changed" : "");
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.checked = s.on;
      cb.dataset.path = s.path;
      cb.addEventListener("change", () => {
        const on = s.off === "true" ? "false" : "true";
        setValue(s.path, cb.checked ? on : s.off);
        row.classList.toggle("changed", state.sets.has(s.path));
      });
      row.append(cb);
      if (s.date) { const d = document.createElement("span"); d.className = "date"; d.textContent = s.date; row.append(d); }
      row.append(document.createTextNode(s.label));
      box.append(row);
    }
  };
  switches($("events"), described.events);
  switches($("mechanisms"), described.mechanisms);
  $("key-parameters").replaceChildren();
  $("more-parameters").replaceChildren();
  for (const p of described.parameters) (p.key ? $("key-parameters") : $("more-parameters")).append(slider(p));
}

function slider(p) {
  const box = document.createElement("div");
  box.className = "slider" + (state.sets.has(p.path) ? " changed" : "");
  const id = "p-" + p.path.replaceAll(".", "-");
  const label = document.createElement("label");
  label.htmlFor = id;
  const value = document.createElement("span");
  value.className = "value";
  value.textContent = tidy(p.value);
  label.append(capital(p.meaning) + ": ", value);
  const input = document.createElement("input");
  // A round step (0.01 for a range of 0 to 3), so that a value a lecturer
  // names (0.5) is a value the slider takes.
  const step = 10 ** Math.floor(Math.log10((p.max - p.min) / 100));
  Object.assign(input, { type: "range", id, min: p.min, max: p.max, step, value: p.value });
  input.dataset.path = p.path;
  input.title = `${p.path} (${p.source}); range ${tidy(p.min)} to ${tidy(p.max)}`;
  input.addEventListener("input", () => { value.textContent = tidy(+input.value); });
  input.addEventListener("change", () => {
    setValue(p.path, tidy(+input.value));
    box.classList.toggle("changed", state.sets.has(p.path));
  });
  box.append(label, input);
  return box;
}

const tidy = (x) => String(+(+x).toPrecision(4));
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// describe shows the scenario with the overrides; it reports false (and
// shows why) when they do not apply, and then shows the scenario as
// written.
async function describe() {
  let ok = true;
  written = parsed(await ask({ type: "describe", name: state.scenario, sets: [] }));
  try {
    described = state.sets.size === 0 ? written :
      parsed(await ask({ type: "describe", name: state.scenario, sets: [...state.sets].map(([k, v]) => `${k}=${v}`) }));
  } catch (err) {
    showError(`${err.message}\nThe controls show ${state.scenario} as written; change them or press Run to run it so.`);
    state.sets.clear();
    described = written;
    ok = false;
  }
  renderControls();
  writeAddress();
  return ok;
}

function markStale() {
  if (!$("answer").hidden && running === null) status("Changed: press Run to see what your change does.");
}

// ---- running ----

function status(text) { $("status-text").textContent = text; }

function showError(text) {
  $("error").hidden = false;
  $("error").textContent = text;
}

async function run() {
  $("error").hidden = true;
  state.seeds = $("seeds").value;
  state.seed = $("seed").value;
  writeAddress();
  const id = nextID;
  running = id;
  $("run").disabled = true;
  $("stop").disabled = false;
  document.body.dataset.state = "running";
  $("bar").value = 0;
  status("Running…");
  const m = await ask({ type: "run", query: query() });
  if (running !== id) return; // stopped
  running = null;
  $("run").disabled = false;
  $("stop").disabled = true;
  try {
    const res = parsed(m);
    render(res);
    status(`${res.arms.length * res.arms[0].table.runs} runs in ${(m.ms / 1000).toFixed(1)} s.`);
    document.body.dataset.state = "done";
  } catch (err) {
    showError(err.message);
    status("The question could not be run.");
    document.body.dataset.state = "error";
  }
}

async function stop() {
  running = null;
  if (game) { $("game").hidden = true; $("play-start").disabled = false; game = null; }
  worker.terminate();
  pending.clear();
  $("run").disabled = true;
  $("stop").disabled = true;
  status("Stopped. Restarting the model…");
  await startWorker();
  $("run").disabled = false;
  status("Stopped.");
  document.body.dataset.state = "stopped";
}

// ---- results ----

let lastResult = null; // the answer on show, for the class debrief

function render(res) {
  lastResult = res;
  $("answer").hidden = false;
  const [q, ref] = res.arms;
  headline(res, q, ref);
  table($("milestones"), q.cells, `${q.scenario}: master seed ${q.table.seed}, ${q.table.runs} runs`);
  if (ref) table($("reference-milestones"), ref.cells, `Compared with ${ref.scenario}: the same seeds`);
  $("reference-milestones").hidden = !ref;
  table($("terms"), q.term_cells, `${q.scenario}: terms agreed, over the runs that agreed them`);
  drawTimeline(res);
  drawProgress(res);
  drawOutcomes(res);
}

function table(el, cells, caption) {
  el.replaceChildren();
  el.createCaption().textContent = caption;
  const head = el.createTHead().insertRow();
  for (const c of cells[0]) { const th = document.createElement("th"); th.textContent = c; head.append(th); }
  const body = el.createTBody();
  for (const r of cells.slice(1)) {
    const tr = body.insertRow();
    tr.dataset.id = r[0];
    for (const c of r) tr.insertCell().textContent = c;
  }
}

function gaRow(arm) { return arm.table.milestones.find((r) => r.id === "general_agreement"); }

function longDate(iso) {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

function headline(res, q, ref) {
  const pct = (x) => `${Math.round(100 * x)}%`;
  const line = (colour, text) => {
    const li = document.createElement("li");
    if (colour) { const sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = colour; li.append(sw); }
    li.append(text);
    return li;
  };
  const arm = (a) => {
    const g = gaRow(a);
    const when = g.median_date ? `median ${longDate(g.median_date)}` : `fewer than half the runs sign it by ${longDate(res.grid[res.grid.length - 1])}`;
    return `${a.scenario}: ${when}; by the end of 1997 in ${pct(a.agreed_by_1997)} of the runs.`;
  };
  const items = [line(COLOURS.history, `The General Agreement, in history: ${longDate(res.historical_agreement)}.`), line(COLOURS.question, arm(q))];
  if (ref) {
    items.push(line(COLOURS.reference, arm(ref)));
    const g = gaRow(q), r = gaRow(ref);
    if (g.median_date && r.median_date) {
      const days = Math.round((ms(g.median_date) - ms(r.median_date)) / 864e5);
      const years = Math.abs(days) >= 365 ? ` (${(Math.abs(days) / 365.25).toFixed(1)} years)` : "";
      items.push(line(null, days === 0 ? "The medians are the same day." :
        `${q.scenario}'s median is ${Math.abs(days)} days${years} ${days > 0 ? "later" : "earlier"} than ${ref.scenario}'s.`));
    }
  }
  $("headline").replaceChildren(...items);
}

// ---- figures (SVG) ----

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function frame(box, width, height, label) {
  const s = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  box.replaceChildren(s);
  return s;
}

const ms = (iso) => Date.parse(iso);

function timeAxis(s, x, lo, hi, top, bottom) {
  const g = svgEl("g", { "font-size": 17 });
  const y0 = new Date(lo).getUTCFullYear(), y1 = new Date(hi).getUTCFullYear();
  const every = y1 - y0 > 12 ? 2 : 1;
  for (let y = y0; y <= y1 + 1; y++) {
    const t = Date.UTC(y, 0, 1);
    if (t < lo || t > hi) continue;
    g.append(svgEl("line", { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: "#ddd" }));
    if ((y - y0) % every === 0) g.append(svgEl("text", { x: x(t), y: bottom + 22, "text-anchor": "middle" }, y));
  }
  g.append(svgEl("line", { x1: x(lo), x2: x(hi), y1: bottom, y2: bottom, stroke: "#444" }));
  s.append(g);
}

function legend(s, x, y, items) {
  const g = svgEl("g", { "font-size": 17 });
  let at = x;
  for (const it of items) {
    if (it.kind === "line") g.append(svgEl("line", { x1: at, x2: at + 28, y1: y - 6, y2: y - 6, stroke: it.colour, "stroke-width": 3, "stroke-dasharray": it.dash || "" }));
    else if (it.kind === "band") g.append(svgEl("rect", { x: at, y: y - 14, width: 28, height: 14, fill: it.colour, opacity: it.opacity }));
    else if (it.kind === "dot") g.append(svgEl("circle", { cx: at + 14, cy: y - 6, r: 7, fill: it.colour }));
    else if (it.kind === "triangle") g.append(svgEl("path", { d: `M${at + 14},${y - 14} l7,12 h-14z`, fill: it.colour }));
    const t = svgEl("text", { x: at + 34, y }, it.label);
    g.append(t);
    at += 34 + 9.5 * it.label.length + 24;
  }
  s.append(g);
}

function drawTimeline(res) {
  const arms = res.arms;
  const rows = arms[0].table.milestones;
  const names = rows.map((r) => r.name);
  const left = 450, right = 985, top = 48, rowH = 34;
  const height = top + rowH * rows.length + 40;
  const s = frame($("fig-timeline"), 1000, height, "When each text is signed");
  const dates = [];
  for (const a of arms) for (const r of a.table.milestones) for (const d of [r.q10_date, r.q90_date, r.median_date, r.historical_date]) if (d) dates.push(ms(d));
  let lo = Math.min(...dates) - 120 * 864e5, hi = Math.max(...dates) + 120 * 864e5;
  lo = Math.max(lo, ms(res.grid[0]));
  hi = Math.min(hi, ms(res.grid[res.grid.length - 1]) + 31 * 864e5);
  const x = (t) => left + (right - left) * (t - lo) / (hi - lo);
  const bottom = top + rowH * rows.length;
  timeAxis(s, x, lo, hi, top - 6, bottom);
  const g = svgEl("g", { "font-size": 16 });
  rows.forEach((r, i) => {
    const y = top + rowH * i + rowH / 2;
    g.append(svgEl("text", { x: left - 12, y: y + 5, "text-anchor": "end" }, names[i]));
    arms.forEach((a, k) => {
      const ar = a.table.milestones[i];
      const c = k === 0 ? COLOURS.question : COLOURS.reference;
      const dy = arms.length > 1 ? (k === 0 ? -6 : 6) : 0;
      const from = ar.q10_date ? ms(ar.q10_date) : null;
      const to = ar.q90_date ? ms(ar.q90_date) : hi;
      if (from !== null) g.append(svgEl("line", { x1: x(from), x2: x(to), y1: y + dy, y2: y + dy, stroke: c, "stroke-width": 4, "stroke-linecap": "round" }));
      if (ar.median_date) g.append(svgEl("circle", { cx: x(ms(ar.median_date)), cy: y + dy, r: 7, fill: c }));
      else g.append(svgEl("text", { x: right, y: y + dy + 5, "text-anchor": "end", fill: c, "font-size": 15 }, "median later →"));
    });
    if (rows[i].historical_date) g.append(svgEl("path", { d: `M${x(ms(rows[i].historical_date))},${y - 9} l7,12 h-14z`, fill: COLOURS.history }));
  });
  s.append(g);
  const items = [{ kind: "dot", colour: COLOURS.question, label: `${arms[0].scenario} (median, 10–90%)` }];
  if (arms[1]) items.push({ kind: "dot", colour: COLOURS.reference, label: arms[1].scenario });
  items.push({ kind: "triangle", colour: COLOURS.history, label: "history" });
  legend(s, 20, 26, items);
}

function xOfGrid(res, left, right) {
  const lo = ms(res.grid[0]), hi = ms(res.grid[res.grid.length - 1]);
  return { lo, hi, x: (t) => left + (right - left) * (t - lo) / (hi - lo) };
}

function stepPath(xs, ys, x, y) {
  let d = "";
  xs.forEach((t, i) => {
    d += i === 0 ? `M${x(t)},${y(ys[i])}` : `H${x(t)}V${y(ys[i])}`;
  });
  return d;
}

function band(xs, lo, hi, x, y) {
  // A stepped band: along the top from left to right, back along the bottom.
  let d = `M${x(xs[0])},${y(hi[0])}`;
  for (let i = 1; i < xs.length; i++) d += `H${x(xs[i])}V${y(hi[i])}`;
  d += `V${y(lo[lo.length - 1])}`;
  for (let i = xs.length - 1; i > 0; i--) d += `V${y(lo[i])}H${x(xs[i - 1])}`;
  return d + `V${y(lo[0])}Z`;
}

function yAxis(s, y, left, right, ticks, fmt) {
  const g = svgEl("g", { "font-size": 17 });
  for (const v of ticks) {
    g.append(svgEl("line", { x1: left, x2: right, y1: y(v), y2: y(v), stroke: "#ddd" }));
    g.append(svgEl("text", { x: left - 8, y: y(v) + 6, "text-anchor": "end" }, fmt(v)));
  }
  s.append(g);
}

function drawProgress(res) {
  const left = 70, right = 980, top = 70, bottom = 440;
  const s = frame($("fig-progress"), 1000, 480, "Progress of the talks");
  const { lo, hi, x } = xOfGrid(res, left, right);
  const y = (v) => bottom - (bottom - top) * v;
  yAxis(s, y, left, right, [0, 0.25, 0.5, 0.75, 1], (v) => `${Math.round(100 * v)}%`);
  timeAxis(s, x, lo, hi, top, bottom);
  const xs = res.grid.map(ms);
  const col = (arm, k) => arm.progress.map((q) => q[k]);
  const [q, ref] = res.arms;
  if (ref) s.append(svgEl("path", { d: band(xs, col(ref, 1), col(ref, 3), x, y), fill: COLOURS.reference, opacity: 0.18 }));
  s.append(svgEl("path", { d: band(xs, col(q, 0), col(q, 4), x, y), fill: COLOURS.question, opacity: 0.15 }));
  s.append(svgEl("path", { d: band(xs, col(q, 1), col(q, 3), x, y), fill: COLOURS.question, opacity: 0.3 }));
  if (ref) s.append(svgEl("path", { d: stepPath(xs, col(ref, 2), x, y), fill: "none", stroke: COLOURS.reference, "stroke-width": 3 }));
  s.append(svgEl("path", { d: stepPath(xs, res.history, x, y), fill: "none", stroke: COLOURS.history, "stroke-width": 2.5, "stroke-dasharray": "8 5" }));
  s.append(svgEl("path", { d: stepPath(xs, col(q, 2), x, y), fill: "none", stroke: COLOURS.question, "stroke-width": 3.5 }));
  const key = $("event-key");
  key.replaceChildren();
  const ev = svgEl("g", { "font-size": 16, fill: COLOURS.event });
  let lastX = -Infinity, raised = false;
  res.events.forEach((e, i) => {
    const t = ms(e.date);
    if (t < lo || t > hi) return;
    // Numbers of events close together alternate between two heights.
    raised = x(t) - lastX < 22 ? !raised : false;
    lastX = x(t);
    ev.append(svgEl("line", { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: COLOURS.event, "stroke-dasharray": "3 4" }));
    ev.append(svgEl("text", { x: x(t), y: top - 6 - (raised ? 17 : 0), "text-anchor": "middle", fill: COLOURS.event }, i + 1));
    const li = document.createElement("li");
    li.textContent = `${longDate(e.date)}: ${e.label}`;
    key.append(li);
  });
  s.append(ev);
  const items = [{ kind: "line", colour: COLOURS.question, label: `${q.scenario}, median` },
    { kind: "band", colour: COLOURS.question, opacity: 0.3, label: "middle 50% / 90%" }];
  if (ref) items.push({ kind: "line", colour: COLOURS.reference, label: `${ref.scenario}, median` });
  items.push({ kind: "line", colour: COLOURS.history, dash: "8 5", label: "history" });
  legend(s, left + 10, 22, items);
}

function drawOutcomes(res) {
  const left = 70, right = 980, top = 40, bottom = 330;
  const s = frame($("fig-outcomes"), 1000, 370, "Share of runs with the General Agreement signed by each date");
  const xs = res.grid.map(ms);
  const hist = ms(res.historical_agreement);
  // Start a year before the first signing (of history or of any run).
  let first = hist;
  for (const a of res.arms) { const i = a.agreement.findIndex((v) => v > 0); if (i >= 0) first = Math.min(first, xs[i]); }
  const lo = Math.max(xs[0], first - 365 * 864e5), hi = xs[xs.length - 1];
  const x = (t) => left + (right - left) * (t - lo) / (hi - lo);
  const y = (v) => bottom - (bottom - top) * v;
  yAxis(s, y, left, right, [0, 0.25, 0.5, 0.75, 1], (v) => `${Math.round(100 * v)}%`);
  timeAxis(s, x, lo, hi, top, bottom);
  const keep = xs.map((t, i) => i).filter((i) => xs[i] >= lo);
  res.arms.slice().reverse().forEach((a, k) => {
    const c = a === res.arms[0] ? COLOURS.question : COLOURS.reference;
    s.append(svgEl("path", { d: stepPath(keep.map((i) => xs[i]), keep.map((i) => a.agreement[i]), x, y), fill: "none", stroke: c, "stroke-width": 3.5 }));
  });
  s.append(svgEl("line", { x1: x(hist), x2: x(hist), y1: top, y2: bottom, stroke: COLOURS.history, "stroke-width": 2.5, "stroke-dasharray": "8 5" }));
  s.append(svgEl("text", { x: x(hist) + 8, y: bottom - 12, "font-size": 16 }, `history: ${longDate(res.historical_agreement)}`));
  const items = [{ kind: "line", colour: COLOURS.question, label: res.arms[0].scenario }];
  if (res.arms[1]) items.push({ kind: "line", colour: COLOURS.reference, label: res.arms[1].scenario });
  legend(s, left + 10, 20, items);
}

// ---- the role play ----

const WORDS = { accept: "Accept", amend: "Ask for amendments", reject: "Reject", attend: "Attend", "stay away": "Stay away",
  arm: "Arm the government", "stand aside": "Stand aside", press: "Press both sides for peace", "as the rule": "As the model would",
  convene: "Convene a round", wait: "Wait", place: "Table this text" };
const ROLES = { uto: "the UTO", government: "the government", russia: "Russia", un: "the UN envoy" };
let game = null; // {auto: "meeting" | "all" | null, where: key of the current meeting, asked: n}

async function playStart() {
  $("error").hidden = true;
  state.seeds = $("seeds").value;
  state.seed = $("seed").value;
  writeAddress();
  const run = Math.floor(+$("play-run").value);
  if (!(run >= 0 && run < +state.seeds)) {
    showError(`run ${$("play-run").value}: expected one of the question's runs, 0 to ${state.seeds - 1}`);
    return;
  }
  game = { auto: null, where: "", asked: 0, role: $("role").value };
  $("game-end").hidden = true;
  $("play-start").disabled = true;
  $("run").disabled = true;
  document.body.dataset.state = "playing";
  status(`Playing run ${run} as ${ROLES[game.role]}…`);
  step(await ask({ type: "play-start", query: query(), run, role: game.role }));
}

async function decide(choice) {
  document.body.dataset.state = "deciding";
  step(await ask({ type: "play-decide", choice }));
}

function step(m) {
  let v;
  try {
    v = parsed(m);
  } catch (err) {
    showError(err.message);
    endGame("error");
    return;
  }
  if (v.played) { showPlayed(v.played); return; }
  const a = v.ask, s = a.situation;
  game.asked++;
  const where = `${s.date} ${s.venue}`;
  if (game.auto === "meeting" && where !== game.where) game.auto = null;
  game.where = where;
  if (game.auto) { decide(ruleChoice(a)); return; }
  try {
    showAsk(a);
  } catch (err) {
    showError("The game cannot show this decision: " + err.message);
    endGame("error");
  }
}

// ruleChoice is the choice that leaves the decision to the actor's rule.
const ruleChoice = (a) => a.kind === "stance" || a.kind === "place" ? "as the rule" : a.agent;

function showAsk(a) {
  if (a.kind === "stance") { showPolicy(a); return; }
  if (a.kind === "convene") { showConvene(a); return; }
  if (a.kind === "place") { showPlace(a); return; }
  const s = a.situation;
  $("game").hidden = false;
  $("game-auto-meeting").hidden = false;
  const party = ROLES[game.role];
  $("game-title").textContent = a.kind === "attend" ? "Do you attend?" : `Your answer to draft ${s.draft + 1}`;
  $("game-where").textContent = `${longDate(s.date)}, ${s.venue || "the talks"} (${s.meeting})` +
    (a.kind === "attend" ? `: the host backs the other side. Does ${party}'s delegation come?` : `: ${s.issue_name}.`);
  const box = $("game-text");
  box.replaceChildren();
  if (a.kind === "answer") box.append(textBar(s));
  const pct = (x) => `${Math.round(100 * x)}%`;
  const facts = [
    `Your willingness to settle: ${pct(s.willingness)}`,
    `Your reading of your chance of winning by force: ${pct(s.prospect)}`,
    `Your strength: ${s.strength.toFixed(2)} (1 = the government's army in 1993); resources ${pct(s.resources)}`,
    `The opposition holds ${pct(s.opposition_control)} of the contested districts`,
    `Ceasefire: ${s.ceasefire}`,
    `Pressure on you from patrons and the UN: ${s.pressure.toFixed(2)}`,
    `Texts signed so far: ${s.signed ? s.signed.length : 0}`,
  ];
  askChoice(facts, a.kind === "attend" ? ["attend", "stay away"] : ["accept", "amend", "reject"], a.agent,
    `The model's delegation would: ${WORDS[a.agent].toLowerCase()}.`, a.kind === "answer" ? s.draft : "");
  $("game-auto-meeting").onclick = () => { game.auto = "meeting"; decide(a.agent); };
  $("game-auto-all").onclick = () => { game.auto = "all"; decide(a.agent); };
  document.body.dataset.state = "asking";
}

// askChoice shows the facts of a decision and a button per choice; rule is the
// choice that leaves it to the model, hint what the model would do (shown
// if asked for), draft the draft's index ("" if none).
function askChoice(facts, choices, rule, hint, draft) {
  $("game-state").replaceChildren(...facts.map((f) => { const li = document.createElement("li"); li.textContent = f; return li; }));
  $("game-agent").textContent = $("show-agent").checked ? hint : "";
  const buttons = $("game-buttons");
  buttons.replaceChildren();
  buttons.dataset.agent = rule;
  buttons.dataset.draft = draft;
  buttons.dataset.kind = "";
  for (const c of choices) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = WORDS[c];
    b.dataset.choice = c;
    b.onclick = () => decide(c);
    buttons.append(b);
  }
  $("game-count").textContent = `Decision ${game.asked}.`;
}

// showPolicy asks for Russia's stance for the next four weeks.
function showPolicy(a) {
  const s = a.situation;
  $("game").hidden = false;
  $("game-auto-meeting").hidden = true;
  $("game-title").textContent = "Russia's policy for the next four weeks";
  $("game-where").textContent = `${longDate(s.date)}. Russia backs the government. Arm it, stand aside, or press both sides to settle?`;
  $("game-text").replaceChildren();
  const pct = (x) => `${Math.round(100 * x)}%`;
  const facts = [
    `Russia's stance as its interests have it now: ${s.stance >= 0 ? "+" : ""}${s.stance.toFixed(2)} (−1 arming, +1 pressing for peace)`,
    `The Taliban's advance in Afghanistan: ${pct(s.taliban)}`,
    `Cost of the war to Russia's border troops: ${s.border_cost.toFixed(2)}`,
    `Instability spilling over from the war: ${s.instability.toFixed(2)}`,
    `The opposition holds ${pct(s.opposition_control)} of the contested districts`,
    `Willingness to settle: the government ${pct(s.parties_willingness[0])}, the UTO ${pct(s.parties_willingness[1])}`,
    `Ceasefire: ${s.ceasefire}; texts signed so far: ${s.signed ? s.signed.length : 0}`,
  ];
  askChoice(facts, ["arm", "stand aside", "press", "as the rule"], "as the rule",
    `The model's Russia would: ${WORDS[a.agent].toLowerCase()}.`, "");
  $("game-auto-all").onclick = () => { game.auto = "all"; decide("as the rule"); };
  document.body.dataset.state = "asking";
}

// showConvene asks the envoy whether to call the parties to a round this
// week (the endogenous calendar).
function showConvene(a) {
  const s = a.situation;
  $("game").hidden = false;
  $("game-auto-meeting").hidden = true;
  $("game-title").textContent = "Convene the parties?";
  $("game-where").textContent = `${longDate(s.date)}. ` + (s.weeks_since_meeting > 0 ?
    `The last meeting ended ${Math.round(s.weeks_since_meeting)} weeks ago.` : "The parties have not met yet.") +
    " Call a round now, or wait?";
  $("game-text").replaceChildren();
  const pct = (x) => `${Math.round(100 * x)}%`;
  const facts = [
    `Willingness to settle: the government ${pct(s.parties_willingness[0])}, the UTO ${pct(s.parties_willingness[1])}`,
    `The opposition holds ${pct(s.opposition_control)} of the contested districts`,
    `Ceasefire: ${s.ceasefire}`,
    `Texts signed so far: ${s.signed ? s.signed.length : 0}${s.signed ? " (" + s.signed.join(", ") + ")" : ""}`,
  ];
  askChoice(facts, ["convene", "wait"], a.agent,
    a.agent === "convene" ? `The model's envoy would convene: ${s.why}.` : "The model's envoy would wait.", "");
  $("game-buttons").dataset.kind = "convene";
  $("game-auto-all").onclick = () => { game.auto = "all"; decide(a.agent); };
  document.body.dataset.state = "asking";
}

// showPlace asks the envoy where to place a draft: a slider along the
// issue's axis, with both parties' positions and how far the envoy reckons
// each can go.
function showPlace(a) {
  const s = a.situation;
  $("game").hidden = false;
  $("game-auto-meeting").hidden = false;
  $("game-title").textContent = `Your draft ${s.draft + 1}: ${s.issue_name}`;
  $("game-where").textContent = `${longDate(s.date)}, ${s.venue || "the talks"} (${s.meeting}). Where do you place the text?`;
  const box = $("game-text");
  box.replaceChildren();
  const start = Math.round(50 * (s.parties_ideals[0] + s.parties_ideals[1])) / 100;
  const slider = Object.assign(document.createElement("input"), { type: "range", id: "game-point", min: 0, max: 1, step: 0.01, value: start });
  slider.setAttribute("aria-label", "Where the draft lies, from the government's text (0) to the opposition's (1)");
  const bar = () => draftBar(s, +slider.value, $("show-agent").checked ? +a.agent : null);
  box.append(bar(), slider);
  slider.addEventListener("input", () => box.firstChild.replaceWith(bar()));
  const pct = (x) => `${Math.round(100 * x)}%`;
  const facts = [
    `Willingness to settle: the government ${pct(s.parties_willingness[0])}, the UTO ${pct(s.parties_willingness[1])}`,
    `The opposition holds ${pct(s.opposition_control)} of the contested districts; ceasefire: ${s.ceasefire}`,
    "Shaded: how far you reckon each delegation can go today. A text inside both is likely to be taken; " +
      "outside, a delegation asks for amendments or rejects it, and you learn from its answer.",
  ];
  askChoice(facts, ["place", "as the rule"], "as the rule", `The model's envoy would place it at ${a.agent}.`, s.draft);
  $("game-buttons").dataset.kind = "place";
  $("game-buttons").querySelector('button[data-choice="place"]').onclick = () => decide(String(+slider.value));
  $("game-buttons").querySelector('button[data-choice="as the rule"]').textContent = "As the model's envoy would";
  $("game-auto-meeting").onclick = () => { game.auto = "meeting"; decide("as the rule"); };
  $("game-auto-all").onclick = () => { game.auto = "all"; decide("as the rule"); };
  document.body.dataset.state = "asking";
}

// draftBar draws the issue's axis for the envoy: each party's position and
// reach, the draft where the slider puts it, and (if asked for) where the
// model's envoy would put it.
function draftBar(s, at, rule) {
  const svg = svgEl("svg", { viewBox: "0 0 1000 150", role: "img", "aria-label": "The draft and the parties' positions on the issue's axis" });
  const x = (v) => 40 + 920 * Math.max(0, Math.min(1, v));
  svg.append(svgEl("line", { x1: x(0), x2: x(1), y1: 75, y2: 75, stroke: "#444", "stroke-width": 3 }));
  const g = svgEl("g", { "font-size": 17 });
  [["the government", COLOURS.reference, 52], ["the UTO", COLOURS.question, 98]].forEach(([who, colour, y], i) => {
    const ideal = s.parties_ideals[i], reach = s.parties_reach[i];
    svg.append(svgEl("rect", { x: x(ideal - reach), y: y - 10, width: x(ideal + reach) - x(ideal - reach), height: 20, fill: colour, opacity: 0.25 }));
    svg.append(svgEl("circle", { cx: x(ideal), cy: y, r: 8, fill: colour }));
    g.append(svgEl("text", { x: x(ideal), y: i === 0 ? y - 16 : y + 30, "text-anchor": "middle", fill: colour }, who));
  });
  if (rule !== null) svg.append(svgEl("line", { x1: x(rule), x2: x(rule), y1: 35, y2: 115, stroke: "#555", "stroke-width": 2, "stroke-dasharray": "4 4" }));
  svg.append(svgEl("path", { d: `M${x(at)},60 l10,-16 h-20z`, fill: "#b3261e" }));
  g.append(svgEl("text", { x: x(at), y: 20, "text-anchor": "middle", fill: "#b3261e" }, `your draft: ${at.toFixed(2)}`));
  g.append(svgEl("text", { x: x(0), y: 146 }, "the government's text"));
  g.append(svgEl("text", { x: x(1), y: 146, "text-anchor": "end" }, "the opposition's text"));
  svg.append(g);
  return svg;
}

// textBar draws the issue's axis: the draft, the party's position and how
// far its delegation can go today.
function textBar(s) {
  const svg = svgEl("svg", { viewBox: "0 0 1000 118", role: "img", "aria-label": "The draft on the issue's axis" });
  const x = (v) => 40 + 920 * Math.max(0, Math.min(1, v));
  svg.append(svgEl("line", { x1: x(0), x2: x(1), y1: 55, y2: 55, stroke: "#444", "stroke-width": 3 }));
  svg.append(svgEl("rect", { x: x(s.ideal - s.limit), y: 40, width: x(s.ideal + s.limit) - x(s.ideal - s.limit), height: 30, fill: COLOURS.question, opacity: 0.25 }));
  svg.append(svgEl("circle", { cx: x(s.ideal), cy: 55, r: 9, fill: COLOURS.question }));
  svg.append(svgEl("path", { d: `M${x(s.text)},38 l10,-16 h-20z`, fill: "#b3261e" }));
  const g = svgEl("g", { "font-size": 17 });
  g.append(svgEl("text", { x: x(0), y: 112 }, "the government's text"));
  g.append(svgEl("text", { x: x(1), y: 112, "text-anchor": "end" }, "the opposition's text"));
  g.append(svgEl("text", { x: x(s.text), y: 16, "text-anchor": "middle", fill: "#b3261e" }, "the draft"));
  g.append(svgEl("text", { x: x(s.ideal), y: 90, "text-anchor": "middle", fill: COLOURS.question }, "you (shaded: how far you can go today)"));
  svg.append(g);
  return svg;
}

function showPlayed(p) {
  endGame("played");
  $("game-end").hidden = false;
  const turning = p.turning_points || [];
  const ga = p.table.milestones.find((r) => r.id === "general_agreement");
  $("game-summary").textContent = `${p.game.decisions.length} decisions, ${turning.length} of them not the model's. ` +
    (ga && ga.median_date ? `Your run signs the General Agreement on ${longDate(ga.median_date)} (history: ${longDate(ga.historical_date)}).` : "Your run signs no General Agreement within the span.");
  table($("played-milestones"), p.cells, `Your run: ${p.game.scenario}, master seed ${p.game.seed}, run ${p.game.run}`);
  $("turning-points").replaceChildren(...turning.slice(0, 50).map((d) => {
    const li = document.createElement("li");
    const what = d.kind === "attend" ? "the meeting" : d.kind === "stance" ? "Russia's policy" : d.kind === "convene" ? "convening" : d.issue + ", draft " + ((d.draft || 0) + 1);
    const word = (c) => d.kind === "place" ? `place it at ${c}` : WORDS[c].toLowerCase();
    li.textContent = `${longDate(d.date)}: ${what}: you chose “${word(d.choice)}”, the model “${word(d.agent)}”`;
    return li;
  }));
  const json = JSON.stringify(p.game, null, 1);
  lastGame = p.game;
  $("game-save").href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
  document.body.dataset.game = json;
  document.body.dataset.state = "played";
}

function endGame(how) {
  $("game").hidden = true;
  $("play-start").disabled = false;
  $("run").disabled = false;
  status(how === "played" ? "The game is over: your run is below." : "The game stopped.");
  if (how !== "played") document.body.dataset.state = "error";
}

// ---- a class session (tajikpeace serve) ----

// served: the page came from tajikpeace serve, not from a file.
const served = location.protocol === "http:" || location.protocol === "https:";
let lastGame = null;

async function handIn(e) {
  e.preventDefault();
  const out = $("hand-in-result");
  out.textContent = "Handing in…";
  try {
    const res = await fetch("api/games", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: $("hand-in-code").value.trim().toUpperCase(), name: $("hand-in-name").value.trim(), game: lastGame }) });
    const v = await res.json();
    if (!res.ok) throw new Error(v.error || res.statusText);
    out.textContent = `Handed in: game ${v.id} of this session.`;
    document.body.dataset.handedIn = v.id;
  } catch (err) {
    out.textContent = `Not handed in: ${err.message}`;
  }
}

async function debrief() {
  $("error").hidden = true;
  try {
    const res = await fetch("api/games?code=" + encodeURIComponent($("debrief-code").value.trim().toUpperCase()));
    const v = await res.json();
    if (!res.ok) throw new Error(v.error || res.statusText);
    showClass(v.games);
  } catch (err) {
    showError("The class's games: " + err.message);
  }
}

// showClass draws every student's run beside history: a row per
// milestone, a dot per student's date, history's triangle.
function showClass(games) {
  $("debrief").hidden = false;
  const rows = [["name", "role", "scenario", "seed", "run", "General Agreement", "turning points"]];
  for (const g of games) {
    const ga = g.cells.find((r) => r[0] === "general_agreement");
    rows.push([g.name, g.game.role, g.game.scenario, String(g.game.seed), String(g.game.run), ga ? ga[2] : "-", String(g.turning_points)]);
  }
  table($("class-games"), rows, `${games.length} ${games.length === 1 ? "game" : "games"} handed in`);
  if (games.length === 0) { $("fig-class").replaceChildren(); return; }
  const ids = games[0].cells.slice(1).map((r) => r[0]);
  const hist = Object.fromEntries(games[0].cells.slice(1).map((r) => [r[0], r[1]]));
  const left = 260, right = 985, top = 30, rowH = 30;
  const s = frame($("fig-class"), 1000, top + rowH * ids.length + 40, "Every student's run beside history");
  const dates = [];
  for (const g of games) for (const r of g.cells.slice(1)) if (r[2] !== "-") dates.push(ms(r[2]));
  for (const d of Object.values(hist)) if (d !== "-") dates.push(ms(d));
  const lo = Math.min(...dates) - 90 * 864e5, hi = Math.max(...dates) + 90 * 864e5;
  const x = (t) => left + (right - left) * (t - lo) / (hi - lo);
  timeAxis(s, x, lo, hi, top - 6, top + rowH * ids.length);
  const g = svgEl("g", { "font-size": 16 });
  // The ensemble on show, when it asks the class's question: its 10-90%
  // bar and median under the students' dots.
  const scenario = games[0].game.scenario;
  const ens = lastResult && lastResult.arms.find((a) => a.scenario === scenario && a.table.seed === games[0].game.seed);
  ids.forEach((id, i) => {
    const y = top + rowH * i + rowH / 2;
    g.append(svgEl("text", { x: left - 10, y: y + 5, "text-anchor": "end" }, id));
    const row = ens && ens.table.milestones.find((r) => r.id === id);
    if (row && row.q10_date) {
      const to = row.q90_date ? ms(row.q90_date) : hi;
      g.append(svgEl("line", { x1: x(Math.max(lo, ms(row.q10_date))), x2: x(Math.min(hi, to)), y1: y, y2: y, stroke: COLOURS.reference, "stroke-width": 8, opacity: 0.35, "stroke-linecap": "round" }));
      if (row.median_date) g.append(svgEl("line", { x1: x(ms(row.median_date)), x2: x(ms(row.median_date)), y1: y - 9, y2: y + 9, stroke: COLOURS.reference, "stroke-width": 3 }));
    }
    for (const game of games) {
      const d = game.cells.find((r) => r[0] === id)[2];
      if (d !== "-") g.append(svgEl("circle", { cx: x(ms(d)), cy: y, r: 6, fill: COLOURS.question, opacity: 0.5 }));
    }
    if (hist[id] !== "-") g.append(svgEl("path", { d: `M${x(ms(hist[id]))},${y - 9} l7,12 h-14z`, fill: COLOURS.history }));
  });
  s.append(g);
  const items = [{ kind: "dot", colour: COLOURS.question, label: "a student's run" }, { kind: "triangle", colour: COLOURS.history, label: "history" }];
  if (ens) items.push({ kind: "line", colour: COLOURS.reference, label: `${scenario}: the model's runs (median, 10–90%)` });
  legend(s, left - 200, 18, items);
  document.body.dataset.state = "debrief";
}

// ---- start ----

async function main() {
  $("run").disabled = true;
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("stop").addEventListener("click", stop);
  $("play-start").addEventListener("click", playStart);
  for (const el of document.querySelectorAll(".served")) el.hidden = !served;
  $("hand-in").addEventListener("submit", handIn);
  $("debrief-show").addEventListener("click", debrief);
  $("reset").addEventListener("click", async () => { state.sets.clear(); await describe(); markStale(); });
  $("scenario").addEventListener("change", async () => { state.scenario = $("scenario").value; state.sets.clear(); await describe(); markStale(); });
  $("ref").addEventListener("change", () => { state.ref = $("ref").value; writeAddress(); markStale(); });
  for (const id of ["seeds", "seed"]) $(id).addEventListener("change", () => { state[id] = $(id).value; writeAddress(); markStale(); });
  let m;
  try {
    m = await startWorker();
    catalogue = parsed(m);
  } catch (err) {
    showError("The model did not load: " + err.message);
    document.body.dataset.state = "error";
    return;
  }
  fillScenarios();
  state = readAddress();
  if (!catalogue.some((d) => d.name === state.scenario)) {
    showError(`scenario "${state.scenario}": expected a built-in scenario (${catalogue.map((d) => d.name).join(", ")})`);
    state.scenario = "baseline";
    state.sets.clear();
    await describe();
    $("run").disabled = false;
    status("The address's question could not be run.");
    document.body.dataset.state = "error";
    return;
  }
  const ok = await describe();
  $("run").disabled = false;
  if (!ok) {
    status("The address's question could not be run.");
    document.body.dataset.state = "error";
    return;
  }
  run();
}

main();
