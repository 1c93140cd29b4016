#!/bin/sh
# search.sh -- search latency p50/p99 on a 100,000-article database.
#
#	bench/search.sh [BUILD_DIR [ARTICLES [QUERIES]]]
#
# Builds the database once with nutgraf-bench-gen (deterministic: the
# same arguments give the same content; every article goes through the
# store, so the search index and related articles are built as the
# newsroom would build them) into BUILD_DIR/bench-search-ARTICLES/, then
# runs nutgraf-bench-search on it.  Generating 100,000 articles takes a
# while (tens of minutes on a small machine); later runs reuse it.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-100000}
QUERIES=${3:-1000}
DATA=$BUILD/bench-search-$N

if [ ! -x "$BUILD/bench/nutgraf-bench-gen" ] ||
    [ ! -x "$BUILD/bench/nutgraf-bench-search" ]; then
	ninja -C "$BUILD" bench/nutgraf-bench-gen bench/nutgraf-bench-search
fi
if [ ! -f "$DATA/done" ]; then
	rm -rf "$DATA"
	echo "generating $N articles into $DATA ..."
	start=$(date +%s)
	"$BUILD/bench/nutgraf-bench-gen" "$DATA" "$N" 0 2000 >/dev/null
	echo "generated in $(( $(date +%s) - start ))s"
	touch "$DATA/done"
fi
"$BUILD/bench/nutgraf-bench-search" "$DATA/nutgraf.db" "$QUERIES"
