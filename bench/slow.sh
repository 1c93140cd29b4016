#!/bin/sh
# bench/slow.sh -- `make bench-slow`: slow clients at scale.
#
# A demo server, then bench/slow.c: a normal reader timed alone, then
# SLOW_CONNS slow connections (headers trickled, bodies trickled,
# responses read a byte a second) from SLOW_ADDRS loopback addresses,
# kept open for SLOW_HOLD seconds while the reader is timed again.  The
# server's open descriptors and resident memory are sampled throughout,
# and after the slow side lets go, until the descriptors are back to
# where they began.  The table is appended to build/bench.md (replacing
# an older one), after `make bench`'s.
#
# The deadlines are shortened (10 s) so that they fire within a short
# run; the per-address cap is raised to 128 because 5,000 connections
# from 50 addresses is 100 each, over the default 64 (with the default
# the server refuses the rest, which is the cap doing its job).
#
# Environment: BENCH_BUILD (default build-bench, an optimised build),
# SLOW_CONNS (5000), SLOW_ADDRS (50), SLOW_READ (reader seconds, 20:
# long enough to take in the first round of deadline cuts at 10 s),
# SLOW_HOLD (seconds the slow side stays, 30), SLOW_DEADLINE (10).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BENCH_BUILD:-build-bench}
CONNS=${SLOW_CONNS:-5000}
ADDRS=${SLOW_ADDRS:-50}
READ_S=${SLOW_READ:-20}
HOLD=${SLOW_HOLD:-30}
DL=${SLOW_DEADLINE:-10}
OUT=$ROOT/build/bench.md
TMP=$(mktemp -d /tmp/nutgraf-slow.XXXXXX)
NG_PID=
SAMPLER=

