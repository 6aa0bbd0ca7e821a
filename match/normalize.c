#include "match/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lib/utf8.h"
#include "match/abbreviations.h"
#include "match/annotations.h"
#include "match/legal_forms.h"
#include "match/numerals.h"
#include "match/qualifiers.h"
#include "match/translit.h"

/* A flat buffer of folded characters with ' ' between words, before tokenising. */
#define FLAT_RUNS 16

/* A stretch of the flat buffer transliterated from a script that reads other than plain, or
 * folded from a qualifier (match/qualifiers.h). */
struct flat_run {
    uint16_t start, end;
    uint8_t reading; /* enum norm_reading */
    bool qualifier;
};

struct flat {
    char buf[NORM_MAX_TEXT];
    size_t len;
    bool overflow;
    struct flat_run runs[FLAT_RUNS];
    unsigned nruns;
    uint16_t hyphens[NORM_MAX_TOKENS]; /* where a hyphen joining two words became a space */
    unsigned nhyphens;
};

static void flat_put(struct flat *f, const char *s, size_t n)
{
    if (f->len + n >= sizeof f->buf) {
        f->overflow = true;
        return;
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
}

/* A hyphen between two letters or digits ("Young-Chol", "Abd-al-Rahman"; UTF8PROC_LUMP reads
 * the other hyphens and dashes as '-') joins the words of one name: the space it becomes is
 * noted, so that the tokens remember it (norm_name.hyphened). */
static void put_hyphen(struct flat *f)
{
    if (f->nhyphens < NORM_MAX_TOKENS && f->len < NORM_MAX_TEXT)
        f->hyphens[f->nhyphens++] = (uint16_t)f->len;
    flat_put(f, " ", 1);
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == '`' || cp == 0x00B4 || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x02BC || cp == 0x02B9;
}

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool letter_or_digit(int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Whether s[i..) begins a legal form glued in capitals to the end of a word written in small
 * letters ("SiemensAG", "NordaviaSA"): two to four capitals after a word of three letters or
 * more ending in a small letter, ending the word, that are a legal-form word. The capitals are the
 * evidence: "Arvinas" keeps its "as". */
static bool glued_form_at(const char *s, size_t len, size_t i)
{
    /* a small letter before (most text fails here), and the word before of three letters or
     * more ("PrAT", "ChAO" are forms) */
    if (i < 3 || s[i - 1] < 'a' || s[i - 1] > 'z' || !ascii_alnum(s[i - 2]) ||
        !ascii_alnum(s[i - 3]))
        return false;
    size_t j = i;
    char low[4];
    while (j < len && j - i < 4 && s[j] >= 'A' && s[j] <= 'Z') {
        low[j - i] = (char)(s[j] - 'A' + 'a');
        j++;
    }
    if (j - i < 2 || (j < len && ascii_alnum(s[j]))) return false;
    return legal_form_word(low, j - i, NULL);
}

static void fold_ascii(const char *s, size_t len, struct flat *f)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z' && glued_form_at(s, len, i)) flat_put(f, " ", 1);
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            flat_put(f, &c, 1);
        else if (c == '&' && i > 0 && i + 1 < len && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1]))
            flat_put(f, " and ", 5); /* a brand's ampersand (match/normalize.h) */
        else if (c == '-' && i > 0 && i + 1 < len && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1]))
            put_hyphen(f);
        else if (c != '\'' && c != '`')
            flat_put(f, " ", 1);
    }
}

/* Appends one already case-folded code point: transliterated, stripped of accents,
 * or turned into a separator. */
