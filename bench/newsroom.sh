#!/bin/sh
# bench/newsroom.sh -- a news day (bench/run.sh calls it; it also runs
# alone): readers and the newsroom at once on the 10,000-article site.
#
#	bench/newsroom.sh BIN DATA_DIR OUT_MD
#
#   1. readers alone: wrk -t2 -c64 with bench/zipf.lua (Zipf over every
#      article, hottest = newest), after one warm-up pass over them all
#   2. the same readers while bench/newsroom.mjs posts 5 comments/s
#      (half held, half published), approves 1/s, autosaves 1/s, edits
#      the hottest story every 10 s and publishes one every minute
#   3. comment writes at full speed (wrk, bench/comment.lua) for
#      BENCH_COMMENT_DURATION with readers beside them; each 303 comes
#      after the comment's COMMIT and its sync to the disk, and the
#      rows are counted afterwards
#
# Reader req/s, p50/p99 and the cache hit ratio of each reader run (from
# /metrics, the run's own hits and misses) go into OUT_MD as a table.
# BENCH_NEWS_DURATION (default 30s) and BENCH_COMMENT_DURATION (30s).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$1
SRC=$2
OUT=$3
DUR=${BENCH_NEWS_DURATION:-30s}
CDUR=${BENCH_COMMENT_DURATION:-30s}
TMP=$(mktemp -d /tmp/nutgraf-news.XXXXXX)
PIDS=""
PW=bench-editor-password

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
say() { echo "news: $*" >&2; }
secs() { echo "$1" | sed 's/s$//'; }

cp -r "$SRC" "$TMP/data"
DB=$TMP/data/nutgraf.db
printf '%s\n' "$PW" | "$BIN" user add bench-editor --role editor \
    --password-stdin --data "$TMP/data" >/dev/null
# Comments carrying the word are held; the rest publish at once.
"$BIN" comments --data "$TMP/data" settings moderation_keys=holdme \
    comment_moderation=0 comment_flood_seconds=0 comment_hourly_max=0 \
    comment_pending_max=0 >/dev/null
# Every published article, newest (hottest) first, and the newest's id.
python3 - "$DB" "$TMP/paths" "$TMP/hot" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id, slug, published_at FROM articles "
    "WHERE status = 'published' ORDER BY published_at DESC, id DESC").fetchall()
with open(sys.argv[2], "w") as f:
    for i, slug, at in rows:
        t = time.gmtime(at)
        f.write("/%04d/%02d/%s/\n" % (t.tm_year, t.tm_mon, slug))
open(sys.argv[3], "w").write(str(rows[0][0]))
PY
HOT=$(cat "$TMP/hot")
HOTPATH=$(head -1 "$TMP/paths")
NPATHS=$(wc -l <"$TMP/paths")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
U=http://127.0.0.1:$PORT
# A cache that holds the whole site: a news site sizes it so.
cat >"$TMP/conf.ini" <<EOC
listen = 127.0.0.1:$PORT
data = $TMP/data
access_log = no
log_level = warn
cache_max_bytes = 1024m
connections_per_ip = 4096
EOC
"$BIN" serve --config "$TMP/conf.ini" &
NG=$!
PIDS="$PIDS $NG"
i=0
until curl -sf "$U/healthz" -o /dev/null; do
	i=$((i + 1))
	[ $i -lt 600 ] || { say "server did not start"; exit 1; }
	sleep 0.1
done

# A warm cache, as a site's is by mid-morning: every article once.
say "warming $NPATHS articles"
# (-o would take only the first URL of each hundred: the rest go to a
# stdout that is thrown away.)
sed "s|^|$U|" "$TMP/paths" | xargs -P 4 -n 100 curl -s >/dev/null

counters() {
	curl -s "$U/metrics" | awk '
	$1 == "nutgraf_cache_hits_total" { h = $2 }
	$1 == "nutgraf_cache_misses_total" { m = $2 }
	END { print h + 0, m + 0 }'
}

# readers LABEL [WRK_ARGS]: one Zipf reader run; appends a table row.
readers() {
	label=$1
	shift
	set -- $(counters)
	h0=$1 m0=$2
	ZIPF_PATHS=$TMP/paths wrk -t2 -c64 -d"$DUR" --latency \
	    -s "$ROOT/bench/zipf.lua" "$U" >"$TMP/wrk" 2>&1 || true
	set -- $(counters)
	h1=$1 m1=$2
	rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$TMP/wrk")
	p50=$(awk '$1 == "50%" { print $2 }' "$TMP/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk")
	bad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/wrk")
	[ -n "$bad" ] && say "$label: $bad non-2xx/3xx responses"
	ratio=$(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) 'BEGIN {
		if (h + m > 0) printf "%.2f", 100 * h / (h + m); else print "-" }')
	echo "$label|${rps:-0}|${p50:--}|${p99:--}|$ratio|$((h1 - h0))|$((m1 - m0))" \
	    >>"$TMP/rows"
	say "$label: ${rps:-0} req/s, p50 ${p50:--}, p99 ${p99:--}, hits $ratio %"
}

