#include "match/match_words.h"

#include <string.h>

#include "match/legal_forms.h"

enum { G = WORD_GENERIC, N = WORD_NOISE };

/* Sorted by strcmp (a unit test checks). Generic: words of trade, industry and the
 * security business, countries, regions and big cities, in English and transliterated
 * Russian. Noise: editions, platforms, licence terms, web parts, short function words, and
 * titles before a person's name (shaykh, haji, mullah, dr, mr: the lists write them inside
 * the given names, people leave them out).
 * Anything else is a name word. */
// clang-format off
static const struct {
    const char *word;
    unsigned char cls;
} words[] = {
    {"a", N}, {"academy", G}, {"advanced", N}, {"afghanistan", G}, {"africa", G}, {"agency", G},
    {"agricultural", G}, {"agro", G}, {"airlines", G}, {"alliance", G}, {"amd64", N},
    {"america", G}, {"american", G}, {"americas", G}, {"amsterdam", G}, {"an", N}, {"and", N},
    {"android", N}, {"anti", G}, {"antivirus", G}, {"apac", G}, {"arabia", G}, {"argentina", G},
    {"arm64", N}, {"asia", G}, {"assets", G}, {"associates", G}, {"association", G}, {"at", N},
    {"australia", G}, {"austria", G}, {"aviation", G}, {"awareness", G}, {"azerbaijan", G},
    {"bahrain", G}, {"baltic", G}, {"bangladesh", G}, {"bank", G}, {"basic", N}, {"beijing", G},
    {"belarus", G}, {"belgium", G}, {"benelux", G}, {"berlin", G}, {"bezopasnost", G}, {"bit", N},
    {"box", N}, {"brazil", G}, {"brothers", G}, {"build", N}, {"building", G}, {"bulgaria", G},
    {"bureau", G}, {"business", N}, {"by", N}, {"canada", G}, {"capital", G}, {"cargo", G},
    {"center", G}, {"central", G}, {"centre", G}, {"chemical", G}, {"chemicals", G}, {"chile", G},
    {"china", G}, {"cis", G}, {"city", G}, {"cloud", G}, {"colombia", G}, {"com", N},
    {"commerce", G}, {"commercial", G}, {"communications", G}, {"compania", G}, {"computer", G},
    {"computers", G}, {"connection", G}, {"construction", G}, {"consult", G}, {"consultants", G},
    {"consulting", G}, {"corporate", N}, {"cuba", G}, {"cyber", G}, {"cybersecurity", G},
    {"cyprus", G}, {"cz", G}, {"czech", G}, {"dach", G}, {"das", N}, {"data", G}, {"de", N},
    {"defence", G}, {"defense", G}, {"del", N}, {"della", N}, {"denmark", G}, {"department", G},
    {"der", N}, {"des", N}, {"desktop", N}, {"desktops", N}, {"detection", G}, {"deutschland", G},
    {"development", G}, {"device", N}, {"devices", N}, {"die", N}, {"digital", G},
    {"distribution", G}, {"download", N}, {"dr", N}, {"du", N}, {"dubai", G}, {"e", N}, {"east", G},
    {"eastern", G}, {"edition", N}, {"edr", G}, {"egypt", G}, {"electric", G}, {"electrical", G},
    {"electronics", G}, {"emea", G}, {"emirates", G}, {"en", N}, {"endpoint", G}, {"energy", G},
    {"engineering", G}, {"engineers", G}, {"enterprise", N}, {"enterprises", G}, {"equipment", G},
    {"espana", G}, {"essentials", N}, {"estate", G}, {"estonia", G}, {"et", N}, {"ethiopia", G},
    {"europe", G}, {"european", G}, {"exchange", G}, {"expert", G}, {"export", G}, {"family", N},
    {"far", G}, {"federation", G}, {"finance", G}, {"financial", G}, {"finland", G}, {"first", G},
    {"foods", G}, {"for", N}, {"france", G}, {"fratelli", G}, {"free", N}, {"freight", G},
    {"from", N}, {"fuel", G}, {"fund", G}, {"gas", G}, {"general", G}, {"georgia", G},
    {"germany", G}, {"global", G}, {"greece", G}, {"group", G}, {"gruppa", G}, {"gulf", G},
    {"haji", N}, {"hajji", N}, {"hellas", G}, {"holding", G}, {"holdings", G}, {"holland", G},
    {"home", N}, {"hong", G}, {"http", N}, {"https", N}, {"hungary", G}, {"i", N}, {"iberia", G},
    {"import", G}, {"in", N}, {"india", G}, {"indonesia", G}, {"industrial", G}, {"industries", G},
    {"industry", G}, {"info", G}, {"information", G}, {"infotech", G}, {"institute", G},
    {"insurance", G}, {"intelligence", G}, {"international", G}, {"internet", G}, {"intl", G},
    {"invest", G}, {"investment", G}, {"investments", G}, {"ios", N}, {"iran", G}, {"iraq", G},
    {"ireland", G}, {"islamic", G}, {"israel", G}, {"italia", G}, {"italy", G}, {"japan", G},
    {"jordan", G}, {"kazakhstan", G}, {"key", N}, {"kids", G}, {"kingdom", G}, {"kompaniya", G},
    {"kong", G}, {"korea", G}, {"kuwait", G}, {"lab", G}, {"laboratories", G}, {"laboratoriya", G},
    {"laboratory", G}, {"labs", G}, {"lanka", G}, {"laptop", N}, {"latam", G}, {"latin", G},
    {"latvia", G}, {"le", N}, {"lebanon", G}, {"les", N}, {"libya", G}, {"licence", N},
    {"licences", N}, {"license", N}, {"licenses", N}, {"line", G}, {"lines", G}, {"linux", N},
    {"lithuania", G}, {"logistics", G}, {"london", G}, {"mac", N}, {"machinery", G}, {"macos", N},
    {"malaysia", G}, {"managed", G}, {"management", G}, {"manager", G}, {"manufacturing", G},
    {"marine", G}, {"maritime", G}, {"marketing", G}, {"maulana", N}, {"maulvi", N}, {"mawlawi", N},
    {"media", G}, {"medical", G}, {"mena", G}, {"metal", G}, {"metals", G}, {"mexico", G},
    {"middle", G}, {"mining", G}, {"minsk", G}, {"mobile", N}, {"month", N}, {"months", N},
    {"moscow", G}, {"mr", N}, {"mrs", N}, {"ms", N}, {"mullah", N}, {"multi", N}, {"myanmar", G},
    {"national", G}, {"navigation", G}, {"net", N}, {"netherlands", G}, {"network", G},
    {"networks", G}, {"new", G}, {"nigeria", G}, {"no", N}, {"node", N}, {"nodes", N},
    {"nordic", G}, {"north", G}, {"northern", G}, {"norway", G}, {"ocean", G}, {"oem", N},
    {"of", N}, {"office", G}, {"oil", G}, {"oman", G}, {"on", N}, {"optimum", G}, {"org", N},
    {"os", N}, {"osx", N}, {"pacific", G}, {"pakistan", G}, {"panama", G}, {"partners", G},
    {"password", G}, {"pc", N}, {"pcs", N}, {"per", N}, {"personal", N}, {"petrochemical", G},
    {"petroleum", G}, {"pharma", G}, {"pharmaceutical", G}, {"pharmaceuticals", G},
    {"philippines", G}, {"plus", N}, {"poland", G}, {"portugal", G}, {"power", G}, {"premium", N},
    {"pro", N}, {"products", G}, {"professional", N}, {"properties", G}, {"protection", G},
    {"qatar", G}, {"real", G}, {"release", N}, {"renewal", N}, {"republic", G}, {"research", G},
    {"resources", G}, {"response", G}, {"retail", N}, {"romania", G}, {"rossiya", G}, {"ru", N},
    {"russia", G}, {"russian", G}, {"safe", G}, {"sales", G}, {"saudi", G}, {"scientific", G},
    {"seat", N}, {"seats", N}, {"secure", G}, {"security", G}, {"select", N}, {"serbia", G},
    {"server", N}, {"servers", N}, {"service", G}, {"services", G}, {"shaikh", N}, {"shanghai", G},
    {"shaykh", N}, {"sheik", N}, {"sheikh", N}, {"shipping", G}, {"singapore", G}, {"sistemy", G},
    {"small", G}, {"software", G}, {"solutions", G}, {"south", G}, {"southern", G}, {"spain", G},
    {"sri", G}, {"standard", N}, {"star", G}, {"steel", G}, {"studio", G}, {"subscription", N},
    {"sudan", G}, {"supply", G}, {"support", G}, {"sweden", G}, {"switzerland", G}, {"syria", G},
    {"systems", G}, {"taiwan", G}, {"tech", G}, {"technical", G}, {"technologies", G},
    {"technology", G}, {"tehran", G}, {"tekhnologii", G}, {"telecom", G}, {"textile", G},
    {"textiles", G}, {"thailand", G}, {"the", N}, {"threat", G}, {"to", N}, {"total", G},
    {"trade", G}, {"trading", G}, {"training", G}, {"transport", G}, {"transportation", G},
    {"trial", N}, {"trust", G}, {"tsentr", G}, {"tunisia", G}, {"turkey", G}, {"uae", G}, {"uk", G},
    {"ukraine", G}, {"ultimate", N}, {"und", N}, {"united", G}, {"upgrade", N}, {"us", G},
    {"usa", G}, {"user", N}, {"users", N}, {"uzbekistan", G}, {"van", N}, {"venezuela", G},
    {"ventures", G}, {"ver", N}, {"version", N}, {"vietnam", G}, {"virus", G}, {"von", N},
    {"vpn", G}, {"west", G}, {"western", G}, {"win", N}, {"windows", N}, {"with", N},
    {"workstation", N}, {"workstations", N}, {"world", G}, {"worldwide", G}, {"www", N}, {"x32", N},
    {"x64", N}, {"x86", N}, {"xdr", G}, {"y", N}, {"year", N}, {"years", N}, {"yemen", G},
    {"yr", N}, {"zealand", G},
};
// clang-format on

