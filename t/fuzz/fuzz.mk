# t/fuzz/fuzz.mk: libFuzzer harnesses (included by the top Makefile, after
# its variables: uses $(WARN) $(APR_CFLAGS) $(APR_LIBS)).
#
#   make fuzz-smoke   replay seeds and regressions, then fuzz each harness
#                     FUZZ_SMOKE_SECONDS (5) seconds, at most
#                     FUZZ_SMOKE_RUNS inputs; fails on any finding (CI)
#   make fuzz         the same for FUZZ_SECONDS (300) seconds per harness
#   make fuzz-clean   remove the harness binaries (build/fuzz/)
#
# The committed seed corpus t/fuzz/corpus/<harness>/ is only read: new
# inputs go to a temporary work corpus (libFuzzer writes to its first
# directory).  A crash is written to t/fuzz/regressions/<harness>/ and is
# replayed by every later run.  See t/fuzz/run.

FUZZ_CC            ?= clang
FUZZ_SANITIZE       = -fsanitize=fuzzer,address,undefined \
                      -fno-sanitize-recover=all
FUZZ_CFLAGS         = -g -O1 $(FUZZ_SANITIZE) $(WARN) -Ilib -Iadmin-cgi \
                      $(APR_CFLAGS)
FUZZ_HARNESSES      = token form utf8 date perm
FUZZ_BINS           = $(FUZZ_HARNESSES:%=$(B)/fuzz/fuzz_%)
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SMOKE_RUNS    ?= 5000000
FUZZ_SECONDS       ?= 300
FUZZ_RUNS          ?= -1

.PHONY: fuzz fuzz-smoke run-fuzz-smoke run-fuzz fuzz-build fuzz-clean

$(B)/fuzz/fuzz_token: t/fuzz/fuzz_token.c t/fuzz/fuzz_common.h lib/pat_token.c lib/pat_token.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< lib/pat_token.c $(APR_LIBS) -lcrypto -lz

$(B)/fuzz/fuzz_form: t/fuzz/fuzz_form.c t/fuzz/fuzz_common.h admin-cgi/form.c admin-cgi/form.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< admin-cgi/form.c $(APR_LIBS)

$(B)/fuzz/fuzz_utf8: t/fuzz/fuzz_utf8.c t/fuzz/fuzz_common.h admin-cgi/validate.c \
                  admin-cgi/validate.h lib/pat_date.c lib/pat_date.h \
                  lib/pat_perm.h lib/pat_utf8.c lib/pat_utf8.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< admin-cgi/validate.c lib/pat_date.c \
	    lib/pat_utf8.c $(APR_LIBS)

$(B)/fuzz/fuzz_date: t/fuzz/fuzz_date.c t/fuzz/fuzz_common.h lib/pat_date.c lib/pat_date.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< lib/pat_date.c $(APR_LIBS)

$(B)/fuzz/fuzz_perm: t/fuzz/fuzz_perm.c t/fuzz/fuzz_common.h lib/pat_perm.c lib/pat_perm.h \
                  lib/pat_utf8.c lib/pat_utf8.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< lib/pat_perm.c lib/pat_utf8.c $(APR_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz-smoke:
	$(call need,build fuzz)
	@$(MAKE) --no-print-directory run-fuzz-smoke

run-fuzz-smoke: $(FUZZ_BINS)
	t/fuzz/run $(B)/fuzz $(FUZZ_SMOKE_SECONDS) $(FUZZ_SMOKE_RUNS) $(FUZZ_HARNESSES)

fuzz:
	$(call need,build fuzz)
	@$(MAKE) --no-print-directory run-fuzz

run-fuzz: $(FUZZ_BINS)
	t/fuzz/run $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ_RUNS) $(FUZZ_HARNESSES)

fuzz-clean:
	rm -f $(FUZZ_BINS)
