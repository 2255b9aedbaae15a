/* rota.csv reader: see plancsv.h. */
#include "import/plancsv.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "import/csvread.h"

enum { COL_DATE, COL_ROTA, COL_SHIFT, COL_START, COL_END, COL_PERSON, COL_TRUST, N_COLS };

static const nr_csv_column columns[N_COLS] = {
    {"date", true},   {"rota", true},    {"shift", true}, {"start", false},
    {"end", false},   {"person", true},  {"trust", false},
};

typedef struct reader {
    const nr_region *r;
    nr_plan *plan;
    size_t *rows;  /* rows read so far, per duty */
    size_t *held;  /* of which name a person: slots filled */
    struct keyed *by_key; /* every duty, sorted by (date, rota, shift) */
    size_t errors;
} reader;

typedef struct key {
    nr_date date;
    int rota;
    int shift;
} key;

static int cmp_key(key a, key b) {
    if (a.date != b.date) return a.date < b.date ? -1 : 1;
    if (a.rota != b.rota) return a.rota < b.rota ? -1 : 1;
    if (a.shift != b.shift) return a.shift < b.shift ? -1 : 1;
    return 0;
}

static key key_of(const nr_duty *d) {
    key k = {d->date, d->rota, d->shift};
    return k;
}

struct keyed {
    key k;
    int duty;
};

static int cmp_keyed(const void *a, const void *b) {
    return cmp_key(((const struct keyed *)a)->k, ((const struct keyed *)b)->k);
}

static int find_duty(const reader *rd, key k) {
    size_t lo = 0, hi = rd->r->n_duties;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key(rd->by_key[mid].k, k);
        if (c == 0) return rd->by_key[mid].duty;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NR_UNSET;
}

/* The writer put an apostrophe before anything a spreadsheet might run. */
static const char *unquote(const char *s) { return s[0] == '\'' ? s + 1 : s; }

static bool digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM), as nr_london_format writes it. */
static bool parse_instant(const char *s, nr_instant *out) {
    char date[11];
    if (strlen(s) < 17) return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    nr_date d;
    int hh, mm, ss = 0;
    if (!nr_date_parse(date, &d) || (s[10] != 'T' && s[10] != ' ')) return false;
    if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm)) return false;
    const char *p = s + 16;
    if (*p == ':') {
        if (!digits(p + 1, 2, &ss)) return false;
        p += 3;
    }
    if (hh > 24 || mm > 59 || ss > 60) return false;
    int offset = 0;
    if (*p == 'Z' && p[1] == '\0') {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 23 || om > 59) return false;
        offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
    } else {
        return false;
    }
    *out = (nr_instant)d * 86400 + hh * 3600 + mm * 60 + ss - (nr_instant)offset * 60;
    return true;
}

static void check_instant(reader *rd, nr_diags *d, nr_loc at, const char *column,
                          const char *text, nr_instant want) {
    if (!*text) return;
    nr_instant got;
    char buf[32];
    if (!parse_instant(text, &got)) {
        nr_diag_error(d, at, "%s: '%s' is not a date and time with offset "
                             "(YYYY-MM-DDTHH:MM:SS+HH:MM)", column, text);
        rd->errors++;
    } else if (got != want) {
        nr_diag_error(d, at, "%s: %s is not the duty's %s %s", column, text, column,
                      nr_london_format(want, buf));
        rd->errors++;
    }
}

/* A duty has needed + optional slots; a writer never gives it more rows. */
static void too_many(nr_diags *d, nr_loc at, const char *const *v, const nr_duty *du,
                     size_t slots) {
    char buf[16];
    nr_date_format(du->date, buf);
    if (du->optional > 0)
        nr_diag_error(d, at, "person: %s %s %s takes at most %zu people (%d needed + %d optional); "
                             "this row is one too many",
                      v[COL_ROTA], v[COL_SHIFT], buf, slots, du->needed, du->optional);
    else
        nr_diag_error(d, at, "person: %s %s %s needs %zu %s; this row is one too many",
                      v[COL_ROTA], v[COL_SHIFT], buf, slots, slots == 1 ? "person" : "people");
}

