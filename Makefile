# The two commands a newcomer needs. Everything else is CMake (see CMakePresets.json).
.PHONY: demo test deps build clean

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

# The tests also check the feeds with independent parsers and render the report in Chromium.
TEST_PACKAGES := python3-icalendar python3-vobject python3-yaml khal chromium

test:
	@scripts/install-deps.sh $(TEST_PACKAGES)
	cmake --workflow --preset ci
	cmake --workflow --preset ci-asan

clean:
	rm -rf build out
