#include "import/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nr_read_file(const char *path, size_t max, char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    /* Opened without waiting (a FIFO with no writer would block) and only
     * then asked what it is, so a path swapped between a stat and the open
     * cannot slip a FIFO or a device through. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0) err = errno;
    else if (S_ISDIR(st.st_mode)) err = EISDIR;
    else if (!S_ISREG(st.st_mode)) err = EINVAL;
    else if ((unsigned long long)st.st_size > max) err = EFBIG;
    FILE *f = err ? NULL : fdopen(fd, "rb");
    if (!f) {
        if (!err) err = errno;
        close(fd);
        return err;
    }
    size_t size = (size_t)st.st_size;
    /* One byte over, to see the end, and the NUL. */
    char *buf = malloc(size + 2);
    if (!buf) {
        fclose(f);
        return ENOMEM;
    }
    size_t got = fread(buf, 1, size + 1, f);
    if (ferror(f)) err = EIO;
    /* A file that grew since fstat is refused rather than cut. */
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

const char *nr_read_file_verb(int err) {
    return err == EISDIR || err == EINVAL || err == EIO || err == EAGAIN ? "read" : "open";
}
