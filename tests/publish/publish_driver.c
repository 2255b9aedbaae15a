/* publish_driver SCENARIO DIR NOW [change]: load a scenario, make the greedy
 * test plan (first ENT duty uncovered), optionally give the first GI slot to
 * another member ("change"), and publish the feeds and rota.csv into DIR
 * with DTSTAMP = NOW (seconds since the epoch). For tests/publish/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/ical.h"
#include "export/rotacsv.h"
#include "import/scenario.h"
#include "tests/data/publish/greedy.h"

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: publish_driver SCENARIO DIR NOW [change]\n");
        return 2;
    }
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    nr_plan *p = NULL;
    char path[4096];
    int rc = nr_scenario_load(argv[1], &r, &d);
    if (rc) goto done;
    p = greedy_plan(r, "ent");
    if (!p) {
        rc = NR_ENOMEM;
        goto done;
    }
    if (argc == 5 && strcmp(argv[4], "change") == 0) {
        int gi = nr_region_find_rota(r, "gi");
        for (size_t i = 0; i < r->n_duties; i++) {
            if (r->duties[i].rota != gi) continue;
            size_t s = p->first_slot[i];
            for (int who = 0; who < (int)r->n_people; who++)
                if (nr_region_is_member(r, who, gi) && !nr_plan_holds(p, i, who)) {
                    p->holder[s] = who;
                    break;
                }
            break;
        }
    }
    rc = nr_publish_ical_dir(r, p, argv[2], (nr_instant)strtoll(argv[3], NULL, 10), &d);
    snprintf(path, sizeof path, "%s/rota.csv", argv[2]);
    if (!rc) rc = nr_rotacsv_write(r, p, path, &d);
done:
    nr_diags_print(&d, stderr);
    nr_diags_clear(&d);
    nr_plan_free(p);
    nr_region_free(r);
    return rc ? 1 : 0;
}
