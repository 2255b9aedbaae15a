/* scenario.c - nr_scenario_load(): scenario.yaml (and what-ifs) into a region. */
/* realpath() is an XSI function in glibc */
#define _XOPEN_SOURCE 700

#include "import/scenario.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "import/csvfiles.h"
#include "import/icsleave.h"
#include "import/readfile.h"
#include "import/yaml_scenario.h"
#include "model/validate.h"

/* A scenario file is a few kilobytes; this only stops a wrong file eating memory. */
enum { MAX_YAML_BYTES = 8 * 1024 * 1024, MAX_FOLDER_FILES = 100000 };

/* ---- small helpers --------------------------------------------------- */

void yl_nomem(yl_ctx *c) { c->ld->fail = NR_ENOMEM; }

static char *str_printf(const char *fmt, ...) NR_PRINTF(1, 2);
static char *str_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static const char *intern(yl_ctx *c, const char *s) {
    const char *copy = nr_region_strdup(c->ld->r, s);
    if (s && !copy) yl_nomem(c);
    return copy;
}

/* ---- paths ------------------------------------------------------------ */

static char *path_join(const char *dir, const char *name) {
    if (name[0] == '/' || !dir || !dir[0]) return strdup(name);
    size_t n = strlen(dir);
    return str_printf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

/* Lexical clean-up: "a/./b/../c" -> "a/c". */
static char *path_normalize(const char *p) {
    bool abs = p[0] == '/';
    size_t len = strlen(p);
    char *copy = strdup(p);
    char **parts = calloc(len / 2 + 2, sizeof *parts);
    char *out = malloc(len + 3);
    if (!copy || !parts || !out) goto fail;
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0) continue;
        if (strcmp(t, "..") == 0) {
            if (n > 0 && strcmp(parts[n - 1], "..") != 0) {
                n--;
                continue;
            }
            if (abs) continue;
        }
        parts[n++] = t;
    }
    size_t w = 0;
    if (abs) out[w++] = '/';
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(parts[i]);
        if (i) out[w++] = '/';
        memcpy(out + w, parts[i], l);
        w += l;
    }
    if (w == 0) out[w++] = '.';
    out[w] = '\0';
    free(copy);
    free(parts);
    return out;
fail:
    free(copy);
    free(parts);
    free(out);
    return NULL;
}

/* The name of `name` (relative to dir) as a user reads it: joined and
 * cleaned up, unless cleaning up would change which file it is (a symlinked
 * folder before a ".."). */