static void fold_codepoint(int32_t cp, struct flat *f, bool *transliterated)
{
    bool cyr;
    const char *t = translit_codepoint(cp, &cyr);
    if (t) {
        flat_put(f, t, strlen(t));
        *transliterated |= cyr;
        return;
    }
    if (is_apostrophe(cp)) return;
    utf8proc_int32_t parts[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
    if (n < 0 || n > 8) {
        flat_put(f, " ", 1);
        return;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_category_t cat = utf8proc_category(parts[i]);
        bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (!keep) {
            if (cat < UTF8PROC_CATEGORY_MN || cat > UTF8PROC_CATEGORY_ME) flat_put(f, " ", 1);
            continue;
        }
        if (parts[i] < 0x80) {
            char c = (char)parts[i];
            flat_put(f, &c, 1);
            continue;
        }
        const char *t2 = translit_codepoint(parts[i], &cyr);
        if (t2) {
            flat_put(f, t2, strlen(t2));
            *transliterated |= cyr;
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(parts[i], enc);
        flat_put(f, (const char *)enc, (size_t)k);
    }
}

/* Appends a run of text in scripts other than Latin and Cyrillic, transliterated by ICU
 * (match/translit_icu.c) and then folded like any Latin text; false when it does not fit. */
static bool fold_other_script(const utf8proc_int32_t *cps, size_t n, struct flat *f,
                              bool *transliterated)
{
    enum { CAP = 2 * NORM_MAX_TEXT };
    static _Thread_local int32_t latin[CAP];
    long m = translit_other(cps, n, latin, CAP);
    if (m < 0) { /* ICU unavailable: the letters are kept as they are, as before */
        for (size_t i = 0; i < n; i++)
            fold_codepoint(cps[i], f, transliterated);
        return true;
    }
    *transliterated = true;
    size_t start = f->len;
    for (long i = 0; i < m; i++)
        fold_codepoint(latin[i], f, transliterated);
    enum norm_reading r = translit_reading(cps[0]);
    if (r != NORM_READ_PLAIN && f->nruns < FLAT_RUNS && !f->overflow)
        f->runs[f->nruns++] =
            (struct flat_run){(uint16_t)start, (uint16_t)f->len, (uint8_t)r, false};
    return !f->overflow;
}

/* NFKC with case folding, in code points and without allocating (a query runs this):
 * decompose into a per-thread buffer, recompose in place, fold each code point. The
 * buffer holds any input of NORM_MAX_INPUT bytes (compatibility decompositions expand
 * at most 18 code points from 3 bytes); a longer result could not fit the text anyway. */
static enum norm_status fold_unicode(const char *s, size_t len, struct flat *f,
                                     bool *transliterated)
{
    enum { CAP = 8 * NORM_MAX_INPUT };
    static _Thread_local utf8proc_int32_t cps[CAP];
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_LUMP;
    utf8proc_ssize_t n =
        utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cps, CAP, opts);
    if (n < 0) return NORM_INVALID_UTF8;
    if (n > CAP) return NORM_TOO_LONG;
    n = utf8proc_normalize_utf32(cps, n, opts);
    if (n < 0) return NORM_INVALID_UTF8;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (cps[i] == '&' && i > 0 && i + 1 < n && letter_or_digit(cps[i - 1]) &&
            letter_or_digit(cps[i + 1])) {
            flat_put(f, " and ", 5); /* a brand's ampersand (match/normalize.h) */
            continue;
        }
        if (cps[i] == '-' && i > 0 && i + 1 < n && letter_or_digit(cps[i - 1]) &&
            letter_or_digit(cps[i + 1])) {
            put_hyphen(f);
            continue;
        }
        if (!translit_other_script(cps[i])) {
            fold_codepoint(cps[i], f, transliterated);
            continue;
        }
        size_t k = translit_other_run(cps + i, (size_t)(n - i));
        if (!fold_other_script(cps + i, k, f, transliterated)) return NORM_TOO_LONG;
        i += (utf8proc_ssize_t)k - 1;
    }
    return NORM_OK;
}

struct words {
    const char *w[NORM_MAX_TOKENS];
    size_t len[NORM_MAX_TOKENS];
    size_t n;
};

static bool split(char *buf, size_t len, struct words *ws)
{
    ws->n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && buf[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && buf[i] != ' ')
            i++;
        if (i == start) break;
        if (ws->n == NORM_MAX_TOKENS) return false;
        ws->w[ws->n] = buf + start;
        ws->len[ws->n] = i - start;
        ws->n++;
    }
    return true;
}

/* Whether two words of buf are both of the name or both of one qualifier: "S.A. de C.V. c/o X"
 * keeps "cv" and "co" apart. */
static bool same_part(const struct flat *f, const char *a, const char *b)
{
    for (unsigned i = 0; i < f->nruns; i++) {
        if (!f->runs[i].qualifier) continue;
        size_t start = f->runs[i].start, end = f->runs[i].end;
        bool in_a = a >= f->buf + start && a < f->buf + end;
        bool in_b = b >= f->buf + start && b < f->buf + end;
        if (in_a != in_b) return false;
    }
    return true;
}

/* "s a" -> "sa", "u s a" -> "usa": initials written with dots or spaces become one token.
 * Joined tokens are written into `scratch`, which must outlive `ws`. Initials are joined
 * within the name or within one qualifier, not across. */
static void join_initials(struct words *ws, const struct flat *f, char *scratch,
                          size_t scratch_size)
{
    size_t out = 0, used = 0;
    for (size_t i = 0; i < ws->n;) {
        size_t j = i;
        while (j < ws->n && ws->len[j] == 1 && ws->w[j][0] >= 'a' && ws->w[j][0] <= 'z' &&
               same_part(f, ws->w[i], ws->w[j]))
            j++;
        if (j - i >= 2 && used + (j - i) < scratch_size) {
            char *t = scratch + used;
            for (size_t k = i; k < j; k++)
                t[k - i] = ws->w[k][0];
            ws->w[out] = t;
            ws->len[out] = j - i;
            used += j - i;
            out++;
            i = j;
            continue;
        }
        ws->w[out] = ws->w[i];
        ws->len[out] = ws->len[i];
        out++;
        i++;
    }
    ws->n = out;
}

