#include "export/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/atomicfile.h"

/* Paul Tol's "light" scheme: pale enough for black text on top, and told
 * apart by people with the common colour-vision deficiencies. Trusts past
 * the eighth reuse a colour with a dashed outline (class x). No gradients
 * anywhere: Chromium prints each as an image, and a 26-week grid of them
 * took minutes to print. */
#define NR_PALETTE 8
static const char *const palette[NR_PALETTE] = {"#77AADD", "#EE8866", "#EEDD88", "#FFAABB",
                                                "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"};

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                             "May",     "June",     "July",      "August",
                                             "September", "October", "November", "December"};

/* Longest name drawn in an SVG label: SVG text does not wrap. */
#define NR_LABEL_CHARS 34

/* Text from the scenario as HTML text or attribute value. Control
 * characters other than tab and newline have no business in a name and
 * are dropped rather than passed to the page. */
static void esc(FILE *f, const char *s) {
    if (!s) return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) break;
            fputc(c, f);
        }
    }
}

/* At most max_chars code points of s, escaped, with an ellipsis when cut. */
static void esc_cut(FILE *f, const char *s, size_t max_chars) {
    if (!s) return;
    size_t chars = 0, i = 0;
    while (s[i] && chars < max_chars) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80) i++; /* continuation bytes */
        chars++;
    }
    if (!s[i]) {
        esc(f, s);
        return;
    }
    char *cut = strndup(s, i);
    if (cut) esc(f, cut);
    free(cut);
    fputs("\xE2\x80\xA6", f); /* U+2026 */
}

static const char *person_name(const nr_region *r, int p) {
    return r->people[p].name ? r->people[p].name : r->people[p].id;
}

static const char *rota_title(const nr_rota *k) { return k->name ? k->name : k->id; }

static int person_trust(const nr_region *r, int p) { return r->people[p].trust.index; }

/* Class attribute value for a trust colour: "t3" or "t3 x". */
static void trust_class(FILE *f, int t) {
    if (t < 0) {
        fputs("tn", f);
        return;
    }
    fprintf(f, "t%d%s", t % NR_PALETTE, t >= NR_PALETTE ? " x" : "");
}

static const char *trust_fill(int t) { return t < 0 ? "#DDDDDD" : palette[t % NR_PALETTE]; }

static void put_date(FILE *f, nr_date d) {
    char buf[11];
    fprintf(f, "%s %s", nr_weekday_name(nr_date_weekday(d)), nr_date_format(d, buf));
}

static void put_local(FILE *f, nr_instant t) {
    nr_date day;
    int minute, offset;
    char buf[11];
    nr_london_from_utc(t, &day, &minute, &offset);
    fprintf(f, "%s %02d:%02d", nr_date_format(day, buf), minute / 60, minute % 60);
}

/* People a duty lacks below those it needs; an empty optional slot is
 * not one. */
static size_t empty_slots(const nr_plan *p, size_t duty) {
    size_t held = nr_plan_held(p, duty);
    return held < (size_t)p->needed[duty] ? (size_t)p->needed[duty] - held : 0;
}

static size_t surplus_of(const nr_plan *p, size_t duty) {
    size_t held = nr_plan_held(p, duty);
    return held > (size_t)p->needed[duty] ? held - (size_t)p->needed[duty] : 0;
}

