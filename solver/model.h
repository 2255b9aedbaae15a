/*
 * model.h - private: the MILP of one component (or of all) as a glp_prob.
 * Only solver/ includes it. sv_model_build() must run inside the GLPK
 * boundary of solve.c (a GLPK error longjmps out of it); sv_model_release()
 * frees what the builder allocated and, when GLPK's environment is still
 * alive, the problem.
 */
#ifndef NETROTA_SOLVER_MODEL_H
#define NETROTA_SOLVER_MODEL_H

#include <glpk.h>

#include "solver/internal.h"

typedef struct sv_model {
    glp_prob *P;
    int comp;        /* -1: every component in one problem */
    int n_x;         /* columns 1..n_x are the x variables */
    int *var_of_col; /* [1..n_x] -> var */
    int n_cols, n_rows;
    struct sv_builder *b; /* scratch, freed once the problem is loaded */
} sv_model;

/* Build the component's MILP. col_of_var (n_vars entries) receives the
 * column of each var of the component. Returns 0 or NR_ENOMEM. */
int sv_model_build(const sv_data *D, int comp, int *col_of_var, sv_model *M);
/* The same MILP restricted to one person: their columns and rows only,
 * without the cover rows that tie people together, and with the constant
 * of their own kept holdings. Its objective is their share of the
 * component's (fairness off: the cover terms are the rest). */
int sv_model_build_person(const sv_data *D, int person, int *col_of_var, sv_model *M);
void sv_model_release(sv_model *M, bool glpk_alive);

#endif
