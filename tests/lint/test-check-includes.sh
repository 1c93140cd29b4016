#!/bin/sh
# test-check-includes -- check-includes.sh fails on each kind of
# forbidden edge and passes the tree as it is: run on a copy of src/
# with one breach put in at a time.  Prints TAP.
# usage: test-check-includes.sh SRCROOT
set -u
root=$1
check=$root/tests/lint/check-includes.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

fresh() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"
	cp -R "$root/src" "$tmp/t/src"
}

# expect 0|1 DESCRIPTION: check-includes on $tmp/t passes (0) or fails (1)
expect() {
	n=$((n + 1))
	sh "$check" "$tmp/t" >"$tmp/out" 2>&1
	rc=$?
	got=1
	[ "$rc" -eq 0 ] && got=0
	if [ "$got" = "$1" ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2 (exit $rc)"
		sed 's/^/# /' "$tmp/out"
		fails=$((fails + 1))
	fi
}

# prepend LINE FILE
prepend() {
	{ echo "$1"; cat "$tmp/t/src/$2"; } >"$tmp/x" && mv "$tmp/x" "$tmp/t/src/$2"
}

fresh
expect 0 "the tree as it is passes"
prepend '#include "site/site.h"' api/users.c
expect 1 "a handler including another handler module fails"
fresh
prepend '#include "store/store_int.h"' site/view.c
expect 1 "another module's *_int.h fails where the module is allowed"
fresh
prepend '#include "admin/admin_int.h"' cli/init.c
expect 1 "another module's *_int.h fails where everything else is allowed"
fresh
prepend '#include "admin/auth.h"' api/users.c
expect 1 "api including an admin header the table does not name fails"
fresh
prepend '#include "render/tv.h"' http/req.c
expect 1 "http including a module above it fails"
fresh
prepend '#include "content/page.h"' store/store.c
expect 1 "store including content fails"
fresh
mkdir "$tmp/t/src/newmod"
echo '#include "core/str.h"' >"$tmp/t/src/newmod/x.c"
expect 1 "a module folder without a row in the table fails"
fresh
rm "$tmp/t/src/media/README.md"
expect 1 "a module folder without README.md fails"
fresh
sed 's/^May include: store,/May include: store, site,/' \
    "$root/src/media/README.md" >"$tmp/t/src/media/README.md"
expect 1 "a README that says other than the table fails"
fresh
prepend '#include <jansson.h>' render/tv.c
expect 1 "a third-party library in a second module fails"

echo "1..$n"
[ "$fails" -eq 0 ]
