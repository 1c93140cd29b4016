#!/bin/sh
# check-includes -- the allowed edges between the modules of src/
# (DESIGN.md, "Shape of the code"), enforced on every #include:
#
#  - the table below says which module may include which; a module
#    folder without a row fails, so a new one gets a row first;
#  - no file includes another module's *_int.h unless its row names
#    that header;
#  - each module folder's README.md says what it may include, in the
#    same words as its row ("May include: ...");
#  - each third-party library is included by one module only.
#
# usage: check-includes.sh [SRCROOT]
#	prints TAP, one test per module and per library (meson suite lint)
# usage: check-includes.sh --build SRCROOT STAMP DEPFILE
#	the build's own check: silent when all is well (then it touches
#	STAMP and writes DEPFILE, naming every file and folder it read, so
#	ninja runs it again when one changes); otherwise the failures on
#	stderr and exit 1, which fails `ninja`.
set -u

build=0
if [ "${1:-}" = "--build" ]; then
	build=1
	root=$2
	# ninja gives paths relative to the build folder; cd moves away.
	target=$3
	case $3 in /*) stamp=$3 ;; *) stamp=$(pwd)/$3 ;; esac
	case $4 in /*) depfile=$4 ;; *) depfile=$(pwd)/$4 ;; esac
else
	root=${1:-.}
fi
cd "$root" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The table.  A row: the module (a folder of src/; "(top)" is src/*.c
# itself), then what it may include besides itself and core/ (every
# module may include core/, and core/ includes nothing else): a module
# name allows its headers, a path allows that one header, "*" allows
# every module, "-" nothing.  *_int.h headers (a module's internals) are
# only allowed by name.  A "#" starts the reason, which the module's
# README.md explains at more length.
cat >"$tmp/table" <<'EOF'
core		-
store		-
store/sqlite	store store/store_int.h	# a backend implements store_int.h
store/pg	store store/store_int.h	# a backend implements store_int.h
http		store/store.h	# store sits below http: the page cache is valid for a store generation, and each GET runs in one store read session; store includes only core
content		store
render		-
media		store render/tv.h	# media_view(): an image's srcset as template values
reader		http store content render media	# bodies' images as <picture>s (media/pictures.h)
outbound	-	# libcurl and the address policy; below every user
jobs		store content import media outbound
import		store content media
site		http render reader content store media jobs
admin		http render reader content store media jobs
api		http render reader content store media jobs admin/roles.h admin/apppass.h admin/editor.h	# the API checks and saves as the newsroom does
demo		store content media	# the stories' pictures go through the upload pipeline
cli		*	# a front end: everything but a module's internals
(top)		*	# main.c, app.c and routes.c see every module
EOF

# Every file of src/ and what it includes: "FILE<TAB>LINE<TAB>HEADER".
find src -name '*.[ch]' | sort >"$tmp/files"
# shellcheck disable=SC2046
awk '/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*$/, "", h)
	printf "%s\t%d\t%s\n", FILENAME, FNR, h
}' $(cat "$tmp/files") >"$tmp/incs"

# Judge every include.  Output: "ok MODULE" for each module seen,
# "bad MODULE<TAB>message" for each forbidden edge.
awk -F'\t' -v filelist="$tmp/files" '
function mod_of(p,	n, a) {
	n = split(p, a, "/")
	if (n == 1)
		return "(top)"
	if (a[1] == "store" && n > 2)
		return "store/" a[2]
	return a[1]
}
function allowed(m, h, tm,	k, n, t) {
	if (tm == m || tm == "core")
		return 1
	n = split(rule[m], t, " ")
	for (k = 1; k <= n; k++)
		if (t[k] == h)
			return 1
	if (h ~ /_int\.h$/)
		return 0
	for (k = 1; k <= n; k++)
		if (t[k] == tm || t[k] == "*")
			return 1
	return 0
}
FILENAME == ARGV[1] {
	sub(/[ \t]*#.*/, "")
	if ($0 == "")
		next
	m = $1
	$1 = ""
	r = $0
	gsub(/\t+/, " ", r)
	sub(/^ +/, "", r)
	rule[m] = r == "-" ? "" : r
	next
}
FILENAME == filelist {
	f = $0
	sub(/^src\//, "", f)
	exists[f] = 1
	m = mod_of(f)
	seen[m] = 1
	if (!(m in rule))
		printf "bad %s\tsrc/%s: module %s has no row in the table\n", \
		    m, f, m
	next
}
{
	f = $1
	sub(/^src\//, "", f)
	m = mod_of(f)
	h = $3
	if (index(h, "/") == 0) {
		d = f
		if (sub(/\/[^\/]*$/, "", d) && ((d "/" h) in exists))
			h = d "/" h
		else if (!(h in exists))
			next	# generated in the build tree (ng_version.h)
	}
	tm = mod_of(h)
	if (m in rule && !allowed(m, h, tm))
		printf "bad %s\t%s:%s includes \"%s\": %s may not use %s\n", \
		    m, $1, $2, $3, m, h ~ /_int\.h$/ ? "another module'"'"'s internals" : tm
}
END {
	for (m in seen)
		print "ok " m
}' "$tmp/table" "$tmp/files" "$tmp/incs" | sort >"$tmp/verdict"

n=0
fails=0
report() {
	# report OK DESCRIPTION [DETAILS]
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		[ "$build" = 1 ] || echo "ok $n - $2"
	else
		fails=$((fails + 1))
		if [ "$build" = 1 ]; then
			printf 'check-includes: not ok: %s\n%s\n' "$2" "$3" >&2
		else
			echo "not ok $n - $2"
			printf '%s\n' "$3" | sed 's/^/# /'
		fi
	fi
}

# One test per module: its includes, and its README.
for m in $(sed -n 's/^ok //p' "$tmp/verdict"); do
	bad=$(awk -F'\t' -v m="$m" '$1 == "bad " m { print $2 }' \
	    "$tmp/verdict")
	if [ -z "$bad" ]; then
		report 1 "$m includes only what the table allows"
	else
		report 0 "$m includes what the table forbids" "$bad"
	fi
	[ "$m" = "(top)" ] && continue
	want=$(awk -v m="$m" '{ sub(/[ \t]*#.*/, "") }
	    $1 == m { for (k = 2; k <= NF; k++) print $k }' "$tmp/table" |
	    sort | tr '\n' ' ')
	readme=src/$m/README.md
	if [ ! -f "$readme" ]; then
		report 0 "$readme exists" \
		    "each module folder opens with a README.md saying what it owns and may include"
		continue
	fi
	if ! grep -q '^May include:' "$readme"; then
		report 0 "$readme says what the table says" \
		    "no line starting \"May include:\""
		continue
	fi
	# "May include: a, b and c (why)", up to a blank line: the module
	# names and header paths of the table among the words before a "("
	# or ";"; core/ may be named or not; "everything" is "*".
	got=$(awk 'FNR == NR { sub(/[ \t]*#.*/, "")
		for (k = 1; k <= NF; k++) known[$k] = 1
		next }
	/^May include:/ { on = 1; sub(/^May include:[ \t]*/, "") }
	on && /^$/ { exit }
	on { text = text " " $0 }
	END {
		$0 = text
		sub(/[(;].*/, "")
		gsub(/[`,]/, " ")
		for (k = 1; k <= NF; k++) {
			w = $k
			sub(/[.:]$/, "", w)
			sub(/\/$/, "", w)
			if (w == "everything")
				w = "*"
			if (w != "core" && w != "-" && (w in known))
				print w
		}
	}' "$tmp/table" "$readme" | sort | tr '\n' ' ')
	[ -z "$got" ] && got="- "
	[ -z "$want" ] && want="- "
	if [ "$got" = "$want" ]; then
		report 1 "$readme says what the table says"
	else
		report 0 "$readme says what the table says" \
		    "README: May include: $got; table: $want"
	fi
done

# Each third-party library in one module (and most in one file).
rule() {
	# rule DESCRIPTION HEADER-REGEX ALLOWED-PATH-REGEX
	bad=$(grep -rlE "^#[[:space:]]*include[[:space:]]*<($2)>" src |
	    grep -vE "$3" || true)
	if [ -z "$bad" ]; then
		report 1 "$1"
	else
		report 0 "$1" "$(echo $bad)"
	fi
}
rule "sqlite3.h only in src/store/sqlite" 'sqlite3\.h' '^src/store/sqlite/'
rule "libpq only in src/store/pg" 'libpq-fe\.h' '^src/store/pg/'
rule "microhttpd.h only in src/http" 'microhttpd\.h' '^src/http/'
# The TLS listener; the hashes other code needs are core/hmac.h's.
rule "GnuTLS only in src/http/tls.c" 'gnutls/[a-z]+\.h' '^src/http/tls\.c$'
rule "md4c only in src/content/markdown.c" 'md4c\.h|md4c-html\.h' '^src/content/markdown\.c$'
rule "ini.h only in src/core/config.c" 'ini\.h' '^src/core/config\.c$'
rule "zlib and brotli only in src/http/compress.c" 'zlib\.h|brotli/encode\.h' '^src/http/compress\.c$'
rule "sodium.h only in src/admin/auth.c" 'sodium\.h' '^src/admin/auth\.c$'
rule "vips only in src/media/image.c" 'vips/vips\.h' '^src/media/image\.c$'
rule "gumbo only in src/content/sanitize.c" 'gumbo\.h' '^src/content/sanitize\.c$'
rule "expat only in src/import" 'expat\.h' '^src/import/'
rule "curl only in src/outbound" 'curl/curl\.h' '^src/outbound/'
# The API reads and writes JSON; the site only writes it, with
# core/json.h.
rule "jansson only in src/api" 'jansson\.h' '^src/api/'

# Handlers never write SQL: no SQL keywords in string literals outside
# the store (and the importer, which only reads).
sql=$(grep -rnE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE)[[:space:]]' \
    src/site src/admin src/api src/reader src/content src/render src/http \
    src/media src/jobs 2>/dev/null || true)
if [ -z "$sql" ]; then
	report 1 "no SQL outside src/store"
else
	report 0 "SQL outside src/store" "$sql"
fi

if [ "$build" = 1 ]; then
	[ "$fails" -eq 0 ] || exit 1
	touch "$stamp"
	{
		printf '%s: ' "$target"
		sed "s|^|$(pwd)/|" "$tmp/files" | tr '\n' ' '
		find src -type d | sed "s|^|$(pwd)/|; s|\$| |" | tr -d '\n'
		find src -name README.md | sed "s|^|$(pwd)/|; s|\$| |" | tr -d '\n'
		echo
	} >"$depfile"
	exit 0
fi
echo "1..$n"
[ "$fails" -eq 0 ]
