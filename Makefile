# tajikpeace: the README's two commands are `make run` (or
# `go run ./cmd/tajikpeace run`) and `make test`. CI (.ci/run) calls `make test`.

GO       ?= go
# Fuzzing budgets are counts of executions (three to six seconds each on the
# 2-core machine), not durations: with a duration, Go 1.26's fuzz coordinator
# can fail a target with "context deadline exceeded" at the deadline on a
# busy machine, with no failing input (golang/go#75804, fixed in Go 1.27;
# it failed CI's FuzzParseShard on 2026-12-02). FUZZTIME=30s (or 1000x)
# replaces every budget.
FUZZTIME ?=
fuzzbudget = $(if $(FUZZTIME),$(FUZZTIME),$(1))

.PHONY: all build run classroom dist test vet fmt-check fuzz crosscheck ensembles cliffs claims bench golden figures posterior-figures lessons robust handouts clean

all: build

build:
	$(GO) build -buildvcs=true -o tajikpeace ./cmd/tajikpeace

# Run the embedded historical baseline once and write out/baseline.
run:
	$(GO) run ./cmd/tajikpeace run --force

# The classroom page: out/classroom/index.html, the model compiled to
# WebAssembly in one file that runs in any browser, from file:// too.
classroom:
	$(GO) run ./cmd/tajikpeace classroom --out out/classroom --force