/* Reads numbers written out as digits and ordinals written with digits as words
 * (match/numerals.h): "forty four" -> "44", "1st" -> "first". */
static void read_numerals(struct words *ws)
{
    size_t out = 0;
    for (size_t i = 0; i < ws->n;) {
        const char *w;
        size_t len, k = numeral_at(ws->w + i, ws->len + i, ws->n - i, &w, &len);
        ws->w[out] = k ? w : ws->w[i];
        ws->len[out] = k ? len : ws->len[i];
        out++;
        i += k ? k : 1;
    }
    ws->n = out;
}

/* Reads abbreviations of common words as the words (match/abbreviations.h), and mends
 * misspelt legal-form words where legal forms are written: the last four words and
 * the first three ("DURAND PROPERTIES LIITED", "JOINT STOCK COMPSNY ..."), never a name's
 * first word ("LIMITEX" stays a name; "ACME LIMITEX" reads as "ACME LIMITED"). */
static void mend_legal_forms(struct words *ws)
{
    size_t out = 0;
    for (size_t i = 0; i < ws->n; i++) { /* abbreviations of common words, anywhere */
        const char *word = abbreviation_expand(ws->w[i], ws->len[i]);
        char two[8]; /* "F.lli" was cut in two at its dot: "f" + "lli" */
        if (!word && ws->len[i] == 1 && i + 1 < ws->n && ws->len[i + 1] < sizeof two - 1) {
            two[0] = ws->w[i][0];
            memcpy(two + 1, ws->w[i + 1], ws->len[i + 1]);
            word = abbreviation_expand(two, ws->len[i + 1] + 1);
            i += word != NULL;
        }
        ws->w[out] = word ? word : ws->w[i];
        ws->len[out++] = word ? strlen(word) : ws->len[i];
    }
    ws->n = out;
    for (size_t i = 1; i < ws->n; i++) {
        if (i >= 3 && i + 4 < ws->n) continue;
        size_t n;
        const char *w = legal_form_misspelt(ws->w[i], ws->len[i], &n);
        if (!w) continue;
        ws->w[i] = w;
        ws->len[i] = n;
    }
}

/* How the word at w was written (a word of buf within a run of another reading reads so), and
 * whether it is a qualifier's. */
static uint8_t reading_of(const struct flat *f, const char *w, bool *qualifier)
{
    uint8_t reading = NORM_READ_PLAIN;
    *qualifier = false;
    if (w < f->buf || w >= f->buf + f->len) return reading; /* not of the input */
    size_t at = (size_t)(w - f->buf);
    for (unsigned i = 0; i < f->nruns; i++) {
        if (at < f->runs[i].start || at >= f->runs[i].end) continue;
        if (f->runs[i].qualifier)
            *qualifier = true;
        else
            reading = f->runs[i].reading;
    }
    return reading;
}

static enum norm_status fold(const char *s, size_t len, bool ascii, struct flat *f,
                             bool *transliterated)
{
    if (ascii) {
        fold_ascii(s, len, f);
        return NORM_OK;
    }
    return fold_unicode(s, len, f, transliterated);
}

/* Folds the name, its qualifiers (match/qualifiers.h) each noted as a run of their own. */
static enum norm_status fold_name(const char *s, size_t len, bool ascii, struct flat *f,
                                  bool *transliterated)
{
    struct qualifier q[QUALIFIERS_MAX];
    size_t nq = name_qualifiers(s, len, q), done = 0;
    for (size_t k = 0; k < nq; k++) {
        enum norm_status st = fold(s + done, q[k].off - done, ascii, f, transliterated);
        if (st != NORM_OK) return st;
        flat_put(f, " ", 1);
        size_t start = f->len;
        st = fold(s + q[k].off, q[k].len, ascii, f, transliterated);
        if (st != NORM_OK) return st;
        if (f->nruns < FLAT_RUNS && !f->overflow)
            f->runs[f->nruns++] = (struct flat_run){(uint16_t)start, (uint16_t)f->len, 0, true};
        flat_put(f, " ", 1);
        done = q[k].off + q[k].len;
    }
    return fold(s + done, len - done, ascii, f, transliterated);
}

/* Drops a leading "the" and the legal forms that open or end the name from [*first, *last);
 * returns the forms found, as bits of enum legal_form. */
