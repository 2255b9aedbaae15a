# The two commands a newcomer needs. Everything else is CMake (see CMakePresets.json).
.PHONY: demo test deps build fuzz clean

EXAMPLE ?= examples/south-yorkshire
OUT     ?= out/south-yorkshire
NETROTA := build/release/cli/netrota

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j2

demo: build
	$(NETROTA) check --quiet $(EXAMPLE)
	$(NETROTA) solve $(EXAMPLE) --out $(OUT) --time-limit 60
	$(NETROTA) verify $(EXAMPLE) $(OUT)/rota.csv | tail -n 1
	@echo
	@echo "Outputs are in $(OUT)/:"
	@echo "  $(OUT)/rota.csv       one row per duty (open in a spreadsheet)"
	@echo "  $(OUT)/summary.json   status, gap, loads per person and trust"
	@echo "  $(OUT)/report.html    the rota at a glance: open it in a browser"
	@echo "  $(OUT)/trusts/*.ics   one calendar feed per trust (the switchboard's view)"
	@echo "  $(OUT)/people/*.ics   one calendar feed per consultant"

# The tests also check the feeds with independent parsers, render the report in Chromium
# and read the MPS file back with glpsol.
TEST_PACKAGES := python3-icalendar python3-vobject python3-yaml khal chromium glpk-utils

FUZZ_SECONDS ?= 10

test:
	@scripts/install-deps.sh $(TEST_PACKAGES)
	cmake --workflow --preset ci
	cmake --workflow --preset ci-asan
	$(MAKE) --no-print-directory fuzz

# Every reader under libFuzzer with ASan/UBSan, FUZZ_SECONDS each, on its
# committed corpus; any finding fails (docs/reliability.md).
fuzz:
	@scripts/install-deps.sh clang libclang-rt-14-dev
	CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DNETROTA_FUZZ=ON -DNETROTA_TESTS=OFF >/dev/null
	cmake --build build/fuzz -j2 --target fuzz_all
	fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build out
