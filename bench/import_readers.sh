#!/bin/sh
# bench/import_readers.sh -- a reader's latency while a WordPress import
# runs on the same site (bench/run.sh calls it; it also runs alone):
#
#	bench/import_readers.sh BIN DATA_DIR ARTICLE_PATH WXR_GEN OUT_MD
#
#   1. DATA_DIR (the 10,000-article site) is copied and served;
#      wrk -t2 -c64 --latency on ARTICLE_PATH for BENCH_DURATION: idle
#   2. a generated export (WXR_GEN: bench/wxr.c) of BENCH_IMPORT_POSTS
#      posts and BENCH_IMPORT_COMMENTS comments is imported into the
#      same data directory with `nutgraf import wordpress` while the
#      same wrk runs for the whole import (stopped with SIGINT, which
#      makes wrk print its figures, when the import ends)
#
# The page cache is off (BENCH_IMPORT_CACHE, bytes, default 0): with it
# on, readers are answered from memory and never meet the import's
# writes, which would prove nothing.  Req/s, p50 and p99 of both runs,
# the ratio of the p99s (the target: at most 3) and the import's wall
# time go into OUT_MD as a table.
set -eu
cd "$(dirname "$0")/.."
BIN=$1
SRC=$2
ART=$3
GEN=$4
OUT=$5
DUR=${BENCH_DURATION:-6s}
POSTS=${BENCH_IMPORT_POSTS:-100000}
COMMENTS=${BENCH_IMPORT_COMMENTS:-1000000}
CACHE=${BENCH_IMPORT_CACHE:-0}
TMP=$(mktemp -d /tmp/nutgraf-impread.XXXXXX)
PIDS=""

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
say() { echo "import-readers: $*" >&2; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cp -r "$SRC" "$TMP/data"
cat >"$TMP/site.ini" <<EOC
listen = 127.0.0.1:$PORT
data = $TMP/data
access_log = no
log_level = warn
cache_max_bytes = $CACHE
connections_per_ip = 4096
EOC
"$BIN" serve --config "$TMP/site.ini" &
PIDS="$PIDS $!"
i=0
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 600 ] || { say "the server did not start"; exit 1; }
	sleep 0.1
done
URL="http://127.0.0.1:$PORT$ART"
curl -sf "$URL" >/dev/null || { say "$ART does not answer"; exit 1; }
"$GEN" "$TMP/site.xml" "$POSTS" "$COMMENTS" 0

# figures FILE: "req/s|p50|p99" of a wrk report.
figures() {
	awk '/^Requests\/sec/ { r = $2 } $1 == "50%" { p50 = $2 }
	    $1 == "99%" { p99 = $2 }
	    END { printf "%.0f|%s|%s\n", r, p50, p99 }' "$1"
}
# ms VALUE: a wrk latency ("850.00us", "3.21ms", "1.02s") in ms.
ms() {
	echo "$1" | awk '/us$/ { sub("us", ""); print $1 / 1000; next }
	    /ms$/ { sub("ms", ""); print $1 + 0; next }
	    /s$/ { sub("s", ""); print $1 * 1000 }'
}

wrk -t2 -c64 -d"$DUR" --latency "$URL" >"$TMP/idle" 2>&1
IDLE=$(figures "$TMP/idle")
say "idle: $IDLE"

wrk -t2 -c64 -d3600s --latency "$URL" >"$TMP/busy" 2>&1 &
WRK=$!
PIDS="$PIDS $WRK"
t0=$(date +%s.%N)
"$BIN" import wordpress "$TMP/site.xml" --config "$TMP/site.ini" \
    >"$TMP/summary" 2>"$TMP/import.err" || {
	cat "$TMP/import.err" >&2
	exit 1
}
t1=$(date +%s.%N)
kill -INT "$WRK"
wait "$WRK" || true
BUSY=$(figures "$TMP/busy")
say "during the import: $BUSY"
bad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/busy")
[ -n "$bad" ] && say "$bad non-2xx/3xx responses during the import"
idle99=$(ms "$(echo "$IDLE" | cut -d'|' -f3)")
busy99=$(ms "$(echo "$BUSY" | cut -d'|' -f3)")
{
	echo
	echo "## A reader during a WordPress import ($(date -u +%Y-%m-%d)," \
	    "bench/import_readers.sh: wrk -t2 -c64 on one article page," \
	    "page cache $([ "$CACHE" = 0 ] && echo off || echo "$CACHE bytes");" \
	    "import of $POSTS posts and $COMMENTS comments into the same site," \
	    "load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "| run | req/s | p50 | p99 |"
	echo "|---|---|---|---|"
	echo "| article alone ($DUR) |$IDLE|"
	echo "| article during the import |$BUSY|"
	awk -v i="$idle99" -v b="$busy99" -v t0="$t0" -v t1="$t1" 'BEGIN {
	    r = (i > 0) ? b / i : 0
	    printf "\n- import wall time with readers: %.1f s\n", t1 - t0
	    printf "- p99 during the import / idle p99: %.2f x (target <= 3 x) -- %s\n",
	        r, (r <= 3) ? "met" : "MISSED" }'
} >>"$OUT"
