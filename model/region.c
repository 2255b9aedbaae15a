#include "model/region.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A simple bump allocator: everything a region holds is freed at once. */
struct nr_arena_block {
    struct nr_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

struct nr_arena {
    struct nr_arena_block *head;
};

enum { ARENA_BLOCK = 64 * 1024 };

void *nr_region_alloc(nr_region *r, size_t size) {
    const size_t align = sizeof(max_align_t);
    if (size > SIZE_MAX - sizeof(struct nr_arena_block) - align) return NULL;
    size = (size + align - 1) / align * align;
    if (size == 0) size = align;
    struct nr_arena_block *b = r->arena->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = r->arena->head;
        b->used = 0;
        b->size = cap;
        r->arena->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

const char *nr_region_strdup(nr_region *r, const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *c = nr_region_alloc(r, n);
    if (c) memcpy(c, s, n);
    return c;
}

const char *nr_region_file(nr_region *r, const char *path) {
    return nr_region_strdup(r, path);
}

nr_region *nr_region_new(void) {
    nr_region *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->arena = calloc(1, sizeof *r->arena);
    if (!r->arena) {
        free(r);
        return NULL;
    }
    r->timezone = "Europe/London";
    return r;
}

void nr_region_free(nr_region *r) {
    if (!r) return;
    free(r->bank_holidays);
    free(r->trusts);
    free(r->sites);
    free(r->travel);
    free(r->people);
    free(r->overrides);
    free(r->shifts);
    free(r->rotas);
    free(r->leave);
    free(r->requests);
    free(r->covers);
    free(r->travel_minutes);
    free(r->duties);
    struct nr_arena_block *b = r->arena ? r->arena->head : NULL;
    while (b) {
        struct nr_arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(r->arena);
    free(r);
}

/* Grow *items (of *count elements, capacity *cap) by one zeroed element. */
static void *grow(void **items, size_t *count, size_t *cap, size_t elem) {
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void *n = realloc(*items, ncap * elem);
        if (!n) return NULL;
        *items = n;
        *cap = ncap;
    }
    void *p = (char *)*items + (*count)++ * elem;
    memset(p, 0, elem);
    return p;
}

#define GROW(r, arr, n, slot) grow((void **)&(r)->arr, &(r)->n, &(r)->cap[slot], sizeof *(r)->arr)

static nr_ref unset_ref(void) {
    nr_ref ref = {NULL, NR_UNSET, {NULL, 0, 0}};
    return ref;
}

nr_rules nr_rules_unset(void) {
    nr_rules u = {NR_UNSET, NR_UNSET, NR_UNSET, NR_UNSET, NR_UNSET, -1.0, -1.0,
                  NR_UNSET, -1.0,     NR_UNSET, NR_UNSET};
    return u;
}

nr_rules nr_rules_merge(nr_rules base, nr_rules over) {
    if (over.max_frequency != NR_UNSET) base.max_frequency = over.max_frequency;
    if (over.min_days_between != NR_UNSET) base.min_days_between = over.min_days_between;
    if (over.max_consecutive != NR_UNSET) base.max_consecutive = over.max_consecutive;
    if (over.max_weekends != NR_UNSET) base.max_weekends = over.max_weekends;
    if (over.min_duties != NR_UNSET) base.min_duties = over.min_duties;
    if (over.max_hours >= 0) base.max_hours = over.max_hours;
    if (over.min_rest_hours >= 0) base.min_rest_hours = over.min_rest_hours;
    if (over.max_duties != NR_UNSET) base.max_duties = over.max_duties;
    if (over.min_hours >= 0) base.min_hours = over.min_hours;
    if (over.min_consecutive != NR_UNSET) base.min_consecutive = over.min_consecutive;
    if (over.min_days_off != NR_UNSET) base.min_days_off = over.min_days_off;
    return base;
}

nr_trust *nr_region_add_trust(nr_region *r) { return GROW(r, trusts, n_trusts, 0); }

nr_site *nr_region_add_site(nr_region *r) {
    nr_site *s = GROW(r, sites, n_sites, 1);
    if (s) s->trust = unset_ref();
    return s;
}

nr_travel *nr_region_add_travel(nr_region *r) {
    nr_travel *t = GROW(r, travel, n_travel, 2);
    if (t) t->from = t->to = unset_ref();
    return t;
}

nr_person *nr_region_add_person(nr_region *r) {
    nr_person *p = GROW(r, people, n_people, 3);
    if (p) {
        p->trust = p->base_site = unset_ref();
        p->share = 1.0;
    }
    return p;
}

nr_override *nr_region_add_override(nr_region *r) {
    nr_override *o = GROW(r, overrides, n_overrides, 4);
    if (o) {
        o->person = o->rota = o->shift = unset_ref();
        o->rules = nr_rules_unset();
    }
    return o;
}

nr_shift *nr_region_add_shift(nr_region *r) { return GROW(r, shifts, n_shifts, 5); }

nr_rota *nr_region_add_rota(nr_region *r) {
    nr_rota *k = GROW(r, rotas, n_rotas, 6);
    if (k) {
        k->host = k->hub = unset_ref();
        k->cover = 1;
        k->cover_max = NR_UNSET;
        k->under_weight = k->over_weight = -1.0;
        k->rules = nr_rules_unset();
    }
    return k;
}

nr_leave *nr_region_add_leave(nr_region *r) {
    nr_leave *l = GROW(r, leave, n_leave, 7);
    if (l) l->person = unset_ref();
    return l;
}

nr_request *nr_region_add_request(nr_region *r) {
    nr_request *q = GROW(r, requests, n_requests, 8);
    if (q) {
        q->person = q->rota = q->shift = unset_ref();
        q->weight = 1.0;
    }
    return q;
}

nr_cover *nr_region_add_cover(nr_region *r) {
    nr_cover *c = GROW(r, covers, n_covers, 9);
    if (c) {
        c->rota = c->shift = unset_ref();
        c->needed = c->max = NR_UNSET;
        c->under_weight = c->over_weight = -1.0;
    }
    return c;
}

nr_ref nr_region_ref(nr_region *r, const char *id, nr_loc loc) {
    nr_ref ref = {nr_region_strdup(r, id), NR_UNSET, loc};
    return ref;
}

/* A list's capacity is implied by its count: 4, then doubling. The arena
 * cannot grow a slice in place, so a full list moves to one twice its size;
 * shrinking a list in place (what-ifs do) keeps it within its slice. */
static bool refs_full(const nr_refs *list) {
    return !list->items || (list->count >= 4 && (list->count & (list->count - 1)) == 0);
}

int nr_region_refs_push(nr_region *r, nr_refs *list, nr_ref ref) {
    if (refs_full(list)) {
        size_t cap = list->count ? list->count * 2 : 4;
        if (cap > SIZE_MAX / sizeof(nr_ref)) return NR_ENOMEM;
        nr_ref *items = nr_region_alloc(r, cap * sizeof *items);
        if (!items) return NR_ENOMEM;
        if (list->count) memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
    }
    list->items[list->count++] = ref;
    return 0;
}

static int cmp_date(const void *a, const void *b) {
    nr_date x = *(const nr_date *)a, y = *(const nr_date *)b;
    return (x > y) - (x < y);
}

int nr_region_set_bank_holidays(nr_region *r, const nr_date *dates, size_t n) {
    nr_date *copy = NULL;
    if (n) {
        copy = malloc(n * sizeof *copy);
        if (!copy) return NR_ENOMEM;
        memcpy(copy, dates, n * sizeof *copy);
        qsort(copy, n, sizeof *copy, cmp_date);
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (w == 0 || copy[w - 1] != copy[i]) copy[w++] = copy[i];
        n = w;
    }
    free(r->bank_holidays);
    r->bank_holidays = copy;
    r->n_bank_holidays = n;
    return 0;
}

bool nr_region_is_bank_holiday(const nr_region *r, nr_date d) {
    size_t lo = 0, hi = r->n_bank_holidays;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->bank_holidays[mid] < d) lo = mid + 1;
        else hi = mid;
    }
    return lo < r->n_bank_holidays && r->bank_holidays[lo] == d;
}

