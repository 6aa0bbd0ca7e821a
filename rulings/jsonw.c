#include "rulings/jsonw.h"

#include <string.h>

#include "rulings/timeutil.h"

void jw_init(struct jw *w, struct strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

/* Called before every value: writes the separating comma unless a key precedes it. */
static void jw_value_prefix(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0 && w->depth <= JW_MAX_DEPTH) {
        if (w->need_comma[w->depth - 1]) sb_putc(w->sb, ',');
        w->need_comma[w->depth - 1] = true;
    }
}

static void jw_open(struct jw *w, char c)
{
    jw_value_prefix(w);
    sb_putc(w->sb, c);
    if (w->depth < JW_MAX_DEPTH)
        w->need_comma[w->depth] = false;
    else
        w->sb->failed = true; /* too deep to place commas: fail rather than write bad JSON */
    w->depth++;
}

static void jw_close(struct jw *w, char c)
{
    if (w->depth > 0) w->depth--;
    sb_putc(w->sb, c);
}

void jw_object_begin(struct jw *w) { jw_open(w, '{'); }
void jw_object_end(struct jw *w) { jw_close(w, '}'); }
void jw_array_begin(struct jw *w) { jw_open(w, '['); }
void jw_array_end(struct jw *w) { jw_close(w, ']'); }

void json_escape(struct strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sb_append(sb, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': sb_append(sb, "\\\"", 2); break;
        case '\\': sb_append(sb, "\\\\", 2); break;
        case '\n': sb_append(sb, "\\n", 2); break;
        case '\r': sb_append(sb, "\\r", 2); break;
        case '\t': sb_append(sb, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_append(sb, u, 6);
        }
        }
    }
    sb_append(sb, s + start, n - start);
}

void jw_key(struct jw *w, const char *key)
{
    jw_value_prefix(w);
    sb_putc(w->sb, '"');
    json_escape(w->sb, key, strlen(key));
    sb_append(w->sb, "\":", 2);
    w->after_key = true;
}

void jw_string_n(struct jw *w, const char *s, size_t n)
{
    jw_value_prefix(w);
    sb_putc(w->sb, '"');
    json_escape(w->sb, s, n);
    sb_putc(w->sb, '"');
}

void jw_string(struct jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    jw_string_n(w, s, strlen(s));
}

void jw_int(struct jw *w, long long v)
{
    jw_value_prefix(w);
    sb_printf(w->sb, "%lld", v);
}

void jw_bool(struct jw *w, bool v)
{
    jw_value_prefix(w);
    sb_puts(w->sb, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
    jw_value_prefix(w);
    sb_append(w->sb, "null", 4);
}

void jw_score(struct jw *w, double v)
{
    if (v != v) { /* NaN: "%.3f" would write "nan", which is not JSON */
        jw_null(w);
        return;
    }
    if (v < 0) v = 0;
    if (v > 1) v = 1;
    jw_value_prefix(w);
    sb_printf(w->sb, "%.3f", v);
}

void jw_double(struct jw *w, double v)
{
    jw_value_prefix(w);
    if (v != v || v > 1e300 || v < -1e300) {
        sb_append(w->sb, "null", 4);
        return;
    }
    sb_printf(w->sb, "%.3f", v);
}

void jw_time(struct jw *w, int64_t t)
{
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    jw_string(w, buf);
}

void jw_raw(struct jw *w, const char *json, size_t n)
{
    jw_value_prefix(w);
    sb_append(w->sb, json, n);
}