# Release binaries for students' and lecturers' machines, no Go needed:
# Linux, macOS and Windows on amd64 and arm64, each stamped with the
# checkout's version and revision and carrying the classroom page's
# compiled model (tag classroom_wasm), with their SHA-256 sums.
DIST_TARGETS = linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
dist:
	rm -rf dist && mkdir -p dist cmd/tajikpeace/classroom
	GOOS=js GOARCH=wasm CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=false -ldflags='-s -w' -o dist/model.wasm ./cmd/tajikpeace-wasm
	gzip -9 -n -c dist/model.wasm >cmd/tajikpeace/classroom/model.wasm.gz && rm dist/model.wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" cmd/tajikpeace/classroom/
	for t in $(DIST_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		GOOS=$$os GOARCH=$$arch CGO_ENABLED=0 $(GO) build -buildvcs=true -tags classroom_wasm -ldflags='-s -w' \
			-o dist/tajikpeace-$$os-$$arch$$ext ./cmd/tajikpeace || exit 1; \
	done
	cd dist && sha256sum tajikpeace-* >SHA256SUMS
	@echo "dist/: $$(ls dist | wc -l) files; $$(./dist/tajikpeace-$$($(GO) env GOOS)-$$($(GO) env GOARCH) --version 2>/dev/null || true)"

# Everything CI checks: formatting, vet, the test suite twice (with the
# race detector, then without it), a short run of each fuzz target, and the
# cross-architecture check. Under -race, tests whose subject runs on one
# goroutine (figures, golden files, the fingerprint) and the heavy
# statistical ensembles skip (internal/racetest): the detector slows them
# five to fifteen times and can find nothing in them. The second pass runs
# every test without it. The timeouts are explicit and generous: go test's
# default of 10 minutes a package failed cmd/tajikpeace on a busy shared
# machine (issue #12).
test: fmt-check vet
	$(GO) test -race -count=1 -timeout 40m ./...
	$(GO) test -count=1 -timeout 40m ./...
	$(MAKE) fuzz FUZZTIME=$(FUZZTIME)
	$(MAKE) crosscheck

# Only the heavy statistical ensembles, without -race (make test runs them
# in its second pass): the no-cliffs sweeps, at the baseline and under the posterior
# (docs/model.md section 12; its table with -v), no dead end in 1,000 runs of
# every built-in scenario, each causal channel's direction, the fit under
# the built-in posterior and the forecast from 1995 (docs/model.md section
# 14 must say what they give), and SMC's synthetic recovery of ten
# parameters (a few minutes).
ensembles:
	$(GO) test -count=1 -timeout 40m -run '^(TestNoCliffs|TestCliffsUnderThePosterior|TestNoBuiltinScenarioHasADeadEnd|TestEachChannelDoesItsOwnWork|TestForecastFrom1995|TestPosteriorFit|TestSMCRecoversTenParameters)$$' . ./agents ./cmd/tajikpeace

cliffs:
	$(GO) test -count=1 -run '^(TestNoCliffs|TestCliffsUnderThePosterior)$$' -v .

# Byte-identical output on other architectures (arm64, arm, ppc64le, s390x,
# riscv64, loong64 under qemu-user; amd64 with GOAMD64=v3): every command's
# files, figures included (PNGs to within 8 levels of antialiasing in at
# most 0.5% of the pixels: README, "Reproducibility"). Skipped, with a message, where
# qemu-user is missing.
crosscheck:
	bash .ci/crosscheck

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

fuzz:
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(call fuzzbudget,4000x)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzSet$$' -fuzztime $(call fuzzbudget,250x)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzTemplate$$' -fuzztime $(call fuzzbudget,200x)
	$(GO) test ./sweep -run '^$$' -fuzz '^FuzzParseVary$$' -fuzztime $(call fuzzbudget,200000x)
	$(GO) test ./sweep -run '^$$' -fuzz '^FuzzParseShard$$' -fuzztime $(call fuzzbudget,200000x)
	$(GO) test ./studies -run '^$$' -fuzz '^FuzzReadParams$$' -fuzztime $(call fuzzbudget,4000x)
	$(GO) test ./studies -run '^$$' -fuzz '^FuzzParseOutcome$$' -fuzztime $(call fuzzbudget,80000x)
	$(GO) test ./studies -run '^$$' -fuzz '^FuzzParsePosterior$$' -fuzztime $(call fuzzbudget,50000x)
	$(GO) test ./classroom -run '^$$' -fuzz '^FuzzParseQuery$$' -fuzztime $(call fuzzbudget,20000x)
	$(GO) test ./play -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(call fuzzbudget,20000x)

# Speed and memory: one baseline run, and an ensemble on all cores.
bench:
	$(GO) test ./agents ./cmd/tajikpeace ./plots ./scenarios -run '^$$' -bench . -benchmem

# Rewrite the golden outputs after an intended change of the model (or, for
# plots, of the figures). internal/detmath's fingerprint is not among them:
# it changes only if the portable math does.
golden:
	$(GO) test ./cmd/tajikpeace -run TestGoldenRun -update
	$(GO) test ./sim -run TestFingerprint -update
	$(GO) test ./plots -update

# The README's figures: the embedded baseline over 1,000 seeds.
figures:
	$(GO) run ./cmd/tajikpeace run baseline --seeds 1000 --seed 1 --out out/readme --force
	mkdir -p docs/figures
	cp out/readme/timeline.png docs/figures/baseline-timeline.png
	cp out/readme/progress.png docs/figures/baseline-progress.png

# docs/model.md section 14's figures: the endogenous calendar under the
# built-in posterior (the posterior-predictive check: each milestone's
# simulated 10-90% against history) and under posterior-1995 (the forecast
# from 1995). The pairs plot is the calibration's own (pairs.png of the
# command in scenarios/posteriors/README.md).
posterior-figures:
	$(GO) run ./cmd/tajikpeace run endogenous --posterior posterior --seeds 1000 --seed 1 --out out/posterior-fit --force
	$(GO) run ./cmd/tajikpeace run endogenous --posterior posterior-1995 --seeds 1000 --seed 1 --out out/forecast-1995 --force
	mkdir -p docs/figures
	cp out/posterior-fit/timeline.png docs/figures/posterior-timeline.png
	cp out/forecast-1995/timeline.png docs/figures/forecast-1995-timeline.png

# The teaching guide's comparisons and figures (docs/teaching.md). The
# counterfactuals run on the endogenous calendar, so they are compared with
# it; lesson 3 asks what the historical calendar itself does. Every run
# draws its parameters from the built-in posterior (run i of each scenario
# the same set and seed), so no interval covers the seeds alone.
LESSON = $(GO) run ./cmd/tajikpeace compare --seeds 1000 --seed 1 --force --posterior posterior
lessons:
	$(LESSON) endogenous no-taliban massoud-supplies russia-arms early-russia --out out/lesson1
	$(LESSON) endogenous no-observers parties-draft no-dialogue no-leaders strong-government --out out/lesson2
	$(LESSON) baseline endogenous --out out/lesson3
	$(LESSON) endogenous nrm-admitted --out out/lesson4
	$(LESSON) endogenous nrm-admitted docs/lessons/nrm-flexible.yaml --out out/lesson4-flexible
	mkdir -p docs/figures
	for n in 1 2 3 4; do \
		cp out/lesson$$n/compare-progress.png docs/figures/lesson$$n-progress.png; \
		cp out/lesson$$n/compare-outcomes.png docs/figures/lesson$$n-outcomes.png; \
		cp out/lesson$$n/compare.md docs/figures/lesson$$n-table.md; \
	done
	cp out/lesson4-flexible/compare.md docs/figures/lesson4-flexible-table.md
	$(MAKE) robust
	$(MAKE) handouts

# The students' handouts (docs/handouts/): each lesson of docs/teaching.md
# without the lecturer's parts, with its figures and table, and the timeline.
handouts:
	$(GO) test ./internal/handout -run TestHandoutsFollowTheGuide -count=1 -update

# docs/teaching.md's table under parameter uncertainty: every counterfactual
# against the endogenous calendar, run i of each under the same set drawn
# from the built-in posterior and the same seed.
robust:
	$(LESSON) endogenous baseline no-taliban massoud-supplies russia-arms early-russia no-observers parties-draft \
		no-dialogue no-leaders strong-government nrm-admitted --out out/robust
	mkdir -p docs/figures
	cp out/robust/compare.md docs/figures/robust-table.md

# docs/model.md section 11: every built-in counterfactual and every
# switched-off channel (docs/claims/) against the endogenous calendar.
CLAIMS = $(GO) run ./cmd/tajikpeace compare --seeds 1000 --force
claims:
	$(CLAIMS) --seed 1 endogenous no-taliban massoud-supplies russia-arms early-russia no-observers parties-draft no-dialogue no-leaders strong-government nrm-admitted --out out/claims-builtin
	$(CLAIMS) --seed 1 endogenous docs/claims/off-*.yaml --out out/claims-channels
	$(CLAIMS) --seed 2 endogenous no-taliban massoud-supplies russia-arms early-russia no-observers parties-draft no-dialogue no-leaders strong-government nrm-admitted --out out/claims-builtin-seed2
	$(CLAIMS) --seed 2 endogenous docs/claims/off-*.yaml --out out/claims-channels-seed2

clean:
	rm -rf tajikpeace out dist cmd/tajikpeace/classroom
