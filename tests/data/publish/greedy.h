/*
 * greedy.h - a simple plan for the publishing tests (no solver needed):
 * slots are given round-robin to the rota's members, never twice to one
 * person in the same duty. The first duty of rota `uncovered_rota` (if not
 * NULL) is left uncovered so that feeds show a gap. Returns NULL on failure.
 */
#ifndef NETROTA_TESTS_PUBLISH_GREEDY_H
#define NETROTA_TESTS_PUBLISH_GREEDY_H

#include <stdlib.h>
#include <string.h>

#include "model/plan.h"
#include "model/region.h"

static inline nr_plan *greedy_plan(const nr_region *r, const char *uncovered_rota) {
    nr_plan *p = nr_plan_new(r);
    size_t *turn = calloc(r->n_rotas + 1, sizeof *turn);
    int *left_gap = calloc(r->n_rotas + 1, sizeof *left_gap);
    if (!p || !turn || !left_gap) goto fail;
    for (size_t i = 0; i < r->n_duties; i++) {
        int k = r->duties[i].rota;
        if (uncovered_rota && strcmp(r->rotas[k].id, uncovered_rota) == 0 && !left_gap[k]) {
            left_gap[k] = 1;
            continue;
        }
        for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++) {
            for (size_t tries = 0; tries < r->n_people; tries++) {
                int who = (int)(turn[k]++ % r->n_people);
                if (!nr_region_is_member(r, who, k) || nr_plan_holds(p, i, who)) continue;
                p->holder[s] = who;
                break;
            }
        }
    }
    free(turn);
    free(left_gap);
    return p;
fail:
    nr_plan_free(p);
    free(turn);
    free(left_gap);
    return NULL;
}

#endif
