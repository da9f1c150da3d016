/* pat_load.c: a bounded load client for mod_auth_pat that checks every
 * single response against the decision its token must get.
 *
 *   pat_load [-n REQUESTS] [-c CONCURRENCY] [-t TOKEN_FILE] [-d DEADLINE]
 *            [-s SEED] [-T TIMEOUT] [-D DOWN_FILE] [-B BACK_FILE]
 *            [-g GRACE] [-a AFTER] URL
 *
 * The token file has lines "<class> <token>" (blank lines and lines
 * starting with '#' are skipped); class is valid, expired, deleted,
 * malformed or missing (missing: no x-pat header; its token is ignored).
 * Each request picks a class at random from a fixed seed (valid counts
 * twice, so about a third of the traffic needs a successful lookup), then
 * a token of that class.  CONCURRENCY transfers (default 32) stay in
 * flight over keep-alive connections until REQUESTS (default 10000) have
 * been answered or DEADLINE seconds (default 300) have passed.
 *
 * Expected: valid -> 200; expired, deleted, malformed, missing -> 401.
 * A 2xx for a bad token or a 401 for a valid one is a wrong decision.
 *
 * Restart mode (-B, or -S to wait for SIGUSR1 instead of a file): the
 * runner creates DOWN_FILE just before it stops the database and
 * BACK_FILE once the database answers again (SIGUSR1 means the same as
 * BACK_FILE).  Before DOWN_FILE a 5xx is a failure as in normal mode;
 * between the two it is counted, allowed only for classes that need the
 * database (valid, expired, deleted: the module fails closed with 500);
 * after BACK_FILE each handle may get GRACE (default 3) more 5xx, then
 * every request must be answered as expected again.  Wrong decisions are
 * failures at all times.  The run does not end before the restart has
 * happened and AFTER requests (default REQUESTS / 4) have started after
 * it.
 *
 * Environment (options win): PAT_LOAD_URL, PAT_LOAD_REQUESTS,
 * PAT_LOAD_CONCURRENCY, PAT_LOAD_TOKENS, PAT_LOAD_DEADLINE, PAT_LOAD_SEED.
 * Exit status: 0 pass, 1 a check failed, 2 usage or setup error.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

enum { C_VALID, C_EXPIRED, C_DELETED, C_MALFORMED, C_MISSING, C_N };
static const char *const class_name[C_N] = {"valid", "expired", "deleted",
                                            "malformed", "missing"};
/* classes whose answer needs a database lookup (may be 500 while down) */
static const int class_needs_db[C_N] = {1, 1, 1, 0, 0};
/* how often a class is picked, relative to the others */
static const unsigned class_weight[C_N] = {2, 1, 1, 1, 1};

/* database phases as the runner announces them */
enum { P_UP, P_DOWN, P_BACK, P_N };
static const char *const phase_name[P_N] = {"before stop", "restart window",
                                            "after restart"};

#define MAX_STATUS  600 /* status 0: transport error; 600: out of range */
#define MAX_REPORTS 10  /* failure lines printed in detail */

typedef struct {
    int cls;
    unsigned line;          /* in the token file, for reports */
    struct curl_slist *hdr; /* NULL for missing */
    char hint[5];           /* last 4 characters, for reports */
} token_t;

typedef struct {
    CURL *easy;
    const token_t *tok;
    unsigned post_fail; /* 5xx after the restart, for the grace */
    char err[CURL_ERROR_SIZE];
} slot_t;

typedef struct {
    const char *url, *token_file, *down_file, *back_file;
    unsigned long requests, after;
    unsigned concurrency, deadline, timeout, grace;
    uint64_t seed;
    int restart, wait_signal, after_set;
} options_t;

static token_t *tokens;
static size_t ntokens;
static size_t *by_class[C_N];
static size_t nby_class[C_N];

static unsigned long counts[C_N][P_N][MAX_STATUS + 1];
static unsigned long wrong_bad_2xx, wrong_valid_401, n5xx, ntransport, nother,
    fail_5xx, late_fail, in_grace, nreports;
static volatile sig_atomic_t got_usr1;
static int restart_mode; /* for reports */

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

/* splitmix64: a fixed seed gives the same sequence of requests. */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int file_exists(const char *path)
{
    struct stat st;

    return path != NULL && stat(path, &st) == 0;
}