/* A result from elsewhere must not send us outside the region's arrays. */
static int check_result(const nr_region *r, const nr_solve_result *res, nr_diags *d) {
    nr_loc none = {NULL, 0, 0};
    if (!res || !res->plan) {
        nr_diag_error(d, none, "report: no plan to report");
        return NR_EINTERNAL;
    }
    const nr_plan *p = res->plan;
    if (p->n_duties != r->n_duties) {
        nr_diag_error(d, none, "report: the plan has %zu duties but the region has %zu",
                      p->n_duties, r->n_duties);
        return NR_EINTERNAL;
    }
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->holder[s] != NR_UNSET && (p->holder[s] < 0 || (size_t)p->holder[s] >= r->n_people)) {
            nr_diag_error(d, none, "report: slot %zu is held by person %d of %zu", s, p->holder[s],
                          r->n_people);
            return NR_EINTERNAL;
        }
    for (size_t i = 0; i < res->n_person_loads; i++) {
        const nr_person_load *pl = &res->person_loads[i];
        if (pl->person < 0 || (size_t)pl->person >= r->n_people || pl->rota < 0 ||
            (size_t)pl->rota >= r->n_rotas) {
            nr_diag_error(d, none, "report: person load %zu names person %d, rota %d", i, pl->person,
                          pl->rota);
            return NR_EINTERNAL;
        }
    }
    for (size_t i = 0; i < res->n_trust_loads; i++) {
        const nr_trust_load *tl = &res->trust_loads[i];
        if (tl->trust < 0 || (size_t)tl->trust >= r->n_trusts || tl->rota < 0 ||
            (size_t)tl->rota >= r->n_rotas) {
            nr_diag_error(d, none, "report: trust load %zu names trust %d, rota %d", i, tl->trust,
                          tl->rota);
            return NR_EINTERNAL;
        }
    }
    return 0;
}

static void put_style(FILE *f) {
    fputs("<style>\n"
          "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
          "body{font-family:system-ui,'DejaVu Sans',Arial,sans-serif;font-size:13px;color:#000;"
          "background:#fff;margin:16px}\n"
          "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}"
          "h3{font-size:13px;margin:12px 0 4px}\n"
          ".meta{margin:2px 0}.meta b{font-weight:600}\n"
          ".legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 14px}\n"
          ".legend li{display:flex;align-items:center;gap:5px}\n"
          ".sw{display:inline-block;width:22px;height:14px;border:1px solid #555}\n"
          "table{border-collapse:collapse}\n"
          "table.grid{width:100%;table-layout:fixed;margin-bottom:12px}\n"
          ".grid th,.grid td{border:1px solid #999;padding:1px 2px;vertical-align:top;"
          "font-size:11px;line-height:1.25}\n"
          ".grid thead th{background:#f2f2f2;text-align:left;font-weight:600}\n"
          ".grid thead tr.mhead th{background:#333;color:#fff;font-size:14px;padding:3px 6px}\n"
          "col.cdate{width:9em}\n"
          ".grid th.date{text-align:left;font-weight:normal;white-space:nowrap}\n"
          ".grid thead th small,.d small{font-weight:normal;color:#333}\n"
          "tr.we th.date,tr.we td{background-color:#e2e2e2}\n"
          "tr.bh th.date{font-weight:700}\n"
          ".bhm{display:inline-block;border:1px solid #000;border-radius:2px;padding:0 2px;"
          "font-size:9px;font-weight:700;margin-left:3px}\n"
          ".d{display:block;padding:1px 3px;margin:1px 0;border-radius:2px;color:#000;"
          "overflow-wrap:anywhere;text-decoration:none}\n"
          ".unc{background:#B00020;color:#fff;font-weight:700;outline:2px solid #B00020}\n"
          ".unc small{color:#fff}\n"
          "td.none{background-color:#f6f6f6}\n"
          ".x{outline:1px dashed #000;outline-offset:-2px}\n"
          ".cc{display:block;font-size:10px;color:#333;padding:0 3px}\n"
          ".cc.sur{font-weight:700;color:#000;border:1px solid #000;border-radius:2px}\n"
          ".tn{background:#DDDDDD}\n",
          f);
    for (int i = 0; i < NR_PALETTE; i++) fprintf(f, ".t%d{background-color:%s}\n", i, palette[i]);
    fputs("figure{margin:10px 0 16px}figcaption{font-weight:600;margin-bottom:3px}\n"
          "svg text{font-family:system-ui,'DejaVu Sans',Arial,sans-serif;font-size:11px}\n"
          "table.loads th,table.loads td,table.why th,table.why td{border:1px solid #999;"
          "padding:2px 6px;text-align:left;font-size:12px}\n"
          "table.loads td.n{text-align:right}\n"
          ".ud{break-inside:avoid;margin-bottom:10px;border-left:5px solid #B00020;padding-left:8px}\n"
          ".sd{break-inside:avoid;margin-bottom:6px;border-left:5px solid #000;padding-left:8px}\n"
          ".reason{font-weight:600}\n"
          "@page{size:A4 landscape;margin:8mm}\n"
          "@media print{body{margin:0;font-size:9pt}"
          "section.month+section.month,section.charts,section.uncovered{break-before:page}"
          "thead{display:table-header-group}tr{break-inside:avoid}"
          "col.cdate{width:7.5em}.grid th,.grid td{font-size:7pt;line-height:1.1;padding:0 2px}.d{padding:0 2px;margin:0 0 1px}"
          "figure{break-inside:avoid}a{color:inherit}}\n"
          "</style>\n",
          f);
}

