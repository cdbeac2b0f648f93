# Loyal: `make run` sets up, builds and serves on :8080; `make test` sets up, builds with
# sanitizers, starts a throwaway PostgreSQL and runs every test.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
ASAN_DIR := build/asan
PORT ?= 8080
DATA_DIR ?= loyal-data

.PHONY: setup build run test bench clean

setup:
	@scripts/setup.sh

$(RELEASE_DIR)/build.ninja:
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOYAL_BENCHMARKS=ON

build: setup $(RELEASE_DIR)/build.ninja
	ninja -C $(RELEASE_DIR) -j$(JOBS) loyal
	@echo "built $(RELEASE_DIR)/loyal"

run: build
	$(RELEASE_DIR)/loyal serve --db $(DATA_DIR)/loyal.db --port $(PORT) --demo-customers 5000

bench: setup $(RELEASE_DIR)/build.ninja
	ninja -C $(RELEASE_DIR) -j$(JOBS)
	@echo "benchmarks are in $(RELEASE_DIR)/bench/; see bench/README.md"

$(ASAN_DIR)/build.ninja:
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLOYAL_SANITIZE=ON \
	  -DLOYAL_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"

test: setup $(ASAN_DIR)/build.ninja
	ninja -C $(ASAN_DIR) -j$(JOBS)
	scripts/run-tests.sh $(ASAN_DIR)

clean:
	rm -rf build