static char *display_path(const char *dir, const char *name) {
    char *raw = path_join(dir, name);
    if (!raw) return NULL;
    char *clean = path_normalize(raw);
    if (!clean) {
        free(raw);
        return NULL;
    }
    if (strcmp(raw, clean) == 0) {
        free(clean);
        return raw;
    }
    char *a = realpath(raw, NULL), *b = realpath(clean, NULL);
    bool same = (!a && !b) || (a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    if (same) {
        free(raw);
        return clean;
    }
    free(clean);
    return raw;
}

static char *path_dir(const char *p) {
    const char *slash = strrchr(p, '/');
    if (!slash) return strdup("");
    if (slash == p) return strdup("/");
    return strndup(p, (size_t)(slash - p));
}

static bool has_ext(const char *name, const char *ext) {
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* ---- scalars ---------------------------------------------------------- */

/* Text of a scalar; NULL when absent or null, or (reported) not a scalar. */
static const char *text_of(yl_ctx *c, const yt_node *n, const char *field) {
    if (yt_is_null(n)) return NULL;
    if (n->type != YT_SCALAR) {
        YL_ERR(c, n, "%s: expected a string, got %s", field, yt_kind(n));
        return NULL;
    }
    return n->text;
}

static bool valid_id(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == ';' || *s == ',') return false;
    return true;
}

static const char *id_text(yl_ctx *c, const yt_node *n, const char *field) {
    const char *s = text_of(c, n, field);
    if (s && !valid_id(s)) {
        YL_ERR(c, n, "%s: an id cannot be empty or contain spaces, ',' or ';' (got '%s')", field, s);
        return NULL;
    }
    return s;
}

/* Strict decimal integer: digits with an optional sign, nothing else. */
static bool parse_long(const char *s, long *out) {
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (*p < '0' || *p > '9') return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

static bool parse_double(const char *s, double *out) {
    if (!*s || (unsigned char)*s <= ' ') return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || v != v || v > 1e300 || v < -1e300) return false;
    *out = v;
    return true;
}

static const char *shown(const yt_node *n) {
    return n->type == YT_SCALAR ? n->text : yt_kind(n);
}

/* An integer in [min, max]; false (reported) otherwise. */
static bool get_int(yl_ctx *c, const yt_node *n, const char *field, long min, long max, int *out) {
    long v;
    if (n->type == YT_SCALAR && parse_long(n->text, &v) && v >= min && v <= max) {
        *out = (int)v;
        return true;
    }
    if (max == INT_MAX)
        YL_ERR(c, n, "%s: expected %s integer, got '%s'", field,
               min == 0 ? "a non-negative" : min == 1 ? "a positive" : "an", shown(n));
    else
        YL_ERR(c, n, "%s: expected an integer between %ld and %ld, got '%s'", field, min, max,
               shown(n));
    return false;
}

static bool get_real(yl_ctx *c, const yt_node *n, const char *field, double min, double max,
                     double *out) {
    double v;
    if (n->type == YT_SCALAR && parse_double(n->text, &v) && v >= min && v <= max) {
        *out = v;
        return true;
    }
    YL_ERR(c, n, "%s: expected a number between %g and %g, got '%s'", field, min, max, shown(n));
    return false;
}

static bool get_date(yl_ctx *c, const yt_node *n, const char *field, nr_date *out) {
    if (n->type == YT_SCALAR && nr_date_parse(n->text, out)) return true;
    YL_ERR(c, n, "%s: expected a date YYYY-MM-DD, got '%s'", field, shown(n));
    return false;
}

/* Warn about keys not in `allowed`; an error for what-if keys in a base. */
static const char *const whatif_keys[] = {"extends", "remove_rotas", "merge_rotas", "add_people",
                                          "remove_people", NULL};

static bool in_list(const char *const *list, const char *s) {
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

static void check_keys(yl_ctx *c, const yt_node *map, const char *const *allowed, bool top) {
    for (size_t i = 0; i < map->n; i++) {
        const yt_node *k = yt_key(map, i);
        if (in_list(allowed, k->text)) continue;
        if (top && in_list(whatif_keys, k->text)) {
            if (!c->whatif)
                YL_ERR(c, k, "%s: only a what-if scenario (one with extends:) may use this key",
                       k->text);
            continue;
        }
        YL_WARN(c, k, "unknown key '%s' (ignored)", k->text);
    }
}

void yl_each_id(yl_ctx *c, const yt_node *n, const char *field,
                void (*fn)(yl_ctx *c, const yt_node *id, void *arg), void *arg) {
    if (yt_is_null(n)) return;
    if (n->type == YT_SCALAR) {
        if (id_text(c, n, field)) fn(c, n, arg);
        return;
    }
    if (n->type != YT_SEQ) {
        YL_ERR(c, n, "%s: expected a list of ids, got %s", field, yt_kind(n));
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        const yt_node *item = n->kids[i];
        if (item->type != YT_SCALAR || yt_is_null(item)) {
            YL_ERR(c, item, "%s: expected an id, got %s", field,
                   item->type == YT_SCALAR ? "nothing" : yt_kind(item));
            continue;
        }
        if (id_text(c, item, field)) fn(c, item, arg);
    }
}

/* ---- references -------------------------------------------------------- */

static void set_ref(yl_ctx *c, nr_ref *ref, const yt_node *n, const char *field) {
    const char *id = id_text(c, n, field);
    if (!id) return;
    *ref = nr_region_ref(c->ld->r, id, yl_at(c, n));
    if (!ref->id) yl_nomem(c);
}

typedef struct refs_arg {
    nr_refs *list;
} refs_arg;

static void push_ref(yl_ctx *c, const yt_node *id, void *arg) {
    refs_arg *a = arg;
    nr_ref ref = nr_region_ref(c->ld->r, id->text, yl_at(c, id));
    if (!ref.id || nr_region_refs_push(c->ld->r, a->list, ref) != 0) yl_nomem(c);
}

/* Replace list with the ids in n (a list, or a single id). */
static void set_refs(yl_ctx *c, nr_refs *list, const yt_node *n, const char *field) {
    list->count = 0;
    list->items = NULL;
    refs_arg a = {list};
    yl_each_id(c, n, field, push_ref, &a);
    if (n && !yt_is_null(n) && list->count == 0 && n->type == YT_SEQ && n->n == 0)
        YL_ERR(c, n, "%s: the list is empty", field);
}

/* ---- rules -------------------------------------------------------------- */

static const char *const rule_keys[] = {"max_frequency",  "min_days_between", "max_consecutive",
                                        "max_weekends",   "min_duties",       "max_hours",
                                        "min_rest_hours", "max_duties",       "min_hours",
                                        "min_consecutive", "min_days_off",    NULL};

/* "1 in N" or N. */
static bool get_frequency(yl_ctx *c, const yt_node *n, const char *field, int *out) {
    if (n->type == YT_SCALAR) {
        long v;
        const char *s = n->text;
        while (*s == ' ') s++;
        if (strncmp(s, "1 in ", 5) == 0 || strncmp(s, "1in ", 4) == 0) {
            s = strchr(s, 'n') + 1;
            while (*s == ' ') s++;
        }
        if (parse_long(s, &v) && v >= 1 && v <= 10000) {
            *out = (int)v;
            return true;
        }
    }
    YL_ERR(c, n, "%s: expected \"1 in N\" or a whole number N of at least 1, got '%s'", field,
           shown(n));
    return false;
}

/* Fill the stated rules of `map` into *rules (null unsets a rule). */
static void parse_rules(yl_ctx *c, const yt_node *map, const char *prefix, nr_rules *rules) {
    if (yt_is_null(map)) return;
    if (map->type != YT_MAP) {
        YL_ERR(c, map, "%s: expected a mapping of rules, got %s", prefix, yt_kind(map));
        return;
    }
    check_keys(c, map, rule_keys, false);
    char field[96];
    const nr_rules unset = nr_rules_unset();
    struct {
        const char *key;
        int *slot;
        int unset_value;
        long min;
    } ints[] = {
        {"min_days_between", &rules->min_days_between, unset.min_days_between, 0},
        {"max_consecutive", &rules->max_consecutive, unset.max_consecutive, 1},
        {"max_weekends", &rules->max_weekends, unset.max_weekends, 0},
        {"min_duties", &rules->min_duties, unset.min_duties, 0},
        {"max_duties", &rules->max_duties, unset.max_duties, 0},
        /* 1 is no constraint, but lets an override exempt someone */
        {"min_consecutive", &rules->min_consecutive, unset.min_consecutive, 1},
        {"min_days_off", &rules->min_days_off, unset.min_days_off, 1},
    };
    const yt_node *n = yt_get(map, "max_frequency");
    snprintf(field, sizeof field, "%s.max_frequency", prefix);
    if (n && yt_is_null(n)) rules->max_frequency = unset.max_frequency;
    else if (n) get_frequency(c, n, field, &rules->max_frequency);
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        n = yt_get(map, ints[i].key);
        snprintf(field, sizeof field, "%s.%s", prefix, ints[i].key);
        if (n && yt_is_null(n)) *ints[i].slot = ints[i].unset_value;
        else if (n) get_int(c, n, field, ints[i].min, INT_MAX, ints[i].slot);
    }
    n = yt_get(map, "max_hours");
    snprintf(field, sizeof field, "%s.max_hours", prefix);
    if (n && yt_is_null(n)) rules->max_hours = unset.max_hours;
    else if (n) get_real(c, n, field, 0, 100000, &rules->max_hours);
    n = yt_get(map, "min_hours");
    snprintf(field, sizeof field, "%s.min_hours", prefix);
    if (n && yt_is_null(n)) rules->min_hours = unset.min_hours;
    else if (n) get_real(c, n, field, 0, 100000, &rules->min_hours);
    n = yt_get(map, "min_rest_hours");
    snprintf(field, sizeof field, "%s.min_rest_hours", prefix);
    if (n && yt_is_null(n)) rules->min_rest_hours = unset.min_rest_hours;
    else if (n) get_real(c, n, field, 0, 24 * 28, &rules->min_rest_hours);
}

/* ---- entities ------------------------------------------------------------ */

/* Each entry of a section: a mapping, reported otherwise. */
static bool section_list(yl_ctx *c, const yt_node *n, const char *section) {
    if (yt_is_null(n)) return false;
    if (n->type != YT_SEQ) {
        YL_ERR(c, n, "%s: expected a list, got %s", section, yt_kind(n));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->n; i++)
        if (n->kids[i]->type != YT_MAP) {
            YL_ERR(c, n->kids[i], "%s: each entry must be a mapping ({ id: ..., ... }), got %s",
                   section, yt_kind(n->kids[i]));
            ok = false;
        }
    return ok || n->n > 0;
}

static const char *const trust_keys[] = {"id", "name", NULL};
static const char *const site_keys[] = {"id", "name", "trust", NULL};
static const char *const shift_keys[] = {"id",   "name",          "from",           "to",
                                         "days", "bank_holidays", "not_followed_by", NULL};
static const char *const rota_keys[] = {"id",        "name",         "service",     "host",
                                        "hub",       "covers",       "shifts",      "cover",
                                        "cover_max", "under_weight", "over_weight", "cover_on",
                                        "rules",     NULL};
static const char *const cover_on_keys[] = {"date", "shift",        "needed",
                                            "max",  "under_weight", "over_weight", NULL};
static const char *const override_keys[] = {"person", "rota", "shift", "rules", NULL};

/* Cover and its costs: the same bounds for a rota and a per-date entry. */
enum { MAX_COVER = 50 };
#define MAX_WEIGHT 100000.0

/* The id of a section entry (required); NULL when missing or bad. */
static const char *entry_id(yl_ctx *c, const yt_node *map, const char *field) {
    const yt_node *n = yt_get(map, "id");
    if (yt_is_null(n)) {
        YL_ERR(c, map, "%s: missing (required)", field);
        return NULL;
    }
    return id_text(c, n, field);
}

static void apply_trusts(yl_ctx *c, const yt_node *list) {
    if (!section_list(c, list, "trusts")) return;
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) continue;
        check_keys(c, m, trust_keys, false);
        const char *id = entry_id(c, m, "trusts.id");
        if (!id) continue;
        const char *name = text_of(c, yt_get(m, "name"), "trusts.name");
        int at = c->whatif ? nr_region_find_trust(r, id) : NR_UNSET;
        nr_trust *t = at == NR_UNSET ? nr_region_add_trust(r) : &r->trusts[at];
        if (!t) return yl_nomem(c);
        if (at == NR_UNSET) {
            t->id = intern(c, id);
            t->loc = yl_at(c, m);
            t->name = t->id;
        }
        if (name) t->name = intern(c, name);
    }
}