static uint32_t strip_legal_forms(const struct words *ws, size_t *first, size_t *last)
{
    uint32_t legal = 0;
    if (*last - *first > 1 && ws->len[0] == 3 && memcmp(ws->w[0], "the", 3) == 0) (*first)++;
    for (;;) {
        enum legal_form form;
        size_t k = legal_form_at(ws->w + *first, ws->len + *first, *last - *first, &form);
        if (!k) break;
        legal |= 1u << form;
        *first += k;
    }
    for (;;) {
        enum legal_form form;
        size_t k = legal_form_ending(ws->w + *first, ws->len + *first, *last - *first, &form);
        if (!k) break;
        legal |= 1u << form;
        *last -= k;
    }
    return legal;
}

/* Whether word i of ws was joined to word i - 1 by a hyphen: both still the words of the input
 * (not rewritten as initials, numbers or abbreviations), with only the hyphen between them. */
static bool hyphened(const struct flat *f, const struct words *ws, size_t i)
{
    const char *end = f->buf + f->len;
    if (i == 0 || ws->w[i - 1] < f->buf || ws->w[i - 1] >= end || ws->w[i] <= f->buf ||
        ws->w[i] >= end)
        return false;
    size_t at = (size_t)(ws->w[i] - f->buf) - 1, prev = (size_t)(ws->w[i - 1] - f->buf);
    if (prev + ws->len[i - 1] != at) return false;
    for (unsigned k = 0; k < f->nhyphens; k++)
        if (f->hyphens[k] == at) return true;
    return false;
}

/* Appends words [from, to) to the name's text and tokens (`initials`: join_initials' letters). */
static void put_tokens(struct norm_name *out, const struct words *ws, const struct flat *f,
                       const char initials[NORM_MAX_TOKENS * 2], size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        enum legal_form form;
        if (legal_form_word(ws->w[i], ws->len[i], &form)) out->legal_inner |= 1u << form;
        if (out->len) out->text[out->len++] = ' ';
        out->tokens[out->ntokens].off = (uint16_t)out->len;
        out->tokens[out->ntokens].len = (uint16_t)ws->len[i];
        bool qualifier;
        out->reading[out->ntokens] = reading_of(f, ws->w[i], &qualifier);
        if (qualifier) out->qualifiers |= 1ull << out->ntokens;
        if (i > from && hyphened(f, ws, i)) out->hyphened |= 1ull << out->ntokens;
        if (ws->w[i] >= initials && ws->w[i] < initials + NORM_MAX_TOKENS * 2)
            out->initials |= 1ull << out->ntokens;
        out->ntokens++;
        memcpy(out->text + out->len, ws->w[i], ws->len[i]);
        out->len += ws->len[i];
    }
}

enum norm_status normalize_name(const char *s, size_t len, struct norm_name *out)
{
    out->len = 0;
    out->text[0] = '\0';
    out->legal = 0;
    out->legal_inner = 0;
    out->transliterated = false;
    out->former_off = out->former_len = 0;
    out->ntokens = 0;
    out->qualifiers = 0;
    out->hyphened = 0;
    out->initials = 0;
    if (len > NORM_MAX_INPUT) return NORM_TOO_LONG;
    if (memchr(s, '\0', len)) return NORM_INVALID_UTF8;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    /* the whole text is checked, also what the annotations take off */
    if (!ascii && !utf8_valid(s, len)) return NORM_INVALID_UTF8;
    /* labels, vessel prefixes and former names around the name (match/annotations.h);
     * what they leave of an ASCII text is ASCII */
    struct name_parts parts;
    name_parts_find(s, len, &parts);
    out->former_off = (uint16_t)parts.former_off; /* len <= NORM_MAX_INPUT */
    out->former_len = (uint16_t)parts.former_len;
    s += parts.name_off;
    len = parts.name_len;

    static _Thread_local struct flat f;
    f.len = 0;
    f.overflow = false;
    f.nruns = 0;
    f.nhyphens = 0;
    enum norm_status st = fold_name(s, len, ascii, &f, &out->transliterated);
    if (st != NORM_OK) return st;
    if (f.overflow) return NORM_TOO_LONG;

    struct words ws;
    if (!split(f.buf, f.len, &ws)) return NORM_TOO_LONG;
    char initials[NORM_MAX_TOKENS * 2];
    join_initials(&ws, &f, initials, sizeof initials);

    read_numerals(&ws);
    mend_legal_forms(&ws);
    /* the legal forms end the name before its trailing qualifiers ("X Ltd, Sukkur Branch") */
    size_t tail = ws.n;
    bool qualifier;
    while (tail > 0 && (reading_of(&f, ws.w[tail - 1], &qualifier), qualifier))
        tail--;
    size_t first = 0, last = tail; /* the distinctive tokens are [first, last) and the tail */
    out->legal = strip_legal_forms(&ws, &first, &last);
    put_tokens(out, &ws, &f, initials, first, last);
    put_tokens(out, &ws, &f, initials, tail, ws.n);
    out->text[out->len] = '\0';
    return NORM_OK;
}