cleanup() {
	[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
	[ -n "$NG_PID" ] && kill "$NG_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

say() { echo "bench-slow: $*" >&2; }

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release -Db_ndebug=true \
	    -Dtests=false >/dev/null
fi
ninja -C "$BUILD" nutgraf bench/nutgraf-bench-slow >/dev/null
BIN=$ROOT/$BUILD/nutgraf
GEN=$ROOT/$BUILD/bench/nutgraf-bench-slow

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/nutgraf.ini" <<-EOF2
listen = 127.0.0.1:$PORT
data = $TMP/data
access_log = no
log_level = warn
connections_per_ip = 128
connections_max = 8192
request_deadline = $DL
send_deadline = $DL
idle_timeout = 15
EOF2
"$BIN" serve --demo --config "$TMP/nutgraf.ini" >"$TMP/server.log" 2>&1 &
NG_PID=$!
i=0
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -gt 600 ] && { say "server did not start"; cat "$TMP/server.log"; exit 1; }
	kill -0 "$NG_PID" 2>/dev/null || { say "server exited"; cat "$TMP/server.log"; exit 1; }
	sleep 0.1
done
# Warm the page cache and the allocator before the baseline.
for i in 1 2 3 4 5 6 7 8 9 10; do curl -s "http://127.0.0.1:$PORT/" >/dev/null; done

fds() { ls "/proc/$NG_PID/fd" 2>/dev/null | wc -l; }
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$NG_PID/status"; }

# One sample every 0.2 s: seconds fds rss_kb.
(
	t0=$(date +%s.%N)
	while kill -0 "$NG_PID" 2>/dev/null; do
		echo "$(since "$t0") $(fds) $(rss)"
		sleep 0.2
	done
) >"$TMP/samples" &
SAMPLER=$!
FD0=$(fds)
RSS0=$(rss)
say "server $NG_PID on port $PORT: $FD0 descriptors, $((RSS0 / 1024)) MB resident"
say "$CONNS slow connections from $ADDRS addresses for ${HOLD}s; reader ${READ_S}s alone, then ${READ_S}s among them"

"$GEN" -p "$PORT" -n "$CONNS" -a "$ADDRS" -g / -b /wp-comments-post.php \
    -r "$READ_S" -t "$HOLD" >"$TMP/result"
FDPEAK=$(awk '$2 > m { m = $2 } END { print m }' "$TMP/samples")
RSSPEAK=$(awk '$3 > m { m = $3 } END { print m }' "$TMP/samples")

# After: how long until the descriptors are back where they began and
# resident memory within a tenth of it (the server trims its heap once
# the connections are gone).
t0=$(date +%s.%N)
i=0
while { [ "$(fds)" -gt $((FD0 + 2)) ] ||
    [ "$(rss)" -gt $((RSS0 + RSS0 / 10)) ]; } && [ "$i" -lt 300 ]; do
	i=$((i + 1))
	sleep 0.1
done
BACK_S=$(since "$t0")
FD1=$(fds)
RSS1=$(rss)

v() { awk -v k="$1" '$1 == k { print $2 }' "$TMP/result"; }
p99_0=$(v baseline_p99_ms)
p99_1=$(v attack_p99_ms)
verdict=$(awk -v a="$p99_0" -v b="${p99_1:-0}" 'BEGIN {
	if (b == 0) print "no figure"; else if (b <= 2 * a) print "yes";
	else print "NO" }')
kindrow() {
	echo "| $1 | $(v "slow_$1_opened") | $(v "slow_$1_cut") | $(v "slow_$1_cut_after_s") s | $(v "slow_$1_refused") |"
}

{
	echo "## Slow clients"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs (shared), build \`$BUILD\`;"
	echo "\`SLOW_CONNS=$CONNS SLOW_ADDRS=$ADDRS SLOW_HOLD=$HOLD SLOW_READ=$READ_S BENCH_BUILD=$BUILD make bench-slow\`."
	echo "Server: demo site, request_deadline = send_deadline = ${DL} s,"
	echo "idle_timeout = 15 s, connections_per_ip = 128, connections_max = 8192."
	echo
	echo "Normal reader (one keep-alive connection, GET /, one after another):"
	echo
	echo "| phase | requests | errors | p50 ms | p99 ms | max ms |"
	echo "|---|---|---|---|---|---|"
	echo "| alone | $(v baseline_requests) | $(v baseline_errors) | $(v baseline_p50_ms) | $p99_0 | $(v baseline_max_ms) |"
	echo "| among $CONNS slow | $(v attack_requests) | $(v attack_errors) | $(v attack_p50_ms) | ${p99_1:--} | $(v attack_max_ms) |"
	echo
	echo "p99 among the slow clients within 2 x alone: **$verdict**."
	echo "All $CONNS open $(v slow_all_open_after_s) s after the start; most open at once: $(v slow_peak_open)."
	echo
	echo "Slow connections by kind (closed ones were opened again at once):"
	echo
	echo "| kind | connections made | cut by the server | after (mean) | refused |"
	echo "|---|---|---|---|---|"
	kindrow header
	kindrow body
	kindrow reader
	echo
	echo "Server resources:"
	echo
	echo "| | descriptors | resident MB |"
	echo "|---|---|---|"
	echo "| before | $FD0 | $((RSS0 / 1024)) |"
	echo "| peak | $FDPEAK | $((RSSPEAK / 1024)) |"
	echo "| after (${BACK_S} s) | $FD1 | $((RSS1 / 1024)) |"
	echo
	echo "Warnings logged: $(grep -c 'past the request deadline' "$TMP/server.log" || true) request-deadline sweeps,"
	echo "$(grep -c 'past the send deadline' "$TMP/server.log" || true) send-deadline sweeps."
} >"$TMP/table"

mkdir -p "$(dirname "$OUT")"
if [ -f "$OUT" ]; then
	# Drop an older section of ours; keep the rest.
	awk '/^## Slow clients$/ { skip = 1; next } /^## / { skip = 0 }
	    !skip' "$OUT" >"$TMP/rest"
	{ cat "$TMP/rest"; echo; cat "$TMP/table"; } >"$OUT"
else
	cp "$TMP/table" "$OUT"
fi
cat "$TMP/table"
