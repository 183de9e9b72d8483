# buurt: the README's two commands end here.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SHARED ?= ../shared/geodata
OUT ?= out

.PHONY: demo tour test build release unit-tests real-data-check house-rules bench sample-data clean

## Build; make a store of the bundled sample town (groups, rules of conduct, a coordinator) and
## serve it: the public pages and the enrollment form at http://127.0.0.1:8080/ (PORT=…). Ctrl-C stops it.
demo: build
	bash tools/demo-serve .build/debug/buurt $(OUT)

## The batch tour: assign every address of the sample town to its group; propose balanced groups
## of about 100 households, check them and draw them.
tour: build
	@mkdir -p $(OUT)
	.build/debug/buurt assign --groups GeoData/sample/wijken.geojson --name-property name \
	  --points GeoData/sample/addresses.csv --output $(OUT)/sample-assigned.csv
	.build/debug/buurt balance --data GeoData/sample --target 100 --output $(OUT)/sample-plan.geojson
	.build/debug/buurt validate $(OUT)/sample-plan.geojson --data GeoData/sample
	.build/debug/buurt diff $(OUT)/sample-plan.geojson --data GeoData/sample --limit 5
	.build/debug/buurt map --data GeoData/sample --groups $(OUT)/sample-plan.geojson --output $(OUT)/sample-plan.svg
	@echo "wrote $(OUT)/sample-assigned.csv, $(OUT)/sample-plan.geojson and $(OUT)/sample-plan.svg"

build:
	$(SWIFT) build --product buurt

release:
	$(SWIFT) build -c release --product buurt

## All tests: house rules, unit and CLI tests (debug), then the real-data checks (release).
test:
	bash tools/test $(SHARED)

unit-tests:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

real-data-check: release
	bash tools/check-real-data $(SHARED)

house-rules:
	bash tools/house-rules

bench:
	bash tools/bench
	bash tools/bench-addressing
	bash tools/bench-store
	bash tools/bench-api
	bash tools/bench-membership
	bash tools/bench-fuzz
	bash tools/bench-signs
	bash tools/bench-planning
	bash tools/bench-assign
	bash tools/bench-pages
	bash tools/bench-desk

## Regenerate the bundled sample town (deterministic).
sample-data:
	$(SWIFT) run buurt-sample-town GeoData/sample

clean:
	rm -rf .build $(OUT)
