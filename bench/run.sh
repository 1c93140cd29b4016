#!/bin/sh
# bench/run.sh -- `make bench`: nutgraf against Debian's nginx
# serving the same article bytes from a file, in the same run.
#
#   1. an optimised build (release, NDEBUG) in $BUILD
#   2. deterministic databases from bench/gen.c: 10,000 articles with
#      100,000 comments and 500 tags, and 100,000 articles; kept in
#      build/bench-data/ and remade only when the generator changes
#   3. wrk -t2 -c64 on the article page, front page, tag page, search,
#      comment POST and the REST API (GET /wp-json/wp/v2/posts?per_page=10
#      and one post), with the page cache on and off; nginx on the
#      article bytes and on the API's JSON bytes; the 100,000-article
#      database with its cold start
#   4. one table on stdout and in build/bench.md
#
#   5. a news day (bench/newsroom.sh): Zipf readers alone, then with the
#      newsroom writing; comment writes at full speed with readers
#   6. search latency at the big database (bench/search.c)
#   7. PostgreSQL (bench/pg.sh): the article and front pages next to
#      SQLite, one and two instances behind nginx with the CPU cost
#      per request of each part, search at the big database
#   8. a reader during a WordPress import (bench/import_readers.sh):
#      the article page alone, then while `nutgraf import wordpress`
#      of BENCH_IMPORT_POSTS posts (default 100000) and
#      BENCH_IMPORT_COMMENTS comments (1000000) writes the same site
#   9. the REST API's targets (bench/api.sh): the cached list and
#      article interleaved, the uncached list, with CPU time per request
#  10. the WordPress import alone (bench/import.sh, issue #11's table):
#      BENCH_IMPORT_POSTS posts, BENCH_IMPORT_COMMENTS comments and
#      BENCH_IMPORT_ATTACHMENTS (default 10000) attachments
#
# Each step's wall time and the load average after it go into the
# table: on a shared machine the figures mean little without them.
#
# Environment: BENCH_DURATION (wrk -d, default 6s), BENCH_BUILD (build
# directory, default build-bench), BENCH_BIG (articles of the big run,
# default 100000; 0 skips it), BENCH_NEWS_DURATION and
# BENCH_COMMENT_DURATION (bench/newsroom.sh, 30s each).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BENCH_BUILD:-build-bench}
DUR=${BENCH_DURATION:-6s}
BIG=${BENCH_BIG:-100000}
WRK="wrk -t2 -c64 -d$DUR --latency"
DATA=$ROOT/build/bench-data
OUT=$ROOT/build/bench.md
TMP=$(mktemp -d /tmp/nutgraf-bench.XXXXXX)
chmod 755 "$TMP"
PIDS=""

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

say() { echo "bench: $*" >&2; }

for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
		say "$tool is missing (make deps installs it)"; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# 1. The optimised build.
if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" --buildtype=release -Db_ndebug=true \
	    -Dtests=false >/dev/null
fi
ninja -C "$BUILD" nutgraf bench/nutgraf-bench-gen \
    bench/nutgraf-bench-search bench/nutgraf-bench-wxr >/dev/null
BIN=$ROOT/$BUILD/nutgraf
GEN=$ROOT/$BUILD/bench/nutgraf-bench-gen

# Steps: "name|seconds|load average after" lines in $TMP/steps.
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$TMP/steps"
STEP_T=$(date +%s)
step() {
	now=$(date +%s)
	echo "$1|$((now - STEP_T))|$(cut -d' ' -f1-3 /proc/loadavg)" \
	    >>"$TMP/steps"
	say "step $1: $((now - STEP_T)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
	STEP_T=$now
}
step "optimised build"

# 2. The databases, made once and kept (bench/gendb.sh).
gen() {	# gen NAME ARTICLES COMMENTS TAGS
	bench/gendb.sh "$GEN" "$DATA/$1" "$2" "$3" "$4"
}
gen small 10000 100000 500
step "10,000-article database (made once, then kept)"
[ "$BIG" -gt 0 ] && gen big "$BIG" 0 500
step "$BIG-article database (made once, then kept)"

