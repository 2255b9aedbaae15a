#include "import/csvfiles.h"

#include <stdlib.h>
#include <string.h>

#include "import/csvread.h"

/* What every row callback fills: the region. */
struct sink {
    nr_region *r;
};

/* Copy into the region; *ok goes false when memory runs out. */
static const char *keep(nr_region *r, const char *s, bool *ok) {
    const char *c = nr_region_strdup(r, s);
    if (s && !c) *ok = false;
    return c;
}

static nr_ref keep_ref(nr_region *r, const char *id, nr_loc loc, bool *ok) {
    nr_ref ref = nr_region_ref(r, id, loc);
    if (id && !ref.id) *ok = false;
    return ref;
}

static const char *or_null(const char *s) { return s[0] ? s : NULL; }

/* Report a missing value of a column the row needs; true when present. */
static bool need(const nr_csv_row *row, size_t col, nr_diags *d) {
    if (row->values[col][0]) return true;
    nr_diag_error(d, nr_loc_at(row->file, row->line), "%s: missing value",
                  row->columns[col].name);
    return false;
}

/* A plain decimal such as 1, 0.5 or .75: no sign, exponent, hex or locale
 * radix, so a spreadsheet's "1,5" or "1e3" is refused rather than guessed. */
static bool parse_decimal(const char *s, double *out) {
    long long mantissa = 0;
    int digits = 0, decimals = 0;
    bool point = false;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && !point) {
            point = true;
        } else if (*p >= '0' && *p <= '9') {
            if (++digits > 15) return false;
            mantissa = mantissa * 10 + (*p - '0');
            if (point) decimals++;
        } else {
            return false;
        }
    }
    if (digits == 0) return false;
    double scale = 1.0;
    for (int i = 0; i < decimals; i++) scale *= 10.0;
    /* Both operands are exact, so the quotient is correctly rounded. */
    *out = (double)mantissa / scale;
    return true;
}

/* A whole number of at most `max_digits` digits. */
static bool parse_uint(const char *s, int max_digits, int *out) {
    int v = 0, n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || ++n > max_digits) return false;
        v = v * 10 + (*s - '0');
    }
    if (n == 0) return false;
    *out = v;
    return true;
}

/* ---- people ---------------------------------------------------------- */

enum { P_ID, P_NAME, P_TRUST, P_BASE_SITE, P_ROTAS, P_SHARE, P_EMAIL, P_COUNT };

static const nr_csv_column people_columns[P_COUNT] = {
    [P_ID] = {"id", true},
    [P_NAME] = {"name", true},
    [P_TRUST] = {"trust", true},
    [P_BASE_SITE] = {"base_site", true},
    [P_ROTAS] = {"rotas", true},
    [P_SHARE] = {"share", false},
    [P_EMAIL] = {"email", false},
};

static bool looks_like_email(const char *s) {
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strchr(at + 1, '@') && !strpbrk(s, " \t,;<>");
}

/* Split "a; b;;c" into rota references, all located at the row. */
static int add_rotas(nr_region *r, nr_refs *out, const char *list, nr_loc loc, nr_diags *d) {
    size_t n = strlen(list) + 1;
    char *copy = malloc(n);
    int rc = 0;
    if (!copy) return NR_ENOMEM;
    memcpy(copy, list, n);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ' || *tok == '\t') tok++;
        size_t len = strlen(tok);
        while (len && (tok[len - 1] == ' ' || tok[len - 1] == '\t')) tok[--len] = '\0';
        if (!len) continue;
        bool again = false;
        for (size_t i = 0; i < out->count; i++) again = again || strcmp(out->items[i].id, tok) == 0;
        if (again) {
            nr_diag_warning(d, loc, "rotas: '%s' is listed twice", tok);
            continue;
        }
        bool ok = true;
        nr_ref ref = keep_ref(r, tok, loc, &ok);
        if (!ok || nr_region_refs_push(r, out, ref) != 0) {
            rc = NR_ENOMEM;
            goto cleanup;
        }
    }
cleanup:
    free(copy);
    return rc;
}

static int people_row(const nr_csv_row *row, void *ctx, nr_diags *d) {
    struct sink *s = ctx;
    const char *const *v = row->values;
    nr_loc loc = nr_loc_at(row->file, row->line);
    bool bad = false, ok = true;
    for (size_t c = P_ID; c <= P_BASE_SITE; c++) bad |= !need(row, c, d);
    double share = 1.0;
    if (v[P_SHARE][0] && (!parse_decimal(v[P_SHARE], &share) || share <= 0 || share > 2)) {
        nr_diag_error(d, loc, "share: '%s' is not a number between 0 and 2", v[P_SHARE]);
        bad = true;
    }
    if (v[P_EMAIL][0] && !looks_like_email(v[P_EMAIL])) {
        nr_diag_error(d, loc, "email: '%s' is not an email address", v[P_EMAIL]);
        bad = true;
    }
    if (bad) return NR_EINPUT;

    nr_person *p = nr_region_add_person(s->r);
    if (!p) return NR_ENOMEM;
    p->id = keep(s->r, v[P_ID], &ok);
    p->name = keep(s->r, v[P_NAME], &ok);
    p->trust = keep_ref(s->r, v[P_TRUST], loc, &ok);
    p->base_site = keep_ref(s->r, v[P_BASE_SITE], loc, &ok);
    p->share = share;
    p->email = keep(s->r, or_null(v[P_EMAIL]), &ok);
    p->loc = loc;
    if (add_rotas(s->r, &p->rotas, v[P_ROTAS], loc, d) != 0) ok = false;
    if (ok && p->rotas.count == 0)
        nr_diag_warning(d, loc, "rotas: none given: %s is on no rota", p->id);
    return ok ? 0 : NR_ENOMEM;
}

