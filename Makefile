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
	$(NETROTA) check $(EXAMPLE)

test: deps
	cmake --workflow --preset ci
	cmake --workflow --preset ci-asan

clean:
	rm -rf build out