static void apply_sites(yl_ctx *c, const yt_node *list) {
    if (!section_list(c, list, "sites")) return;
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) continue;
        check_keys(c, m, site_keys, false);
        const char *id = entry_id(c, m, "sites.id");
        if (!id) continue;
        int at = c->whatif ? nr_region_find_site(r, id) : NR_UNSET;
        const char *name = text_of(c, yt_get(m, "name"), "sites.name");
        const yt_node *trust = yt_get(m, "trust");
        nr_site *s = at == NR_UNSET ? nr_region_add_site(r) : &r->sites[at];
        if (!s) return yl_nomem(c);
        if (at == NR_UNSET) {
            s->id = intern(c, id);
            s->loc = yl_at(c, m);
            s->name = s->id;
        }
        if (name) s->name = intern(c, name);
        if (!yt_is_null(trust)) set_ref(c, &s->trust, trust, "sites.trust");
    }
}

/* "17:00" or "Fri 17:00". */
static bool parse_when(yl_ctx *c, const yt_node *n, const char *field, int *minute, int *dow) {
    *dow = -1;
    if (n->type == YT_SCALAR) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", n->text);
        char *save = NULL;
        char *a = strtok_r(buf, " \t", &save);
        char *b = a ? strtok_r(NULL, " \t", &save) : NULL;
        char *extra = b ? strtok_r(NULL, " \t", &save) : NULL;
        enum nr_weekday w;
        if (a && !b && nr_time_parse(a, minute)) return true;
        if (a && b && !extra && nr_weekday_parse(a, &w) && nr_time_parse(b, minute)) {
            *dow = (int)w;
            return true;
        }
    }
    YL_ERR(c, n, "%s: expected a time HH:MM or a day and time like \"Fri 17:00\", got '%s'", field,
           shown(n));
    return false;
}

static unsigned parse_days(yl_ctx *c, const yt_node *n) {
    const yt_node *one = n;
    size_t count = 1;
    if (n->type == YT_SEQ) {
        count = n->n;
        if (count == 0) {
            YL_ERR(c, n, "shifts.days: the list is empty (the shift would never run)");
            return 0;
        }
    } else if (n->type != YT_SCALAR) {
        YL_ERR(c, n, "shifts.days: expected a list of days like [Mon, Tue], got %s", yt_kind(n));
        return 0;
    }
    unsigned mask = 0;
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        const yt_node *d = n->type == YT_SEQ ? n->kids[i] : one;
        enum nr_weekday w;
        if (d->type == YT_SCALAR && nr_weekday_parse(d->text, &w)) {
            mask |= 1u << w;
        } else {
            YL_ERR(c, d, "shifts.days: expected a day Mon..Sun, got '%s'", shown(d));
            ok = false;
        }
    }
    return ok ? mask : 0;
}

static void apply_shifts(yl_ctx *c, const yt_node *list) {
    if (!section_list(c, list, "shifts")) return;
    yl_loader *ld = c->ld;
    nr_region *r = ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) continue;
        check_keys(c, m, shift_keys, false);
        const char *id = entry_id(c, m, "shifts.id");
        if (!id) continue;
        int at = c->whatif ? nr_region_find_shift(r, id) : NR_UNSET;
        const yt_node *from = yt_get(m, "from"), *to = yt_get(m, "to");
        if (at == NR_UNSET) {
            if (yt_is_null(from)) YL_ERR(c, m, "shifts.from: missing (required)");
            if (yt_is_null(to)) YL_ERR(c, m, "shifts.to: missing (required)");
            if (r->n_shifts == ld->cap_specs) {
                size_t cap = ld->cap_specs ? ld->cap_specs * 2 : 8;
                yl_shift_spec *s = realloc(ld->specs, cap * sizeof *s);
                if (!s) return yl_nomem(c);
                ld->specs = s;
                ld->cap_specs = cap;
            }
            nr_shift *sh = nr_region_add_shift(r);
            if (!sh) return yl_nomem(c);
            sh->id = intern(c, id);
            sh->loc = yl_at(c, m);
            sh->bank_holidays = NR_BH_NORMAL;
            at = (int)r->n_shifts - 1;
            yl_shift_spec *sp = &ld->specs[at];
            memset(sp, 0, sizeof *sp);
            sp->from_min = sp->to_min = NR_UNSET;
            sp->from_dow = sp->to_dow = -1;
            sp->loc = sh->loc;
        }
        nr_shift *sh = &r->shifts[at];
        yl_shift_spec *sp = &ld->specs[at];
        const char *name = text_of(c, yt_get(m, "name"), "shifts.name");
        if (name) sh->name = intern(c, name);
        if (!yt_is_null(from) && parse_when(c, from, "shifts.from", &sp->from_min, &sp->from_dow))
            sp->from_loc = yl_at(c, from);
        if (!yt_is_null(to) && parse_when(c, to, "shifts.to", &sp->to_min, &sp->to_dow))
            sp->to_loc = yl_at(c, to);
        const yt_node *days = yt_get(m, "days");
        if (days && yt_is_null(days)) sp->days = 0;
        else if (days) {
            sp->days = parse_days(c, days);
            sp->days_loc = yl_at(c, days);
        }
        const char *bh = text_of(c, yt_get(m, "bank_holidays"), "shifts.bank_holidays");
        if (bh) {
            if (strcmp(bh, "normal") == 0) sh->bank_holidays = NR_BH_NORMAL;
            else if (strcmp(bh, "skip") == 0) sh->bank_holidays = NR_BH_SKIP;
            else if (strcmp(bh, "only") == 0) sh->bank_holidays = NR_BH_ONLY;
            else
                YL_ERR(c, yt_get(m, "bank_holidays"),
                       "shifts.bank_holidays: expected normal, skip or only, got '%s'", bh);
        }
        const yt_node *nfb = yt_get(m, "not_followed_by");
        /* [] is allowed: a what-if lifts the base's list with it */
        if (nfb && nfb->type == YT_SEQ && nfb->n == 0) sh->not_followed_by.count = 0;
        else if (!yt_is_null(nfb))
            set_refs(c, &sh->not_followed_by, nfb, "shifts.not_followed_by");
    }
}

