#!/bin/sh
# bench/import.sh -- the WordPress import benchmark: a generated export
# (bench/wxr.c) imported with `nutgraf import wordpress` under
# /usr/bin/time -v, reporting posts/s, comments/s, wall time and peak
# RSS (the import streams, so RSS must not grow with the file).
#
#   bench/import.sh [BUILD] [POSTS] [COMMENTS] [ATTACHMENTS] [uploads]
#
# Defaults: build, 100000 posts, 1000000 comments, 10000 attachments.
# With "uploads" the attachments' files are there too (--uploads: one
# 1200x800 JPEG made with vips(1), linked under each attachment's
# name): the import reads each one's header and keeps its original
# (media_store_deferred()), and then a server on the imported site
# warms every variant with its background job (jobs/warm.h,
# media_warm = 1): its time and the server's CPU seconds are reported
# too.  Without "uploads" they are listed as missing.  The figures,
# with the load average before the run, are appended to build/bench.md.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
POSTS=${2:-100000}
COMMENTS=${3:-1000000}
ATTS=${4:-10000}
UPLOADS=${5:-}
OUT=build/bench.md
TMP=$(mktemp -d /tmp/nutgraf-bench-import.XXXXXX)
SRV=""
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT

"$BUILD/bench/nutgraf-bench-wxr" "$TMP/site.xml" "$POSTS" "$COMMENTS" "$ATTS"
SIZE=$(stat -c %s "$TMP/site.xml")
set --
if [ "$UPLOADS" = uploads ]; then
	mkdir -p "$TMP/uploads/2020/01"
	vips black "$TMP/one.jpg[Q=80]" 1200 800 --bands 3
	k=1
	while [ "$k" -le "$ATTS" ]; do
		ln "$TMP/one.jpg" "$TMP/uploads/2020/01/p$k.jpg"
		k=$((k + 1))
	done
	set -- --uploads "$TMP/uploads"
fi
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -v "$BUILD/nutgraf" import wordpress "$TMP/site.xml" \
    --data "$TMP/data" "$@" >"$TMP/summary" 2>"$TMP/time" || {
	cat "$TMP/time" >&2
	exit 1
}
secs=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$TMP/time")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$TMP/time")
posts=$(awk '$1 == "articles" { print $2 + $3 }' "$TMP/summary")
comments=$(awk '$1 == "comments" { print $2 + $3 }' "$TMP/summary")
media=$(awk '$1 == "media" { print $2 + $3 }' "$TMP/summary")
{
	echo
	echo "## WordPress import ($(date -u +%Y-%m-%d), bench/import.sh $BUILD $POSTS $COMMENTS $ATTS${UPLOADS:+ uploads}; load average before: $LOAD)"
	echo
	echo "| file | posts | comments | media imported | wall | CPU | posts/s | comments/s | peak RSS |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -v sz="$SIZE" -v p="$posts" -v c="$comments" -v m="$media" \
	    -v s="$secs" -v r="$rss" -v u="$cpu" \
	    'BEGIN { printf "| %.0f MB | %d | %d | %d | %.1f s | %.1f s | %.0f | %.0f | %.0f MB |\n",
	    sz / 1048576, p, c, m, s, u, p / s, c / s, r / 1024 }'
} | tee -a "$OUT"
[ "$UPLOADS" = uploads ] || exit 0

# The variants: a server on the imported site, its job looking every
# second, until it logs that it made the last pending image's.
printf 'media_warm = 1\ncache_max_bytes = 0\n' >"$TMP/warm.ini"
t0=$(date +%s.%N)
"$BUILD/nutgraf" serve --listen 127.0.0.1:0 --data "$TMP/data" \
    --config "$TMP/warm.ini" >"$TMP/serve.log" 2>&1 &
SRV=$!
until grep -q 'media: variants of .* made' "$TMP/serve.log"; do
	kill -0 "$SRV" 2>/dev/null || {
		cat "$TMP/serve.log" >&2
		exit 1
	}
	sleep 1
done
t1=$(date +%s.%N)
# utime + stime of the server, in clock ticks.
ticks=$(awk '{ print $14 + $15 }' "/proc/$SRV/stat")
hz=$(getconf CLK_TCK)
kill "$SRV"
wait "$SRV" 2>/dev/null || true
SRV=""
files=$(find "$TMP/data/media" -type f ! -name orig | wc -l)
line=$(grep -o 'media: variants of .* made .*' "$TMP/serve.log" | tail -1)
{
	echo
	echo "Variants warmed after the import by the server's background job (media_warm = 1, nice 19): $line;"
	awk -v a="$t0" -v b="$t1" -v t="$ticks" -v hz="$hz" -v f="$files" -v m="$media" \
	    'BEGIN { printf "%d variant files for %d images, %.1f s from the server'"'"'s start to the last, %.1f CPU-s in the server (%.3f CPU-s an image).\n",
	    f, m, b - a, t / hz, (m > 0 ? t / hz / m : 0) }'
} | tee -a "$OUT"
