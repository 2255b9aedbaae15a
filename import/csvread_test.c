#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import/csvread.h"

/* Each test writes its input to a fresh temporary folder, reads it back as
 * "t.csv" (diagnostics name the file by that short name) and compares what
 * the callback saw and what was reported, as text. */

static char dir[64];
static char path[128];

static void make_dir(void) {
    snprintf(dir, sizeof dir, "/tmp/nr-csvread-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.csv", dir);
}

static void remove_dir(void) {
    unlink(path);
    rmdir(dir);
}

TestSuite(csvread, .init = make_dir, .fini = remove_dir);

static const nr_csv_column columns[] = {
    {"id", true},
    {"name", true},
    {"note", false},
};

struct seen {
    FILE *rows;
    int fail_on_bad; /* what to return for a row whose id is "bad" */
};

/* Log each row as "LINE:id|name|note"; an id of "bad" makes the callback
 * return fail_on_bad, as a row reader does for a bad row or out of memory. */
static int collect(const nr_csv_row *row, void *ctx, nr_diags *d) {
    struct seen *s = ctx;
    cr_assert_str_eq(row->file, "t.csv");
    cr_assert_eq(row->n_columns, 3);
    fprintf(s->rows, "%d:", row->line);
    for (size_t i = 0; i < row->n_columns; i++)
        fprintf(s->rows, "%s%s", i ? "|" : "", row->values[i]);
    fputc('\n', s->rows);
    if (strcmp(row->values[0], "bad") == 0) {
        if (s->fail_on_bad == NR_EINPUT)
            nr_diag_error(d, nr_loc_at(row->file, row->line), "id: bad");
        return s->fail_on_bad;
    }
    return 0;
}

