#!/bin/sh
# Run one fuzz target until it has used a given amount of CPU time.
#
#   fuzz/cpu-run.sh TARGET CPU_SECONDS [UNTIL_EPOCH]
#   SLICES=1 fuzz/cpu-run.sh ...	one slice, then return (round robin)
#
# libFuzzer's -max_total_time counts wall-clock time, which on a shared
# machine says little about how much fuzzing was done.  This runs the
# target at the lowest priority in slices of at most SLICE seconds of wall
# time, adds up the user+system time each slice really got (GNU time), and
# stops when the total reaches CPU_SECONDS, at the first crash, or at
# UNTIL_EPOCH (seconds since 1970) if given.  The working corpus is a
# scratch copy under $FUZZ_WORK (seeds from fuzz/corpus/TARGET), so the
# committed seeds stay small; crash files land in $FUZZ_WORK/TARGET/.
#
# One line per slice and a summary per call go to $FUZZ_WORK/TARGET.log:
#   slice N cpu S total T execs E rc R
#   done TARGET cpu T execs E crashes C
# The totals carry over from the log, so calls add up across sessions.
set -u

target=$1
want=$2
until=${3:-0}
build=${FUZZ_BUILD:-build-fuzz}
work=${FUZZ_WORK:-/tmp/nutgraf-fuzz}
slice=${SLICE:-300}
bin=$build/fuzz/fuzz_$target

[ -x "$bin" ] || { echo "cpu-run: no $bin (make fuzz)" >&2; exit 2; }
mkdir -p "$work/$target/corpus" "$work/$target/crashes"
cp -n fuzz/corpus/"$target"/* "$work/$target/corpus/" 2>/dev/null
dict=
[ -f fuzz/dict/"$target".dict ] && dict=-dict=fuzz/dict/$target.dict
log=$work/$target.log

total=0
execs=0
n=0
if [ -f "$log" ]; then
	set -- $(awk '$1 == "slice" { n = $2; t += $4; e += $8 }
	    END { printf "%d %d %d", n, t, e }' "$log")
	n=$1 total=$2 execs=$3
fi
rc=0
slices=${SLICES:-0}
ran=0
while [ "$total" -lt "$want" ]; do
	[ "$slices" -gt 0 ] && [ "$ran" -ge "$slices" ] && break
	ran=$((ran + 1))
	left=$slice
	if [ "$until" -gt 0 ]; then
		now=$(date +%s)
		[ "$now" -ge "$until" ] && break
		[ $((until - now)) -lt "$left" ] && left=$((until - now))
	fi
	n=$((n + 1))
	/usr/bin/time -f '%U %S' -o "$work/$target/time" \
	    nice -n 19 "$bin" -max_total_time="$left" -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$work/$target/crashes/" $dict \
	    "$work/$target/corpus" >"$work/$target/slice.out" 2>&1
	rc=$?
	cpu=$(tail -1 "$work/$target/time" | awk '{ printf "%d", $1 + $2 }')
	e=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$work/$target/slice.out" | tail -1)
	total=$((total + cpu))
	execs=$((execs + ${e:-0}))
	echo "slice $n cpu $cpu total $total execs ${e:-0} rc $rc" >>"$log"
	[ "$rc" -ne 0 ] && cp "$work/$target/slice.out" \
	    "$work/$target/crash-$n.out" && break
done
crashes=$(ls "$work/$target/crashes" | wc -l)
echo "done $target cpu $total execs $execs crashes $crashes" >>"$log"
echo "done $target cpu $total execs $execs crashes $crashes"
[ "$crashes" -eq 0 ] && [ "$rc" -eq 0 ]
