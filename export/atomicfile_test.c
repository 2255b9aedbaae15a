#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/atomicfile.h"

static char dir[64];

static void make_dir(void) {
    snprintf(dir, sizeof dir, "/tmp/nr-atomic-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static int count_entries(const char *d) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", d);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

Test(atomicfile, commit_replaces_target_and_leaves_no_temp) {
    make_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    nr_diags d = NR_DIAGS_INIT;
    nr_atomic_file af;
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    fputs("first\n", af.f);
    cr_assert_eq(nr_atomic_commit(&af, &d), 0);
    cr_assert_str_eq(slurp(path), "first\n");
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(sb.st_mode & 0777, 0666 & ~mask, "new files get the usual mode, not mkstemp's 0600");
    cr_assert_eq(chmod(path, 0640), 0);
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    fputs("second\n", af.f);
    /* Until commit, readers still see the old content. */
    cr_assert_str_eq(slurp(path), "first\n");
    cr_assert_eq(nr_atomic_commit(&af, &d), 0);
    cr_assert_str_eq(slurp(path), "second\n");
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0640, "a replaced file keeps its mode");
    cr_assert_eq(count_entries(dir), 1);
    cr_assert_eq(d.count, 0);
    unlink(path);
    rmdir(dir);
}

Test(atomicfile, abort_keeps_previous_file) {
    make_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    nr_diags d = NR_DIAGS_INIT;
    nr_atomic_file af;
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    fputs("keep\n", af.f);
    cr_assert_eq(nr_atomic_commit(&af, &d), 0);
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    fputs("discard\n", af.f);
    nr_atomic_abort(&af);
    cr_assert_str_eq(slurp(path), "keep\n");
    cr_assert_eq(count_entries(dir), 1);
    unlink(path);
    rmdir(dir);
}

Test(atomicfile, failed_write_is_an_error_and_previous_file_survives) {
    /* A file-size limit makes writes fail (EFBIG) the way a full disk does
     * (ENOSPC); Criterion runs each test in its own process, so the limit
     * stays inside this test. */
    make_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    nr_diags d = NR_DIAGS_INIT;
    nr_atomic_file af;
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    fputs("previous\n", af.f);
    cr_assert_eq(nr_atomic_commit(&af, &d), 0);

    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {16, 16};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    cr_assert_eq(nr_atomic_open(&af, path, &d), 0);
    for (int i = 0; i < 100; i++) fputs("0123456789", af.f);
    cr_assert_eq(nr_atomic_commit(&af, &d), NR_EIO);
    cr_assert_eq(d.errors, 1);
    cr_assert(strstr(d.items[0].message, "write failed") != NULL);
    cr_assert_str_eq(d.items[0].file, path);
    cr_assert_str_eq(slurp(path), "previous\n");
    cr_assert_eq(count_entries(dir), 1, "the temporary file must be removed");
    nr_diags_clear(&d);
    unlink(path);
    rmdir(dir);
}

Test(atomicfile, missing_folder_is_an_error) {
    nr_diags d = NR_DIAGS_INIT;
    nr_atomic_file af;
    cr_assert_eq(nr_atomic_open(&af, "/nonexistent-netrota-dir/x.txt", &d), NR_EIO);
    cr_assert_eq(d.errors, 1);
    cr_assert(strstr(d.items[0].message, "temporary file") != NULL);
    cr_assert_str_eq(d.items[0].file, "/nonexistent-netrota-dir/x.txt");
    nr_diags_clear(&d);
}

Test(atomicfile, safe_file_names) {
    cr_assert(nr_safe_file_name("STH"));
    cr_assert(nr_safe_file_name("P012"));
    cr_assert(nr_safe_file_name("O'Neill é"));
    cr_assert_not(nr_safe_file_name(""));
    cr_assert_not(nr_safe_file_name(".."));
    cr_assert_not(nr_safe_file_name("."));
    cr_assert_not(nr_safe_file_name("a/b"));
    cr_assert_not(nr_safe_file_name("..\\x"));
    cr_assert_not(nr_safe_file_name("a\nb"));
    cr_assert_not(nr_safe_file_name(NULL));
}
