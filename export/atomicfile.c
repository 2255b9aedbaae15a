#include "export/atomicfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(nr_atomic_file *af) {
    free(af->path);
    free(af->tmp);
    af->path = af->tmp = NULL;
    af->f = NULL;
}

int nr_atomic_open(nr_atomic_file *af, const char *path, nr_diags *d) {
    memset(af, 0, sizeof *af);
    size_t n = strlen(path);
    af->path = malloc(n + 1);
    af->tmp = malloc(n + 16);
    if (!af->path || !af->tmp) {
        release(af);
        return NR_ENOMEM;
    }
    memcpy(af->path, path, n + 1);
    snprintf(af->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        nr_diag_error(d, nr_loc_at(path, 0), "cannot create a temporary file: %s", strerror(errno));
        release(af);
        return NR_EIO;
    }
    /* mkstemp makes the file private (0600); published rotas are for others
     * to read, so keep the old file's mode, or the usual one for new files. */
    struct stat old;
    mode_t mode;
    if (stat(path, &old) == 0) {
        mode = old.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    (void)fchmod(fd, mode); /* best effort: a failure only leaves it private */
    af->f = fdopen(fd, "w");
    if (!af->f) {
        nr_diag_error(d, nr_loc_at(path, 0), "cannot open for writing: %s", strerror(errno));
        close(fd);
        unlink(af->tmp);
        release(af);
        return NR_EIO;
    }
    return 0;
}

int nr_atomic_commit(nr_atomic_file *af, nr_diags *d) {
    if (!af->f) return NR_EIO;
    int err = 0;
    /* ferror() keeps no errno of its own: clear errno so that a stale value
     * from earlier, unrelated calls is not reported as the cause. */
    errno = 0;
    if (fflush(af->f) != 0 || ferror(af->f)) err = errno ? errno : EIO;
    if (!err && fsync(fileno(af->f)) != 0) err = errno;
    if (fclose(af->f) != 0 && !err) err = errno ? errno : EIO;
    af->f = NULL;
    if (!err && rename(af->tmp, af->path) != 0) err = errno;
    if (err) {
        nr_diag_error(d, nr_loc_at(af->path, 0), "write failed: %s (previous file left unchanged)",
                      strerror(err));
        unlink(af->tmp);
        release(af);
        return NR_EIO;
    }
    release(af);
    return 0;
}

void nr_atomic_abort(nr_atomic_file *af) {
    if (af->f) {
        fclose(af->f);
        unlink(af->tmp);
    }
    release(af);
}

int nr_safe_file_name(const char *name) {
    if (!name || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f) return 0;
    return 1;
}