/* Work out days_mask and the end of every shift from what was stated. */
static void finish_shifts(yl_loader *ld) {
    nr_region *r = ld->r;
    for (size_t i = 0; i < r->n_shifts; i++) {
        nr_shift *sh = &r->shifts[i];
        const yl_shift_spec *sp = &ld->specs[i];
        if (sp->from_min == NR_UNSET || sp->to_min == NR_UNSET) continue; /* reported */
        if (sp->from_min >= 24 * 60) {
            nr_diag_error(ld->d, sp->from_loc, "shifts.from: a shift cannot start at 24:00");
            continue;
        }
        if (sp->to_dow >= 0 && sp->from_dow < 0) {
            nr_diag_error(ld->d, sp->to_loc,
                          "shifts.to: names a day but from does not (write e.g. \"Fri 17:00\")");
            continue;
        }
        if (sp->from_dow >= 0 && sp->days) {
            nr_diag_error(ld->d, sp->days_loc,
                          "shifts.days: not allowed when from names a day (the shift starts "
                          "on that day)");
            continue;
        }
        sh->days_mask = sp->from_dow >= 0 ? 1u << sp->from_dow : sp->days ? sp->days : 0x7fu;
        int offset;
        if (sp->from_dow >= 0 && sp->to_dow >= 0) {
            offset = (sp->to_dow - sp->from_dow + 7) % 7;
            if (offset == 0 && sp->to_min <= sp->from_min) offset = 7;
        } else {
            offset = sp->to_min <= sp->from_min ? 1 : 0;
        }
        int end = sp->to_min;
        if (end == 24 * 60) {
            offset++;
            end = 0;
        }
        sh->start_minute = sp->from_min;
        sh->end_day_offset = offset;
        sh->end_minute = end;
    }
}

/* Per-date cover of a rota: each entry becomes an nr_cover. A later entry
 * for the same duty wins, so a what-if's entries override the base's. */
static void apply_cover_on(yl_ctx *c, const char *rota_id, const yt_node *list) {
    if (yt_is_null(list) || !rota_id) return;
    if (list->type != YT_SEQ) {
        YL_ERR(c, list,
               "rotas.cover_on: expected a list like [{ date: 2027-12-25, needed: 2 }], got %s",
               yt_kind(list));
        return;
    }
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) {
            YL_ERR(c, m,
                   "rotas.cover_on: each entry must be a mapping ({ date: ..., needed: ... }), "
                   "got %s",
                   yt_kind(m));
            continue;
        }
        check_keys(c, m, cover_on_keys, false);
        const yt_node *date = yt_get(m, "date"), *shift = yt_get(m, "shift");
        const yt_node *needed = yt_get(m, "needed"), *max = yt_get(m, "max");
        const yt_node *under = yt_get(m, "under_weight"), *over = yt_get(m, "over_weight");
        nr_date day = 0;
        int nv = NR_UNSET, mv = NR_UNSET;
        double uw = -1.0, ow = -1.0;
        bool ok = true;
        if (yt_is_null(date)) {
            YL_ERR(c, m, "rotas.cover_on.date: missing (required)");
            ok = false;
        } else if (!get_date(c, date, "rotas.cover_on.date", &day)) {
            ok = false;
        }
        if (!yt_is_null(shift) && !id_text(c, shift, "rotas.cover_on.shift")) ok = false;
        if (!yt_is_null(needed) && !get_int(c, needed, "rotas.cover_on.needed", 0, MAX_COVER, &nv))
            ok = false;
        if (!yt_is_null(max) && !get_int(c, max, "rotas.cover_on.max", 0, MAX_COVER, &mv))
            ok = false;
        if (!yt_is_null(under) &&
            !get_real(c, under, "rotas.cover_on.under_weight", 0, MAX_WEIGHT, &uw))
            ok = false;
        if (!yt_is_null(over) &&
            !get_real(c, over, "rotas.cover_on.over_weight", 0, MAX_WEIGHT, &ow))
            ok = false;
        if (nv != NR_UNSET && mv != NR_UNSET && mv < nv) {
            YL_ERR(c, max, "rotas.cover_on.max: must be at least needed (%d), got %d", nv, mv);
            ok = false;
        }
        if (!ok) continue;
        if (nv == NR_UNSET && mv == NR_UNSET && uw < 0 && ow < 0) {
            YL_WARN(c, m, "rotas.cover_on: the entry states none of needed, max, under_weight, "
                          "over_weight (it changes nothing)");
            continue;
        }
        nr_cover *cv = nr_region_add_cover(r);
        if (!cv) return yl_nomem(c);
        cv->loc = yl_at(c, m);
        cv->rota = nr_region_ref(r, rota_id, cv->loc);
        if (!cv->rota.id) yl_nomem(c);
        if (!yt_is_null(shift)) set_ref(c, &cv->shift, shift, "rotas.cover_on.shift");
        cv->date = day;
        cv->needed = nv;
        cv->max = mv;
        cv->under_weight = uw;
        cv->over_weight = ow;
    }
}

static void apply_rotas(yl_ctx *c, const yt_node *list) {
    if (!section_list(c, list, "rotas")) return;
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) continue;
        check_keys(c, m, rota_keys, false);
        const char *id = entry_id(c, m, "rotas.id");
        if (!id) continue;
        int at = c->whatif ? nr_region_find_rota(r, id) : NR_UNSET;
        const yt_node *host = yt_get(m, "host"), *hub = yt_get(m, "hub");
        const yt_node *covers = yt_get(m, "covers"), *shifts = yt_get(m, "shifts");
        const yt_node *cover = yt_get(m, "cover");
        if (at == NR_UNSET) {
            if (yt_is_null(yt_get(m, "service"))) YL_ERR(c, m, "rotas.service: missing (required)");
            /* a missing host or hub is reported by nr_region_resolve() */
            if (yt_is_null(shifts)) YL_ERR(c, m, "rotas.shifts: missing (required)");
        }
        const char *name = text_of(c, yt_get(m, "name"), "rotas.name");
        const char *service = text_of(c, yt_get(m, "service"), "rotas.service");
        nr_rota *k = at == NR_UNSET ? nr_region_add_rota(r) : &r->rotas[at];
        if (!k) return yl_nomem(c);
        if (at == NR_UNSET) {
            k->id = intern(c, id);
            k->loc = yl_at(c, m);
        }
        if (name) k->name = intern(c, name);
        if (service) k->service = intern(c, service);
        if (!yt_is_null(host)) set_ref(c, &k->host, host, "rotas.host");
        if (!yt_is_null(hub)) set_ref(c, &k->hub, hub, "rotas.hub");
        if (!yt_is_null(covers)) set_refs(c, &k->covers, covers, "rotas.covers");
        else if (at == NR_UNSET && k->hub.id && nr_region_refs_push(r, &k->covers, k->hub) != 0)
            yl_nomem(c);
        if (!yt_is_null(shifts)) set_refs(c, &k->shifts, shifts, "rotas.shifts");
        if (!yt_is_null(cover)) get_int(c, cover, "rotas.cover", 1, MAX_COVER, &k->cover);
        const yt_node *cover_max = yt_get(m, "cover_max");
        const yt_node *under = yt_get(m, "under_weight"), *over = yt_get(m, "over_weight");
        if (!yt_is_null(cover_max))
            get_int(c, cover_max, "rotas.cover_max", 1, MAX_COVER, &k->cover_max);
        if (!yt_is_null(under))
            get_real(c, under, "rotas.under_weight", 0, MAX_WEIGHT, &k->under_weight);
        if (!yt_is_null(over))
            get_real(c, over, "rotas.over_weight", 0, MAX_WEIGHT, &k->over_weight);
        /* checked where either was stated: a what-if may raise cover alone */
        if (k->cover_max != NR_UNSET && k->cover_max < k->cover &&
            (!yt_is_null(cover_max) || !yt_is_null(cover)))
            YL_ERR(c, !yt_is_null(cover_max) ? cover_max : cover,
                   "rotas.cover_max: must be at least cover (%d), got %d", k->cover, k->cover_max);
        const yt_node *rules = yt_get(m, "rules");
        if (rules) parse_rules(c, rules, "rotas.rules", &k->rules);
        apply_cover_on(c, k->id, yt_get(m, "cover_on"));
    }
}

