#!/bin/sh
# check-headers -- every header under src/ compiles on its own
# (STYLE.md: "Every header compiles alone").  Prints TAP.
# usage: check-headers.sh SRCROOT BUILDROOT CC
set -u
src=$1
build=$2
cc=$3
n=0
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for h in $(cd "$src/src" && find . -name '*.h' | sed 's|^\./||' | sort); do
	n=$((n + 1))
	printf '#include "%s"\n' "$h" >"$tmp/t.c"
	if out=$($cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	    -Wno-unused-function $(pkg-config --cflags libmicrohttpd sqlite3 libpq \
	    2>/dev/null) -I"$src/src" -I"$build" -fsyntax-only "$tmp/t.c" 2>&1); then
		echo "ok $n - $h compiles alone"
	else
		echo "not ok $n - $h compiles alone"
		echo "$out" | sed 's/^/# /'
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