: >"$TMP/rows"
readers "readers alone"
node "$ROOT/bench/newsroom.mjs" "$U" bench-editor "$PW" "$(secs "$DUR")" \
    "$TMP/paths" "$HOT" >"$TMP/newsroom.json" &
NODE=$!
PIDS="$PIDS $NODE"
readers "readers + newsroom writes"
wait "$NODE" || say "the newsroom script failed"
WRITES=$(cat "$TMP/newsroom.json" 2>/dev/null || echo '{}')

# Comment writes at full speed, readers beside them.
c0=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM comments').fetchone()[0])" "$DB")
ZIPF_PATHS=$TMP/paths wrk -t1 -c32 -d"$CDUR" -s "$ROOT/bench/zipf.lua" \
    "$U" >"$TMP/wrk-readers" 2>&1 &
RD=$!
wrk -t1 -c16 -d"$CDUR" --latency -s "$ROOT/bench/comment.lua" \
    "$U${HOTPATH}comment" >"$TMP/wrk-comments" 2>&1 || true
wait "$RD" || true
c1=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM comments').fetchone()[0])" "$DB")
sent=$(awk '/requests in/ { print $1 }' "$TMP/wrk-comments")
cbad=$(awk '/Non-2xx or 3xx/ { print $5 }' "$TMP/wrk-comments")
cp99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk-comments")
crps=$(awk -v n=$((c1 - c0)) -v d="$(secs "$CDUR")" 'BEGIN { printf "%.0f", n / d }')
rrps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$TMP/wrk-readers")
CLOAD=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$NG" 2>/dev/null || true
wait "$NG" 2>/dev/null || true

{
	echo
	echo "## A news day (10,000 articles, $NPATHS published; wrk -t2 -c64 -d$DUR, Zipf s=1, warm cache)"
	echo
	echo "| run | reader req/s | p50 | p99 | cache hit ratio (%) | hits | misses |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$TMP/rows"
	echo
	echo "Newsroom writes during the second run: \`$WRITES\`"
	echo
	awk -F'|' '
	function ms(s) {
		if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
		if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
		if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
		return -1
	}
	NR == 1 { r0 = $2; p0 = $4 }
	NR == 2 { r1 = $2; p1 = $4; hr = $5 }
	END {
		print "Targets:"
		v = (hr + 0 >= 98) ? "met" : "MISSED"
		printf "- hit ratio with writes >= 98 %%: %s %% -- %s\n", hr, v
		v = (ms(p1) <= 2 * ms(p0)) ? "met" : "MISSED"
		printf "- reader p99 <= 2 x the no-write run: %s vs %s (%.2f x) -- %s\n",
		    p1, p0, ms(p1) / ms(p0), v
		v = (r1 >= 0.8 * r0) ? "met" : "MISSED"
		printf "- reader req/s >= 80 %% of the no-write run: %d vs %d (%.0f %%) -- %s\n",
		    r1, r0, 100 * r1 / r0, v
	}' "$TMP/rows"
	echo
	echo "## Comment writes with readers ($CDUR; wrk -t1 -c16 posting, wrk -t1 -c32 reading)"
	echo
	echo "Each comment is answered 303 only after its transaction committed" \
	    "and the WAL was synced to the disk (durable: it survives kill -9 and a power loss)." \
	    "Group commit: the sync runs after the write lock is free, one writer at a time," \
	    "and covers every commit made before it began, so the comments that commit" \
	    "while one sync runs share the next; rows counted in the database afterwards." \
	    "Load average after the run: $CLOAD."
	echo
	echo "| comments stored | per second | POSTs sent | non-2xx/3xx | POST p99 | reader req/s beside |"
	echo "|---:|---:|---:|---:|---:|---:|"
	echo "| $((c1 - c0)) | $crps | ${sent:--} | ${cbad:-0} | ${cp99:--} | ${rrps:-0} |"
	echo
	v=MISSED
	[ "$crps" -ge 300 ] && v=met
	echo "- comments >= 300/s sustained: $crps/s -- $v"
} >>"$OUT"
