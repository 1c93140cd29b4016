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
# name), so every one is decoded and gets its variants; without it
# they are listed as missing.  The figures, with the load average
# before the run, are appended to build/bench.md.
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
POSTS=${2:-100000}
COMMENTS=${3:-1000000}
ATTS=${4:-10000}
UPLOADS=${5:-}
OUT=build/bench.md
TMP=$(mktemp -d /tmp/nutgraf-bench-import.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

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
posts=$(awk '$1 == "articles" { print $2 + $3 }' "$TMP/summary")
comments=$(awk '$1 == "comments" { print $2 + $3 }' "$TMP/summary")
media=$(awk '$1 == "media" { print $2 + $3 }' "$TMP/summary")
{
	echo
	echo "## WordPress import ($(date -u +%Y-%m-%d), bench/import.sh $BUILD $POSTS $COMMENTS $ATTS${UPLOADS:+ uploads}; load average before: $LOAD)"
	echo
	echo "| file | posts | comments | media imported | wall | posts/s | comments/s | peak RSS |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -v sz="$SIZE" -v p="$posts" -v c="$comments" -v m="$media" \
	    -v s="$secs" -v r="$rss" \
	    'BEGIN { printf "| %.0f MB | %d | %d | %d | %.1f s | %.0f | %.0f | %.0f MB |\n",
	    sz / 1048576, p, c, m, s, p / s, c / s, r / 1024 }'
} | tee -a "$OUT"