#define FIND(arr, n)                                                  \
    do {                                                              \
        if (!id) return NR_UNSET;                                     \
        for (size_t i = 0; i < r->n; i++)                             \
            if (r->arr[i].id && strcmp(r->arr[i].id, id) == 0)        \
                return (int)i;                                        \
        return NR_UNSET;                                              \
    } while (0)

int nr_region_find_trust(const nr_region *r, const char *id) { FIND(trusts, n_trusts); }
int nr_region_find_site(const nr_region *r, const char *id) { FIND(sites, n_sites); }
int nr_region_find_person(const nr_region *r, const char *id) { FIND(people, n_people); }
int nr_region_find_shift(const nr_region *r, const char *id) { FIND(shifts, n_shifts); }
int nr_region_find_rota(const nr_region *r, const char *id) { FIND(rotas, n_rotas); }

static bool same_id(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Remove element i of an array of *n elements of elem bytes each. */
static void drop_at(void *items, size_t *n, size_t i, size_t elem) {
    char *p = items;
    memmove(p + i * elem, p + (i + 1) * elem, (*n - i - 1) * elem);
    (*n)--;
}

int nr_region_remove_person(nr_region *r, const char *id) {
    int p = nr_region_find_person(r, id);
    if (p == NR_UNSET) return NR_EINPUT;
    for (size_t i = r->n_leave; i-- > 0;)
        if (same_id(r->leave[i].person.id, id)) drop_at(r->leave, &r->n_leave, i, sizeof r->leave[0]);
    for (size_t i = r->n_requests; i-- > 0;)
        if (same_id(r->requests[i].person.id, id))
            drop_at(r->requests, &r->n_requests, i, sizeof r->requests[0]);
    for (size_t i = r->n_overrides; i-- > 0;)
        if (same_id(r->overrides[i].person.id, id))
            drop_at(r->overrides, &r->n_overrides, i, sizeof r->overrides[0]);
    drop_at(r->people, &r->n_people, (size_t)p, sizeof r->people[0]);
    return 0;
}

int nr_region_retire_rota(nr_region *r, const char *gone, const char *into) {
    int k = nr_region_find_rota(r, gone);
    if (k == NR_UNSET) return NR_EINPUT;
    for (size_t p = 0; p < r->n_people; p++) {
        nr_refs *rs = &r->people[p].rotas;
        bool member_of_into = false;
        for (size_t i = 0; i < rs->count; i++)
            if (same_id(rs->items[i].id, into)) member_of_into = true;
        size_t w = 0;
        for (size_t i = 0; i < rs->count; i++) {
            nr_ref ref = rs->items[i];
            if (same_id(ref.id, gone)) {
                if (!into || member_of_into) continue;
                ref.id = into;
                member_of_into = true;
            }
            rs->items[w++] = ref;
        }
        rs->count = w;
    }
    for (size_t i = r->n_requests; i-- > 0;) {
        nr_request *q = &r->requests[i];
        if (!same_id(q->rota.id, gone)) continue;
        if (into) q->rota.id = into;
        else drop_at(r->requests, &r->n_requests, i, sizeof r->requests[0]);
    }
    for (size_t i = r->n_overrides; i-- > 0;) {
        nr_override *o = &r->overrides[i];
        if (!same_id(o->rota.id, gone)) continue;
        if (into) o->rota.id = into;
        else drop_at(r->overrides, &r->n_overrides, i, sizeof r->overrides[0]);
    }
    for (size_t i = r->n_covers; i-- > 0;)
        if (same_id(r->covers[i].rota.id, gone)) drop_at(r->covers, &r->n_covers, i, sizeof r->covers[0]);
    drop_at(r->rotas, &r->n_rotas, (size_t)k, sizeof r->rotas[0]);
    return 0;
}

nr_rules nr_region_rules_for(const nr_region *r, int person, int rota) {
    nr_rules rules = r->rotas[rota].rules;
    /* Overrides for all rotas first, then those naming this rota, so the
     * more specific one wins. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->n_overrides; i++) {
            const nr_override *o = &r->overrides[i];
            if (o->person.index != person) continue;
            if (o->shift.id) continue; /* a shift cap, not a rule change */
            bool all = o->rota.id == NULL;
            if (pass == 0 && all) rules = nr_rules_merge(rules, o->rules);
            if (pass == 1 && !all && o->rota.index == rota) rules = nr_rules_merge(rules, o->rules);
        }
    return rules;
}