typedef struct cover_counts {
    size_t needed;   /* people needed, summed over duties */
    size_t optional; /* extra people allowed, summed */
    size_t surplus;  /* people beyond those needed in the plan */
} cover_counts;

static cover_counts count_cover(const nr_region *r, const nr_plan *p) {
    cover_counts c = {0, 0, 0};
    for (size_t i = 0; i < p->n_duties; i++) {
        c.needed += (size_t)p->needed[i];
        if (r->duties[i].optional > 0) c.optional += (size_t)r->duties[i].optional;
        c.surplus += surplus_of(p, i);
    }
    return c;
}

static void put_title(FILE *f, const nr_region *r, const nr_solve_result *res,
                      const cover_counts *cc) {
    fputs("<header>\n<h1>", f);
    esc(f, r->name ? r->name : "Region");
    fputs(" \xE2\x80\x94 out-of-hours rota</h1>\n<p class=\"meta\"><b>Period:</b> ", f);
    put_date(f, r->period_start);
    fputs(" to ", f);
    put_date(f, r->period_start + (r->period_days > 0 ? r->period_days - 1 : 0));
    fprintf(f, " (%d weeks, %zu duties, %zu slots", r->period_days / 7, r->n_duties, cc->needed);
    if (cc->optional) fprintf(f, ", up to %zu more people", cc->optional);
    fputs(")</p>\n", f);
    fprintf(f, "<p class=\"meta\"><b>Status:</b> %s \xC2\xB7 <b>Objective:</b> ",
            nr_solve_status_name(res->status));
    if (isfinite(res->objective)) fprintf(f, "%.2f", res->objective);
    else fputs("unknown", f);
    fputs(" \xC2\xB7 <b>Gap:</b> ", f);
    if (isfinite(res->gap)) fprintf(f, "%.2f%%", 100.0 * res->gap);
    else fputs("unknown", f);
    fprintf(f, " \xC2\xB7 <b>Uncovered slots:</b> ");
    if (res->uncovered) fprintf(f, "<a href=\"#uncovered\">%zu</a>", res->uncovered);
    else fputs("0", f);
    if (cc->optional || cc->surplus) {
        fputs(" \xC2\xB7 <b>Beyond cover:</b> ", f);
        if (cc->surplus) fprintf(f, "<a href=\"#surplus\">%zu</a>", cc->surplus);
        else fputs("0", f);
    }
    fprintf(f, " \xC2\xB7 <b>Solved in</b> %.1f s</p>\n</header>\n", res->seconds);
}

static void put_legend(FILE *f, const nr_region *r) {
    fputs("<ul class=\"legend\">\n", f);
    for (size_t t = 0; t < r->n_trusts; t++) {
        fputs("<li><span class=\"sw ", f);
        trust_class(f, (int)t);
        fputs("\"></span>", f);
        esc(f, r->trusts[t].id);
        if (r->trusts[t].name && strcmp(r->trusts[t].name, r->trusts[t].id) != 0) {
            fputs(" \xE2\x80\x94 ", f);
            esc(f, r->trusts[t].name);
        }
        fputs("</li>\n", f);
    }
    fputs("<li><span class=\"sw unc\"></span>UNCOVERED</li>\n"
          "<li><span class=\"sw\" style=\"background:#e2e2e2\"></span>weekend</li>\n"
          "<li><span class=\"bhm\">BH</span>bank holiday</li>\n</ul>\n",
          f);
}

