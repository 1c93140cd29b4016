#!/bin/sh
# search.sh -- search latency p50/p99 on a 100,000-article database.
#
#	bench/search.sh [BUILD_DIR [ARTICLES [QUERIES]]]
#
# Uses the archive `make bench` uses, build/bench-data/big (or
# build/bench-data/search-ARTICLES for another size), made once by
# bench/gendb.sh with nutgraf-bench-gen (deterministic: every article
# goes through the store, so the search index and related articles are
# built as the newsroom would build them), then runs
# nutgraf-bench-search on it.  Generating 100,000 articles
# takes a while (tens of minutes on a small machine); later runs reuse
# it.  Give an optimised BUILD_DIR (build-bench) for figures.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-100000}
QUERIES=${3:-1000}
[ "$N" = 100000 ] && DATA=build/bench-data/big ||
    DATA=build/bench-data/search-$N

ninja -C "$BUILD" bench/nutgraf-bench-gen bench/nutgraf-bench-search \
    >/dev/null
bench/gendb.sh "$BUILD/bench/nutgraf-bench-gen" "$DATA" "$N" 0 500
# Read in place (store_search only reads; opening it applies newer
# migrations once, as the server does in bench/run.sh).
"$BUILD/bench/nutgraf-bench-search" "$DATA/data/nutgraf.db" "$QUERIES"