/* The rules of an override with shift: a cap on that shift's duties, so
 * max_duties is required and every other rule is an error (the model would
 * ignore it, and the user would think it applied). */
static void parse_shift_cap(yl_ctx *c, const yt_node *rules, nr_rules *out) {
    if (yt_is_null(rules)) return; /* reported */
    if (rules->type != YT_MAP) {
        YL_ERR(c, rules, "overrides.rules: expected a mapping of rules, got %s", yt_kind(rules));
        return;
    }
    for (size_t i = 0; i < rules->n; i++) {
        const yt_node *k = yt_key(rules, i);
        if (strcmp(k->text, "max_duties") != 0)
            YL_ERR(c, k, "overrides.rules.%s: an override with shift: caps that shift's duties, "
                         "so only max_duties is allowed", k->text);
    }
    const yt_node *n = yt_get(rules, "max_duties");
    if (yt_is_null(n))
        YL_ERR(c, rules, "overrides.rules.max_duties: missing (required with shift:)");
    else
        get_int(c, n, "overrides.rules.max_duties", 0, INT_MAX, &out->max_duties);
}

static void apply_overrides(yl_ctx *c, const yt_node *list) {
    if (!section_list(c, list, "overrides")) return;
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) continue;
        check_keys(c, m, override_keys, false);
        const yt_node *person = yt_get(m, "person"), *rota = yt_get(m, "rota");
        const yt_node *rules = yt_get(m, "rules");
        if (yt_is_null(rules)) YL_ERR(c, m, "overrides.rules: missing (required)");
        nr_override *o = nr_region_add_override(r);
        if (!o) return yl_nomem(c);
        o->loc = yl_at(c, m);
        if (!yt_is_null(person)) set_ref(c, &o->person, person, "overrides.person");
        if (!yt_is_null(rota)) set_ref(c, &o->rota, rota, "overrides.rota");
        const yt_node *shift = yt_get(m, "shift");
        if (yt_is_null(shift)) {
            parse_rules(c, rules, "overrides.rules", &o->rules);
            continue;
        }
        set_ref(c, &o->shift, shift, "overrides.shift");
        parse_shift_cap(c, rules, &o->rules);
    }
}

/* ---- files ----------------------------------------------------------------- */

typedef int (*csv_reader)(nr_region *r, const char *path, nr_diags *d);

static void note_rc(yl_ctx *c, int rc) {
    if (rc == NR_ENOMEM) c->ld->fail = NR_ENOMEM;
    else if ((rc == NR_EIO || rc == NR_ELIMIT) && !c->ld->fail) c->ld->fail = rc;
}

/* Stat a file named at node n. Returns 'f' (regular file), 'd' (folder) or
 * 0 (reported). */
static int check_file(yl_ctx *c, const yt_node *n, const char *field, const char *path,
                      bool folder_ok) {
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            YL_ERR(c, n, "%s: file '%s' does not exist", field, path);
        } else {
            YL_ERR(c, n, "%s: cannot read '%s': %s", field, path, strerror(e));
            note_rc(c, NR_EIO);
        }
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (folder_ok) return 'd';
        YL_ERR(c, n, "%s: '%s' is a folder, not a file", field, path);
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        YL_ERR(c, n, "%s: '%s' is not a regular file", field, path);
        return 0;
    }
    return 'f';
}

/* Calls fn for each file named at n (one name or a list of names). */
static void each_file(yl_ctx *c, const yt_node *n, const char *field,
                      void (*fn)(yl_ctx *c, const yt_node *at, const char *path, void *arg),
                      void *arg) {
    if (yt_is_null(n)) return;
    size_t count = n->type == YT_SEQ ? n->n : 1;
    if (n->type == YT_MAP) {
        YL_ERR(c, n, "%s: expected a file name or a list of file names, got a mapping", field);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        const yt_node *f = n->type == YT_SEQ ? n->kids[i] : n;
        if (f->type != YT_SCALAR || yt_is_null(f)) {
            YL_ERR(c, f, "%s: expected a file name, got %s", field,
                   f->type == YT_SCALAR ? "nothing" : yt_kind(f));
            continue;
        }
        char *path = display_path(c->layer->dir, f->text);
        if (!path) return yl_nomem(c);
        const char *kept = intern(c, path); /* diagnostics may point at it */
        free(path);
        if (kept) fn(c, f, kept, arg);
    }
}

typedef struct csv_job {
    const char *field;
    csv_reader reader;
} csv_job;

static void read_csv(yl_ctx *c, const yt_node *at, const char *path, void *arg) {
    const csv_job *job = arg;
    if (check_file(c, at, job->field, path, false))
        note_rc(c, job->reader(c->ld->r, path, c->ld->d));
}

static void read_csvs(yl_ctx *c, const yt_node *n, const char *field, csv_reader reader) {
    csv_job job = {field, reader};
    each_file(c, n, field, read_csv, &job);
}

static void read_ics(yl_ctx *c, const char *path, nr_loc loc) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *stem = strndup(base, strlen(base) - 4);
    if (!stem) return yl_nomem(c);
    note_rc(c, nr_ics_read_leave(c->ld->r, path, stem, loc, c->ld->ics_from, c->ld->ics_to,
                                 c->ld->d));
    free(stem);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.csv and *.ics in a folder, in name order so that runs repeat. */