static void put_grid_head(FILE *f, const nr_region *r, int year, int month) {
    /* A fixed table layout takes widths from the first row, which here is
     * the month heading spanning every column: the columns say them. */
    fprintf(f, "<section class=\"month\" id=\"m-%04d-%02d\">\n<table class=\"grid\">\n"
               "<colgroup><col class=\"cdate\"><col span=\"%zu\"></colgroup>\n<thead>\n",
            year, month, r->n_rotas > 0 ? r->n_rotas : 1);
    fprintf(f, "<tr class=\"mhead\"><th colspan=\"%zu\">%s %d</th></tr>\n<tr><th class=\"date\">Date</th>",
            r->n_rotas + 1, month_names[month - 1], year);
    for (size_t k = 0; k < r->n_rotas; k++) {
        const nr_rota *ro = &r->rotas[k];
        fputs("<th>", f);
        esc(f, rota_title(ro));
        fputs("<br><small>", f);
        if (ro->name) {
            esc(f, ro->id);
            fputs(" \xC2\xB7 ", f);
        }
        esc(f, ro->service);
        fputs("</small></th>", f);
    }
    fputs("</tr>\n</thead>\n<tbody>\n", f);
}

/* One cell: every slot of the rota's duties starting that date. */
static void put_cell(FILE *f, const nr_region *r, const nr_plan *p, const size_t *order, size_t lo,
                     size_t hi, int rota) {
    bool any = false;
    for (size_t j = lo; j < hi; j++)
        if (r->duties[order[j]].rota == rota) any = true;
    if (!any) {
        fputs("<td class=\"none\"></td>", f);
        return;
    }
    fputs("<td>", f);
    for (size_t j = lo; j < hi; j++) {
        size_t i = order[j];
        const nr_duty *du = &r->duties[i];
        if (du->rota != rota) continue;
        const char *shift = r->shifts[du->shift].id;
        for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++) {
            int who = p->holder[s];
            if (who == NR_UNSET) continue;
            int t = person_trust(r, who);
            fputs("<span class=\"d ", f);
            trust_class(f, t);
            fputs("\" title=\"", f);
            esc(f, r->people[who].id);
            if (t >= 0) {
                fputs(", ", f);
                esc(f, r->trusts[t].id);
            }
            fputs("\">", f);
            esc(f, person_name(r, who));
            fputs(" <small>", f);
            esc(f, shift);
            fputs("</small></span>", f);
        }
        for (size_t k = empty_slots(p, i); k > 0; k--) {
            fprintf(f, "<a class=\"d unc\" href=\"#u-%zu\">UNCOVERED <small>", i);
            esc(f, shift);
            fputs("</small></a>", f);
        }
        /* Where the number of people may vary, say how many are on. */
        size_t held = nr_plan_held(p, i), extra = surplus_of(p, i);
        if (du->optional > 0 || extra) {
            fprintf(f, "<span class=\"cc%s\" title=\"%zu on duty, %d needed, up to %d\">%zu/%d",
                    extra ? " sur" : "", held, du->needed,
                    du->needed + (du->optional > 0 ? du->optional : 0), held, du->needed);
            if (extra) fprintf(f, " <a href=\"#s-%zu\">+%zu</a>", i, extra);
            fputs("</span>", f);
        }
    }
    fputs("</td>", f);
}

/* Duties bucketed by start date (a counting sort keeps the region's order
 * within a date): duties of day k are order[first[k] .. first[k+1]-1]. */
static int bucket_duties(const nr_region *r, size_t **order_out, size_t **first_out) {
    size_t days = r->period_days > 0 ? (size_t)r->period_days : 0;
    size_t *first = calloc(days + 1, sizeof *first);
    size_t *pos = malloc((days + 1) * sizeof *pos);
    size_t *order = malloc((r->n_duties ? r->n_duties : 1) * sizeof *order);
    if (!first || !pos || !order) {
        free(first);
        free(pos);
        free(order);
        return NR_ENOMEM;
    }
    for (size_t i = 0; i < r->n_duties; i++) {
        long off = (long)r->duties[i].date - (long)r->period_start;
        if (off >= 0 && (size_t)off < days) first[off + 1]++;
    }
    for (size_t k = 1; k <= days; k++) first[k] += first[k - 1];
    memcpy(pos, first, (days + 1) * sizeof *pos);
    for (size_t i = 0; i < r->n_duties; i++) {
        long off = (long)r->duties[i].date - (long)r->period_start;
        if (off >= 0 && (size_t)off < days) order[pos[off]++] = i;
    }
    free(pos);
    *order_out = order;
    *first_out = first;
    return 0;
}

