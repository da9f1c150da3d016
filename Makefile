# mod_auth_pat: build with apxs (Debian: apache2-dev).
#   make           build mod_auth_pat.so, the admin program, pat-api,
#                  pat-notify and pat-tokens
#   make test      unit tests + Apache::Test suite (real httpd, real MariaDB)
#   make cluster-test  the same module on a MariaDB Galera cluster
#   make install   install the module, auth_pat.load and auth_pat.conf
#                  (a2enmod auth_pat), the admin program and its files
#   make uninstall remove what make install installed
#   make deb       the Debian package, in dist/ (see debian/)
#
# Every target first runs deps/need with the groups of deps/packages it
# uses: missing Debian packages are installed (as root) or named in the
# one sudo apt-get line to run.  make NEED= skips that (debian/rules).

# apache2, apache2ctl, a2enmod and mariadbd are in /usr/sbin, which a
# non-root user's PATH lacks on Debian
export PATH := $(PATH):/usr/sbin:/sbin
APXS      ?= apxs
NEED      ?= deps/need
VERSION   := $(shell cat VERSION)
CC        ?= cc
WARN       = -Wall -Wextra -Werror -std=c11
APR_CFLAGS := $(shell apr-1-config --cppflags --cflags --includes 2>/dev/null) \
              $(shell apu-1-config --includes 2>/dev/null)
APR_LIBS   := $(shell apr-1-config --link-ld 2>/dev/null) \
              $(shell apu-1-config --link-ld 2>/dev/null)
# make SANITIZE=1 ...: everything of ours built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc); any report fails make test.  The
# flags are recorded in .build-flags so that switching rebuilds.
SANITIZE  ?=
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer -g
SAN_LDFLAGS := -Wl,"$(SAN_FLAGS)"
endif
# Everything make builds goes to build/ (the sources stay as committed):
# the module's libtool objects, build/.libs/mod_auth_pat.so, the admin
# program, the tests' programs and the fuzzers.
B = build
BUILD_FLAGS = $(B)/.build-flags
$(shell mkdir -p $(B) && { printf '%s\n' '$(SAN_FLAGS)' | cmp -s - $(BUILD_FLAGS) || \
        printf '%s\n' '$(SAN_FLAGS)' > $(BUILD_FLAGS); })
export SANITIZE
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
LIBEXECDIR := $(shell $(APXS) -q LIBEXECDIR 2>/dev/null)
SYSCONFDIR := $(shell $(APXS) -q SYSCONFDIR 2>/dev/null)

# lib/: the token and date library, linked into the module, pat-admin,
# the unit tests, pat_tool and the fuzzers; lib/pat_env.h is the
# module-to-pages contract
LIB_SRC    = lib/pat_token.c lib/pat_date.c lib/pat_perm.c lib/pat_utf8.c \
             lib/pat_when.c