static int on_row(const nr_csv_row *row, void *ctx, nr_diags *d) {
    reader *rd = ctx;
    const nr_region *r = rd->r;
    nr_loc at = nr_loc_at(row->file, row->line);
    size_t before = rd->errors;
    const char *v[N_COLS];
    for (int i = 0; i < N_COLS; i++) v[i] = unquote(row->values[i]);

    nr_date date = 0;
    bool date_ok = nr_date_parse(v[COL_DATE], &date);
    if (!date_ok) {
        nr_diag_error(d, at, "date: '%s' is not a date (YYYY-MM-DD)", v[COL_DATE]);
        rd->errors++;
    }
    int rota = nr_region_find_rota(r, v[COL_ROTA]);
    if (rota == NR_UNSET) {
        nr_diag_error(d, at, "rota: unknown rota '%s'", v[COL_ROTA]);
        rd->errors++;
    }
    int shift = nr_region_find_shift(r, v[COL_SHIFT]);
    if (shift == NR_UNSET) {
        nr_diag_error(d, at, "shift: unknown shift '%s'", v[COL_SHIFT]);
        rd->errors++;
    }
    int person = NR_UNSET;
    if (*v[COL_PERSON]) {
        person = nr_region_find_person(r, v[COL_PERSON]);
        if (person == NR_UNSET) {
            nr_diag_error(d, at, "person: unknown person '%s'", v[COL_PERSON]);
            rd->errors++;
        } else if (*v[COL_TRUST] && r->people[person].trust.id &&
                   strcmp(v[COL_TRUST], r->people[person].trust.id) != 0) {
            nr_diag_warning(d, at, "trust: %s belongs to %s, not %s", v[COL_PERSON],
                            r->people[person].trust.id, v[COL_TRUST]);
        }
    }

    if (date_ok && rota != NR_UNSET && shift != NR_UNSET) {
        key k = {date, rota, shift};
        int duty = find_duty(rd, k);
        char buf[16];
        if (duty == NR_UNSET) {
            nr_diag_error(d, at, "date: no %s %s duty starts on %s", v[COL_ROTA], v[COL_SHIFT],
                          nr_date_format(date, buf));
            rd->errors++;
        } else {
            const nr_duty *du = &r->duties[duty];
            check_instant(rd, d, at, "start", v[COL_START], du->start);
            check_instant(rd, d, at, "end", v[COL_END], du->end);
            size_t slots = rd->plan->first_slot[duty + 1] - rd->plan->first_slot[duty];
            if (rd->rows[duty] == slots) {
                too_many(d, at, v, du, slots);
                rd->errors++;
            } else {
                rd->rows[duty]++;
                /* Slot order means nothing: holders fill the first slots,
                 * and a row with no person only says one is missing. */
                if (person != NR_UNSET)
                    rd->plan->holder[rd->plan->first_slot[duty] + rd->held[duty]++] = person;
            }
        }
    }
    return rd->errors > before ? NR_EINPUT : 0;
}

int nr_plancsv_read(const nr_region *r, const char *path, nr_plan **out, nr_diags *d) {
    *out = NULL;
    reader rd = {r, NULL, NULL, NULL, NULL, 0};
    int rc = NR_ENOMEM;
    rd.plan = nr_plan_new(r);
    rd.rows = calloc(r->n_duties ? r->n_duties : 1, sizeof *rd.rows);
    rd.held = calloc(r->n_duties ? r->n_duties : 1, sizeof *rd.held);
    rd.by_key = malloc((r->n_duties ? r->n_duties : 1) * sizeof *rd.by_key);
    if (!rd.plan || !rd.rows || !rd.held || !rd.by_key) goto cleanup;
    for (size_t i = 0; i < r->n_duties; i++) {
        rd.by_key[i].k = key_of(&r->duties[i]);
        rd.by_key[i].duty = (int)i;
    }
    qsort(rd.by_key, r->n_duties, sizeof *rd.by_key, cmp_keyed);

    rc = nr_csv_read(path, path, columns, N_COLS, on_row, &rd, d);
    if (rc == 0 && rd.errors) rc = NR_EINPUT;
    if (rc < 0) goto cleanup;
    *out = rd.plan;
    rd.plan = NULL;
cleanup:
    nr_plan_free(rd.plan);
    free(rd.rows);
    free(rd.held);
    free(rd.by_key);
    return rc;
}