static void read_leave_folder(yl_ctx *c, const yt_node *at, const char *dir) {
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        YL_ERR(c, at, "leave: cannot read folder '%s': %s", dir, strerror(errno));
        note_rc(c, NR_EIO);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == MAX_FOLDER_FILES) {
            YL_ERR(c, at, "leave: folder '%s' holds more than %d files", dir, MAX_FOLDER_FILES);
            note_rc(c, NR_ELIMIT);
            break;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn) {
                yl_nomem(c);
                goto cleanup;
            }
            names = nn;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name))) {
            yl_nomem(c);
            goto cleanup;
        }
        n++;
    }
    if (n) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]);
        const char *kept = path ? intern(c, path) : NULL;
        free(path);
        if (!kept) {
            yl_nomem(c);
            goto cleanup;
        }
        struct stat st;
        if (stat(kept, &st) != 0 || !S_ISREG(st.st_mode)) {
            YL_WARN(c, at, "leave: '%s' is not a regular file (ignored)", kept);
            continue;
        }
        if (has_ext(names[i], ".csv")) {
            note_rc(c, nr_csv_read_leave(c->ld->r, kept, c->ld->d));
        } else if (has_ext(names[i], ".ics")) {
            nr_loc loc = {kept, 0, 0};
            read_ics(c, kept, loc);
        } else {
            YL_WARN(c, at, "leave: '%s' is neither .csv nor .ics (ignored)", kept);
        }
    }
cleanup:
    closedir(dp);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

static void read_leave_entry(yl_ctx *c, const yt_node *at, const char *path, void *arg) {
    (void)arg;
    int kind = check_file(c, at, "leave", path, true);
    if (kind == 'd') read_leave_folder(c, at, path);
    else if (kind == 'f' && has_ext(path, ".csv"))
        note_rc(c, nr_csv_read_leave(c->ld->r, path, c->ld->d));
    else if (kind == 'f' && has_ext(path, ".ics"))
        read_ics(c, path, yl_at(c, at));
    else if (kind == 'f')
        YL_ERR(c, at, "leave: '%s' is neither a .csv file, a .ics file nor a folder", path);
}

/* ---- top-level scalars ----------------------------------------------------- */

static const char *const top_keys[] = {"region", "timezone", "period", "bank_holidays", "trusts",
                                       "sites",  "travel",   "people", "leave",         "requests",
                                       "shifts", "rotas",    "overrides",     "objective",
                                       "organizer", NULL};
static const char *const period_keys[] = {"start", "weeks", NULL};
static const char *const organizer_keys[] = {"name", "email", NULL};

/* A plain address, local@domain.tld: the local part of letters, digits
 * and . _ + - (no dot first, last or twice in a row), the domain of two or
 * more labels of letters, digits and - (not first or last). Nothing that
 * a mailto: URI would have to escape or would read as a query (? # % & /),
 * and nothing a calendar would have to quote. */
static bool plain_email(const char *s) {
    const char *at = strchr(s, '@');
    if (!at || strchr(at + 1, '@') || strlen(s) > 254) return false;
    size_t local = (size_t)(at - s);
    if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.') return false;
    for (size_t i = 0; i < local; i++) {
        char ch = s[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '.' || ch == '_' || ch == '+' || ch == '-';
        if (!ok || (ch == '.' && s[i + 1] == '.')) return false;
    }
    int labels = 0;
    for (const char *p = at + 1;; labels++) {
        size_t n = 0;
        while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
               (p[n] >= '0' && p[n] <= '9') || p[n] == '-')
            n++;
        if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-') return false;
        if (p[n] == '\0') return labels >= 1;
        if (p[n] != '.') return false;
        p += n + 1;
    }
}

/* organizer: { name: Rota office, email: rota@example.nhs.uk } */
static void read_organizer(yl_ctx *c, const yt_node *n) {
    if (yt_is_null(n)) return;
    if (n->type != YT_MAP) {
        YL_ERR(c, n, "organizer: expected a mapping like { name: Rota office, email: "
                     "rota@example.nhs.uk }, got %s", yt_kind(n));
        return;
    }
    check_keys(c, n, organizer_keys, false);
    const yt_node *en = yt_get(n, "email"), *nn = yt_get(n, "name");
    const char *email = text_of(c, en, "organizer.email");
    const char *name = text_of(c, nn, "organizer.name");
    bool ok = true;
    for (const char *p = name; p && *p && ok; p++)
        if (*p == '"' || (unsigned char)*p < ' ' || *p == 0x7f) {
            YL_ERR(c, nn, "organizer.name: a double quote or control character cannot go into "
                          "a calendar");
            ok = false;
        }
    if (!email) {
        if (yt_is_null(en)) YL_ERR(c, n, "organizer.email: missing (required)");
        return;
    }
    if (!plain_email(email)) {
        YL_ERR(c, en, "organizer.email: '%s' is not a plain e-mail address like "
                      "rota@example.nhs.uk", email);
        return;
    }
    if (!ok) return;
    nr_region *r = c->ld->r;
    r->organizer_email = intern(c, email);
    r->organizer_name = name && *name ? intern(c, name) : NULL;
}
static const char *const bh_keys[] = {"builtin", "add", "remove", NULL};

typedef struct settled {
    bool have_start, have_weeks;
    nr_date start;
    int weeks;
    nr_loc period_loc;
    const yt_node *bh;
    yl_ctx bh_ctx;
} settled;

/* Settle region, timezone, period and bank_holidays over the chain, base first. */
static void settle_scalars(yl_loader *ld, settled *s) {
    nr_region *r = ld->r;
    for (int i = ld->n_layers - 1; i >= 0; i--) {
        yl_ctx c = {ld, &ld->layers[i], i < ld->n_layers - 1};
        const yt_node *root = c.layer->root;
        const yt_node *n = yt_get(root, "region");
        const char *name = text_of(&c, n, "region");
        if (name) r->name = intern(&c, name);
        else if (!c.whatif && yt_is_null(n)) YL_ERR(&c, root, "region: missing (required)");
        n = yt_get(root, "timezone");
        const char *tz = text_of(&c, n, "timezone");
        if (tz && strcmp(tz, "Europe/London") != 0)
            YL_ERR(&c, n, "timezone: only Europe/London is supported, got '%s'", tz);
        n = yt_get(root, "period");
        if (yt_is_null(n)) {
            if (!c.whatif) YL_ERR(&c, root, "period: missing (required)");
        } else if (n->type != YT_MAP) {
            YL_ERR(&c, n, "period: expected a mapping like { start: 2027-01-04, weeks: 26 }, got %s",
                   yt_kind(n));
        } else {
            check_keys(&c, n, period_keys, false);
            s->period_loc = yl_at(&c, n);
            const yt_node *start = yt_get(n, "start"), *weeks = yt_get(n, "weeks");
            if (!yt_is_null(start)) {
                if (get_date(&c, start, "period.start", &s->start)) s->have_start = true;
            } else if (!c.whatif) {
                YL_ERR(&c, n, "period.start: missing (required)");
            }
            if (!yt_is_null(weeks)) {
                if (get_int(&c, weeks, "period.weeks", 1, 104, &s->weeks)) s->have_weeks = true;
            } else if (!c.whatif) {
                YL_ERR(&c, n, "period.weeks: missing (required)");
            }
        }
        n = yt_get(root, "objective");
        const char *objective = text_of(&c, n, "objective");
        if (objective && strcmp(objective, "fair") == 0) r->fairness_off = false;
        else if (objective && strcmp(objective, "penalties") == 0) r->fairness_off = true;
        else if (objective)
            YL_ERR(&c, n, "objective: expected fair or penalties, got '%s'", objective);
        read_organizer(&c, yt_get(root, "organizer"));
        n = yt_get(root, "bank_holidays");
        if (n) {
            s->bh = n;
            s->bh_ctx = c;
        }
    }
    if (s->have_start && s->have_weeks) {
        r->period_start = s->start;
        r->period_days = s->weeks * 7;
        r->period_loc = s->period_loc;
        ld->ics_from = s->start - 7;
        ld->ics_to = s->start + r->period_days + 7;
    }
}

