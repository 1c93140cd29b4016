# nutgraf -- the two commands of the README, and a few more.
#
#   make           build build/nutgraf
#   make demo      install what is missing, build, serve the demo site
#   make test      install what is missing, build, run every suite
#   make bench     optimised build, generated site, wrk vs nginx
#                  (bench/run.sh; the table lands in build/bench.md)
#
# meson + ninja do the real build; this file only strings steps together.

LISTEN	?= 127.0.0.1:8080
DATA	?= ./demo-data
BUILD	?= build
ASAN	?= build-asan

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN)/build.ninja:
	meson setup $(ASAN) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false

asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)

deps:
	./scripts/install-deps

demo: deps all
	./$(BUILD)/nutgraf serve --demo --data $(DATA) --listen $(LISTEN)

test: deps
	./scripts/run-tests

bench: deps
	./bench/run.sh

fuzz:
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false \
	    --buildtype=debugoptimized 2>/dev/null || true
	ninja -C build-fuzz

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz

.PHONY: all asan deps demo test bench fuzz clean
