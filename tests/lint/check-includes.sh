#!/bin/sh
# check-includes -- enforce the module boundaries of STYLE.md 8.1:
# each third-party library is included by exactly one module, and data
# flows one way (no SQL outside src/store, no libmicrohttpd outside
# src/http).  Prints TAP, one test per rule.
set -u
cd "${1:-.}"

n=0
fails=0
rule() {
	# rule DESCRIPTION HEADER-REGEX ALLOWED-PATH-REGEX
	n=$((n + 1))
	bad=$(grep -rlE "^#[[:space:]]*include[[:space:]]*<($2)>" src |
	    grep -vE "$3" || true)
	if [ -z "$bad" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1: $(echo $bad)"
		fails=$((fails + 1))
	fi
}

rule "sqlite3.h only in src/store/sqlite" 'sqlite3\.h' '^src/store/sqlite/'
rule "libpq only in src/store/pg" 'libpq-fe\.h' '^src/store/pg/'
rule "microhttpd.h only in src/http" 'microhttpd\.h' '^src/http/'
rule "md4c only in src/content/markdown.c" 'md4c\.h|md4c-html\.h' '^src/content/markdown\.c$'
rule "ini.h only in src/core/config.c" 'ini\.h' '^src/core/config\.c$'
rule "zlib and brotli only in src/http/compress.c" 'zlib\.h|brotli/encode\.h' '^src/http/compress\.c$'
rule "sodium.h only in src/admin/auth.c" 'sodium\.h' '^src/admin/auth\.c$'
# media
rule "vips only in src/media/image.c" 'vips/vips\.h' '^src/media/image\.c$'
# WordPress import
rule "gumbo only in src/content/sanitize.c" 'gumbo\.h' '^src/content/sanitize\.c$'
rule "expat only in src/import/wxr.c" 'expat\.h' '^src/import/wxr\.c$'

# Handlers never write SQL: no SQL keywords in string literals of src/site.
n=$((n + 1))
sql=$(grep -rnE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE)[[:space:]]' src/site src/content src/render src/http 2>/dev/null || true)
if [ -z "$sql" ]; then
	echo "ok $n - no SQL outside src/store"
else
	echo "not ok $n - SQL outside src/store: $sql"
	fails=$((fails + 1))
fi

echo "1..$n"
[ "$fails" -eq 0 ]