# 3. Serving.
port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_nutgraf DATA_DIR CACHE_BYTES: sets NG_PID, NG_PORT, NG_MS (ms
# from exec to the first 200 on /healthz).  wrk is one address playing
# many readers, so the per-address connection cap is lifted; access
# logging is off, as it is for nginx.
start_nutgraf() {
	NG_PORT=$(port)
	conf=$TMP/nutgraf-$NG_PORT.ini
	cat >"$conf" <<-EOF
	listen = 127.0.0.1:$NG_PORT
	data = $1
	access_log = no
	log_level = warn
	cache_max_bytes = $2
	connections_per_ip = 4096
	EOF
	python3 - "$BIN" "$conf" "$NG_PORT" >"$TMP/start" <<-'EOF'
	import socket, subprocess, sys, time
	t0 = time.monotonic()
	p = subprocess.Popen([sys.argv[1], "serve", "--config", sys.argv[2]])
	req = b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"
	while time.monotonic() - t0 < 60:
	    try:
	        s = socket.create_connection(("127.0.0.1", int(sys.argv[3])))
	        s.sendall(req)
	        if s.recv(64).startswith(b"HTTP/1.1 200"):
	            print(p.pid, round((time.monotonic() - t0) * 1000, 1))
	            sys.exit(0)
	    except OSError:
	        pass
	    time.sleep(0.001)
	sys.exit(1)
	EOF
	read -r NG_PID NG_MS <"$TMP/start"
	PIDS="$PIDS $NG_PID"
}

stop() {
	kill "$1" 2>/dev/null || true
	while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

# Peak resident set of a process and its children, in MB.
peak_rss() {
	total=0
	for p in "$@" $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null ||
		    echo 0)
		total=$((total + ${kb:-0}))
	done
	echo "$total" | awk '{ printf "%.1f", $1 / 1024 }'
}

# run LABEL CACHE URL [SCRIPT]: one wrk run; appends a row to $TMP/rows.
run() {
	label=$1 cache=$2 url=$3 script=${4:-}
	if [ -n "$script" ]; then
		$WRK -s "$script" "$url" >"$TMP/wrk" 2>&1 || true
	else
		$WRK "$url" >"$TMP/wrk" 2>&1 || true
	fi
	rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$TMP/wrk")
	p50=$(awk '$1 == "50%" { print $2 }' "$TMP/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk")
	bad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/wrk")
	errs=$(awk '/Socket errors/ { print $0 }' "$TMP/wrk")
	[ -n "$bad" ] && say "$label: $bad non-2xx/3xx responses"
	[ -n "$errs" ] && say "$label: $errs"
	echo "$label|$cache|${rps:-0}|${p50:--}|${p99:--}|$(peak_rss "$CUR_PID")" \
	    >>"$TMP/rows"
	say "$label, cache $cache: ${rps:-0} req/s, p50 ${p50:--}, p99 ${p99:--}"
}

path_of() { awk -v k="$1" '$1 == k { print $2 }' "$2/paths"; }

: >"$TMP/rows"
SMALL=$DATA/small
ART=$(path_of article "$SMALL")
TAG=$(path_of tag "$SMALL")
Q=$(path_of search "$SMALL")

# nginx first: the article bytes nutgraf serves, from a file.
mkdir -p "$TMP/www" "$TMP/nginx/logs"
cp -r "$SMALL/data" "$TMP/small"
start_nutgraf "$TMP/small" 64m
curl -sf "http://127.0.0.1:$NG_PORT$ART" -o "$TMP/www/article.html"
# The REST API: the newest ten posts, and the benchmarked article as a
# post (its head names its /wp-json/wp/v2/posts/ID).
API_LIST="/wp-json/wp/v2/posts?per_page=10"
API_POST=$(grep -o '/wp-json/wp/v2/posts/[0-9]*' "$TMP/www/article.html" |
    head -n 1)
curl -sf "http://127.0.0.1:$NG_PORT$API_LIST" -o "$TMP/www/posts.json"
stop "$NG_PID"
chmod 644 "$TMP/www/article.html" "$TMP/www/posts.json"
NX_PORT=$(port)
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	open_file_cache max=100;
	default_type text/html;
	server {
		listen 127.0.0.1:$NX_PORT;
		root $TMP/www;
	}
}
EOF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
NX_PID=$!
PIDS="$PIDS $NX_PID"
sleep 0.5
CUR_PID=$NX_PID
run "nginx, static file (article bytes)" - "http://127.0.0.1:$NX_PORT/article.html"
run "nginx, static file (API posts JSON bytes)" - \
    "http://127.0.0.1:$NX_PORT/posts.json"