static int put_grid(FILE *f, const nr_region *r, const nr_plan *p) {
    size_t *order = NULL, *first = NULL;
    int rc = bucket_duties(r, &order, &first);
    if (rc) return rc;
    int cur_y = 0, cur_m = 0;
    for (int off = 0; off < r->period_days; off++) {
        nr_date day = r->period_start + off;
        int y, m, dd;
        nr_date_to_ymd(day, &y, &m, &dd);
        if (y != cur_y || m != cur_m) {
            if (cur_y) fputs("</tbody>\n</table>\n</section>\n", f);
            put_grid_head(f, r, y, m);
            cur_y = y;
            cur_m = m;
        }
        enum nr_weekday w = nr_date_weekday(day);
        bool weekend = w == NR_SAT || w == NR_SUN;
        bool bh = nr_region_is_bank_holiday(r, day);
        const char *cls = weekend && bh ? " class=\"we bh\"" : weekend ? " class=\"we\""
                          : bh ? " class=\"bh\"" : "";
        fprintf(f, "<tr id=\"d-%04d-%02d-%02d\"%s>", y, m, dd, cls);
        fputs("<th class=\"date\">", f);
        put_date(f, day);
        if (bh) fputs("<span class=\"bhm\" title=\"bank holiday\">BH</span>", f);
        fputs("</th>", f);
        for (size_t k = 0; k < r->n_rotas; k++)
            put_cell(f, r, p, order, first[off], first[off + 1], (int)k);
        fputs("</tr>\n", f);
    }
    if (cur_y) fputs("</tbody>\n</table>\n</section>\n", f);
    free(order);
    free(first);
    return 0;
}

/* One row of a horizontal bar chart: label, bar, target tick, figures. */
typedef struct bar_row {
    const char *label;
    const char *tip; /* may be NULL */
    int trust;
    double value;
    double target;
    char figures[96];
} bar_row;

#define CH_LABEL_W 240
#define CH_BAR_W 420
#define CH_ROW_H 20
#define CH_TEXT_W 260

static void put_bar_chart(FILE *f, const char *caption_a, const char *caption_b,
                          const char *target_word, const bar_row *rows, size_t n) {
    double scale = 1;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].value > scale) scale = rows[i].value;
        if (rows[i].target > scale) scale = rows[i].target;
    }
    int width = CH_LABEL_W + CH_BAR_W + CH_TEXT_W;
    int height = (int)n * CH_ROW_H + 24;
    fputs("<figure>\n<figcaption>", f);
    esc(f, caption_a);
    esc(f, caption_b);
    fputs("</figcaption>\n", f);
    fprintf(f, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
               " aria-label=\"",
            width, height, width, height);
    esc(f, caption_a);
    esc(f, caption_b);
    fputs("\">\n", f);
    int x0 = CH_LABEL_W;
    fprintf(f, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", x0, x0,
            (int)n * CH_ROW_H);
    for (size_t i = 0; i < n; i++) {
        const bar_row *b = &rows[i];
        int y = (int)i * CH_ROW_H;
        double bw = CH_BAR_W * b->value / scale;
        double tx = x0 + CH_BAR_W * b->target / scale;
        fputs("<g>", f);
        if (b->tip) {
            fputs("<title>", f);
            esc(f, b->tip);
            fputs("</title>", f);
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", x0 - 6, y + 14);
        esc_cut(f, b->label, NR_LABEL_CHARS);
        fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\""
                   " stroke=\"#333\" stroke-width=\"0.5\"/>",
                x0, y + 3, bw, trust_fill(b->trust));
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2.5\"/>",
                tx, y + 1, tx, y + 19);
        fprintf(f, "<text x=\"%d\" y=\"%d\">", x0 + CH_BAR_W + 8, y + 14);
        esc(f, b->figures);
        fputs("</text></g>\n", f);
    }
    int ay = (int)n * CH_ROW_H + 16;
    fprintf(f, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%g</text>",
            x0, ay, x0 + CH_BAR_W, ay, scale);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2.5\"/>"
               "<text x=\"%d\" y=\"%d\">= ",
            x0 + CH_BAR_W + 8, ay - 10, x0 + CH_BAR_W + 8, ay + 2, x0 + CH_BAR_W + 14, ay);
    esc(f, target_word);
    fputs("</text>\n</svg>\n</figure>\n", f);
}

