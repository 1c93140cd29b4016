#!/bin/sh
# bench/gendb.sh -- a benchmark database, made once and kept.
#
#	bench/gendb.sh GEN DATA_DIR ARTICLES COMMENTS TAGS
#
# Runs nutgraf-bench-gen (GEN) into DATA_DIR/data unless DATA_DIR/stamp
# says it already holds what these arguments and the generator's source
# would make (the generator is deterministic).  bench/run.sh and
# bench/search.sh share it, so `make bench` and a search measurement
# read the same 100,000-article archive, generated once.  A newer
# schema is applied by the migrations when the server opens it.
set -eu
cd "$(dirname "$0")/.."
[ $# -eq 5 ] || { echo "usage: $0 GEN DATA_DIR ARTICLES COMMENTS TAGS" >&2
    exit 2; }
GEN=$1 dir=$2
stamp="$(cat bench/gen.c bench/vocab.c bench/vocab.h | sha256sum |
    cut -c1-16) $3 $4 $5"
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
	exit 0
fi
echo "bench: generating $3 articles, $4 comments, $5 tags into $dir" \
    "(once)" >&2
rm -rf "$dir"
mkdir -p "$dir"
start=$(date +%s)
# Written in memory when there is room: a checkpoint's fsync every
# hundred articles would otherwise set the pace.
work=$dir
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 {
    print $4 }')" -gt $(( $3 * 60 + 2000000 )) ]; then
	work=$(mktemp -d /dev/shm/nutgraf-gen.XXXXXX)
fi
"$GEN" "$work/data" "$3" "$4" "$5" >"$dir/paths"
if [ "$work" != "$dir" ]; then
	mv "$work/data" "$dir/data"
	rmdir "$work"
fi
echo "$stamp" >"$dir/stamp"
echo "bench: generated $dir in $(( $(date +%s) - start ))s" >&2
