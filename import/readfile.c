#include "import/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int nr_read_file(const char *path, size_t max, char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    struct stat st;
    if (stat(path, &st) != 0) return errno;
    if (S_ISDIR(st.st_mode)) return EISDIR;
    if (!S_ISREG(st.st_mode)) return EINVAL;
    if ((unsigned long long)st.st_size > max) return EFBIG;
    FILE *f = fopen(path, "rb");
    if (!f) return errno;
    int err = 0;
    /* Sized again from the open file (it may have been replaced since the
     * stat), one byte over to see the end, and the NUL. */
    size_t size = fstat(fileno(f), &st) == 0 ? (size_t)st.st_size : 0;
    if (size > max) {
        fclose(f);
        return EFBIG;
    }
    char *buf = malloc(size + 2);
    if (!buf) {
        fclose(f);
        return ENOMEM;
    }
    size_t got = fread(buf, 1, size + 1, f);
    if (ferror(f)) err = EIO;
    /* A file that grew between fstat and fread is refused rather than cut. */
    else if (got > size) err = EAGAIN;
    fclose(f);
    if (err) {
        free(buf);
        return err;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

const char *nr_read_file_reason(int err, char *buf, size_t size) {
    if (err == EISDIR) snprintf(buf, size, "it is a folder");
    else if (err == EINVAL) snprintf(buf, size, "not a regular file");
    else if (err == EAGAIN) snprintf(buf, size, "it changed while being read");
    else if (strerror_r(err, buf, size) != 0) snprintf(buf, size, "error %d", err);
    return buf;
}
