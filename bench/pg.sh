#!/bin/sh
# bench/pg.sh -- make bench's PostgreSQL columns (called by bench/run.sh).
#
#   pg.sh BIN SMALL_DATA BIG_DATA|- SEARCH_BIN TABLE
#
# In one run, on a throwaway cluster (tests/lib/pg-cluster.sh; Unix
# socket, fsync off: reads are what is measured):
#   1. the 10,000-article site copied into PostgreSQL (nutgraf db copy)
#      and the article and front pages, cache off and on, on SQLite and
#      on PostgreSQL one after the other with the same wrk;
#   2. one, then two nutgraf instances on the one database behind
#      Debian's nginx as a load balancer (upstream, keepalive), the
#      article page uncached, with the CPU time each part spent per
#      request: nutgraf, postgres (the postmaster and its backends),
#      nginx (master and workers), from /proc/PID/stat utime+stime
#      (and the postmaster's reaped children's) before and after;
#   3. search latency at BIG_DATA's articles on PostgreSQL, with the
#      queries bench/search.c runs on SQLite in run.sh's table.
# Appends its tables to TABLE.  Without PostgreSQL installed the table
# says "skipped" and the script succeeds.  Environment: BENCH_DURATION.
set -eu
BIN=$1 SMALL=$2 BIG=$3 SEARCH=$4 TABLE=$5
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUR=${BENCH_DURATION:-6s}
WRK="wrk -t2 -c64 -d$DUR --latency"
CLUSTER=$ROOT/tests/lib/pg-cluster.sh
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP=$(mktemp -d /tmp/nutgraf-benchpg.XXXXXX)
chmod 755 "$TMP"
PIDS=""
HZ=$(getconf CLK_TCK)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	"$CLUSTER" stop "$TMP/pg" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

say() { echo "bench/pg: $*" >&2; }

skipped() {
	{
		echo
		echo "## PostgreSQL"
		echo
		echo "skipped: $1"
	} >>"$TABLE"
	say "skipped: $1"
	exit 0
}

set +e
URL=$("$CLUSTER" start "$TMP/pg" 2>"$TMP/pg.err")
rc=$?
set -e
[ "$rc" = 3 ] && skipped "PostgreSQL is not installed (Debian's postgresql)"
[ "$rc" = 0 ] || skipped "the cluster did not start: $(head -c 300 "$TMP/pg.err")"
DB=$("$CLUSTER" createdb "$TMP/pg" bench)
PG_MAIN=$(head -n 1 "$TMP/pg/data/postmaster.pid")

port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start DATA_DIR CACHE_BYTES DB|-: sets NG_PID, NG_PORT (run.sh's
# settings: no access log, no per-address connection cap).
start() {
	NG_PORT=$(port)
	conf=$TMP/ng-$NG_PORT.ini
	{
		echo "listen = 127.0.0.1:$NG_PORT"
		echo "data = $1"
		echo "access_log = no"
		echo "log_level = warn"
		echo "cache_max_bytes = $2"
		echo "connections_per_ip = 4096"
		[ "$3" = - ] || echo "database = $3"
	} >"$conf"
	"$BIN" serve --config "$conf" &
	NG_PID=$!
	PIDS="$PIDS $NG_PID"
	tries=0
	until curl -sf "http://127.0.0.1:$NG_PORT/readyz" -o /dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 600 ] || { say "nutgraf did not start"; exit 1; }
		sleep 0.1
	done
}