static int compare(const char *w, size_t len, const char *entry)
{
    int c = strncmp(w, entry, len);
    if (c) return c;
    return entry[len] ? -1 : 0;
}

static bool all_digits(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (w[i] < '0' || w[i] > '9') return false;
    return true;
}

/* A number is edition noise ("2024", "11", "10") unless it is long enough to be a
 * name of its own and not a year: "11420 Corp." is a listed company. */
static bool numeric_noise(const char *w, size_t len)
{
    if (len < 4) return true;
    return len == 4 && ((w[0] == '1' && w[1] == '9') || (w[0] == '2' && w[1] == '0'));
}

enum word_class word_class(const char *w, size_t len)
{
    if (len <= 1) return WORD_NOISE;
    if (all_digits(w, len)) return numeric_noise(w, len) ? WORD_NOISE : WORD_NAME;
    if (w[0] == 'v' && all_digits(w + 1, len - 1)) return WORD_NOISE; /* "v11" */
    size_t lo = 0, hi = sizeof words / sizeof *words;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare(w, len, words[mid].word);
        if (c == 0) return (enum word_class)words[mid].cls;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    /* a legal form in the middle of a name ("kaspersky ao lab"): filler */
    return legal_form_word(w, len, NULL) ? WORD_NOISE : WORD_NAME;
}

bool word_table_sorted(void)
{
    for (size_t i = 1; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i - 1].word, words[i].word) >= 0) return false;
    return true;
}

bool word_patronymic(const char *w, size_t len)
{
    static const char *const endings[] = {"ovich", "evich", "ovych", "evych", "ovna",
                                          "evna",  "ivna",  "ichna", "ilyich"};
    if (len < 7) return false;
    for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
        size_t n = strlen(endings[i]);
        if (memcmp(w + len - n, endings[i], n) == 0) return true;
    }
    return false;
}

bool word_particle(const char *w, size_t len)
{
    static const char *const particles[] = {"abd", "abdul", "abu", "al", "bin", "da",
                                            "das", "de",    "del", "di", "do",  "dos",
                                            "el",  "ibn",   "la",  "le", "van", "von"};
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++)
        if (strlen(particles[i]) == len && memcmp(particles[i], w, len) == 0) return true;
    return false;
}
