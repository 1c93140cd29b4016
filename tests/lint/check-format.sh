#!/bin/sh
# check-format -- the C files under src/ and tests/ are as .clang-format
# says (clang-format --dry-run --Werror).  Prints TAP, one test per
# folder; scripts/format fixes what it reports.  Without clang-format
# (Debian package clang-format) the suite says it skipped, and why.
# usage: check-format.sh SRCROOT
set -u
cd "$1" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
	echo "1..0 # SKIP clang-format is not installed (apt-get install clang-format)"
	exit 0
fi
files=$(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 2>/dev/null)
[ -n "$files" ] || files=$(find src tests -name '*.[ch]' | sort)
n=0
fails=0
for dir in $(echo "$files" | xargs -n1 dirname | sort -u); do
	n=$((n + 1))
	bad=""
	for f in $(echo "$files" | grep "^$dir/[^/]*$"); do
		clang-format --style=file --dry-run --Werror "$f" \
		    >/dev/null 2>&1 || bad="$bad $f"
	done
	if [ -z "$bad" ]; then
		echo "ok $n - $dir/ is formatted"
	else
		echo "not ok $n - $dir/: run scripts/format on$bad"
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
