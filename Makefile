# nutgraf -- the two commands of the README, and a few more.
#
#   make           build build/nutgraf
#   make demo      install what is missing, build, serve the demo site
#   make test      install what is missing, build, run every suite
#   make bench     optimised build, generated site, wrk vs nginx
#                  (bench/run.sh; the table lands in build/bench.md),
#                  then slow clients at scale (bench/slow.sh)
#   make bench-slow  only the slow clients: 5,000 from 50 addresses
#   make install   binary, man page, systemd unit, default config
#                  (PREFIX=/usr/local, DESTDIR, SYSCONFDIR=/etc)
#   make deb       the Debian package, in build-deb/ (debhelper)
#
# meson + ninja do the real build; this file only strings steps together.

LISTEN	?= 127.0.0.1:8080
DATA	?= ./demo-data
BUILD	?= build
ASAN	?= build-asan

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN)/build.ninja:
	meson setup $(ASAN) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false

asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)

deps:
	./scripts/install-deps

demo: deps all
	./$(BUILD)/nutgraf serve --demo --data $(DATA) --listen $(LISTEN)

test: deps
	./scripts/run-tests

bench: deps
	./bench/run.sh
	./bench/slow.sh

bench-slow: deps
	./bench/slow.sh

fuzz:
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false \
	    --buildtype=debugoptimized 2>/dev/null || true
	ninja -C build-fuzz

# --- install ---
PREFIX		?= /usr/local
SYSCONFDIR	?= /etc
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/nutgraf
UNITDIR		?= $(PREFIX)/lib/systemd/system

# The config is installed only if there is none: an upgrade never
# overwrites the operator's.  The shipped one is always in DATADIR.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/nutgraf \
	    $(DESTDIR)$(DATADIR)/contrib/nginx $(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BUILD)/nutgraf $(DESTDIR)$(BINDIR)/nutgraf
	install -m 644 doc/nutgraf.1 $(DESTDIR)$(MANDIR)/man1/nutgraf.1
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    contrib/nutgraf.service.in >$(DESTDIR)$(UNITDIR)/nutgraf.service
	chmod 644 $(DESTDIR)$(UNITDIR)/nutgraf.service
	install -m 644 contrib/nutgraf.conf $(DESTDIR)$(DATADIR)/nutgraf.conf
	test -e $(DESTDIR)$(SYSCONFDIR)/nutgraf/nutgraf.conf || \
	    install -m 644 contrib/nutgraf.conf \
	    $(DESTDIR)$(SYSCONFDIR)/nutgraf/nutgraf.conf
	install -m 644 contrib/nginx/nutgraf.conf \
	    $(DESTDIR)$(DATADIR)/contrib/nginx/nutgraf.conf
	install -m 644 contrib/Caddyfile $(DESTDIR)$(DATADIR)/contrib/Caddyfile
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/themes

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nutgraf $(DESTDIR)$(MANDIR)/man1/nutgraf.1 \
	    $(DESTDIR)$(UNITDIR)/nutgraf.service
	rm -rf $(DESTDIR)$(DATADIR)

# Built from the tracked files of this checkout (changes included) in
# build-deb/src; the .deb lands in build-deb/.  LINTIAN=1 runs lintian.
deb:
	rm -rf build-deb && mkdir -p build-deb/src
	git ls-files -z | xargs -0 tar -cf - | tar -xf - -C build-deb/src
	cd build-deb/src && dpkg-buildpackage -us -uc -b
	if [ "$(LINTIAN)" = 1 ]; then lintian --info build-deb/*.changes; fi

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz build-deb

.PHONY: all asan deps demo test bench bench-slow fuzz clean install uninstall deb
