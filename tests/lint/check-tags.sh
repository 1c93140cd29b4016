#!/bin/sh
# check-tags -- no tracker tags (the word issue and a number, in
# brackets) in the code, the tests or the docs: the history of a line
# is in git, and a comment says why the code is as it is.
#
# usage: check-tags.sh [SRCROOT]	prints TAP (meson suite lint)
set -u
cd "${1:-.}" || exit 1
# The pattern is built so this file does not match it.
pat='[(]issue'' [0-9]'
hits=$(grep -rnE "$pat" src tests docs doc fuzz bench contrib themes \
    README.md HACKING.md 2>/dev/null | grep -v '/node_modules/' || true)
echo "1..1"
if [ -z "$hits" ]; then
	echo "ok 1 - no \"(issue N)\" tags"
else
	echo "not ok 1 - \"(issue N)\" tags: say why in words, the history is in git"
	printf '%s\n' "$hits" | sed 's/^/# /'
	exit 1
fi
