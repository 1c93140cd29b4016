#!/bin/sh
# bench/api.sh -- the REST API's speed targets alone, without the rest
# of `make bench`:
#
#	bench/api.sh [BUILD_DIR]
#
# The 10,000-article database of bench/run.sh (build/bench-data/small,
# made by bench/gendb.sh when missing), a fresh copy per server, the
# release build of bench/run.sh (build-bench unless BENCH_BUILD says).
#
#   cached    GET /wp-json/wp/v2/posts?per_page=10 and the benchmarked
#             article, interleaved (article, list, article, ...) over
#             BENCH_API_ROUNDS rounds (default 3) so that whatever else
#             the machine does weighs on both alike; the ratio is the
#             median of the rounds' (target >= 0.8)
#   uncached  the same list with the page cache off (cache_max_bytes =
#             0), as bench/run.sh measures it (target >= 2,000 req/s),
#             and the article beside it
#
# wrk -t2 -c64 -dBENCH_DURATION (default 6s), as bench/run.sh.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${1:-${BENCH_BUILD:-build-bench}}
DUR=${BENCH_DURATION:-6s}
ROUNDS=${BENCH_API_ROUNDS:-3}
WRK="wrk -t2 -c64 -d$DUR --latency"
DATA=$ROOT/build/bench-data
TMP=$(mktemp -d /tmp/nutgraf-bench-api.XXXXXX)
NG_PID=""

cleanup() {
	[ -n "$NG_PID" ] && kill "$NG_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

say() { echo "bench/api: $*" >&2; }

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release -Db_ndebug=true \
	    -Dtests=false >/dev/null
fi
ninja -C "$BUILD" nutgraf bench/nutgraf-bench-gen >/dev/null
BIN=$ROOT/$BUILD/nutgraf
bench/gendb.sh "$ROOT/$BUILD/bench/nutgraf-bench-gen" "$DATA/small" \
    10000 100000 500
ART=$(awk '$1 == "article" { print $2 }' "$DATA/small/paths")
LIST="/wp-json/wp/v2/posts?per_page=10"

port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start CACHE_BYTES: a server on a fresh copy; sets NG_PID and U.
start() {
	rm -rf "$TMP/data"
	cp -r "$DATA/small/data" "$TMP/data"
	p=$(port)
	cat >"$TMP/conf.ini" <<-EOF
	listen = 127.0.0.1:$p
	data = $TMP/data
	access_log = no
	log_level = warn
	cache_max_bytes = $1
	connections_per_ip = 4096
	EOF
	"$BIN" serve --config "$TMP/conf.ini" &
	NG_PID=$!
	U=http://127.0.0.1:$p
	i=0
	until curl -sf "$U/healthz" -o /dev/null; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || { say "the server did not start"; exit 1; }
		sleep 0.1
	done
	curl -sf "$U$ART" -o /dev/null
	curl -sf "$U$LIST" -o /dev/null
}

stop() {
	kill "$NG_PID" 2>/dev/null || true
	wait "$NG_PID" 2>/dev/null || true
	NG_PID=""
}

# The server's CPU time so far, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$NG_PID/stat"; }

# rps URL: one wrk run: "REQ/S US" where US is the server's CPU time per
# request in microseconds, which the other programs sharing the machine
# disturb much less than the rate.
rps() {
	t0=$(ticks)
	$WRK "$1" >"$TMP/wrk" 2>&1 || true
	t1=$(ticks)
	bad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/wrk")
	[ -n "$bad" ] && say "$1: $bad non-2xx/3xx responses"
	awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" '
	/^Requests\/sec/ { r = $2 }
	/ requests in / { n = $1 }
	END { printf "%.0f %.1f\n", r, (n > 0) ? (t1 - t0) / hz * 1e6 / n : 0 }
	' "$TMP/wrk"
}

start 64m
size_art=$(curl -s "$U$ART" | wc -c)
size_list=$(curl -s "$U$LIST" | wc -c)
: >"$TMP/pairs"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	set -- $(rps "$U$ART") $(rps "$U$LIST")
	echo "$r $1 $3 $2 $4" >>"$TMP/pairs"
	say "round $r: cached article $1 req/s ($2 us/req)," \
	    "cached list $3 req/s ($4 us/req)"
	r=$((r + 1))
done
stop

start 0
set -- $(rps "$U$LIST") $(rps "$U$ART")
ul=$1 ulus=$2 ua=$3 uaus=$4
stop

echo "| round | cached article req/s | cached API list req/s | ratio |" \
    "article server CPU us/req | list server CPU us/req |"
echo "|---:|---:|---:|---:|---:|---:|"
awk '{ printf "| %d | %s | %s | %.2f | %s | %s |\n", $1, $2, $3,
    ($2 > 0) ? $3 / $2 : 0, $4, $5 }' "$TMP/pairs"
echo
awk -v ul="$ul" -v ua="$ua" -v sa="$size_art" -v sl="$size_list" \
    -v ulus="$ulus" -v uaus="$uaus" '
function median(v, n,	i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return v[int((n + 1) / 2)]
}
{ ratio[++k] = ($2 > 0) ? $3 / $2 : 0; cpu[k] = ($5 > 0) ? $4 / $5 : 0 }
END {
	m = median(ratio, k)
	printf "Server CPU per cached article / per cached list " \
	    "(median): %.2f\n", median(cpu, k)
	printf "Bodies: article %d bytes, list %d bytes.\n\n", sa, sl
	v = (m >= 0.8) ? "met" : "MISSED"
	printf "- cached API posts list >= 0.8 x cached article req/s " \
	    "(median of %d interleaved rounds): %.2f x -- %s\n", k, m, v
	v = (ul >= 2000) ? "met" : "MISSED"
	printf "- uncached API posts list >= 2,000 req/s: %d -- %s " \
	    "(server CPU %s us/req; the uncached article beside it: " \
	    "%d req/s, %s us/req)\n", ul, v, ulus, ua, uaus
}' "$TMP/pairs"