LIB_HDR    = $(wildcard lib/*.h)
# the module: mod_auth_pat.c (hooks and directives) and its helpers in
# module/ (DBD lookups, the token cache, request-header handling)
MOD_SRC    = mod_auth_pat.c $(wildcard module/*.c)
MOD_HDR    = $(wildcard module/*.h)
MOD_OBJS   = $(patsubst %.c,$(B)/%.lo,$(MOD_SRC) $(LIB_SRC))
MODULE     = $(B)/.libs/mod_auth_pat.so
# admin-cgi/: the token pages, one CGI program
ADMIN_SRC  = $(wildcard admin-cgi/*.c)
ADMIN_HDR  = $(wildcard admin-cgi/*.h)
ADMIN      = $(B)/pat-admin
# api/: pat-api, the JSON management API (README "API"); it reads the
# pages' admin.conf and changes tokens through their store and rules
API_SHARED = admin-cgi/store.c admin-cgi/store_change.c admin-cgi/history.c \
             admin-cgi/validate.c admin-cgi/permissions.c admin-cgi/config.c \
             admin-cgi/csrf.c admin-cgi/form.c admin-cgi/html.c admin-cgi/db.c
API_SRC    = $(wildcard api/*.c) $(API_SHARED)
API_HDR    = $(wildcard api/*.h) $(ADMIN_HDR)
API        = $(B)/pat-api
# notify/: pat-notify, the expiry reminders by mail; it reads the pages'
# admin.conf with admin-cgi/config.c and connects with admin-cgi/db.c
NOTIFY_SRC = $(wildcard notify/*.c) admin-cgi/config.c admin-cgi/db.c
NOTIFY_HDR = $(wildcard notify/*.h) admin-cgi/config.h admin-cgi/db.h
NOTIFY     = $(B)/pat-notify
# cli/: pat-tokens, the administrators' command line; it shares the
# pages' configuration and the administrators' statements
# (admin-cgi/store_admin.c)
TOKENS_SRC = $(wildcard cli/*.c) admin-cgi/config.c admin-cgi/store.c \
             admin-cgi/history.c admin-cgi/store_admin.c admin-cgi/db.c
TOKENS_HDR = $(wildcard cli/*.h) $(ADMIN_HDR)
TOKENS     = $(B)/pat-tokens
UNIT_TESTS = $(B)/check_token $(B)/check_date $(B)/check_perm \
             $(B)/check_when
PAT_TOOL   = $(B)/pat_tool
CURRENTUSER = $(B)/currentuser

.PHONY: all build install uninstall test unit-test httpd-test format clean \
        demo demo-stop demo-test bench bench-smoke deb deb-test run-unit-tests \
        run-httpd-tests format-check cluster-test

comma := ,
# $(call need,GROUP...): the deps/need step of a target.  A target that
# builds runs its work in a sub-make after this step (X: need, then
# $(MAKE) run-X), because APR_CFLAGS, LIBEXECDIR and the like are read
# from apr-1-config and apxs when make starts: on a fresh machine those
# exist only once deps/need has installed them.
need = $(if $(NEED),@$(NEED) $(1))

all:
	$(call need,build)
	@$(MAKE) --no-print-directory build

build: $(MODULE) $(ADMIN) $(API) $(NOTIFY) $(TOKENS)

# the version, kept in the file VERSION only (README "Versions")
$(B)/pat_version.h: VERSION
	printf '#define PAT_VERSION "%s"\n' "$(VERSION)" >$@

# The module is compiled as apxs -c compiles (apr's libtool, the compiler
# and flags httpd was built with), but into build/ rather than beside
# each source; apxs -c then links the objects into a DSO.
AP_QUERY   := $(subst ;;, ,$(shell $(APXS) -q CC SHLTCFLAGS CFLAGS CPPFLAGS \
                NOTEST_CPPFLAGS EXTRA_CPPFLAGS EXTRA_CFLAGS 2>/dev/null))
AP_CC      := $(firstword $(AP_QUERY))
AP_CFLAGS  := $(wordlist 2,$(words $(AP_QUERY)),$(AP_QUERY)) \
              -I$(shell $(APXS) -q INCLUDEDIR 2>/dev/null)
LIBTOOL    := $(shell apr-1-config --apr-libtool 2>/dev/null)

$(B)/%.lo: %.c $(MOD_HDR) $(LIB_HDR) $(B)/pat_version.h $(BUILD_FLAGS)
	@mkdir -p $(@D)
	$(LIBTOOL) --mode=compile --tag=disable-static $(AP_CC) $(AP_CFLAGS) \
	    $(APR_CFLAGS) $(WARN) $(SAN_FLAGS) $(CPPFLAGS) $(CFLAGS) -Ilib \
	    -Imodule -I$(B) -c -o $@ $<

$(MODULE): $(MOD_OBJS)
	$(APXS) -c $(SAN_LDFLAGS) $(if $(strip $(LDFLAGS)),-Wl$(comma)"$(LDFLAGS)") \
	    -o $(B)/mod_auth_pat.la $(MOD_OBJS) -lcrypto -lz

$(ADMIN): $(ADMIN_SRC) $(ADMIN_HDR) $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 $(CPPFLAGS) $(CFLAGS) -Ilib -Iadmin-cgi \
	    $(APR_CFLAGS) $(LDFLAGS) -o $@ $(ADMIN_SRC) $(LIB_SRC) $(APR_LIBS) \
	    -lcrypto -lz

$(API): $(API_SRC) $(API_HDR) $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 $(CPPFLAGS) $(CFLAGS) -Ilib -Iadmin-cgi \
	    -Iapi $(APR_CFLAGS) $(LDFLAGS) -o $@ $(API_SRC) $(LIB_SRC) $(APR_LIBS) \
	    -ljansson -lcrypto -lz

$(NOTIFY): $(NOTIFY_SRC) $(NOTIFY_HDR) $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 $(CPPFLAGS) $(CFLAGS) -Ilib -Iadmin-cgi \
	    -Inotify $(APR_CFLAGS) $(LDFLAGS) -o $@ $(NOTIFY_SRC) $(LIB_SRC) \
	    $(APR_LIBS) -lcrypto -lz

$(TOKENS): $(TOKENS_SRC) $(TOKENS_HDR) $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 $(CPPFLAGS) $(CFLAGS) -Ilib -Iadmin-cgi \
	    -Icli $(APR_CFLAGS) $(LDFLAGS) -o $@ $(TOKENS_SRC) $(LIB_SRC) \
	    $(APR_LIBS) -lcrypto -lz -ljansson

ADMIN_DIR  ?= /usr/lib/mod_auth_pat
SBINDIR    ?= /usr/sbin
MANDIR     ?= /usr/share/man
STATIC_DIR ?= /usr/share/mod_auth_pat/static

$(CURRENTUSER): demo/currentuser.c $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 -o $@ $< -ljansson

# the whole system on 127.0.0.1:$(PORT) (default 8080), state in state/
demo:
	$(call need,build run demo)
	demo/run start

demo-stop:
	demo/run stop

# the README walk-through against make demo, by curl (stops the demo)
demo-test:
	$(call need,build run demo)
	t/demo-smoke

# performance against httpd's own peers (never fails on speed)
bench:
	$(call need,build run bench)
	bench/run

# seconds: proves the harness works (CI)
bench-smoke:
	$(call need,build run bench)
	BENCH_SECONDS=1 BENCH_ROUNDS=2 BENCH_WARMUP=1 BENCH_BULK=2000 \
	    BENCH_RSS_REQUESTS=5000 BENCH_ADMIN_TOKENS=3000 BENCH_PAGE_POSTS=5 bench/run

MODULES_DIR ?= $(LIBEXECDIR)
STATIC_FILES = $(wildcard admin-cgi/static/*)

# install and uninstall refuse to guess: without apxs (apache2-dev) they
# would not know Apache's folders, and files that the Debian package
# installed are apt's to change (make install DESTDIR=... always works)
define install_guard
	@test -n "$(MODULES_DIR)" && test -n "$(SYSCONFDIR)" || { \
	    echo "make $@: apxs -q does not name Apache's folders: install apache2-dev (make does)" >&2; \
	    exit 1; }
	@test -n "$(DESTDIR)" || ! dpkg -S "$(MODULES_DIR)/mod_auth_pat.so" >/dev/null 2>&1 || { \
	    echo "make $@: mod_auth_pat is installed by the Debian package libapache2-mod-auth-pat: use apt-get" >&2; \
	    exit 1; }
endef

# an auth_pat.conf already in mods-available is the site's: kept
install: all
	$(install_guard)
	install -d $(DESTDIR)$(MODULES_DIR) $(DESTDIR)$(SYSCONFDIR)/mods-available \
	    $(DESTDIR)$(ADMIN_DIR) $(DESTDIR)$(STATIC_DIR) $(DESTDIR)$(SBINDIR) \
	    $(DESTDIR)$(MANDIR)/man8
	install -m 644 $(MODULE) $(DESTDIR)$(MODULES_DIR)/mod_auth_pat.so
	install -m 644 auth_pat.load $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.load
	test -e $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.conf || \
	    install -m 644 auth_pat.conf $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.conf
	install -m 755 $(ADMIN) $(DESTDIR)$(ADMIN_DIR)/pat-admin
	install -m 755 $(API) $(DESTDIR)$(ADMIN_DIR)/pat-api
	install -m 755 $(NOTIFY) $(DESTDIR)$(SBINDIR)/pat-notify
	install -m 644 notify/pat-notify.8 $(DESTDIR)$(MANDIR)/man8/pat-notify.8
	install -m 755 $(TOKENS) $(DESTDIR)$(SBINDIR)/pat-tokens
	install -m 644 cli/pat-tokens.8 $(DESTDIR)$(MANDIR)/man8/pat-tokens.8
	install -m 644 $(STATIC_FILES) $(DESTDIR)$(STATIC_DIR)/

# leaves a changed auth_pat.conf, as dpkg does with a conffile
uninstall:
	$(install_guard)
	@test -n "$(DESTDIR)" || a2dismod -q auth_pat 2>/dev/null || true
	rm -f $(DESTDIR)$(MODULES_DIR)/mod_auth_pat.so \
	    $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.load \
	    $(DESTDIR)$(ADMIN_DIR)/pat-admin $(DESTDIR)$(ADMIN_DIR)/pat-api \
	    $(DESTDIR)$(SBINDIR)/pat-notify \
	    $(DESTDIR)$(MANDIR)/man8/pat-notify.8 $(DESTDIR)$(SBINDIR)/pat-tokens \
	    $(DESTDIR)$(MANDIR)/man8/pat-tokens.8
	cmp -s auth_pat.conf $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.conf && \
	    rm -f $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.conf || true
	rm -f $(STATIC_FILES:admin-cgi/static/%=$(DESTDIR)$(STATIC_DIR)/%)
	rmdir $(DESTDIR)$(STATIC_DIR) $(dir $(DESTDIR)$(STATIC_DIR)) \
	    $(DESTDIR)$(ADMIN_DIR) 2>/dev/null || true

# the Debian package (debian/), built in a copy of the tree so that this
# one stays clean; the .deb lands in dist/, then lintian checks it
deb:
	$(call need,build package)
	deps/build-deb

# the package's own test: install, walk-through against the system
# Apache and MariaDB, purge (t/package-test; changes the machine)
deb-test:
	$(call need,build run package)
	t/package-test

$(B)/check_%: t/unit/check_%.c $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -Ilib $(APR_CFLAGS) $(CHECK_CFLAGS) -o $@ $< $(LIB_SRC) \
	    $(APR_LIBS) $(CHECK_LIBS) -lcrypto -lz

$(PAT_TOOL): t/tools/pat_tool.c $(LIB_SRC) $(LIB_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -Ilib $(APR_CFLAGS) -o $@ $< $(LIB_SRC) $(APR_LIBS) \
	    -lcrypto -lz

unit-test:
	$(call need,build test)
	@$(MAKE) --no-print-directory run-unit-tests

run-unit-tests: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do ./$$t; done

# t/browser's npm packages, as its lock file pins them: playwright-core
# for the browser test (Chromium itself is Debian's), axe-core and
# vnu-jar (the Nu Html Checker, run with Debian's Java).  npm writes
# node_modules/.package-lock.json at every install.  No install scripts:
# vnu-jar's would download a Java runtime where none is on PATH.
BROWSER_DEPS = t/browser/node_modules/.package-lock.json

$(BROWSER_DEPS): t/browser/package.json t/browser/package-lock.json
	cd t/browser && npm ci --no-audit --no-fund --ignore-scripts

httpd-test:
	$(call need,build run demo test browser)
	@$(MAKE) --no-print-directory run-httpd-tests

run-httpd-tests: $(MODULE) $(ADMIN) $(API) $(NOTIFY) $(TOKENS) $(CURRENTUSER) $(PAT_TOOL) \
                 $(BROWSER_DEPS)
	t/run-httpd-tests

# unit tests, a short bounded fuzz run of every harness (t/fuzz), then the
# Apache::Test suite under each MPM (PAT_TEST_MPMS="event prefork worker")
test:
	$(call need,build run demo test browser fuzz)
	@$(MAKE) --no-print-directory run-unit-tests run-fuzz-smoke \
	    run-httpd-tests
	@echo "make test: all passed"

# mod_auth_pat on a 3-node MariaDB Galera cluster with haproxy and four
# httpd nodes, all on this machine (t/cluster/run; README "Running on
# several servers"): read your writes across nodes, a node killed and
# rejoined, concurrent last-used writes, the pages, a bounded load
cluster-test:
	$(call need,build run cluster)
	@$(MAKE) --no-print-directory build $(PAT_TOOL) $(B)/pat_load
	t/cluster/run

include t/fuzz/fuzz.mk
include t/load/load.mk

# .clang-format is close to httpd's style; every C file of ours, the
# fuzzers, the load client, the tools and the demo's endpoint included
C_FILES = $(wildcard *.c module/*.[ch] lib/*.[ch] admin-cgi/*.[ch] api/*.[ch] notify/*.[ch] \
            cli/*.[ch] t/unit/*.c \
            t/tools/*.c t/fuzz/*.[ch] t/load/*.c demo/*.c)

format:
	$(call need,lint)
	clang-format -i $(C_FILES)

# fails, naming each file and line, where a file differs from its
# clang-format form (CI)
format-check:
	$(call need,lint)
	clang-format --dry-run --Werror $(C_FILES)

clean: fuzz-clean
	rm -rf $(B)