static int put_person_charts(FILE *f, const nr_region *r, const nr_solve_result *res) {
    bar_row *rows = malloc((res->n_person_loads ? res->n_person_loads : 1) * sizeof *rows);
    if (!rows) return NR_ENOMEM;
    fputs("<h2>Duties per person against target</h2>\n", f);
    for (size_t k = 0; k < r->n_rotas; k++) {
        size_t n = 0;
        for (size_t i = 0; i < res->n_person_loads; i++) {
            const nr_person_load *pl = &res->person_loads[i];
            if (pl->rota != (int)k) continue;
            bar_row *b = &rows[n++];
            b->label = person_name(r, pl->person);
            b->tip = r->people[pl->person].id;
            b->trust = person_trust(r, pl->person);
            b->value = pl->duties[0] + pl->duties[1] + pl->duties[2];
            b->target = pl->target[0] + pl->target[1] + pl->target[2];
            snprintf(b->figures, sizeof b->figures, "%d (%d wd, %d we, %d bh) target %.1f",
                     pl->duties[0] + pl->duties[1] + pl->duties[2], pl->duties[NR_DUTY_WEEKDAY],
                     pl->duties[NR_DUTY_WEEKEND], pl->duties[NR_DUTY_BANK_HOLIDAY], b->target);
        }
        if (n == 0) {
            fputs("<h3>", f);
            esc(f, rota_title(&r->rotas[k]));
            fputs("</h3>\n<p>No loads for this rota.</p>\n", f);
            continue;
        }
        put_bar_chart(f, rota_title(&r->rotas[k]), ": duties per person", "target", rows, n);
    }
    free(rows);
    return 0;
}