# The same bytes from nutgraf's cache and from nginx, five runs each,
# interleaved (nutgraf, nginx, nutgraf, ...) so that whatever else the
# machine does in the meantime weighs on both alike; the ratio is the
# median of the five pairs'.  Rows go to $TMP/pairs.
rm -rf "$TMP/small"
cp -r "$SMALL/data" "$TMP/small"
start_nutgraf "$TMP/small" 64m
curl -sf "http://127.0.0.1:$NG_PORT$ART" -o /dev/null
: >"$TMP/pairs"
for i in 1 2 3 4 5; do
	for who in nutgraf nginx; do
		if [ "$who" = nutgraf ]; then
			url=http://127.0.0.1:$NG_PORT$ART
		else
			url=http://127.0.0.1:$NX_PORT/article.html
		fi
		$WRK "$url" >"$TMP/wrk" 2>&1 || true
		echo "$i $who $(awk '/^Requests\/sec/ { printf "%.0f", $2 }' \
		    "$TMP/wrk") $(awk '$1 == "99%" { print $2 }' "$TMP/wrk")" \
		    "$(cut -d' ' -f1 /proc/loadavg)" >>"$TMP/pairs"
	done
	say "pair $i: $(tail -n 2 "$TMP/pairs" | awk '{ printf "%s %s req/s p99 %s; ", $2, $3, $4 }')"
done
stop "$NG_PID"
stop "$NX_PID"
step "nginx, and the five interleaved pairs"

# nutgraf, 10,000 articles: cache on, then off, each a fresh copy.
for cache in on off; do
	rm -rf "$TMP/small"
	cp -r "$SMALL/data" "$TMP/small"
	[ "$cache" = on ] && bytes=64m || bytes=0
	start_nutgraf "$TMP/small" "$bytes"
	CUR_PID=$NG_PID
	U=http://127.0.0.1:$NG_PORT
	for p in "$ART" / "$TAG" "/search?q=$Q"; do
		curl -sf "$U$p" -o /dev/null || say "warning: $p does not answer 200"
	done
	run "article page" "$cache" "$U$ART"
	run "front page" "$cache" "$U/"
	run "tag page" "$cache" "$U$TAG"
	if curl -sf "$U/search?q=$Q" -o /dev/null; then
		run "search" "$cache" "$U/search?q=$Q"
	else
		echo "search|$cache|n/a|-|-|-" >>"$TMP/rows"
	fi
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
	    -d 'author=Probe&email=probe%40example.org&comment=Probe+comment' \
	    "$U${ART}comment" || true)
	if [ "$code" = 303 ]; then
		run "comment POST" "$cache" "$U${ART}comment" \
		    "$ROOT/bench/comment.lua"
	else
		say "comment POST answered $code: not benchmarked"
		echo "comment POST|$cache|n/a|-|-|-" >>"$TMP/rows"
	fi
	run "API posts, per_page=10" "$cache" "$U$API_LIST"
	if [ -n "$API_POST" ]; then
		run "API single post" "$cache" "$U$API_POST"
	else
		say "the article names no API post: single post not benchmarked"
		echo "API single post|$cache|n/a|-|-|-" >>"$TMP/rows"
	fi
	stop "$NG_PID"
done

# 100,000 articles: cold start, then the article page on and off.
COLD=-
if [ "$BIG" -gt 0 ]; then
	BDATA=$DATA/big/data
	BART=$(path_of article "$DATA/big")
	for cache in on off; do
		[ "$cache" = on ] && bytes=64m || bytes=0
		sync
		start_nutgraf "$BDATA" "$bytes"
		[ "$cache" = on ] && COLD=$NG_MS
		CUR_PID=$NG_PID
		U=http://127.0.0.1:$NG_PORT
		curl -sf "$U$BART" -o /dev/null || say "warning: big article"
		run "article page, $BIG articles" "$cache" "$U$BART"
		run "front page, $BIG articles" "$cache" "$U/"
		stop "$NG_PID"
	done
