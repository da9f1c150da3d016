# t/load/load.mk: bounded load test (included by the top Makefile)
#   make load    t/load/run: steady load and a database restart, every
#                answer checked (LOAD_REQUESTS, LOAD_RESTART_REQUESTS, ...)

LOAD_CLIENT = $(B)/pat_load

.PHONY: load run-load

$(LOAD_CLIENT): t/load/pat_load.c
	$(CC) $(WARN) -O2 -o $@ $< -lcurl

load:
	$(call need,build run load)
	@$(MAKE) --no-print-directory run-load

run-load: build $(PAT_TOOL) $(LOAD_CLIENT)
	t/load/run
