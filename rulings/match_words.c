#include "rulings/match_words.h"

#include <string.h>

enum { G = WORD_GENERIC, N = WORD_NOISE };

/* Sorted by strcmp (a unit test checks). Generic: words of trade, industry and the
 * security business, countries, regions and big cities, in English and transliterated
 * Russian. Noise: editions, platforms, licence terms, web parts, short function words.
 * Anything else is a name word. */
static const struct {
    const char *word;
    unsigned char cls;
} words[] = {
    {"a", N}, {"academy", G}, {"advanced", N}, {"africa", G}, {"agency", G}, {"alliance", G},
    {"amd64", N}, {"america", G}, {"american", G}, {"americas", G}, {"amsterdam", G}, {"an", N},
    {"and", N}, {"android", N}, {"anti", G}, {"antivirus", G}, {"apac", G}, {"arabia", G},
    {"argentina", G}, {"arm64", N}, {"asia", G}, {"assets", G}, {"associates", G},
    {"association", G}, {"at", N}, {"australia", G}, {"austria", G}, {"awareness", G},
    {"baltic", G}, {"bank", G}, {"basic", N}, {"beijing", G}, {"belarus", G}, {"belgium", G},
    {"benelux", G}, {"berlin", G}, {"bezopasnost", G}, {"bit", N}, {"box", N}, {"brazil", G},
    {"build", N}, {"bulgaria", G}, {"bureau", G}, {"business", N}, {"by", N}, {"canada", G},
    {"capital", G}, {"center", G}, {"central", G}, {"centre", G}, {"china", G}, {"cis", G},
    {"city", G}, {"cloud", G}, {"com", N}, {"commerce", G}, {"commercial", G},
    {"communications", G}, {"computer", G}, {"computers", G}, {"connection", G}, {"consult", G},
    {"consulting", G}, {"corporate", N}, {"cyber", G}, {"cybersecurity", G}, {"cz", G},
    {"czech", G}, {"dach", G}, {"das", N}, {"data", G}, {"de", N}, {"defence", G},
    {"defense", G}, {"del", N}, {"della", N}, {"denmark", G}, {"der", N}, {"des", N},
    {"desktop", N}, {"desktops", N}, {"detection", G}, {"deutschland", G}, {"development", G},
    {"device", N}, {"devices", N}, {"die", N}, {"digital", G}, {"distribution", G},
    {"download", N}, {"du", N}, {"dubai", G}, {"e", N}, {"east", G}, {"eastern", G},
    {"edition", N}, {"edr", G}, {"egypt", G}, {"emea", G}, {"emirates", G}, {"en", N},
    {"endpoint", G}, {"energy", G}, {"engineering", G}, {"enterprise", N}, {"enterprises", G},
    {"espana", G}, {"essentials", N}, {"estonia", G}, {"et", N}, {"europe", G}, {"european", G},
    {"expert", G}, {"export", G}, {"family", N}, {"far", G}, {"finance", G}, {"financial", G},
    {"finland", G}, {"for", N}, {"france", G}, {"free", N}, {"from", N}, {"fund", G},
    {"general", G}, {"georgia", G}, {"germany", G}, {"global", G}, {"greece", G}, {"group", G},
    {"gruppa", G}, {"holding", G}, {"holdings", G}, {"home", N}, {"hong", G}, {"http", N},
    {"https", N}, {"hungary", G}, {"i", N}, {"iberia", G}, {"import", G}, {"in", N},
    {"india", G}, {"indonesia", G}, {"industrial", G}, {"industries", G}, {"industry", G},
    {"info", G}, {"information", G}, {"infotech", G}, {"institute", G}, {"intelligence", G},
    {"international", G}, {"internet", G}, {"intl", G}, {"invest", G}, {"investment", G},
    {"investments", G}, {"ios", N}, {"ireland", G}, {"israel", G}, {"italia", G}, {"italy", G},
    {"japan", G}, {"kazakhstan", G}, {"key", N}, {"kids", G}, {"kingdom", G}, {"kompaniya", G},
    {"kong", G}, {"korea", G}, {"lab", G}, {"laboratories", G}, {"laboratoriya", G},
    {"laboratory", G}, {"labs", G}, {"laptop", N}, {"latam", G}, {"latin", G}, {"latvia", G},
    {"le", N}, {"les", N}, {"licence", N}, {"licences", N}, {"license", N}, {"licenses", N},
    {"linux", N}, {"lithuania", G}, {"london", G}, {"mac", N}, {"macos", N}, {"malaysia", G},
    {"managed", G}, {"management", G}, {"manager", G}, {"manufacturing", G}, {"marketing", G},
    {"media", G}, {"mena", G}, {"mexico", G}, {"middle", G}, {"mobile", N}, {"month", N},
    {"months", N}, {"moscow", G}, {"multi", N}, {"national", G}, {"net", N}, {"netherlands", G},
    {"network", G}, {"networks", G}, {"new", G}, {"node", N}, {"nodes", N}, {"nordic", G},
    {"north", G}, {"northern", G}, {"norway", G}, {"oem", N}, {"of", N}, {"office", G},
    {"on", N}, {"optimum", G}, {"org", N}, {"os", N}, {"osx", N}, {"pacific", G},
    {"partners", G}, {"password", G}, {"pc", N}, {"pcs", N}, {"per", N}, {"personal", N},
    {"plus", N}, {"poland", G}, {"portugal", G}, {"premium", N}, {"pro", N}, {"products", G},
    {"professional", N}, {"protection", G}, {"release", N}, {"renewal", N}, {"research", G},
    {"resources", G}, {"response", G}, {"retail", N}, {"romania", G}, {"rossiya", G}, {"ru", N},
    {"russia", G}, {"russian", G}, {"safe", G}, {"sales", G}, {"scientific", G}, {"seat", N},
    {"seats", N}, {"secure", G}, {"security", G}, {"select", N}, {"server", N}, {"servers", N},
    {"service", G}, {"services", G}, {"singapore", G}, {"sistemy", G}, {"small", G},
    {"software", G}, {"solutions", G}, {"south", G}, {"southern", G}, {"spain", G},
    {"standard", N}, {"studio", G}, {"subscription", N}, {"support", G}, {"sweden", G},
    {"switzerland", G}, {"systems", G}, {"tech", G}, {"technical", G}, {"technologies", G},
    {"technology", G}, {"tekhnologii", G}, {"telecom", G}, {"the", N}, {"threat", G}, {"to", N},
    {"total", G}, {"trade", G}, {"trading", G}, {"training", G}, {"trial", N}, {"trust", G},
    {"tsentr", G}, {"turkey", G}, {"uae", G}, {"uk", G}, {"ukraine", G}, {"ultimate", N},
    {"und", N}, {"united", G}, {"upgrade", N}, {"us", G}, {"usa", G}, {"user", N}, {"users", N},
    {"van", N}, {"ventures", G}, {"ver", N}, {"version", N}, {"virus", G}, {"von", N},
    {"vpn", G}, {"west", G}, {"western", G}, {"win", N}, {"windows", N}, {"with", N},
    {"workstation", N}, {"workstations", N}, {"world", G}, {"worldwide", G}, {"www", N},
    {"x32", N}, {"x64", N}, {"x86", N}, {"xdr", G}, {"y", N}, {"year", N}, {"years", N},
    {"yr", N}, {"zealand", G},
};

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

enum word_class word_class(const char *w, size_t len)
{
    if (len <= 1 || all_digits(w, len)) return WORD_NOISE;
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
    return WORD_NAME;
}

bool word_table_sorted(void)
{
    for (size_t i = 1; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i - 1].word, words[i].word) >= 0) return false;
    return true;
}

bool word_patronymic(const char *w, size_t len)
{
    static const char *const endings[] = {"ovich", "evich", "ovna", "evna", "ichna", "ilyich"};
    if (len < 7) return false;
    for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
        size_t n = strlen(endings[i]);
        if (memcmp(w + len - n, endings[i], n) == 0) return true;
    }
    return false;
}