stop() {
	kill "$1" 2>/dev/null || true
	while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

# ticks PID...: CPU clock ticks (user + system) of the processes, with
# the reaped children of each when it is a parent that waits for them.
ticks() {
	for p in "$@"; do
		cat "/proc/$p/stat" 2>/dev/null || true
	done | sed 's/^.*) //' | awk '{ t += $12 + $13 + $14 + $15 }
	    END { print t + 0 }'
}

# The processes of a part: a parent and its live children.
family() { echo "$1 $(ps -o pid= --ppid "$1" 2>/dev/null | tr '\n' ' ')"; }

# wrk LABEL URL: one run; appends "label|req/s|p50|p99|requests".
bench() {
	$WRK "$2" >"$TMP/wrk" 2>&1 || true
	rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$TMP/wrk")
	p50=$(awk '$1 == "50%" { print $2 }' "$TMP/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk")
	reqs=$(awk '/requests in/ { print $1 }' "$TMP/wrk")
	bad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/wrk")
	[ -n "$bad" ] && say "$1: $bad non-2xx/3xx responses"
	echo "$1|${rps:-0}|${p50:--}|${p99:--}|${reqs:-0}" >>"$TMP/rows"
	say "$1: ${rps:-0} req/s, p50 ${p50:--}, p99 ${p99:--}"
}

path_of() { awk -v k="$1" '$1 == k { print $2 }' "$2/../paths"; }
ART=$(path_of article "$SMALL")

# 1. SQLite and PostgreSQL, the same site, one after the other.
cp -r "$SMALL" "$TMP/site"
say "copying the site into PostgreSQL"
t0=$(date +%s)
"$BIN" db copy --data "$TMP/site" --to "$DB" >"$TMP/copy.out" 2>&1 || {
	cat "$TMP/copy.out" >&2
	skipped "db copy into PostgreSQL failed"
}
COPY_S=$(( $(date +%s) - t0 ))
: >"$TMP/rows"
for cache in off on; do
	[ "$cache" = on ] && bytes=64m || bytes=0
	for be in SQLite PostgreSQL; do
		rm -rf "$TMP/d-$be"
		if [ "$be" = SQLite ]; then
			cp -r "$SMALL" "$TMP/d-$be"
			start "$TMP/d-$be" "$bytes" -
		else
			mkdir "$TMP/d-$be"
			start "$TMP/d-$be" "$bytes" "$DB"
		fi
		U=http://127.0.0.1:$NG_PORT
		curl -sf "$U$ART" -o /dev/null || say "warning: $ART on $be"
		bench "article page|$cache|$be" "$U$ART"
		bench "front page|$cache|$be" "$U/"
		stop "$NG_PID"
	done
done

# 2. One and two instances behind nginx, the article page uncached.
NX_PORT=$(port)
mkdir -p "$TMP/nginx/logs"
lb() {	# lb PORT...: nginx balancing over the instances; sets NX_PID
	{
		echo "worker_processes 1;"
		echo "pid $TMP/nginx/nginx.pid;"
		echo "error_log $TMP/nginx/logs/error.log warn;"
		echo "events { worker_connections 1024; }"
		echo "http {"
		echo "	access_log off;"
		echo "	upstream nutgraf {"
		for p in "$@"; do
			echo "		server 127.0.0.1:$p max_fails=3 fail_timeout=5s;"
		done
		echo "		keepalive 64;"
		echo "	}"
		echo "	server {"
		echo "		listen 127.0.0.1:$NX_PORT;"
		echo "		location / {"
		echo "			proxy_pass http://nutgraf;"
		echo "			proxy_http_version 1.1;"
		echo "			proxy_set_header Connection \"\";"
		echo "			proxy_set_header Host \$host;"
		echo "		}"
		echo "	}"
		echo "}"
	} >"$TMP/nginx/nginx.conf"
	"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
	NX_PID=$!
	PIDS="$PIDS $NX_PID"
	tries=0
	until curl -sf "http://127.0.0.1:$NX_PORT/healthz" -o /dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || { say "nginx did not start"; exit 1; }
		sleep 0.1
	done
}

: >"$TMP/lb"
for n in 1 2; do
	ports="" ngs=""
	for i in $(seq "$n"); do
		rm -rf "$TMP/lb-$i"
		mkdir "$TMP/lb-$i"
		start "$TMP/lb-$i" 0 "$DB"
		ports="$ports $NG_PORT" ngs="$ngs $NG_PID"
	done
	# shellcheck disable=SC2086
	lb $ports
	curl -sf "http://127.0.0.1:$NX_PORT$ART" -o /dev/null ||
	    say "warning: $ART through nginx"
	pgs=$(family "$PG_MAIN") nxs=$(family "$NX_PID")
	# shellcheck disable=SC2086
	a_ng=$(ticks $ngs) a_pg=$(ticks $pgs) a_nx=$(ticks $nxs)
	bench "$n|nginx -> $n" "http://127.0.0.1:$NX_PORT$ART"
	pgs=$(family "$PG_MAIN") nxs=$(family "$NX_PID")
	# shellcheck disable=SC2086
	echo "$n|$(( $(ticks $ngs) - a_ng ))|$(( $(ticks $pgs) - a_pg ))|$(( $(ticks $nxs) - a_nx ))" \
	    >>"$TMP/lb"
	stop "$NX_PID"
	for p in $ngs; do stop "$p"; done
done

# 3. Search at the big database on PostgreSQL.
SEARCH_OUT="skipped: no big database (BENCH_BIG=0, or bench/gendb.sh did not make one)"
BCOPY_S=-
if [ "$BIG" != - ] && [ -f "$BIG/nutgraf.db" ]; then
	BDB=$("$CLUSTER" createdb "$TMP/pg" big)
	say "copying the big site into PostgreSQL"
	t0=$(date +%s)
	if "$BIN" db copy --data "$BIG" --to "$BDB" >"$TMP/copy-big.out" 2>&1
	then
		BCOPY_S=$(( $(date +%s) - t0 ))
		SEARCH_OUT=$("$SEARCH" "$BDB" 1000 2>&1) ||
		    SEARCH_OUT="the search run failed"
	else
		SEARCH_OUT="db copy of the big site failed: $(tail -n 2 \
		    "$TMP/copy-big.out")"
		BCOPY_S=-
	fi
fi

# The tables.
{
	echo
	echo "## PostgreSQL ($("$CLUSTER" bin "$TMP/pg" | sed 's|.*/postgresql/||; s|/bin||'))" \
	    "beside SQLite, the same site ($(awk '$1 == "articles" { print $2 }' \
	    "$TMP/copy.out") articles)"
	echo
	echo "A throwaway cluster (tests/lib/pg-cluster.sh: Unix socket," \
	    "fsync off), the site moved in with nutgraf db copy in" \
	    "${COPY_S}s; wrk -t2 -c64 -d$DUR; load average before:" \
	    "$LOAD0."
	echo
	echo "| case | cache | SQLite req/s | PostgreSQL req/s | PG / SQLite | SQLite p99 | PG p99 |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	awk -F'|' 'NF == 7 && $3 == "SQLite" { s[$1 "|" $2] = $4; sp[$1 "|" $2] = $6 }
	    NF == 7 && $3 == "PostgreSQL" { p[$1 "|" $2] = $4; pp[$1 "|" $2] = $6
		k[++n] = $1 "|" $2 }
	    END {
		for (i = 1; i <= n; i++) {
			split(k[i], f, "|")
			r = s[k[i]] > 0 ? sprintf("%.2f", p[k[i]] / s[k[i]]) : "-"
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[1],
			    f[2], s[k[i]], p[k[i]], r, sp[k[i]], pp[k[i]]
		}
	    }' "$TMP/rows"
	echo
	echo "Targets (uncached PG >= 0.5 x SQLite; cached equal):"
	awk -F'|' 'NF == 7 && $3 == "SQLite" { s[$1 "|" $2] = $4 }
	    NF == 7 && $3 == "PostgreSQL" { p[$1 "|" $2] = $4; k[++n] = $1 "|" $2 }
	    END {
		for (i = 1; i <= n; i++) {
			split(k[i], f, "|")
			if (s[k[i]] + 0 == 0) continue
			r = p[k[i]] / s[k[i]]
			if (f[2] == "off")
				v = (r >= 0.5) ? "met" : "MISSED"
			else
				v = (r >= 0.9) ? "met (>= 0.9 x)" : "MISSED"
			printf "- %s, cache %s: %.2f x -- %s\n", f[1], f[2], r, v
		}
	    }' "$TMP/rows"
	echo
	echo "## One and two instances on one PostgreSQL behind nginx" \
	    "(load balancer), the article page uncached"
	echo
	echo "CPU per request, from /proc/PID/stat (utime + stime, the" \
	    "postmaster's reaped children included) over the run; on 2 CPUs" \
	    "shared with wrk, so two instances cannot add throughput here:" \
	    "read the per-request costs to size machines."
	echo
	echo "| instances | req/s | p50 | p99 | nutgraf µs/req | postgres µs/req | nginx µs/req |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	awk -F'|' -v hz="$HZ" 'FNR == NR { c[$1] = $2 "|" $3 "|" $4; next }
	    NF == 6 {
		split(c[$1], t, "|")
		req = $6 > 0 ? $6 : 1
		printf "| %s | %s | %s | %s | %.0f | %.0f | %.0f |\n", $1, $3,
		    $4, $5, t[1] * 1e6 / hz / req, t[2] * 1e6 / hz / req,
		    t[3] * 1e6 / hz / req
	    }' "$TMP/lb" "$TMP/rows"
	if [ -n "$SEARCH_OUT" ]; then	# always: figures or why not
		echo
		echo "## Search on PostgreSQL, the big database (bench/search.c," \
		    "the same queries as the SQLite search table; copied in" \
		    "${BCOPY_S}s)"
		echo
		echo '```'
		echo "$SEARCH_OUT"
		echo '```'
	fi
} >>"$TABLE"
