#!/bin/sh
# pg-cluster.sh -- a throwaway PostgreSQL cluster for the tests.
#
#   pg-cluster.sh start DIR    initdb DIR and start a server on a Unix
#                              socket in DIR (no TCP: listen_addresses
#                              is empty); prints the base URL
#                              postgresql:///?host=DIR  (add a database
#                              name: postgresql:///NAME?host=DIR)
#   pg-cluster.sh stop DIR     stop it (fast) and remove DIR
#   pg-cluster.sh createdb DIR NAME    create database NAME, print its URL
#   pg-cluster.sh dropdb DIR NAME
#   pg-cluster.sh psql DIR NAME SQL    run SQL, print rows as sqlite3 does
#                              (fields joined by "|", no header)
#   pg-cluster.sh stop-immediate DIR   stop the server as a crash would
#   pg-cluster.sh start-again DIR      start it again
#   pg-cluster.sh url DIR [NAME]       print the URL again
#   pg-cluster.sh bin DIR              print the PostgreSQL bin directory
#
# Uses Debian's postgresql package (/usr/lib/postgresql/N/bin, the
# highest N installed; PG_BIN overrides).  PostgreSQL refuses to run as
# root, so when run as root the cluster belongs to, and the server runs
# as, the "postgres" user (DIR is made theirs); the tests connect as that
# role over the socket (trust authentication: the socket lives in DIR,
# which only its owner can enter).  Exit status 3: PostgreSQL is not
# installed.
set -eu

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ]; then bin=$d; break; fi
	done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "pg-cluster: PostgreSQL is not installed (no initdb in" \
	    "/usr/lib/postgresql/*/bin)" >&2
	exit 3
fi

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: pg-cluster.sh start|stop|createdb|url DIR [NAME]" >&2
	exit 2
}

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

user() {
	if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

url() {
	echo "postgresql://$(user)@/${1:-}?host=$dir"
}

case $cmd in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$dir"
		# The socket directory's parents must be reachable.
		chmod o+x "$(dirname "$dir")" 2>/dev/null || true
	fi
	chmod 700 "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U "$(user)" -A trust \
	    -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	# Throwaway: no fsync, small and quick; sockets only in DIR.
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 32MB
log_min_messages = warning
CONF
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	    -t 60 start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	url
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop \
		    >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
stop-immediate)
	# A crash as far as the data is concerned: no shutdown checkpoint.
	as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
	;;
start-again)
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	    -t 60 start >/dev/null
	;;
createdb)
	"$bin/createdb" -h "$dir" -U "$(user)" "$3"
	url "$3"
	;;
dropdb)
	"$bin/dropdb" -h "$dir" -U "$(user)" --if-exists "$3"
	;;
psql)
	"$bin/psql" -h "$dir" -U "$(user)" -d "$3" -X -q -A -t -F '|' \
	    -v ON_ERROR_STOP=1 -c "$4"
	;;
url)
	url "${3:-}"
	;;
bin)
	echo "$bin"
	;;
*)
	echo "pg-cluster.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