static int put_trust_charts(FILE *f, const nr_region *r, const nr_solve_result *res) {
    bar_row *rows = malloc((r->n_trusts ? r->n_trusts : 1) * sizeof *rows);
    if (!rows) return NR_ENOMEM;
    fputs("<h2>Load per trust against fair share</h2>\n", f);
    for (size_t t = 0; t < r->n_trusts; t++) {
        bar_row *b = &rows[t];
        b->label = r->trusts[t].id;
        b->tip = r->trusts[t].name;
        b->trust = (int)t;
        int duties = 0;
        double fair = 0;
        for (size_t i = 0; i < res->n_trust_loads; i++)
            if (res->trust_loads[i].trust == (int)t) {
                duties += res->trust_loads[i].duties;
                fair += res->trust_loads[i].fair_share;
            }
        b->value = duties;
        b->target = fair;
        snprintf(b->figures, sizeof b->figures, "%d duties, fair share %.1f (%+.1f)", duties, fair,
                 duties - fair);
    }
    if (r->n_trusts) put_bar_chart(f, "All rotas", ": duties per trust", "fair share", rows, r->n_trusts);
    free(rows);

    /* The same by rota, as figures: a chart per rota would repeat the axis
     * for one or two bars each. */
    fputs("<table class=\"loads\">\n<thead><tr><th>Rota</th>", f);
    for (size_t t = 0; t < r->n_trusts; t++) {
        fputs("<th>", f);
        esc(f, r->trusts[t].id);
        fputs("<br><small>duties / fair</small></th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t k = 0; k < r->n_rotas; k++) {
        fputs("<tr><th>", f);
        esc(f, rota_title(&r->rotas[k]));
        fputs("</th>", f);
        for (size_t t = 0; t < r->n_trusts; t++) {
            const nr_trust_load *found = NULL;
            for (size_t i = 0; i < res->n_trust_loads && !found; i++)
                if (res->trust_loads[i].trust == (int)t && res->trust_loads[i].rota == (int)k)
                    found = &res->trust_loads[i];
            if (found) fprintf(f, "<td class=\"n\">%d / %.1f</td>", found->duties, found->fair_share);
            else fputs("<td class=\"n\">\xE2\x80\x93</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    return 0;
}

static const char *reason_text(enum nr_unavailable_reason w) {
    switch (w) {
    case NR_WHY_ON_LEAVE: return "On leave";
    case NR_WHY_RESTING: return "Resting";
    case NR_WHY_OTHER_ROTA: return "On another rota";
    case NR_WHY_FREQUENCY_CAP: return "At a cap";
    case NR_WHY_ALREADY_ON_DUTY: return "Already on this duty";
    case NR_WHY_COULD_TAKE: return "Could take it";
    }
    return "Unknown";
}

static int put_uncovered(FILE *f, const nr_region *r, const nr_plan *p, size_t total) {
    fprintf(f, "<section class=\"uncovered\" id=\"uncovered\">\n<h2>Uncovered duties (%zu slot%s)</h2>\n",
            total, total == 1 ? "" : "s");
    if (total == 0) {
        fputs("<p>Every slot of every duty is covered.</p>\n</section>\n", f);
        return 0;
    }
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t empty = empty_slots(p, i);
        if (!empty) continue;
        const nr_duty *du = &r->duties[i];
        const nr_rota *ro = &r->rotas[du->rota];
        const nr_shift *sh = &r->shifts[du->shift];
        fprintf(f, "<div class=\"ud\" id=\"u-%zu\">\n<h3>", i);
        put_date(f, du->date);
        fputs(" \xC2\xB7 ", f);
        esc(f, rota_title(ro));
        fputs(" \xC2\xB7 ", f);
        esc(f, sh->name ? sh->name : sh->id);
        fprintf(f, ": %zu of %d slot%s uncovered</h3>\n<p>", empty, du->needed,
                du->needed == 1 ? "" : "s");
        put_local(f, du->start);
        fputs(" to ", f);
        put_local(f, du->end);
        fprintf(f, " (%.1f h, %s)</p>\n", nr_duty_hours(du), nr_duty_kind_name(du->kind));
        nr_unavailable *why = NULL;
        size_t n_why = 0;
        int rc = nr_explain_uncovered(r, p, i, &why, &n_why);
        if (rc) {
            free(why);
            return rc;
        }
        if (n_why == 0) {
            fputs("<p>This rota has no members.</p>\n", f);
        } else {
            fputs("<table class=\"why\">\n<thead><tr><th>Member</th><th>Trust</th><th>Reason</th>"
                  "<th>Detail</th></tr></thead>\n<tbody>\n",
                  f);
            for (size_t k = 0; k < n_why; k++) {
                int who = why[k].person;
                int t = who >= 0 && (size_t)who < r->n_people ? person_trust(r, who) : NR_UNSET;
                fputs("<tr><td>", f);
                if (who >= 0 && (size_t)who < r->n_people) {
                    esc(f, person_name(r, who));
                    fputs(" <small>(", f);
                    esc(f, r->people[who].id);
                    fputs(")</small>", f);
                }
                fputs("</td><td>", f);
                if (t >= 0) {
                    fputs("<span class=\"sw ", f);
                    trust_class(f, t);
                    fputs("\"></span> ", f);
                    esc(f, r->trusts[t].id);
                }
                fprintf(f, "</td><td class=\"reason\">%s <small>(%s)</small></td><td>",
                        reason_text(why[k].reason), nr_unavailable_reason_name(why[k].reason));
                esc(f, why[k].detail);
                fputs("</td></tr>\n", f);
            }
            fputs("</tbody>\n</table>\n", f);
        }
        fputs("</div>\n", f);
        free(why);
    }
    fputs("</section>\n", f);
    return 0;
}

/* Duties with people beyond those needed, naming everyone on them: which
 * of them is "the extra one" is not a thing (slot order means nothing). */
static void put_surplus(FILE *f, const nr_region *r, const nr_plan *p, size_t total) {
    if (!total) return;
    fprintf(f, "<section class=\"surplus\" id=\"surplus\">\n<h2>People beyond cover (%zu)</h2>\n",
            total);
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t extra = surplus_of(p, i);
        if (!extra) continue;
        const nr_duty *du = &r->duties[i];
        const nr_shift *sh = &r->shifts[du->shift];
        fprintf(f, "<div class=\"sd\" id=\"s-%zu\">\n<h3>", i);
        put_date(f, du->date);
        fputs(" \xC2\xB7 ", f);
        esc(f, rota_title(&r->rotas[du->rota]));
        fputs(" \xC2\xB7 ", f);
        esc(f, sh->name ? sh->name : sh->id);
        fprintf(f, ": %zu on duty, %d needed (+%zu)</h3>\n<p>", nr_plan_held(p, i), du->needed, extra);
        bool first = true;
        for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++) {
            int who = p->holder[s];
            if (who == NR_UNSET) continue;
            if (!first) fputs(", ", f);
            first = false;
            esc(f, person_name(r, who));
            fputs(" <small>(", f);
            esc(f, r->people[who].id);
            fputs(")</small>", f);
        }
        fputs("</p>\n</div>\n", f);
    }
    fputs("</section>\n", f);
}

int nr_report_html(FILE *out, const nr_region *r, const nr_solve_result *res, nr_diags *d) {
    int rc = check_result(r, res, d);
    if (rc) return rc;
    const nr_plan *p = res->plan;
    size_t total_empty = 0;
    for (size_t i = 0; i < p->n_duties; i++) total_empty += empty_slots(p, i);

    /* The policy forbids every fetch, so even a mistake in this file could
     * not make the page reach the network. */
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    esc(out, r->name ? r->name : "Region");
    fputs(" \xE2\x80\x94 netrota report</title>\n", out);
    put_style(out);
    fputs("</head>\n<body>\n", out);
    cover_counts cc = count_cover(r, p);
    put_title(out, r, res, &cc);
    put_legend(out, r);
    if (total_empty != res->uncovered)
        fprintf(out, "<p class=\"meta\">Note: the plan leaves %zu slots uncovered.</p>\n", total_empty);
    rc = put_grid(out, r, p);
    if (rc) goto cleanup;
    fputs("<section class=\"charts\">\n", out);
    rc = put_person_charts(out, r, res);
    if (rc) goto cleanup;
    rc = put_trust_charts(out, r, res);
    if (rc) goto cleanup;
    fputs("</section>\n", out);
    rc = put_uncovered(out, r, p, total_empty);
    if (rc) goto cleanup;
    put_surplus(out, r, p, cc.surplus);
    fputs("</body>\n</html>\n", out);
cleanup:
    if (rc == NR_ENOMEM) {
        nr_loc none = {NULL, 0, 0};
        nr_diag_error(d, none, "report: out of memory");
    }
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
        nr_loc none = {NULL, 0, 0};
        nr_diag_error(d, none, "report: write error: %s", strerror(errno));
        rc = NR_EIO;
    }
    return rc;
}

int nr_report_write_html(const nr_region *r, const nr_solve_result *res, const char *path,
                         nr_diags *d) {
    int rc = check_result(r, res, d);
    if (rc) return rc;
    nr_atomic_file af;
    rc = nr_atomic_open(&af, path, d);
    if (rc) return rc;
    nr_diags local = NR_DIAGS_INIT;
    rc = nr_report_html(af.f, r, res, &local);
    if (rc) {
        /* A stream error here is a failed write of this file: name it. */
        for (size_t i = 0; i < local.count; i++)
            nr_diag_error(d, nr_loc_at(path, 0), "%s", local.items[i].message ? local.items[i].message : "");
        nr_diags_clear(&local);
        nr_atomic_abort(&af);
        return rc;
    }
    nr_diags_clear(&local);
    return nr_atomic_commit(&af, d);
}
