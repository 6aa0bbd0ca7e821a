#include "rulings/exact_only.h"

#include <stdio.h>
#include <string.h>

#include "match/match.h"
#include "rulings/snapshot.h"

bool exact_only_names(struct dataset *ds, struct exact_only *out, struct rd_error *err)
{
    memset(out, 0, sizeof *out);
    struct snapshot *s = snapshot_build(ds, 0, err);
    if (!s) return false;
    out->names = s->n_aliases;
    for (size_t i = 0; i < s->n_aliases; i++) {
        if (!match_name_exact_only(s->match_index, i)) continue;
        if (out->n_examples < EXACT_ONLY_EXAMPLES)
            snprintf(out->examples[out->n_examples++], sizeof out->examples[0], "%s",
                     s->aliases[i].text);
        out->count++;
    }
    snapshot_release(s);
    return true;
}