static int parse_ulong(const char *what, const char *s, unsigned long min,
                       unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max
        || s[0] == '-') {
        fprintf(stderr,
                "pat_load: %s must be a number from %lu to %lu, "
                "not '%s'\n",
                what, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int class_of(const char *name, size_t len)
{
    int c;

    for (c = 0; c < C_N; c++) {
        if (strlen(class_name[c]) == len
            && strncmp(class_name[c], name, len) == 0) {
            return c;
        }
    }
    return -1;
}

/* Read "<class> <token>" lines; build each token's header list once. */
static int load_tokens(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[8192];
    unsigned line = 0;
    size_t cap = 0, i;
    int c;

    if (f == NULL) {
        fprintf(stderr, "pat_load: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(buf, sizeof(buf), f) != NULL) {
        size_t len = strcspn(buf, "\r\n"), clen, tlen;
        const char *value;
        token_t *t;

        line++;
        buf[len] = '\0';
        if (len == 0 || buf[0] == '#') {
            continue;
        }
        clen = strcspn(buf, " ");
        c = class_of(buf, clen);
        if (c < 0) {
            fprintf(stderr, "pat_load: %s:%u: unknown class\n", path, line);
            fclose(f);
            return -1;
        }
        value = buf[clen] == ' ' ? buf + clen + 1 : buf + clen;
        tlen = strlen(value);
        if (ntokens == cap) {
            cap = cap ? cap * 2 : 64;
            tokens = realloc(tokens, cap * sizeof(*tokens));
            if (tokens == NULL) {
                fclose(f);
                return -1;
            }
        }
        t = &tokens[ntokens++];
        memset(t, 0, sizeof(*t));
        t->cls = c;
        t->line = line;
        snprintf(t->hint, sizeof(t->hint), "%s",
                 tlen > 4 ? value + tlen - 4 : value);
        if (c != C_MISSING) {
            char hdr[8300];

            /* "x-pat:" with nothing after it would make curl drop the
             * header; "x-pat;" sends it empty */
            if (tlen == 0) {
                snprintf(hdr, sizeof(hdr), "x-pat;");
            }
            else {
                snprintf(hdr, sizeof(hdr), "x-pat: %s", value);
            }
            t->hdr = curl_slist_append(NULL, hdr);
            if (t->hdr == NULL) {
                fclose(f);
                return -1;
            }
        }
    }
    fclose(f);
    for (c = 0; c < C_N; c++) {
        by_class[c] = calloc(ntokens ? ntokens : 1, sizeof(size_t));
        if (by_class[c] == NULL) {
            return -1;
        }
    }
    for (i = 0; i < ntokens; i++) {
        c = tokens[i].cls;
        by_class[c][nby_class[c]++] = i;
    }
    if (ntokens == 0) {
        fprintf(stderr, "pat_load: %s has no tokens\n", path);
        return -1;
    }
    return 0;
}

/* A class at random (weighted, among the classes present), then one of
 * its tokens at random. */
static const token_t *pick_token(void)
{
    unsigned total = 0, r;
    int c;

    for (c = 0; c < C_N; c++) {
        total += nby_class[c] ? class_weight[c] : 0;
    }
    r = (unsigned)(rng_next() % total);
    for (c = 0; c < C_N; c++) {
        if (nby_class[c] == 0) {
            continue;
        }
        if (r < class_weight[c]) {
            break;
        }
        r -= class_weight[c];
    }
    return &tokens[by_class[c][rng_next() % nby_class[c]]];
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    (void)ptr;
    (void)userdata;
    return size * nmemb;
}

static void report(const slot_t *s, size_t idx, int phase, long status,
                   const char *what)
{
    nreports++;
    if (nreports > MAX_REPORTS) {
        if (nreports == MAX_REPORTS + 1) {
            fprintf(stderr, "pat_load: (further failures not listed)\n");
        }
        return;
    }
    fprintf(stderr,
            "pat_load: FAIL %s: %s token (line %u, hint '%s'), handle %zu, "
            "%s%sstatus %ld%s%s\n",
            what, class_name[s->tok->cls], s->tok->line, s->tok->hint, idx,
            restart_mode ? phase_name[phase] : "", restart_mode ? ", " : "",
            status, status == 0 ? ": " : "", status == 0 ? s->err : "");
}

/* Count one answer and judge it.  phase is the database phase at the
 * moment the answer was read. */
static void judge(slot_t *s, size_t idx, int phase, CURLcode res,
                  const options_t *o)
{
    int cls = s->tok->cls;
    long status = 0;

    if (res == CURLE_OK) {
        curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
        if (status < 1 || status >= MAX_STATUS) {
            status = MAX_STATUS;
        }
    }
    counts[cls][phase][status]++;

    if (status == 0) {
        ntransport++;
        report(s, idx, phase, 0, "transport error");
        return;
    }
    if (cls == C_VALID ? status == 200 : status == 401) {
        return;
    }
    if (cls != C_VALID && status >= 200 && status < 300) {
        wrong_bad_2xx++;
        report(s, idx, phase, status, "WRONG DECISION (bad token let in)");
        return;
    }
    if (cls == C_VALID && status == 401) {
        wrong_valid_401++;
        report(s, idx, phase, status, "WRONG DECISION (valid token refused)");
        return;
    }
    if (status >= 500 && status < 600) {
        n5xx++;
        if (!o->restart || phase == P_UP || !class_needs_db[cls]) {
            fail_5xx++;
            report(s, idx, phase, status, "5xx");
        }
        else if (phase == P_BACK && ++s->post_fail > o->grace) {
            late_fail++;
            report(s, idx, phase, status, "5xx after the grace");
        }
        else if (phase == P_BACK) {
            in_grace++;
        }
        return;
    }
    nother++;
    report(s, idx, phase, status, "unexpected status");
}

static void usage(void)
{
    fprintf(stderr,
            "usage: pat_load [-n REQUESTS] [-c CONCURRENCY] [-t TOKEN_FILE] "
            "[-d DEADLINE_S] [-s SEED]\n"
            "                [-T TIMEOUT_S] [-D DOWN_FILE] [-B BACK_FILE | -S] "
            "[-g GRACE] [-a AFTER] URL\n");
}

static int parse_options(int argc, char **argv, options_t *o)
{
    unsigned long v;
    const char *e;
    int opt;

    memset(o, 0, sizeof(*o));
    o->requests = 10000;
    o->concurrency = 32;
    o->deadline = 300;
    o->timeout = 10;
    o->grace = 3;
    o->seed = 1;
    o->url = getenv("PAT_LOAD_URL");
    o->token_file = getenv("PAT_LOAD_TOKENS");
#define ENV_NUM(name, what, min, max, field)                                   \
    if ((e = getenv(name)) != NULL) {                                          \
        if (parse_ulong(what, e, min, max, &v) != 0) {                         \
            return -1;                                                         \
        }                                                                      \
        o->field = v;                                                          \
    }
    ENV_NUM("PAT_LOAD_REQUESTS", "PAT_LOAD_REQUESTS", 1, 1000000000UL, requests)
    ENV_NUM("PAT_LOAD_CONCURRENCY", "PAT_LOAD_CONCURRENCY", 1, 1024,
            concurrency)
    ENV_NUM("PAT_LOAD_DEADLINE", "PAT_LOAD_DEADLINE", 1, 86400, deadline)
    ENV_NUM("PAT_LOAD_SEED", "PAT_LOAD_SEED", 0, ULONG_MAX, seed)
#undef ENV_NUM
    while ((opt = getopt(argc, argv, "n:c:t:d:s:T:D:B:Sg:a:h")) != -1) {
        switch (opt) {
        case 'n':
            if (parse_ulong("-n", optarg, 1, 1000000000UL, &o->requests)) {
                return -1;
            }
            break;
        case 'c':
            if (parse_ulong("-c", optarg, 1, 1024, &v)) {
                return -1;
            }
            o->concurrency = (unsigned)v;
            break;
        case 't':
            o->token_file = optarg;
            break;
        case 'd':
            if (parse_ulong("-d", optarg, 1, 86400, &v)) {
                return -1;
            }
            o->deadline = (unsigned)v;
            break;
        case 's':
            if (parse_ulong("-s", optarg, 0, ULONG_MAX, &v)) {
                return -1;
            }
            o->seed = v;
            break;
        case 'T':
            if (parse_ulong("-T", optarg, 1, 3600, &v)) {
                return -1;
            }
            o->timeout = (unsigned)v;
            break;
        case 'D':
            o->down_file = optarg;
            break;
        case 'B':
            o->back_file = optarg;
            o->restart = 1;
            break;
        case 'S':
            o->wait_signal = 1;
            o->restart = 1;
            break;
        case 'g':
            if (parse_ulong("-g", optarg, 0, 1000000, &v)) {
                return -1;
            }
            o->grace = (unsigned)v;
            break;
        case 'a':
            if (parse_ulong("-a", optarg, 0, 1000000000UL, &o->after)) {
                return -1;
            }
            o->after_set = 1;
            break;
        default:
            usage();
            return -1;
        }
    }
    if (optind < argc) {
        o->url = argv[optind++];
    }
    if (optind != argc || o->url == NULL || o->token_file == NULL) {
        usage();
        return -1;
    }
    if (o->down_file != NULL && !o->restart) {
        fprintf(stderr, "pat_load: -D needs -B or -S (restart mode)\n");
        return -1;
    }
    if (!o->after_set) {
        o->after = o->requests / 4;
    }
    return 0;
}

static void print_results(const options_t *o, unsigned long done, double secs,
                          long connects, int timed_out,
                          unsigned long started_after)
{
    int c, p;
    long st;
    char label[16];

    printf("pat_load: %lu answers in %.2f s: %.0f requests/s "
           "(concurrency %u, seed %llu, %s mode, %ld connections opened)\n",
           done, secs, secs > 0 ? (double)done / secs : 0.0, o->concurrency,
           (unsigned long long)o->seed, o->restart ? "restart" : "normal",
           connects);
    printf("  %-10s %-6s %10s%s\n", "class", "status", "count",
           o->restart ? "   (before stop / window / after restart)" : "");
    for (c = 0; c < C_N; c++) {
        for (st = 0; st <= MAX_STATUS; st++) {
            unsigned long sum = 0;

            for (p = 0; p < P_N; p++) {
                sum += counts[c][p][st];
            }
            if (sum == 0) {
                continue;
            }
            if (st == 0) {
                snprintf(label, sizeof(label), "error");
            }
            else if (st == MAX_STATUS) {
                snprintf(label, sizeof(label), "other");
            }
            else {
                snprintf(label, sizeof(label), "%ld", st);
            }
            printf("  %-10s %-6s %10lu", class_name[c], label, sum);
            if (o->restart) {
                printf("   (%lu / %lu / %lu)", counts[c][P_UP][st],
                       counts[c][P_DOWN][st], counts[c][P_BACK][st]);
            }
            printf("\n");
        }
    }
    printf("  wrong decisions: %lu (bad token answered 2xx: %lu, valid "
           "token answered 401: %lu)\n",
           wrong_bad_2xx + wrong_valid_401, wrong_bad_2xx, wrong_valid_401);
    printf("  5xx: %lu, transport errors: %lu, other statuses: %lu\n", n5xx,
           ntransport, nother);
    if (o->restart) {
        unsigned long valid_back = counts[C_VALID][P_BACK][200];
        unsigned long window_5xx = 0;

        for (c = 0; c < C_N; c++) {
            for (st = 500; st < MAX_STATUS; st++) {
                window_5xx += counts[c][P_DOWN][st];
            }
        }
        printf("  restart: 5xx in the window: %lu; %lu requests started "
               "after the restart\n",
               window_5xx, started_after);
        printf("  restart: valid tokens answered 200 after the restart: "
               "%lu; 5xx after the restart within the grace (%u per "
               "handle): %lu; failed after the grace: %lu\n",
               valid_back, o->grace, in_grace, late_fail);
        printf("  restart: 5xx that are failures (database up, or a class "
               "that needs no database): %lu\n",
               fail_5xx);
    }
    if (timed_out) {
        printf("  deadline of %u s reached before the run was complete\n",
               o->deadline);
    }
}

int main(int argc, char **argv)
{
    options_t o;
    CURLM *multi;
    slot_t *slots;
    unsigned long started = 0, done = 0, started_after = 0;
    unsigned i, active = 0;
    int phase = P_UP, timed_out = 0, failed;
    long connects = 0;
    double t0, deadline_at;
    struct sigaction sa;

    if (parse_options(argc, argv, &o) != 0) {
        return 2;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK
        || load_tokens(o.token_file) != 0) {
        return 2;
    }
    if (o.restart && nby_class[C_VALID] == 0) {
        fprintf(stderr, "pat_load: restart mode needs valid tokens\n");
        return 2;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    rng_state = o.seed;
    restart_mode = o.restart;
    /* without a down file, the window starts at once */
    if (o.restart && o.down_file == NULL) {
        phase = P_DOWN;
    }

    multi = curl_multi_init();
    slots = calloc(o.concurrency, sizeof(*slots));
    if (multi == NULL || slots == NULL) {
        fprintf(stderr, "pat_load: out of memory\n");
        return 2;
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      (long)o.concurrency);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      (long)o.concurrency);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)o.concurrency);
    for (i = 0; i < o.concurrency; i++) {
        CURL *e = curl_easy_init();

        if (e == NULL) {
            fprintf(stderr, "pat_load: curl_easy_init failed\n");
            return 2;
        }
        slots[i].easy = e;
        curl_easy_setopt(e, CURLOPT_URL, o.url);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &slots[i]);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, slots[i].err);
        curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)o.timeout);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)o.timeout);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    }

    t0 = now_s();
    deadline_at = t0 + o.deadline;
    for (i = 0; i < o.concurrency && started < o.requests; i++) {
        slots[i].tok = pick_token();
        curl_easy_setopt(slots[i].easy, CURLOPT_HTTPHEADER, slots[i].tok->hdr);
        curl_multi_add_handle(multi, slots[i].easy);
        started++;
        active++;
    }
    while (active > 0) {
        CURLMsg *msg;
        int running, left;

        if (curl_multi_poll(multi, NULL, 0, 50, NULL) != CURLM_OK
            || curl_multi_perform(multi, &running) != CURLM_OK) {
            fprintf(stderr, "pat_load: curl multi failure\n");
            return 2;
        }
        /* After perform and before reading its answers: an answer made
         * after the runner created a file is read after this check. */
        if (phase == P_UP && file_exists(o.down_file)) {
            phase = P_DOWN;
        }
        if (o.restart && phase != P_BACK
            && (got_usr1 || file_exists(o.back_file))) {
            phase = P_BACK;
        }
        while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
            slot_t *s;
            char *priv = NULL;
            long nc = 0;
            int more;

            if (msg->msg != CURLMSG_DONE) {
                continue;
            }
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
            s = (slot_t *)(void *)priv;
            judge(s, (size_t)(s - slots), phase, msg->data.result, &o);
            curl_easy_getinfo(s->easy, CURLINFO_NUM_CONNECTS, &nc);
            connects += nc;
            done++;
            curl_multi_remove_handle(multi, s->easy);
            s->err[0] = '\0';
            more = started < o.requests;
            if (o.restart && (phase != P_BACK || started_after < o.after)) {
                more = 1; /* the restart and what follows it are the point */
            }
            if (more && now_s() < deadline_at) {
                s->tok = pick_token();
                curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->tok->hdr);
                curl_multi_add_handle(multi, s->easy);
                started++;
                if (phase == P_BACK) {
                    started_after++;
                }
            }
            else {
                active--;
                if (more) {
                    timed_out = 1;
                }
            }
        }
        if (active > 0 && now_s() >= deadline_at + o.timeout) {
            timed_out = 1; /* transfers stuck past their own timeout */
            break;
        }
    }
    print_results(&o, done, now_s() - t0, connects, timed_out, started_after);

    failed = wrong_bad_2xx || wrong_valid_401 || ntransport || nother
        || fail_5xx || late_fail || timed_out;
    if (o.restart) {
        if (phase != P_BACK) {
            printf("  restart: FAIL: the runner never said the database "
                   "was back\n");
            failed = 1;
        }
        else if (counts[C_VALID][P_BACK][200] == 0) {
            printf("  restart: FAIL: no valid token got 200 after the "
                   "restart\n");
            failed = 1;
        }
    }
    printf("pat_load: %s\n", failed ? "FAIL" : "PASS");
    for (i = 0; i < o.concurrency; i++) {
        curl_multi_remove_handle(multi, slots[i].easy);
        curl_easy_cleanup(slots[i].easy);
    }
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
