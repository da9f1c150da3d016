# mod_auth_pat: build with apxs (Debian: apache2-dev).
#   make           build mod_auth_pat.so and the admin program
#   make test      unit tests + Apache::Test suite (real httpd, real MariaDB)
#   make install   install the module, auth_pat.load (a2enmod auth_pat),
#                  the admin program and its static files

APXS      ?= apxs
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
BUILD_FLAGS = .build-flags
$(shell printf '%s\n' '$(SAN_FLAGS)' | cmp -s - $(BUILD_FLAGS) || \
        printf '%s\n' '$(SAN_FLAGS)' > $(BUILD_FLAGS))
export SANITIZE
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
LIBEXECDIR := $(shell $(APXS) -q LIBEXECDIR 2>/dev/null)
SYSCONFDIR := $(shell $(APXS) -q SYSCONFDIR 2>/dev/null)

# shared by the module and the admin program
SHARED_SRC = pat_token.c pat_date.c
SHARED_HDR = pat_token.h pat_date.h
MODULE     = .libs/mod_auth_pat.so
ADMIN_SRC  = admin-cgi/main.c admin-cgi/pages.c admin-cgi/html.c \
             admin-cgi/form.c admin-cgi/validate.c admin-cgi/store.c \
             admin-cgi/csrf.c admin-cgi/config.c
ADMIN_HDR  = $(wildcard admin-cgi/*.h)
ADMIN      = admin-cgi/pat-admin
UNIT_TESTS = t/unit/check_token t/unit/check_date

.PHONY: all install test unit-test httpd-test format clean demo demo-stop \
        demo-test bench bench-smoke

all: $(MODULE) $(ADMIN)

$(MODULE): mod_auth_pat.c pat_dbd.c pat_dbd.h pat_cache.c pat_cache.h \
          pat_request.c pat_request.h $(SHARED_SRC) $(SHARED_HDR) \
          $(BUILD_FLAGS)
	$(APXS) -c -Wc,"$(WARN) $(SAN_FLAGS)" $(SAN_LDFLAGS) \
	    -o mod_auth_pat.la mod_auth_pat.c pat_dbd.c \
	    pat_cache.c pat_request.c \
	    $(SHARED_SRC) -lcrypto -lz

$(ADMIN): $(ADMIN_SRC) $(ADMIN_HDR) $(SHARED_SRC) $(SHARED_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 -I. -Iadmin-cgi $(APR_CFLAGS) -o $@ $(ADMIN_SRC) \
	    $(SHARED_SRC) $(APR_LIBS) -lcrypto -lz

ADMIN_DIR  ?= /usr/lib/mod_auth_pat
STATIC_DIR ?= /usr/share/mod_auth_pat/static

demo/currentuser: demo/currentuser.c $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -O2 -o $@ $< -ljansson

# the whole system on 127.0.0.1:$(PORT) (default 8080), state in state/
demo:
	demo/run start

demo-stop:
	demo/run stop

# the README walk-through against make demo, by curl (stops the demo)
demo-test:
	t/demo-smoke

# performance against httpd's own peers (never fails on speed)
bench:
	bench/run

# seconds: proves the harness works (CI)
bench-smoke:
	BENCH_SECONDS=1 BENCH_ROUNDS=1 BENCH_WARMUP=1 BENCH_BULK=2000 \
	    BENCH_RSS_REQUESTS=5000 bench/run

install: $(MODULE) $(ADMIN)
	$(APXS) -i -n auth_pat mod_auth_pat.la
	install -m 644 auth_pat.load $(DESTDIR)$(SYSCONFDIR)/mods-available/auth_pat.load
	install -d $(DESTDIR)$(ADMIN_DIR) $(DESTDIR)$(STATIC_DIR)
	install -m 755 $(ADMIN) $(DESTDIR)$(ADMIN_DIR)/pat-admin
	install -m 644 admin-cgi/static/pat.js admin-cgi/static/pat.css \
	    $(DESTDIR)$(STATIC_DIR)/

t/unit/%: t/unit/%.c $(SHARED_SRC) $(SHARED_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -I. $(APR_CFLAGS) $(CHECK_CFLAGS) -o $@ $< $(SHARED_SRC) \
	    $(APR_LIBS) $(CHECK_LIBS) -lcrypto -lz

t/tools/pat_tool: t/tools/pat_tool.c $(SHARED_SRC) $(SHARED_HDR) $(BUILD_FLAGS)
	$(CC) $(WARN) $(SAN_FLAGS) -I. $(APR_CFLAGS) -o $@ $< $(SHARED_SRC) $(APR_LIBS) \
	    -lcrypto -lz

unit-test: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do ./$$t; done

# playwright-core for the browser test (Chromium itself is Debian's)
BROWSER_DEPS = t/browser/node_modules/playwright-core/package.json

$(BROWSER_DEPS): t/browser/package.json t/browser/package-lock.json
	cd t/browser && npm ci --no-audit --no-fund

httpd-test: $(MODULE) $(ADMIN) demo/currentuser t/tools/pat_tool \
            $(BROWSER_DEPS)
	t/run-httpd-tests

# unit tests, a short bounded fuzz run of every harness (t/fuzz), then the
# Apache::Test suite under each MPM (PAT_TEST_MPMS="event prefork worker")
test: unit-test fuzz-smoke httpd-test

include t/fuzz/fuzz.mk
include t/load/load.mk

# .clang-format is close to httpd's style
format:
	clang-format -i *.c *.h admin-cgi/*.[ch] t/unit/*.c t/tools/*.c

clean: fuzz-clean
	rm -rf .libs *.la *.lo *.slo *.o $(UNIT_TESTS) t/tools/pat_tool $(ADMIN) \
	    demo/currentuser $(LOAD_CLIENT)
