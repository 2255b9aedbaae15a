/* Fuzz target: the YAML tree builder alone (faster than a whole load, so
 * it reaches deeper into libyaml's event stream). */
#include "fuzz_common.h"
#include "import/yaml_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const yt_node *n, int depth) {
    if (!n || depth > 1000) abort();
    if (n->type == YT_SCALAR) {
        if (!n->text) abort();
        return;
    }
    size_t kids = n->type == YT_MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < kids; i++) walk(n->kids[i], depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yt_node *root = NULL;
    nr_diags d = NR_DIAGS_INIT;
    int rc = yt_parse((const char *)data, size, "fuzz.yaml", &root, &d);
    fz_check(rc, &d);
    if (rc != 0 && root) abort();
    if (root) walk(root, 0);
    yt_free(root);
    nr_diags_clear(&d);
    return 0;
}
