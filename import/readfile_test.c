#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import/readfile.h"

static char dir[64];

static void setup(void) {
    snprintf(dir, sizeof dir, "/tmp/nr_readfile_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(readfile, .init = setup, .fini = teardown);

static const char *write_bytes(const char *name, const char *bytes, size_t n) {
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

Test(readfile, reads_every_byte_and_adds_a_nul) {
    const char *path = write_bytes("a.csv", "id,name\n\0P1,Dr A\r\n", 18);
    char *buf = (char *)1;
    size_t len = 99;
    cr_assert_eq(nr_read_file(path, 1024, &buf, &len), 0);
    cr_expect_eq(len, 18);
    cr_expect_arr_eq(buf, "id,name\n\0P1,Dr A\r\n", 18);
    cr_expect_eq(buf[18], '\0');
    free(buf);
}

Test(readfile, an_empty_file_is_an_empty_string) {
    const char *path = write_bytes("empty.yaml", "", 0);
    char *buf = NULL;
    size_t len = 99;
    cr_assert_eq(nr_read_file(path, 1024, &buf, &len), 0);
    cr_expect_eq(len, 0);
    cr_assert_not_null(buf);
    cr_expect_eq(buf[0], '\0');
    free(buf);
}

Test(readfile, the_size_limit_is_inclusive) {
    const char *path = write_bytes("ten", "0123456789", 10);
    char *buf = NULL;
    size_t len = 0;
    cr_assert_eq(nr_read_file(path, 10, &buf, &len), 0);
    cr_expect_eq(len, 10);
    free(buf);
    buf = (char *)1;
    cr_expect_eq(nr_read_file(path, 9, &buf, &len), EFBIG);
    cr_expect_null(buf);
    cr_expect_eq(len, 0);
}

Test(readfile, refuses_what_is_not_a_regular_file) {
    char *buf = (char *)1, why[64];
    size_t len = 1;
    cr_expect_eq(nr_read_file(dir, 1024, &buf, &len), EISDIR);
    cr_expect_null(buf);
    cr_expect_str_eq(nr_read_file_reason(EISDIR, why, sizeof why), "it is a folder");
    /* A device never ends and a FIFO without a writer never opens. */
    cr_expect_eq(nr_read_file("/dev/zero", 1024, &buf, &len), EINVAL);
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_expect_eq(nr_read_file(fifo, 1024, &buf, &len), EINVAL);
    cr_expect_str_eq(nr_read_file_reason(EINVAL, why, sizeof why), "not a regular file");
}

Test(readfile, a_missing_file_gives_errno_and_its_words) {
    char path[128], why[64], *buf = (char *)1;
    size_t len = 1;
    snprintf(path, sizeof path, "%s/none.csv", dir);
    cr_expect_eq(nr_read_file(path, 1024, &buf, &len), ENOENT);
    cr_expect_null(buf);
    cr_expect_str_eq(nr_read_file_reason(ENOENT, why, sizeof why), "No such file or directory");
    cr_expect_str_eq(nr_read_file_reason(EAGAIN, why, sizeof why), "it changed while being read");
}