fi
step "nutgraf pages, cache on and off"

# 4. The table.
NX_RPS=$(awk -F'|' 'NR == 1 { print $3 }' "$TMP/rows")
{
	echo "# nutgraf benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average" \
	    "$LOAD0 at the start" \
	    "($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
	    "wrk -t2 -c64 -d$DUR on the same machine (wrk shares the CPUs:" \
	    "compare rows, do not quote absolute latencies)."
	echo "nutgraf $("$BIN" version | cut -d' ' -f2), release build;" \
	    "$("$NGINX" -v 2>&1 | cut -d' ' -f3)."
	echo "Databases: 10,000 articles / 100,000 comments / 500 tags;" \
	    "$BIG articles / 500 tags (bench/gen.c, deterministic)."
	echo
	echo "| case | cache | req/s | p50 | p99 | peak RSS (MB) | req/s vs nginx |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	awk -F'|' -v nx="$NX_RPS" '{
		ratio = ($3 + 0 > 0 && nx + 0 > 0) ? sprintf("%.2f", $3 / nx) : "-"
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3,
		    $4, $5, $6, ratio
	}' "$TMP/rows"
	echo
	echo "Cold start at $BIG articles (exec to first 200 on /healthz):" \
	    "$COLD ms."
	echo
	awk -F'|' -v nx="$NX_RPS" -v cold="$COLD" '
	function ms(s) {
		if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
		if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
		if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
		return -1
	}
	$1 == "article page" && $2 == "on" { crps = $3 }
	$1 == "article page" && $2 == "off" { urps = $3; urss = $6 }
	$1 == "article page" && $2 == "on" { rss = $6 }
	$1 ~ /^nginx, static file \(API/ { nxapi = $3 }
	$1 == "API posts, per_page=10" && $2 == "on" { arps = $3 }
	$1 == "API posts, per_page=10" && $2 == "off" { aurps = $3 }
	$1 == "API single post" && $2 == "on" { asrps = $3 }
	END {
		print "Targets:"
		# (Parenthesised: a bare ">" in print arguments redirects.)
		v = (urps >= 5000) ? "met" : "MISSED"
		printf "- uncached article >= 5,000 req/s: %d -- %s\n", urps, v
		v = (rss <= 64 && urss <= 64) ? "met" : "MISSED"
		printf "- RSS <= 64 MB at 10,000 articles (cache on / off): " \
		    "%s / %s MB -- %s\n", rss, urss, v
		v = (arps >= 0.8 * crps) ? "met" : "MISSED"
		printf "- cached API posts list >= 0.8 x cached article req/s: " \
		    "%.2f x -- %s\n", arps / crps, v
		v = (aurps >= 2000) ? "met" : "MISSED"
		printf "- uncached API posts list >= 2,000 req/s: %d -- %s\n",
		    aurps, v
		if (nxapi + 0 > 0)
			printf "- API beside nginx on the same JSON bytes: list " \
			    "%.2f x, single post (cached) %d req/s\n",
			    arps / nxapi, asrps
		v = (cold + 0 <= 200) ? "met" : "MISSED"
		if (cold != "-")
			printf "- cold start <= 200 ms at the big database: " \
			    "%s ms -- %s\n", cold, v
	}' "$TMP/rows"
	# The interleaved runs: the median of the five pairs' ratios,
	# and the median of each server's five p99s.
	echo
	echo "Cached article beside nginx on the same bytes, five" \
	    "interleaved runs each (nutgraf, nginx, nutgraf, ...):"
	echo
	echo "| run | nutgraf req/s | nutgraf p99 | nginx req/s | nginx p99 | ratio | load (1 min) |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	awk '$2 == "nutgraf" { r[$1] = $3; p[$1] = $4 }
	$2 == "nginx" { printf "| %d | %s | %s | %s | %s | %.2f | %s |\n", $1,
		r[$1], p[$1], $3, $4, ($3 > 0) ? r[$1] / $3 : 0, $5 }' "$TMP/pairs"
	echo
	awk '
	function ms(s) {
		if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
		if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
		if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
		return -1
	}
	function median(v, n,	i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		return v[int((n + 1) / 2)]
	}
	$2 == "nutgraf" { r[$1] = $3; np[++n] = ms($4) }
	$2 == "nginx" { ratio[++k] = ($3 > 0) ? r[$1] / $3 : 0; xp[k] = ms($4) }
	END {
		mr = median(ratio, k)
		v = (mr >= 1.0) ? "met" : "MISSED"
		printf "- cached article >= 1.0 x nginx req/s (median of %d " \
		    "interleaved pairs): %.2f x -- %s\n", k, mr, v
		a = median(np, n)
		b = median(xp, k)
		v = (a <= b) ? "met" : "MISSED"
		printf "- cached article p99 <= nginx p99 (medians): " \
		    "%.2f ms vs %.2f ms -- %s\n", a, b, v
	}' "$TMP/pairs"
} >"$TMP/table"
# 5. A news day: readers with the newsroom writing beside them, and
# comment writes at full speed (bench/newsroom.sh appends its tables).
"$ROOT/bench/newsroom.sh" "$BIN" "$SMALL/data" "$TMP/table" ||
	say "the news-day run failed"
