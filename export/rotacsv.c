/* rota.csv writer: see rotacsv.h for the format. */
#include "export/rotacsv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "export/atomicfile.h"

/* Spreadsheets run a cell starting with these as a formula (CSV injection);
 * the apostrophe itself is included so that the reader can always strip one. */
static bool needs_apostrophe(const char *s) {
    return s[0] != '\0' && strchr("=+-@\t\r'", s[0]) != NULL;
}

static void put_field(FILE *f, const char *s) {
    if (!s) s = "";
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', f);
    if (needs_apostrophe(s)) fputc('\'', f);
    for (const char *c = s; *c; c++) {
        if (*c == '"') fputc('"', f);
        fputc(*c, f);
    }
    if (quote) fputc('"', f);
}

int nr_rotacsv_fwrite(const nr_region *r, const nr_plan *p, FILE *f, const char *name,
                      nr_diags *d) {
    if (p->n_duties != r->n_duties || p->first_slot[p->n_duties] != p->n_slots) {
        nr_diag_error(d, nr_loc_at(name, 0), "the rota does not belong to this region");
        return NR_EINTERNAL;
    }
    fputs("date,rota,shift,start,end,person,trust\n", f);
    for (size_t i = 0; i < r->n_duties && !ferror(f); i++) {
        const nr_duty *du = &r->duties[i];
        char date[16], start[32], end[32];
        nr_date_format(du->date, date);
        nr_london_format(du->start, start);
        nr_london_format(du->end, end);
        /* Holders first, then a row per person still missing. An empty
         * optional slot is no gap, so it gets no row. */
        size_t held = nr_plan_held(p, i);
        size_t missing = held < (size_t)p->needed[i] ? (size_t)p->needed[i] - held : 0;
        size_t s = p->first_slot[i];
        for (size_t row = 0; row < held + missing; row++) {
            const nr_person *who = NULL;
            if (row < held) {
                while (p->holder[s] == NR_UNSET) s++;
                int h = p->holder[s++];
                who = h >= 0 && (size_t)h < r->n_people ? &r->people[h] : NULL;
            }
            put_field(f, date);
            fputc(',', f);
            put_field(f, r->rotas[du->rota].id);
            fputc(',', f);
            put_field(f, r->shifts[du->shift].id);
            fputc(',', f);
            put_field(f, start);
            fputc(',', f);
            put_field(f, end);
            fputc(',', f);
            put_field(f, who ? who->id : "");
            fputc(',', f);
            put_field(f, who ? who->trust.id : "");
            fputc('\n', f);
        }
    }
    if (fflush(f) != 0 || ferror(f)) {
        int e = errno;
        nr_diag_error(d, nr_loc_at(name, 0), "cannot write: %s", strerror(e ? e : EIO));
        return NR_EIO;
    }
    return 0;
}

int nr_rotacsv_write(const nr_region *r, const nr_plan *p, const char *path, nr_diags *d) {
    nr_atomic_file af;
    int rc = nr_atomic_open(&af, path, d);
    if (rc < 0) return rc;
    rc = nr_rotacsv_fwrite(r, p, af.f, path, d);
    if (rc < 0) {
        nr_atomic_abort(&af);
        return rc;
    }
    return nr_atomic_commit(&af, d);
}