int nr_csv_read_people(nr_region *r, const char *path, nr_diags *d) {
    const char *file = nr_region_file(r, path);
    if (!file) return NR_ENOMEM;
    struct sink s = {r};
    return nr_csv_read(path, file, people_columns, P_COUNT, people_row, &s, d);
}

/* ---- leave ----------------------------------------------------------- */

enum { L_PERSON, L_START, L_END, L_REASON, L_COUNT };

static const nr_csv_column leave_columns[L_COUNT] = {
    [L_PERSON] = {"person", true},
    [L_START] = {"start", true},
    [L_END] = {"end", true},
    [L_REASON] = {"reason", false},
};

/* "YYYY-MM-DD" (minute -1) or local "YYYY-MM-DDTHH:MM". */
static bool parse_when(const char *s, nr_date *date, int *minute) {
    size_t n = strlen(s);
    char day[11];
    if (n == 10) {
        *minute = -1;
        return nr_date_parse(s, date);
    }
    if (n != 16 || s[10] != 'T') return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    return nr_date_parse(day, date) && nr_time_parse(s + 11, minute);
}

/* Parse a start or end value, reporting it in the form the user tried. */
static bool when_or_report(const nr_csv_row *row, size_t col, nr_date *date, int *minute,
                           nr_diags *d) {
    const char *s = row->values[col];
    if (!need(row, col, d)) return false;
    if (parse_when(s, date, minute)) return true;
    nr_loc loc = nr_loc_at(row->file, row->line);
    if (strchr(s, 'T'))
        nr_diag_error(d, loc, "%s: '%s' is not a local date-time (YYYY-MM-DDTHH:MM)",
                      row->columns[col].name, s);
    else
        nr_diag_error(d, loc, "%s: '%s' is not a date (YYYY-MM-DD)", row->columns[col].name, s);
    return false;
}

static int leave_row(const nr_csv_row *row, void *ctx, nr_diags *d) {
    struct sink *s = ctx;
    const char *const *v = row->values;
    nr_loc loc = nr_loc_at(row->file, row->line);
    bool bad = !need(row, L_PERSON, d), ok = true;
    nr_date sd = 0, ed = 0;
    int sm = -1, em = -1;
    bool have_start = when_or_report(row, L_START, &sd, &sm, d);
    bool have_end = when_or_report(row, L_END, &ed, &em, d);
    bad |= !have_start || !have_end;
    nr_instant start = 0, end = 0;
    if (have_start && have_end) {
        if ((sm < 0) != (em < 0)) {
            nr_diag_error(d, loc,
                          "end: '%s' and start '%s' must both be dates or both date-times",
                          v[L_END], v[L_START]);
            bad = true;
        } else if (sm < 0) {
            /* All-day leave names its last day; store the day after it. */
            start = nr_london_to_utc(sd, 0);
            end = nr_london_to_utc(ed + 1, 0);
            if (ed < sd) {
                nr_diag_error(d, loc, "end: leave ends (%s) before it starts (%s)", v[L_END],
                              v[L_START]);
                bad = true;
            }
        } else {
            start = nr_london_to_utc(sd, sm);
            end = nr_london_to_utc(ed, em);
            if (end < start) {
                nr_diag_error(d, loc, "end: leave ends (%s) before it starts (%s)", v[L_END],
                              v[L_START]);
                bad = true;
            } else if (end == start) {
                nr_diag_error(d, loc, "end: leave ends (%s) when it starts: it has no length",
                              v[L_END]);
                bad = true;
            }
        }
    }
    if (bad) return NR_EINPUT;

    nr_leave *l = nr_region_add_leave(s->r);
    if (!l) return NR_ENOMEM;
    l->person = keep_ref(s->r, v[L_PERSON], loc, &ok);
    l->start = start;
    l->end = end;
    l->all_day = sm < 0;
    l->reason = keep(s->r, or_null(v[L_REASON]), &ok);
    l->loc = loc;
    return ok ? 0 : NR_ENOMEM;
}

int nr_csv_read_leave(nr_region *r, const char *path, nr_diags *d) {
    const char *file = nr_region_file(r, path);
    if (!file) return NR_ENOMEM;
    struct sink s = {r};
    return nr_csv_read(path, file, leave_columns, L_COUNT, leave_row, &s, d);
}