step "news day and comment writes (bench/newsroom.sh)"

# 6. Search at $BIG articles: 1,000 queries of the readers' mix.
if [ "$BIG" -gt 0 ]; then
	{
		echo
		echo "## Search, $BIG articles (bench/search.c: 1,000 queries" \
		    "drawn from the generator's Zipf vocabulary)"
		echo
		echo '```'
		"$ROOT/$BUILD/bench/nutgraf-bench-search" \
		    "$DATA/big/data/nutgraf.db" 1000
		echo '```'
	} >>"$TMP/table" || say "the search run failed"
fi
step "search, 1,000 queries at $BIG articles (bench/search.c)"

# 7. PostgreSQL beside SQLite, one and two instances behind nginx,
# search at the big database (bench/pg.sh; "skipped" without it).
"$ROOT/bench/pg.sh" "$BIN" "$SMALL/data" \
    "$([ "$BIG" -gt 0 ] && echo "$DATA/big/data" || echo -)" \
    "$ROOT/$BUILD/bench/nutgraf-bench-search" "$TMP/table" ||
	say "the PostgreSQL run failed"
step "PostgreSQL (bench/pg.sh)"

# 8. A reader during a WordPress import into the same site
# (bench/import_readers.sh appends its table).
"$ROOT/bench/import_readers.sh" "$BIN" "$SMALL/data" "$ART" \
    "$ROOT/$BUILD/bench/nutgraf-bench-wxr" "$TMP/table" ||
	say "the import-readers run failed"
step "a reader during an import (bench/import_readers.sh)"

# 9. The REST API's targets again, the cached list and article
# interleaved with the server's CPU time per request (bench/api.sh).
{
	echo
	echo "## REST API (bench/api.sh: cached list and article interleaved)"
	echo
	"$ROOT/bench/api.sh" "$BUILD"
} >>"$TMP/table" || say "the API run failed"
step "REST API (bench/api.sh)"

# 10. The import alone (issue #11's table; bench/import.sh appends it
# to $OUT, so the table is written first and the steps after).
mkdir -p "$(dirname "$OUT")"
cp "$TMP/table" "$OUT"
if [ -x "$ROOT/bench/import.sh" ]; then
	"$ROOT/bench/import.sh" "$BUILD" "${BENCH_IMPORT_POSTS:-100000}" \
	    "${BENCH_IMPORT_COMMENTS:-1000000}" \
	    "${BENCH_IMPORT_ATTACHMENTS:-10000}" >/dev/null ||
		say "the import run failed"
	step "WordPress import (bench/import.sh)"
fi
{
	echo
	echo "## Steps of this run (wall time; load average after each)"
	echo
	echo "| step | seconds | load average (1, 5, 15 min) |"
	echo "|---|---:|---|"
	awk -F'|' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$TMP/steps"
} >>"$OUT"
cat "$OUT"