static void write_file(const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

static char *diags_text(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    return buf;
}

struct result {
    int rc;
    char *rows;
    char *diags;
};

static struct result read_path(const char *p, int fail_on_bad) {
    struct result res = {0};
    size_t len = 0;
    struct seen s = {open_memstream(&res.rows, &len), fail_on_bad};
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_not_null(s.rows);
    res.rc = nr_csv_read(p, "t.csv", columns, 3, collect, &s, &d);
    fclose(s.rows);
    res.diags = diags_text(&d);
    nr_diags_clear(&d);
    return res;
}

static struct result read_bytes(const char *data, size_t len) {
    write_file(data, len);
    return read_path(path, 0);
}

static struct result read_text(const char *text) { return read_bytes(text, strlen(text)); }

static void expect(struct result res, int rc, const char *rows, const char *diags) {
    cr_expect_str_eq(res.rows, rows);
    cr_expect_str_eq(res.diags, diags);
    cr_expect_eq(res.rc, rc, "rc %d, expected %d", res.rc, rc);
    free(res.rows);
    free(res.diags);
}

Test(csvread, quoted_commas_and_newlines_keep_later_line_numbers) {
    expect(read_text("id,name,note\n"
                     "1,\"Smith, Ann\",\"line one\nline two\n\nline four\"\n"
                     "2,Bob,\n"
                     "\n"
                     "3,\"Carol \"\"CJ\"\"\",x\n"),
           0,
           "2:1|Smith, Ann|line one\nline two\n\nline four\n"
           "6:2|Bob|\n"
           "8:3|Carol \"CJ\"|x\n",
           "");
}

Test(csvread, crlf_counts_once_also_inside_quotes) {
    expect(read_text("id,name\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n3,d"), 0,
           "2:1|a\r\nb|\n"
           "5:2|c|\n"
           "6:3|d|\n",
           "");
}

Test(csvread, lone_cr_ends_a_line) {
    expect(read_text("id,name\r1,a\r\r2,b\r"), 0, "2:1|a|\n4:2|b|\n", "");
}

Test(csvread, bom_any_order_case_and_spaces_in_header) {
    expect(read_text("\xEF\xBB\xBF Note ,\tNAME, Id \n  x , Ann ,  7\n"), 0, "2:7|Ann|x\n", "");
}

Test(csvread, unknown_column_is_a_warning_and_ignored) {
    expect(read_text("id,colour,name\n1,red,a\n"), 0, "2:1|a|\n",
           "t.csv:1: warning: unknown column 'colour' (ignored)\n");
}

Test(csvread, missing_required_column_stops_before_rows) {
    expect(read_text("\n\nID,note,size\n1,x,2\n"), NR_EINPUT, "",
           "t.csv:3: warning: unknown column 'size' (ignored)\n"
           "t.csv:3: error: missing required column 'name'\n");
}

Test(csvread, duplicate_column_is_an_error) {
    expect(read_text("id,name,Id\n1,a,2\n"), NR_EINPUT, "",
           "t.csv:1: error: duplicate column 'id'\n");
}

Test(csvread, empty_rows_are_skipped_silently) {
    expect(read_text("id,name,note\n,,\n  \t \n\"\",  ,\n1,a,\n ,\n"), 0, "5:1|a|\n", "");
}

Test(csvread, short_rows_read_as_empty_values) {
    expect(read_text("id,name,note\n1\n2,b\n"), 0, "2:1||\n3:2|b|\n", "");
}

Test(csvread, more_fields_than_header_is_an_error_but_empty_extras_are_not) {
    expect(read_text("id,name\n1,a,extra\n2,b,,\n3,c\n"), NR_EINPUT, "3:2|b|\n4:3|c|\n",
           "t.csv:2: error: row has 3 fields, more than the 2 of the header\n");
}

Test(csvread, value_under_an_unnamed_column_is_an_error) {
    expect(read_text("id,,name\n1,,a\n2,x,b\n"), NR_EINPUT, "2:1|a|\n",
           "t.csv:3: error: field 2: has a value but its column has no name in the header\n");
}

Test(csvread, nul_byte_is_an_error_naming_the_column) {
    static const char data[] = "id,name\n1,a\0b\n2,c\n";
    expect(read_bytes(data, sizeof data - 1), NR_EINPUT, "3:2|c|\n",
           "t.csv:2: error: name: contains a NUL byte\n");
}

Test(csvread, invalid_utf8_is_an_error_naming_the_column) {
    expect(read_text("id,name,note\n"
                     "1,Caf\xE9,\n"               /* Latin-1, as Excel's plain CSV */
                     "2,x,\xC0\xAF\n"             /* overlong '/' */
                     "3,\xED\xA0\x80,\n"          /* a UTF-16 surrogate */
                     "4,\xF4\x90\x80\x80,\n"      /* beyond U+10FFFF */
                     "5,Zo\xC3\xAB \xF0\x9F\x98\x80,\xE2\x82\xAC\n"),
           NR_EINPUT, "6:5|Zo\xC3\xAB \xF0\x9F\x98\x80|\xE2\x82\xAC\n",
           "t.csv:2: error: name: not valid UTF-8 (save the file as CSV UTF-8)\n"
           "t.csv:3: error: note: not valid UTF-8 (save the file as CSV UTF-8)\n"
           "t.csv:4: error: name: not valid UTF-8 (save the file as CSV UTF-8)\n"
           "t.csv:5: error: name: not valid UTF-8 (save the file as CSV UTF-8)\n");
}

Test(csvread, invalid_utf8_in_the_header_stops) {
    expect(read_text("id,n\xFF\n1,a\n"), NR_EINPUT, "",
           "t.csv:1: error: header: not valid UTF-8 (save the file as CSV UTF-8)\n");
}

Test(csvread, bad_quoting_is_reported_per_row_and_reading_goes_on) {
    expect(read_text("id,name\n1,ab\"c\n2,\"x\"y\n3,ok\n"), NR_EINPUT, "4:3|ok|\n",
           "t.csv:2: error: name: bad quoting (quote the whole field and write a '\"' "
           "inside it as '\"\"')\n"
           "t.csv:3: error: name: bad quoting (quote the whole field and write a '\"' "
           "inside it as '\"\"')\n");
}

Test(csvread, bad_quoting_on_a_later_line_of_a_record) {
    expect(read_text("id,name,note\n1,\"a\nb\"c,\n2,d,\n"), NR_EINPUT, "4:2|d|\n",
           "t.csv:3: error: name: bad quoting (quote the whole field and write a '\"' "
           "inside it as '\"\"')\n");
}

Test(csvread, bad_quoting_in_the_header_stops) {
    expect(read_text("id,\"name\"x\n1,a\n"), NR_EINPUT, "",
           "t.csv:1: error: header: bad quoting (quote the whole field and write a '\"' "
           "inside it as '\"\"')\n");
}

Test(csvread, unclosed_quote_is_reported_where_the_record_starts) {
    expect(read_text("id,name,note\n1,a,ok\n2,\"abc\n3,d\n"), NR_EINPUT, "2:1|a|ok\n",
           "t.csv:3: error: name: quoted field is not closed (a '\"' is missing)\n");
}

Test(csvread, empty_file_is_an_error) {
    expect(read_text(""), NR_EINPUT, "", "t.csv: error: empty file: expected a header row\n");
}

Test(csvread, bom_and_blank_lines_only_is_an_empty_file) {
    expect(read_text("\xEF\xBB\xBF\r\n \n"), NR_EINPUT, "",
           "t.csv: error: empty file: expected a header row\n");
}

Test(csvread, header_only_is_fine) {
    expect(read_text("id,name\n"), 0, "", "");
    expect(read_text("id,name"), 0, "", "");
}

Test(csvread, row_errors_from_the_callback_do_not_stop_reading) {
    write_file("id,name\nbad,a\n2,b\n", 18);
    expect(read_path(path, NR_EINPUT), NR_EINPUT, "2:bad|a|\n3:2|b|\n",
           "t.csv:2: error: id: bad\n");
}

Test(csvread, fatal_callback_code_stops_reading) {
    write_file("id,name\nbad,a\n2,b\n", 18);
    expect(read_path(path, NR_ENOMEM), NR_ENOMEM, "2:bad|a|\n", "");
}

Test(csvread, missing_file) {
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none.csv", dir);
    expect(read_path(missing, 0), NR_EIO, "",
           "t.csv: error: cannot open: No such file or directory\n");
}

Test(csvread, directory_cannot_be_read) {
    expect(read_path(dir, 0), NR_EIO, "", "t.csv: error: cannot read: it is a folder\n");
}

/* A header, then one row whose note is `note_len` bytes of 'x'. */
static char *row_with_note(size_t note_len, size_t *len) {
    static const char head[] = "id,name,note\n1,a,";
    *len = sizeof head - 1 + note_len + 1;
    char *data = malloc(*len);
    cr_assert_not_null(data);
    memcpy(data, head, sizeof head - 1);
    memset(data + sizeof head - 1, 'x', note_len);
    data[*len - 1] = '\n';
    return data;
}

Test(csvread, line_of_exactly_one_mib_is_read) {
    size_t len;
    /* "1,a," is 4 bytes of the line. */
    char *data = row_with_note(NR_CSV_MAX_LINE - 4, &len);
    struct result res = read_bytes(data, len);
    free(data);
    cr_expect_eq(res.rc, 0);
    cr_expect_str_eq(res.diags, "");
    cr_expect_eq(strlen(res.rows), strlen("2:1|a|") + NR_CSV_MAX_LINE - 4 + 1);
    free(res.rows);
    free(res.diags);
}

Test(csvread, line_longer_than_one_mib_is_a_limit_error) {
    size_t len;
    char *data = row_with_note(NR_CSV_MAX_LINE - 3, &len);
    struct result res = read_bytes(data, len);
    free(data);
    expect(res, NR_ELIMIT, "", "t.csv:2: error: line is longer than the limit of 1 MiB\n");
}

Test(csvread, record_longer_than_one_mib_is_a_limit_error) {
    /* Short lines, but one quoted field spanning them all. */
    size_t lines = NR_CSV_MAX_LINE / 10 + 1;
    size_t len = strlen("id,name\n") + strlen("1,\"") + lines * 10 + strlen("\"\n");
    char *data = malloc(len + 1);
    cr_assert_not_null(data);
    size_t at = (size_t)snprintf(data, len + 1, "id,name\n1,\"");
    for (size_t i = 0; i < lines; i++, at += 10) memcpy(data + at, "123456789\n", 10);
    memcpy(data + at, "\"\n", 2);
    struct result res = read_bytes(data, len);
    free(data);
    expect(res, NR_ELIMIT, "", "t.csv:2: error: record is longer than the limit of 1 MiB\n");
}

Test(csvread, file_larger_than_64_mib_is_a_limit_error) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    /* Sparse: costs no disk, and the size alone must be refused. */
    cr_assert_eq(ftruncate(fd, (off_t)NR_CSV_MAX_FILE + 1), 0);
    close(fd);
    expect(read_path(path, 0), NR_ELIMIT, "",
           "t.csv: error: file is larger than the limit of 64 MiB\n");
}