static int push_date(nr_date **v, size_t *n, size_t *cap, nr_date d) {
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        nr_date *nv = realloc(*v, ncap * sizeof *nv);
        if (!nv) return NR_ENOMEM;
        *v = nv;
        *cap = ncap;
    }
    (*v)[(*n)++] = d;
    return 0;
}

typedef struct date_list {
    nr_date *v;
    size_t n, cap;
} date_list;

static void read_dates(yl_ctx *c, const yt_node *n, const char *field, date_list *out) {
    if (yt_is_null(n)) return;
    if (n->type != YT_SEQ) {
        YL_ERR(c, n, "%s: expected a list of dates, got %s", field, yt_kind(n));
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        nr_date d;
        if (get_date(c, n->kids[i], field, &d) && push_date(&out->v, &out->n, &out->cap, d))
            yl_nomem(c);
    }
}

/* Bank holidays of the period (and a week either side, for duties that run
 * over the period's edges). */
static void settle_bank_holidays(yl_loader *ld, settled *s) {
    nr_region *r = ld->r;
    date_list all = {0}, add = {0}, rem = {0};
    bool builtin = true;
    const yt_node *n = s->bh;
    yl_ctx *c = &s->bh_ctx;
    if (yt_is_null(n)) {
        builtin = true;
    } else if (n->type == YT_SCALAR) {
        if (strcmp(n->text, "none") == 0) builtin = false;
        else if (strcmp(n->text, "england") != 0) {
            YL_ERR(c, n, "bank_holidays: expected england, none, a list of dates or "
                         "{ builtin, add, remove }, got '%s'", n->text);
            builtin = false;
        }
    } else if (n->type == YT_SEQ) {
        builtin = false;
        read_dates(c, n, "bank_holidays", &add);
    } else {
        check_keys(c, n, bh_keys, false);
        const yt_node *b = yt_get(n, "builtin");
        const char *name = text_of(c, b, "bank_holidays.builtin");
        if (name && strcmp(name, "none") == 0) builtin = false;
        else if (name && strcmp(name, "england") != 0)
            YL_ERR(c, b, "bank_holidays.builtin: expected england or none, got '%s'", name);
        read_dates(c, yt_get(n, "add"), "bank_holidays.add", &add);
        read_dates(c, yt_get(n, "remove"), "bank_holidays.remove", &rem);
    }
    if (!s->have_start || !s->have_weeks) goto cleanup; /* reported */
    nr_date from = r->period_start - 7, to = r->period_start + r->period_days + 7;
    if (builtin) {
        int count = nr_bank_holidays_england(from, to, NULL, 0);
        if (count > 0) {
            all.v = malloc((size_t)count * sizeof *all.v);
            if (!all.v) {
                ld->fail = NR_ENOMEM;
                goto cleanup;
            }
            all.cap = (size_t)count;
            all.n = (size_t)nr_bank_holidays_england(from, to, all.v, count);
        }
        int y0, y1, m, d;
        nr_date_to_ymd(r->period_start, &y0, &m, &d);
        nr_date_to_ymd(r->period_start + r->period_days - 1, &y1, &m, &d);
        /* a year outside the table that the user has given no date for */
        int uncovered = 0;
        for (int y = y0; y <= y1 && !uncovered; y++) {
            if (y >= NR_BANK_HOLIDAY_FIRST_YEAR && y <= NR_BANK_HOLIDAY_LAST_YEAR) continue;
            bool given = false;
            for (size_t i = 0; i < add.n && !given; i++) {
                int ay, am, ad;
                nr_date_to_ymd(add.v[i], &ay, &am, &ad);
                given = ay == y;
            }
            if (!given) uncovered = y;
        }
        if (uncovered) {
            nr_loc where = n ? yl_at(c, n) : r->period_loc;
            nr_diag_warning(ld->d, where,
                            "bank_holidays: the built-in england table covers %d-%d only and the "
                            "period runs into %d: list that year's bank holidays under "
                            "bank_holidays.add",
                            NR_BANK_HOLIDAY_FIRST_YEAR, NR_BANK_HOLIDAY_LAST_YEAR, uncovered);
        }
    }
    for (size_t i = 0; i < add.n; i++)
        if (push_date(&all.v, &all.n, &all.cap, add.v[i])) {
            ld->fail = NR_ENOMEM;
            goto cleanup;
        }
    for (size_t i = 0; i < rem.n; i++) {
        size_t w = 0;
        bool found = false;
        for (size_t j = 0; j < all.n; j++) {
            if (all.v[j] == rem.v[i]) found = true;
            else all.v[w++] = all.v[j];
        }
        all.n = w;
        if (!found && rem.v[i] >= from && rem.v[i] < to) {
            char buf[16];
            const yt_node *rn = yt_get(n, "remove");
            YL_WARN(c, rn, "bank_holidays.remove: %s is not a bank holiday here",
                    nr_date_format(rem.v[i], buf));
        }
    }
    if (nr_region_set_bank_holidays(r, all.v, all.n)) ld->fail = NR_ENOMEM;
cleanup:
    free(all.v);
    free(add.v);
    free(rem.v);
}

/* ---- layers ------------------------------------------------------------------ */

static void apply_layer(yl_ctx *c) {
    const yt_node *root = c->layer->root;
    check_keys(c, root, top_keys, true);
    apply_trusts(c, yt_get(root, "trusts"));
    apply_sites(c, yt_get(root, "sites"));
    apply_shifts(c, yt_get(root, "shifts"));
    apply_rotas(c, yt_get(root, "rotas"));
    if (c->whatif) yl_whatif_remove_people(c, yt_get(root, "remove_people"));
    read_csvs(c, yt_get(root, "travel"), "travel", nr_csv_read_travel);
    read_csvs(c, yt_get(root, "people"), "people", nr_csv_read_people);
    if (c->whatif) read_csvs(c, yt_get(root, "add_people"), "add_people", nr_csv_read_people);
    each_file(c, yt_get(root, "leave"), "leave", read_leave_entry, NULL);
    read_csvs(c, yt_get(root, "requests"), "requests", nr_csv_read_requests);
    apply_overrides(c, yt_get(root, "overrides"));
    if (c->whatif) {
        /* The per-date cover of a merged or removed rota goes with it (the
         * merged rota keeps its own); a typo in a rota id is still reported. */
        yl_whatif_merge_rotas(c, yt_get(root, "merge_rotas"));
        yl_whatif_remove_rotas(c, yt_get(root, "remove_rotas"));
    }
}