int nr_region_shift_cap(const nr_region *r, int person, int rota, int shift) {
    int cap = NR_UNSET;
    for (size_t i = 0; i < r->n_overrides; i++) {
        const nr_override *o = &r->overrides[i];
        if (o->person.index != person || !o->shift.id || o->shift.index != shift) continue;
        if (o->rota.id && o->rota.index != rota) continue;
        if (o->rules.max_duties == NR_UNSET) continue;
        if (cap == NR_UNSET || o->rules.max_duties < cap) cap = o->rules.max_duties;
    }
    return cap;
}

bool nr_region_forbids_succession(const nr_region *r, int a, int b) {
    if (a < 0 || (size_t)a >= r->n_shifts) return false;
    const nr_refs *n = &r->shifts[a].not_followed_by;
    for (size_t i = 0; i < n->count; i++)
        if (n->items[i].index == b) return true;
    return false;
}

bool nr_region_is_member(const nr_region *r, int person, int rota) {
    const nr_refs *rs = &r->people[person].rotas;
    for (size_t i = 0; i < rs->count; i++)
        if (rs->items[i].index == rota) return true;
    return false;
}

bool nr_region_on_leave(const nr_region *r, int person, nr_instant start, nr_instant end) {
    for (size_t i = 0; i < r->n_leave; i++) {
        const nr_leave *l = &r->leave[i];
        if (l->person.index == person && l->start < end && start < l->end) return true;
    }
    return false;
}

double nr_duty_hours(const nr_duty *d) { return (double)(d->end - d->start) / 3600.0; }

const char *nr_duty_kind_name(enum nr_duty_kind k) {
    switch (k) {
    case NR_DUTY_WEEKEND: return "weekend";
    case NR_DUTY_BANK_HOLIDAY: return "bank_holiday";
    default: return "weekday";
    }
}
