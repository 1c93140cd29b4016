#!/bin/sh
# test-check-trusted-html -- check-trusted-html.sh passes the tree as it
# is and fails on each way of making trusted HTML outside its list: run
# on a copy of src/ with one breach at a time.  Prints TAP.
# usage: test-check-trusted-html.sh SRCROOT
set -u
root=$1
check=$root/tests/lint/check-trusted-html.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

fresh() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"
	cp -R "$root/src" "$tmp/t/src"
}

# expect 0|1 DESCRIPTION
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

# append LINE FILE
append() {
	echo "$1" >>"$tmp/t/src/$2"
}

fresh
expect 0 "the tree as it is passes"
append 'static struct safe_html x(struct str s) { return safe_html_trust(s); }' \
    api/users.c
expect 1 "safe_html_trust() in an unlisted file fails"
fresh
append 'static struct safe_html y = (struct safe_html){ { "<b>", 3 } };' \
    admin/view.c
expect 1 "a compound literal in an unlisted file fails"
fresh
append 'static struct safe_html z = { { "<i>", 3 } };' site/view.c
expect 1 "a brace initializer in an unlisted file fails"
fresh
append 'static void w(struct safe_html *body_html, struct str s) { body_html->s = s; }' \
    render/tv.c
expect 1 "assigning the bytes of one through a pointer fails"
fresh
append 'static void v(struct safe_html h_html, struct str s) { h_html.s = s; }' \
    render/theme.c
expect 1 "assigning the bytes of one in an unlisted file fails"
fresh
sed 's/safe_html_trust(out)/(struct safe_html){ out }/' \
    "$root/src/site/search.c" >"$tmp/t/src/site/search.c"
grep -q 'safe_html_trust' "$tmp/t/src/site/search.c" ||
    expect 0 "a listed file may build one by hand too"
fresh
sed 's/safe_html_trust(out)/((struct str)out)/' \
    "$root/src/site/meta.c" >"$tmp/t/src/site/meta.c"
expect 1 "a listed file that makes none fails (the list stays true)"

echo "1..$n"
[ "$fails" -eq 0 ]
