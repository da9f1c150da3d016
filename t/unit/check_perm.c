/* Unit tests of pat_perm: the permissions file's rules and a token's
 * stored permissions (README "Role Permissions"). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "apr_file_io.h"
#include "apr_general.h"
#include "apr_strings.h"

#include "pat_perm.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* Parse s; returns the set, or NULL with *err set. */
static pat_perm_set_t *P(const char *s, const char **err)
{
    pat_perm_set_t *set = NULL;

    *err = pat_perm_parse(pool, s, strlen(s), "perms", &set);
    return *err ? NULL : set;
}

static const char *demo = "# the demo's permissions\n"
                          "\n"
                          "read   Read data\n"
                          "  write\tCreate and change data  \n"
                          "admin:all Everything, incl. <b>\n";

START_TEST(parses_names_and_labels_in_order)
{
    const char *err;
    pat_perm_set_t *set = P(demo, &err);

    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_int_eq(set->nelts, 3);
    ck_assert_str_eq(set->perm[0].name, "read");
    ck_assert_str_eq(set->perm[0].label, "Read data");
    ck_assert_str_eq(set->perm[1].name, "write");
    ck_assert_str_eq(set->perm[1].label, "Create and change data");
    ck_assert_str_eq(set->perm[2].label, "Everything, incl. <b>");
    ck_assert_uint_eq(set->all, 7);
    ck_assert_int_eq(pat_perm_index(set, "write", 5), 1);
    ck_assert_int_eq(pat_perm_index(set, "writ", 4), -1);
    ck_assert_int_eq(pat_perm_index(NULL, "read", 4), -1);
}
END_TEST

START_TEST(empty_file_is_no_permissions)
{
    const char *err;
    pat_perm_set_t *set = P("# nothing yet\n\n", &err);

    ck_assert_msg(set != NULL, "%s", err);
    ck_assert_int_eq(set->nelts, 0);
    ck_assert_ptr_null(pat_perm_stored(pool, set, 0));
    ck_assert_ptr_null(pat_perm_stored(pool, NULL, 0));
}
END_TEST

START_TEST(refuses_bad_lines_naming_the_line)
{
    const char *err;
    char big[4096];
    int i;

    ck_assert_ptr_null(P("read Read data\nRead Read\n", &err));
    ck_assert_msg(strstr(err, "perms line 2: a permission name") == err, "%s",
                  err);
    ck_assert_ptr_null(P("read\n", &err));
    ck_assert_msg(strstr(err, "line 1: permission read needs a label"), "%s",
                  err);
    ck_assert_ptr_null(P("read Read\nwrite W\nread Again\n", &err));
    ck_assert_msg(strstr(err, "line 3: permission read is defined twice"), "%s",
                  err);
    ck_assert_ptr_null(P("9read Read\n", &err));
    ck_assert_ptr_null(P("re/ad Read\n", &err));
    ck_assert_ptr_null(P("read Re\x01"
                         "ad\n",
                         &err));
    ck_assert_msg(strstr(err, "control character"), "%s", err);
    /* a label in Latin-1, not UTF-8 (the pages are UTF-8) */
    ck_assert_ptr_null(P("read Donn\xe9"
                         "es\n",
                         &err));
    ck_assert_msg(strstr(err, "label of permission read is not valid UTF-8"),
                  "%s", err);
    ck_assert_ptr_nonnull(P("read Donn\xc3\xa9"
                            "es \xe2\x9c\x93\n",
                            &err));
    ck_assert_ptr_null(P("abcdefghijabcdefghijabcdefghijabc Long\n", &err));
    ck_assert_ptr_nonnull(P("abcdefghijabcdefghijabcdefghijab Ok\n", &err));
    /* a NUL byte in the file */
    err =
        pat_perm_parse(pool, "read R\0x\n", 9, "perms", &(pat_perm_set_t *){0});
    ck_assert_msg(err && strstr(err, "perms line 1: a NUL byte"), "%s", err);
    /* 33 permissions */
    big[0] = '\0';
    for (i = 0; i < 33; i++) {
        apr_snprintf(big + strlen(big), sizeof(big) - strlen(big),
                     "p%d Label %d\n", i, i);
    }
    ck_assert_ptr_null(P(big, &err));
    ck_assert_msg(strstr(err, "line 33: more than 32 permissions"), "%s", err);
    /* a label of 101 bytes */
    memset(big, 'x', sizeof(big));
    memcpy(big, "read ", 5);
    big[5 + 101] = '\0';
    ck_assert_ptr_null(P(big, &err));
    big[5 + 100] = '\0';
    ck_assert_ptr_nonnull(P(big, &err));
}
END_TEST

