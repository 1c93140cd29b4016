#!/bin/sh
# check-trusted-html -- only the files listed here make a struct
# safe_html (HTML written out unescaped, core/html.h) from raw bytes.
# A file makes one when it calls safe_html_trust(), builds the struct by
# hand ((struct safe_html){ ... }, struct safe_html x = { ... }) or
# assigns to the bytes of one (x_html.s = ..., x_html->s = ...).  Any other file fails,
# and so does a listed file that no longer makes one (the list stays
# the truth).  Prints TAP.
# usage: check-trusted-html.sh [SRCROOT]
set -u
cd "${1:-.}" || exit 1

# FILE, then why its bytes are safe.
allowed='
src/content/markdown.c		md4c output of Markdown, raw HTML off
src/content/sanitize.c		the sanitizer output (gumbo, allowlist)
src/content/shortcode_render.c	imported HTML after blocks, autop and the sanitizer
src/content/comment.c		comment text: every byte through buf_put_html()
src/store/sqlite/sqlite.c	body_html saved by one of the above
src/store/sqlite/sqlite_page.c	body_html saved by one of the above
src/store/pg/pg.c		body_html saved by one of the above
src/store/pg/pg_page.c		body_html saved by one of the above
src/store/sqlite/sqlite_live.c	live updates rendered as bodies are
src/store/pg/pg_live.c		live updates rendered as bodies are
src/reader/shortcodes.c		markers expanded into escaped parts and theme partials
src/site/ads.c			ad slot HTML from reader/shortcodes.c, placed
src/site/feed.c			a safe body with its site paths made absolute
src/site/search.c		escaped snippet text with <mark> around matches
src/site/meta.c			JSON-LD with <, > and & escaped as \u003c...
'
pat='safe_html_trust[[:space:]]*\(|\(struct safe_html\)[[:space:]]*\{|struct safe_html[[:space:]]+\**[a-z_][a-z0-9_]*[[:space:]]*=[[:space:]]*\{|html(\.|->)s[[:space:]]*=[^=]'

makers=$(grep -rlE "$pat" src --include='*.c' --include='*.h' |
    grep -v '^src/core/html\.h$' | sort)
list=$(echo "$allowed" | awk 'NF { print $1 }' | sort)

n=0
fails=0
for f in $makers; do
	n=$((n + 1))
	if echo "$list" | grep -qx "$f"; then
		echo "ok $n - $f may make trusted HTML"
	else
		echo "not ok $n - $f makes trusted HTML but is not listed"
		grep -nE "$pat" "$f" | sed 's/^/# /'
		fails=$((fails + 1))
	fi
done
for f in $list; do
	echo "$makers" | grep -qx "$f" && continue
	n=$((n + 1))
	echo "not ok $n - $f is listed but makes no trusted HTML: drop it"
	fails=$((fails + 1))
done
echo "1..$n"
[ "$fails" -eq 0 ]
