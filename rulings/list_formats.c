#include "rulings/list_formats.h"

#include <string.h>

#include "rulings/list_csl.h"
#include "rulings/list_ofac.h"

static const struct list_format FORMATS[] = {
    {"ofac-sdn", "DIR", "us-ofac-sdn"},
    {"ofac-cons", "DIR", "us-ofac-cons"},
    {"csl", "FILE", "us-csl-%"},
};

const struct list_format *list_format_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        if (strcmp(FORMATS[i].name, name) == 0) return &FORMATS[i];
    return NULL;
}

const char *list_format_names(void)
{
    return "ofac-sdn, ofac-cons, csl";
}

static bool is_csl(const struct list_format *f)
{
    return f == &FORMATS[2];
}

static enum ofac_list ofac_list_of(const struct list_format *f)
{
    return f == &FORMATS[0] ? OFAC_SDN : OFAC_CONS;
}

const char *list_format_file(const struct list_format *f, size_t i)
{
    return is_csl(f) ? NULL : list_ofac_file(ofac_list_of(f), i);
}

bool list_convert(const struct list_format *f, const char *path, const struct list_dates *dates,
                  struct dataset *ds, struct list_report *rep, struct rd_error *err)
{
    if (is_csl(f)) return list_csl_convert(path, dates, ds, rep, err);
    return list_ofac_convert(path, ofac_list_of(f), dates, ds, rep, err);
}