/* Read and parse one file of the chain into ld->layers[ld->n_layers]. `file`
 * is its display name; `at` is where it was named (extends:), or NULL for
 * the file asked for. Returns false when the chain cannot go on. */
static bool load_layer(yl_loader *ld, const char *file, const yl_ctx *from, const yt_node *at) {
    nr_loc where = from ? yl_at(from, at) : nr_loc_at(file, 0);
    if (ld->n_layers == YL_MAX_CHAIN) {
        nr_diag_error(ld->d, where, "extends: more than %d files in the chain", YL_MAX_CHAIN);
        return false;
    }
    char *path = strdup(file);
    if (!path) {
        ld->fail = NR_ENOMEM;
        return false;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *in = path_join(path, "scenario.yaml");
        free(path);
        if (!(path = in)) {
            ld->fail = NR_ENOMEM;
            return false;
        }
    }
    const char *shown = nr_region_file(ld->r, path);
    if (!shown) {
        free(path);
        ld->fail = NR_ENOMEM;
        return false;
    }
    char *real = realpath(path, NULL);
    if (real)
        for (int i = 0; i < ld->n_layers; i++)
            if (strcmp(ld->layers[i].real, real) == 0) {
                /* the chain runs from the file asked for towards its bases */
                size_t len = strlen(ld->layers[i].file) + 1;
                for (int j = i; j < ld->n_layers; j++) len += strlen(ld->layers[j].file) + 4;
                char *msg = malloc(len);
                if (msg) {
                    size_t w = 0;
                    for (int j = i; j < ld->n_layers; j++)
                        w += (size_t)snprintf(msg + w, len - w, "%s -> ", ld->layers[j].file);
                    snprintf(msg + w, len - w, "%s", ld->layers[i].file);
                    nr_diag_error(ld->d, where, "extends: cycle: %s", msg);
                } else {
                    ld->fail = NR_ENOMEM;
                }
                free(msg);
                free(real);
                free(path);
                return false;
            }
    char *text = NULL;
    size_t len = 0;
    int err = nr_read_file(path, MAX_YAML_BYTES, &text, &len);
    if (err) {
        char why[128];
        if (from && (err == ENOENT || err == ENOTDIR))
            nr_diag_error(ld->d, where, "extends: base scenario '%s' does not exist", shown);
        else if (err == EFBIG)
            nr_diag_error(ld->d, where, "%s'%s' is larger than %d bytes", from ? "extends: " : "",
                          shown, MAX_YAML_BYTES);
        else if (err == EINVAL)
            nr_diag_error(ld->d, where, "%s'%s' is not a regular file", from ? "extends: " : "",
                          shown);
        else
            nr_diag_error(ld->d, where, "cannot read scenario '%s': %s", shown,
                          nr_read_file_reason(err, why, sizeof why));
        if (err == ENOMEM) ld->fail = NR_ENOMEM;
        else if (err == EFBIG) ld->fail = NR_ELIMIT;
        else if (!from && !ld->fail) ld->fail = NR_EIO;
        free(real);
        free(path);
        return false;
    }
    yl_layer *ly = &ld->layers[ld->n_layers++];
    ly->path = path;
    ly->file = shown;
    ly->real = real ? real : strdup(path);
    ly->text = text;
    ly->dir = path_dir(shown);
    if (!ly->real || !ly->dir) {
        ld->fail = NR_ENOMEM;
        return false;
    }
    int rc = yt_parse(text, len, shown, &ly->root, ld->d);
    if (rc) {
        if (rc != NR_EINPUT) ld->fail = rc;
        return false;
    }
    yl_ctx c = {ld, ly, false};
    if (!ly->root) {
        nr_diag_error(ld->d, nr_loc_at(shown, 1), "the scenario file is empty");
        return false;
    }
    if (ly->root->type != YT_MAP) {
        YL_ERR(&c, ly->root, "a scenario must be a mapping of keys (region:, period:, ...), got %s",
               yt_kind(ly->root));
        return false;
    }
    const yt_node *ext = yt_get(ly->root, "extends");
    if (!ext) return true;
    const char *base = text_of(&c, ext, "extends");
    if (!base) {
        if (yt_is_null(ext)) YL_ERR(&c, ext, "extends: expected the base scenario's path");
        return false;
    }
    char *base_path = display_path(ly->dir, base);
    if (!base_path) {
        ld->fail = NR_ENOMEM;
        return false;
    }
    bool ok = load_layer(ld, base_path, &c, ext);
    free(base_path);
    return ok;
}

static void free_loader(yl_loader *ld) {
    for (int i = 0; i < ld->n_layers; i++) {
        yl_layer *ly = &ld->layers[i];
        free(ly->path);
        free(ly->dir);
        free(ly->real);
        free(ly->text);
        yt_free(ly->root);
    }
    free(ld->specs);
}

int nr_scenario_load(const char *path, nr_region **out, nr_diags *d) {
    *out = NULL;
    /* Collected apart, then sorted by file and line before they join d, so
     * that problems read in file order whatever stage found them. */
    nr_diags mine = NR_DIAGS_INIT;
    yl_loader ld = {.d = &mine};
    int rc = 0;
    ld.r = nr_region_new();
    if (!ld.r) return NR_ENOMEM;

    if (!load_layer(&ld, path, NULL, NULL) || ld.fail) goto cleanup;
    settled s = {0};
    settle_scalars(&ld, &s);
    for (int i = ld.n_layers - 1; i >= 0 && !ld.fail; i--) {
        yl_ctx c = {&ld, &ld.layers[i], i < ld.n_layers - 1};
        apply_layer(&c);
    }
    if (ld.fail) goto cleanup;
    finish_shifts(&ld);
    settle_bank_holidays(&ld, &s);
    if (ld.fail) goto cleanup;

    /* resolve even after errors, to report unknown references too; expand
     * and validate need a region without them */
    rc = nr_region_resolve(ld.r, &mine);
    if (rc && rc != NR_EINPUT) goto cleanup;
    rc = 0;
    if (mine.errors == 0) {
        rc = nr_region_expand(ld.r, &mine);
        if (rc && rc != NR_EINPUT) goto cleanup;
        rc = 0;
    }
    if (mine.errors == 0) {
        rc = nr_region_validate(ld.r, &mine);
        if (rc && rc != NR_EINPUT) goto cleanup;
        rc = 0;
    }

cleanup:
    free_loader(&ld);
    if (!rc) rc = ld.fail;
    if (!rc && mine.errors > 0) rc = NR_EINPUT;
    nr_diags_sort(&mine);
    if (nr_diags_append(d, &mine) != 0) {
        nr_diags_clear(&mine);
        if (!rc) rc = NR_ENOMEM;
    }
    if (rc) {
        nr_region_free(ld.r);
        return rc;
    }
    *out = ld.r;
    return 0;
}