/* ---- requests -------------------------------------------------------- */

enum { Q_PERSON, Q_DATE, Q_ROTA, Q_SHIFT, Q_TYPE, Q_WEIGHT, Q_COUNT };

static const nr_csv_column request_columns[Q_COUNT] = {
    [Q_PERSON] = {"person", true},
    [Q_DATE] = {"date", true},
    [Q_ROTA] = {"rota", false},
    [Q_SHIFT] = {"shift", false},
    [Q_TYPE] = {"type", true},
    [Q_WEIGHT] = {"weight", false},
};

static bool same_word(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b) return false;
    }
    return *a == *b;
}

static int request_row(const nr_csv_row *row, void *ctx, nr_diags *d) {
    struct sink *s = ctx;
    const char *const *v = row->values;
    nr_loc loc = nr_loc_at(row->file, row->line);
    bool bad = !need(row, Q_PERSON, d), ok = true;
    nr_date date = 0;
    if (need(row, Q_DATE, d)) {
        if (!nr_date_parse(v[Q_DATE], &date)) {
            nr_diag_error(d, loc, "date: '%s' is not a date (YYYY-MM-DD)", v[Q_DATE]);
            bad = true;
        }
    } else {
        bad = true;
    }
    bool want = false;
    if (!need(row, Q_TYPE, d)) {
        bad = true;
    } else if (same_word(v[Q_TYPE], "want")) {
        want = true;
    } else if (!same_word(v[Q_TYPE], "avoid")) {
        nr_diag_error(d, loc, "type: '%s' must be want or avoid", v[Q_TYPE]);
        bad = true;
    }
    double weight = 1.0;
    if (v[Q_WEIGHT][0] && (!parse_decimal(v[Q_WEIGHT], &weight) || weight <= 0)) {
        nr_diag_error(d, loc, "weight: '%s' is not a number greater than 0", v[Q_WEIGHT]);
        bad = true;
    }
    if (bad) return NR_EINPUT;

    nr_request *q = nr_region_add_request(s->r);
    if (!q) return NR_ENOMEM;
    q->person = keep_ref(s->r, v[Q_PERSON], loc, &ok);
    q->date = date;
    q->rota = keep_ref(s->r, or_null(v[Q_ROTA]), loc, &ok);
    q->shift = keep_ref(s->r, or_null(v[Q_SHIFT]), loc, &ok);
    q->want = want;
    q->weight = weight;
    q->loc = loc;
    return ok ? 0 : NR_ENOMEM;
}

int nr_csv_read_requests(nr_region *r, const char *path, nr_diags *d) {
    const char *file = nr_region_file(r, path);
    if (!file) return NR_ENOMEM;
    struct sink s = {r};
    return nr_csv_read(path, file, request_columns, Q_COUNT, request_row, &s, d);
}

/* ---- travel ---------------------------------------------------------- */

enum { T_FROM, T_TO, T_MINUTES, T_COUNT };

static const nr_csv_column travel_columns[T_COUNT] = {
    [T_FROM] = {"from", true},
    [T_TO] = {"to", true},
    [T_MINUTES] = {"minutes", true},
};

enum { MAX_TRAVEL_MINUTES = 600 };

static int travel_row(const nr_csv_row *row, void *ctx, nr_diags *d) {
    struct sink *s = ctx;
    const char *const *v = row->values;
    nr_loc loc = nr_loc_at(row->file, row->line);
    bool has_from = need(row, T_FROM, d), has_to = need(row, T_TO, d), ok = true;
    bool bad = !has_from || !has_to;
    if (has_from && has_to && strcmp(v[T_FROM], v[T_TO]) == 0) {
        nr_diag_error(d, loc, "to: '%s' is the same site as from", v[T_TO]);
        bad = true;
    }
    int minutes = 0;
    if (!need(row, T_MINUTES, d)) {
        bad = true;
    } else if (!parse_uint(v[T_MINUTES], 4, &minutes) || minutes > MAX_TRAVEL_MINUTES) {
        nr_diag_error(d, loc, "minutes: '%s' is not a whole number from 0 to %d",
                      v[T_MINUTES], MAX_TRAVEL_MINUTES);
        bad = true;
    }
    if (bad) return NR_EINPUT;

    nr_travel *t = nr_region_add_travel(s->r);
    if (!t) return NR_ENOMEM;
    t->from = keep_ref(s->r, v[T_FROM], loc, &ok);
    t->to = keep_ref(s->r, v[T_TO], loc, &ok);
    t->minutes = minutes;
    t->loc = loc;
    return ok ? 0 : NR_ENOMEM;
}

int nr_csv_read_travel(nr_region *r, const char *path, nr_diags *d) {
    const char *file = nr_region_file(r, path);
    if (!file) return NR_ENOMEM;
    struct sink s = {r};
    return nr_csv_read(path, file, travel_columns, T_COUNT, travel_row, &s, d);
}