START_TEST(stored_text_and_mask_round_trip)
{
    const char *err;
    pat_perm_set_t *set = P(demo, &err);

    ck_assert_uint_eq(pat_perm_mask(set, NULL), 7); /* not narrowed */
    ck_assert_uint_eq(pat_perm_mask(set, ""), 0);
    ck_assert_uint_eq(pat_perm_mask(set, "read"), 1);
    ck_assert_uint_eq(pat_perm_mask(set, "write read"), 3);
    /* a removed permission grants nothing; odd spacing is tolerated */
    ck_assert_uint_eq(pat_perm_mask(set, " gone  write "), 2);
    ck_assert_uint_eq(pat_perm_mask(set, "rea"), 0);
    ck_assert_uint_eq(pat_perm_mask(NULL, NULL), 0);
    ck_assert_str_eq(pat_perm_stored(pool, set, 1), "read");
    ck_assert_str_eq(pat_perm_stored(pool, set, 6), "write admin:all");
    ck_assert_ptr_null(pat_perm_stored(pool, set, 7));
    ck_assert_str_eq(pat_perm_join(pool, set, 3, 0, " "), "read write");
    ck_assert_str_eq(pat_perm_join(pool, set, 5, 1, ", "),
                     "Read data, Everything, incl. <b>");
    ck_assert_str_eq(pat_perm_join(pool, set, 0, 1, ", "), "");
}
END_TEST

START_TEST(reads_a_file)
{
    pat_perm_set_t *set = NULL;
    const char *err, *path;
    char *tmpl = apr_pstrdup(pool, "/tmp/check_perm.XXXXXX");
    apr_file_t *f;
    apr_size_t n = strlen(demo);

    err = pat_perm_read(pool, "/nonexistent/perms.conf", &set);
    ck_assert_msg(err && strstr(err, "cannot open /nonexistent/perms.conf"),
                  "%s", err);
    ck_assert_int_eq(apr_file_mktemp(&f, tmpl,
                                     APR_FOPEN_CREATE | APR_FOPEN_READ
                                         | APR_FOPEN_WRITE | APR_FOPEN_EXCL,
                                     pool),
                     APR_SUCCESS);
    ck_assert_int_eq(apr_file_write_full(f, demo, n, &n), APR_SUCCESS);
    ck_assert_int_eq(apr_file_close(f), APR_SUCCESS);
    path = tmpl;
    err = pat_perm_read(pool, path, &set);
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(set->nelts, 3);
    ck_assert_int_eq(apr_file_remove(path, pool), APR_SUCCESS);
}
END_TEST

/* A device, a FIFO or a directory is refused by name, at once: /dev/zero
 * read as an empty file (a site without permissions) and a FIFO made
 * the open wait for a writer, httpd's start-up with it. */
START_TEST(refuses_what_is_not_a_regular_file)
{
    pat_perm_set_t *set = NULL;
    const char *err, *fifo;
    char *dir = apr_pstrdup(pool, "/tmp/check_perm.XXXXXX");

    err = pat_perm_read(pool, "/dev/zero", &set);
    ck_assert_msg(err && strstr(err, "/dev/zero is not a regular file"), "%s",
                  err);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    err = pat_perm_read(pool, dir, &set);
    ck_assert_msg(err && strstr(err, "is not a regular file"), "%s", err);
    fifo = apr_pstrcat(pool, dir, "/fifo", NULL);
    ck_assert_int_eq(apr_file_namedpipe_create(
                         fifo, APR_FPROT_UREAD | APR_FPROT_UWRITE, pool),
                     APR_SUCCESS);
    err = pat_perm_read(pool, fifo, &set);
    ck_assert_msg(err && strstr(err, "fifo is not a regular file"), "%s", err);
    ck_assert_int_eq(apr_file_remove(fifo, pool), APR_SUCCESS);
    ck_assert_int_eq(apr_dir_remove(dir, pool), APR_SUCCESS);
    ck_assert_ptr_null(set);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pat_perm");
    TCase *tc = tcase_create("perm");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parses_names_and_labels_in_order);
    tcase_add_test(tc, empty_file_is_no_permissions);
    tcase_add_test(tc, refuses_bad_lines_naming_the_line);
    tcase_add_test(tc, stored_text_and_mask_round_trip);
    tcase_add_test(tc, reads_a_file);
    tcase_add_test(tc, refuses_what_is_not_a_regular_file);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
