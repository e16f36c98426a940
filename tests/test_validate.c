/* The validate stage on hand-written <certificate> fixtures
 * (tests/data/certs/, each carrying what it must and must not raise):
 * every finding code is raised by at least one certificate and not raised
 * by at least one other. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <libxml/parser.h>

#include "euc/validate.h"
#include "testutil.h"

#define AS_OF "2026-01-20"

/* What a certificate of tests/data/certs/ must and must not raise is said
 * in the file itself, before its root, one processing instruction per
 * regime:  <?eucheck-expect regime="baseline" must="A B" must-not="C"?>
 * (regime left out: cn-dual-use).  A new case is a new file, no C. */
typedef struct fixture_case {
    char file[128];
    char regime[32]; /* "": cn-dual-use */
    char must[256], must_not[256]; /* codes, space-separated */
} fixture_case;

/* The value of pseudo-attribute name in a processing instruction's text. */
static void pi_attr(const char *text, const char *name, char *out, size_t n)
{
    char key[48];
    const char *p, *q;

    snprintf(key, sizeof key, "%s=\"", name);
    out[0] = '\0';
    for (p = strstr(text, key); p != NULL; p = strstr(p + 1, key))
        if (p == text || p[-1] == ' ')
            break;
    if (p == NULL)
        return;
    p += strlen(key);
    q = strchr(p, '"');
    if (q != NULL)
        snprintf(out, n, "%.*s", (int)(q - p), p);
}

static int case_cmp(const void *a, const void *b)
{
    return strcmp(((const fixture_case *)a)->file, ((const fixture_case *)b)->file);
}

/* Every expectation of every certificate; count in *n, free() the array. */
static fixture_case *load_cases(size_t *n)
{
    DIR *d = opendir("tests/data/certs");
    struct dirent *e;
    fixture_case *out = NULL;
    size_t cap = 0;

    *n = 0;
    assert_non_null(d);
    for (e = readdir(d); e != NULL; e = readdir(d)) {
        size_t len = strlen(e->d_name);
        char path[512];
        xmlDocPtr doc;
        xmlNodePtr c;
        if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        snprintf(path, sizeof path, "tests/data/certs/%s", e->d_name);
        doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
        assert_non_null(doc);
        for (c = doc->children; c != NULL; c = c->next) {
            fixture_case *fc;
            const char *text;
            if (c->type != XML_PI_NODE ||
                strcmp((const char *)c->name, "eucheck-expect") != 0)
                continue;
            if (*n == cap) {
                cap = cap ? cap * 2 : 32;
                out = realloc(out, cap * sizeof *out);
                assert_non_null(out);
            }
            fc = &out[(*n)++];
            text = c->content ? (const char *)c->content : "";
            snprintf(fc->file, sizeof fc->file, "%.*s", (int)(len - 4), e->d_name);
            pi_attr(text, "regime", fc->regime, sizeof fc->regime);
            pi_attr(text, "must", fc->must, sizeof fc->must);
            pi_attr(text, "must-not", fc->must_not, sizeof fc->must_not);
        }
        xmlFreeDoc(doc);
    }
    closedir(d);
    if (*n > 0)
        qsort(out, *n, sizeof *out, case_cmp);
    return out;
}

/* Is code a word of the space-separated list? */
static int has_code(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p;

    for (p = strstr(list, code); p != NULL; p = strstr(p + 1, code))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static euc_validator *validator(const char *regime)
{
    euc_error err;
    euc_validator *v;

    euc_error_clear(&err);
    v = euc_validator_new("schemas", regime, NULL, 0, &err);
    if (v == NULL)
        fail_msg("validator %s: %s: %s", regime ? regime : "(default)",
                 err.file, err.message);
    return v;
}

static euc_findings *check_file(euc_validator *v, const char *name,
                                const char *as_of)
{
    char path[256];
    xmlDocPtr doc;
    euc_findings *f = NULL;
    euc_error err;

    snprintf(path, sizeof path, "tests/data/certs/%s.xml", name);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    euc_error_clear(&err);
    if (euc_validate(v, doc, as_of, path, &f, &err) != 0)
        fail_msg("%s: %s", path, err.message);
    xmlFreeDoc(doc);
    return f;
}

static void dump(const char *name, const euc_findings *f)
{
    size_t i;

    fprintf(stderr, "findings of %s:\n", name);
    for (i = 0; i < euc_findings_count(f); i++)
        fprintf(stderr, "  %s %s\n", euc_findings_get(f, i)->code,
                euc_findings_get(f, i)->field);
}

static void test_fixture_table(void **state)
{
    size_t n, i;
    fixture_case *cases = load_cases(&n);
    int bad = 0;

    (void)state;
    assert_true(n >= 30);
    for (i = 0; i < n; i++) {
        const fixture_case *c = &cases[i];
        euc_validator *v = validator(c->regime[0] ? c->regime : NULL);
        euc_findings *f = check_file(v, c->file, AS_OF);
        char list[256], *w, *save = NULL;
        int wrong = 0;

        snprintf(list, sizeof list, "%s", c->must);
        for (w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save))
            if (euc_findings_count_code(f, w) == 0) {
                fprintf(stderr, "%s: expected %s\n", c->file, w);
                wrong = 1;
            }
        snprintf(list, sizeof list, "%s", c->must_not);
        for (w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save))
            if (euc_findings_count_code(f, w) != 0) {
                fprintf(stderr, "%s: unexpected %s\n", c->file, w);
                wrong = 1;
            }
        if (wrong)
            dump(c->file, f);
        bad += wrong;
        euc_findings_free(f);
        euc_validator_free(v);
    }
    free(cases);
    assert_int_equal(bad, 0);
}

/* Every code of the issue is raised by some fixture and absent from
 * another: the table covers the interface. */
static void test_every_code_covered(void **state)
{
    static const char *const codes[] = {
        "END_USER_MISSING", "END_USER_ADDRESS_MISSING",
        "END_USER_COUNTRY_MISSING", "END_USE_MISSING", "END_USE_VAGUE",
        "MILITARY_END_USE", "ITEMS_MISSING", "ITEM_QUANTITY_MISSING",
        "REEXPORT_UNDECLARED", "REEXPORT_DESTINATION_MISSING",
        "SUB_SUPPLIERS_UNDECLARED", "SUB_SUPPLIER_INCOMPLETE",
        "NON_MILITARY_ASSURANCE_MISSING", "SIGNATORY_MISSING",
        "SIGNATURE_MISSING", "DATE_MISSING", "END_USER_IS_DISTRIBUTOR",
        "CERTIFICATE_STALE", "LOW_OCR_CONFIDENCE", "CONTROLLED_ITEM"};
    size_t i, j, n;
    fixture_case *cases = load_cases(&n);

    (void)state;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        int raised = 0, denied = 0;
        for (j = 0; j < n; j++) {
            raised |= has_code(cases[j].must, codes[i]);
            denied |= has_code(cases[j].must_not, codes[i]);
        }
        if (!raised || !denied) {
            free(cases);
            fail_msg("%s lacks a %s case", codes[i], raised ? "must-not" : "must");
        }
    }
    free(cases);
}

static const euc_finding *find(const euc_findings *f, const char *code)
{
    size_t i;

    for (i = 0; i < euc_findings_count(f); i++)
        if (strcmp(euc_findings_get(f, i)->code, code) == 0)
            return euc_findings_get(f, i);
    return NULL;
}

/* What a user reads: severity, field path, message quoting what was found,
 * remedy with example wording, no raw libxml2 text. */
static void test_messages_and_fields(void **state)
{
    euc_validator *v = validator(NULL);
    euc_findings *f;
    const euc_finding *x;

    (void)state;
    f = check_file(v, "item-no-quantity", AS_OF);
    x = find(f, "ITEM_QUANTITY_MISSING");
    assert_non_null(x);
    assert_int_equal(x->severity, EUC_SEVERITY_BLOCKING);
    assert_string_equal(x->field, "items/item[2]/quantity");
    assert_non_null(strstr(x->message, "Terbium oxide Tb4O7"));
    assert_null(strstr(x->message, "Element"));
    assert_null(strstr(x->message, "Expected is"));
    euc_findings_free(f);

    f = check_file(v, "reexport-undeclared", AS_OF);
    x = find(f, "REEXPORT_UNDECLARED");
    assert_non_null(x);
    assert_non_null(strstr(x->remedy, "will not be re-exported"));
    euc_findings_free(f);

    f = check_file(v, "vague-end-use", AS_OF);
    x = find(f, "END_USE_VAGUE");
    assert_non_null(x);
    assert_string_equal(x->field, "end-use/description");
    assert_non_null(strstr(x->message, "For general industrial purposes"));
    euc_findings_free(f);

    f = check_file(v, "sub-supplier-incomplete", AS_OF);
    x = find(f, "SUB_SUPPLIER_INCOMPLETE");
    assert_non_null(x);
    assert_string_equal(x->field, "sub-suppliers/party[2]");
    assert_non_null(strstr(x->message, "Kobe Magnet Grinding"));
    assert_non_null(strstr(x->message, "address, country"));
    assert_int_equal(euc_findings_count_code(f, "SUB_SUPPLIER_INCOMPLETE"), 1);
    euc_findings_free(f);

    f = check_file(v, "military-end-use", AS_OF);
    x = find(f, "MILITARY_END_USE");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "missile"));
    euc_findings_free(f);

    f = check_file(v, "low-confidence", AS_OF);
    x = find(f, "LOW_OCR_CONFIDENCE");
    assert_non_null(x);
    assert_int_equal(x->severity, EUC_SEVERITY_WARNING);
    assert_string_equal(x->field, "end-use/description");
    assert_non_null(strstr(x->message, "41"));
    assert_non_null(strstr(x->message, "END_USE_VAGUE"));
    euc_findings_free(f);

    f = check_file(v, "complete", AS_OF);
    x = find(f, "CONTROLLED_ITEM");
    assert_non_null(x);
    assert_int_equal(x->severity, EUC_SEVERITY_INFO);
    assert_non_null(strstr(x->message, "dysprosium"));
    assert_non_null(strstr(x->message, "2846.90"));
    assert_int_equal(euc_findings_count_severity(f, EUC_SEVERITY_BLOCKING), 0);
    euc_findings_free(f);
    euc_validator_free(v);
}

/* Blocking first, then warnings, then info. */
static void test_order(void **state)
{
    euc_validator *v = validator(NULL);
    euc_findings *f = check_file(v, "no-signatory", "2027-01-01");
    size_t i;

    (void)state;
    /* blocking, a warning (stale by 2027) and info all present */
    assert_int_equal(euc_findings_count_code(f, "CERTIFICATE_STALE"), 1);
    assert_int_equal(euc_findings_count_code(f, "CONTROLLED_ITEM"), 1);
    for (i = 1; i < euc_findings_count(f); i++)
        assert_true(euc_findings_get(f, i - 1)->severity <=
                    euc_findings_get(f, i)->severity);
    euc_findings_free(f);
    euc_validator_free(v);
}

static void test_stale_as_of(void **state)
{
    euc_validator *v = validator(NULL);
    euc_findings *f;

    (void)state;
    /* signed 2025-03-01: six months later is 2025-09-01 */
    f = check_file(v, "stale", "2025-09-01");
    assert_int_equal(euc_findings_count_code(f, "CERTIFICATE_STALE"), 0);
    euc_findings_free(f);
    f = check_file(v, "stale", "2025-09-02");
    assert_int_equal(euc_findings_count_code(f, "CERTIFICATE_STALE"), 1);
    assert_non_null(strstr(find(f, "CERTIFICATE_STALE")->message,
                           "2025-09-02"));
    euc_findings_free(f);
    assert_int_equal(euc_validate(v, NULL, "2025-13-01", NULL, &f, NULL), -1);
    euc_validator_free(v);
}

static char *write_tmp(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);

    snprintf(path, n, "%s/%s", dir, name);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    return path;
}

/* A user's own rule file: overrides a param (staleness after 18 months)
 * and adds a code of its own with its message. */
static void test_user_rules(void **state)
{
    char *dir = tu_tmpdir();
    char *path = write_tmp(
        dir, "mine.xml",
        "<rules xmlns=\"urn:eucheck:rules\">\n"
        "  <param name=\"stale-after-months\" value=\"18\"/>\n"
        "  <rule code=\"CONTRACT_MISSING\" severity=\"warning\" "
        "field=\"contract-number\">\n"
        "    <test>certificate-number[not(../contract-number)]</test>\n"
        "    <message>No contract number (certificate {value}).</message>\n"
        "    <remedy>Quote the contract number.</remedy>\n"
        "  </rule>\n"
        "</rules>\n");
    const char *const extra[] = {path};
    euc_error err;
    euc_validator *v;
    euc_findings *f;
    xmlDocPtr doc;
    const euc_finding *x;

    (void)state;
    euc_error_clear(&err);
    v = euc_validator_new("schemas", NULL, extra, 1, &err);
    if (v == NULL)
        fail_msg("%s", err.message);
    assert_string_equal(euc_validator_param(v, "stale-after-months"), "18");
    f = check_file(v, "stale", AS_OF);
    assert_int_equal(euc_findings_count_code(f, "CERTIFICATE_STALE"), 0);
    euc_findings_free(f);
    f = check_file(v, "complete", AS_OF);
    assert_int_equal(euc_findings_count_code(f, "CONTRACT_MISSING"), 0);
    euc_findings_free(f);
    euc_validator_free(v);
    /* without the contract number the user's rule fires */
    doc = xmlReadFile("tests/data/certs/complete.xml", NULL, XML_PARSE_NOBLANKS);
    {
        xmlNodePtr n;
        for (n = xmlDocGetRootElement(doc)->children; n; n = n->next)
            if (n->type == XML_ELEMENT_NODE &&
                xmlStrcmp(n->name, (const xmlChar *)"contract-number") == 0) {
                xmlUnlinkNode(n);
                xmlFreeNode(n);
                break;
            }
    }
    v = euc_validator_new("schemas", NULL, extra, 1, &err);
    assert_non_null(v);
    assert_int_equal(euc_validate(v, doc, AS_OF, "x", &f, &err), 0);
    x = find(f, "CONTRACT_MISSING");
    assert_non_null(x);
    assert_int_equal(x->severity, EUC_SEVERITY_WARNING);
    assert_string_equal(x->message, "No contract number (certificate KMW-2026-014).");
    euc_findings_free(f);
    euc_validator_free(v);
    xmlFreeDoc(doc);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

static void expect_broken(const char *text, const char *needle)
{
    char *dir = tu_tmpdir();
    char *path = write_tmp(dir, "broken.xml", text);
    const char *const extra[] = {path};
    euc_error err;
    euc_validator *v;

    euc_error_clear(&err);
    v = euc_validator_new("schemas", NULL, extra, 1, &err);
    if (v != NULL)
        fail_msg("broken rule file accepted: %s", text);
    assert_int_equal(err.code, EUC_ERR_DATA);
    assert_string_equal(err.file, path);
    if (strstr(err.message, needle) == NULL)
        fail_msg("error '%s' lacks '%s'", err.message, needle);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A broken rule file is an error naming the file and the line. */
static void test_broken_rules(void **state)
{
    (void)state;
    /* not well-formed */
    expect_broken("<rules xmlns=\"urn:eucheck:rules\">\n\n<rule>\n</rules>\n",
                  "line 4");
    /* against rules.xsd: a severity that does not exist */
    expect_broken("<rules xmlns=\"urn:eucheck:rules\">\n"
                  "<rule code=\"X_Y\" severity=\"fatal\" field=\"a\">\n"
                  "<test>a</test><message>m</message><remedy>r</remedy>"
                  "</rule>\n</rules>\n",
                  "line 2");
    /* an XPath that does not compile */
    expect_broken("<rules xmlns=\"urn:eucheck:rules\">\n"
                  "<rule code=\"END_USE_VAGUE\" field=\"a\">\n\n"
                  "<test>end-use[[</test></rule>\n</rules>\n",
                  "line 4");
    /* a phrase list that does not exist */
    expect_broken("<rules xmlns=\"urn:eucheck:rules\">\n"
                  "<rule code=\"END_USE_VAGUE\" field=\"a\">\n"
                  "<test>end-use[euc:contains-phrase(., 'nope')]</test>"
                  "</rule>\n</rules>\n",
                  "nope");
    /* a new code without its message */
    expect_broken("<rules xmlns=\"urn:eucheck:rules\">\n"
                  "<rule code=\"NEW_CODE\" field=\"a\">\n"
                  "<test>a</test></rule>\n</rules>\n",
                  "line 2");
}

/* The shipped data loads and validates: both regimes, phrase lists,
 * findings for every code the rules and schemas use. */
static void test_data_loads(void **state)
{
    euc_validator *v;

    (void)state;
    v = validator("cn-dual-use");
    assert_true(euc_validator_nrules(v) >= 12);
    assert_non_null(euc_validator_param(v, "stale-after-months"));
    assert_non_null(euc_validator_param(v, "low-confidence"));
    assert_true(euc_validator_nsummary(v) >= 5);
    euc_validator_free(v);
    v = validator("baseline");
    assert_true(euc_validator_nrules(v) >= 8);
    euc_validator_free(v);
    {
        euc_error err;
        euc_error_clear(&err);
        assert_null(euc_validator_new("schemas", "atlantis", NULL, 0, &err));
        assert_non_null(strstr(err.message, "atlantis"));
    }
}

/* Every data file is checked against its own schema when it is loaded:
 * a misspelt severity in findings.xml, or a phrase list with no name in
 * phrases.xml, is an error naming the file, the line and the schema. */
static void test_data_typo(void **state)
{
    static const struct {
        const char *file, *from, *to, *xsd;
    } typos[] = {
        {"findings.xml", "severity=\"blocking\"", "severity=\"blokcing\"", "findings.xsd"},
        {"phrases.xml", "<list name=", "<list nmae=", "phrases.xsd"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof typos / sizeof typos[0]; i++) {
        char *dir = tu_tmpdir(), data[1024], path[1200], *src, *at, *mod;
        const char *cp[] = {"cp", "-r", "schemas", dir, NULL};
        size_t len, n, cut;
        euc_error err;

        snprintf(data, sizeof data, "%s/schemas", dir);
        snprintf(path, sizeof path, "%s/%s", data, typos[i].file);
        assert_int_equal(tu_run(cp, NULL, NULL), 0);
        src = tu_read_file(path, &len);
        assert_non_null(src);
        at = strstr(src, typos[i].from);
        assert_non_null(at);
        cut = (size_t)(at - src);
        n = len + strlen(typos[i].to) + 1;
        mod = malloc(n);
        snprintf(mod, n, "%.*s%s%s", (int)cut, src, typos[i].to,
                 at + strlen(typos[i].from));
        assert_int_equal(tu_write_file(path, mod, strlen(mod)), 0);
        euc_error_clear(&err);
        assert_null(euc_validator_new(data, NULL, NULL, 0, &err));
        assert_int_equal(err.code, EUC_ERR_DATA);
        assert_non_null(strstr(err.file, typos[i].file));
        assert_non_null(strstr(err.message, "line "));
        assert_non_null(strstr(err.message, typos[i].xsd));
        free(mod);
        free(src);
        tu_rmtree(dir);
        free(dir);
    }
}

static void test_phrases(void **state)
{
    euc_validator *v = validator(NULL);

    (void)state;
    assert_int_equal(euc_validator_match(v, "nope", "x", 0), -1);
    /* vague: only vague words, in three languages, OCR-damaged */
    assert_int_equal(euc_validator_match(v, "vague-end-use", "Industrial use", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use", "GENERAL PURPOSES.", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use", "for resale", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use", "一般用途", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use", "工業用", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use", "Various appIications", 1), 1);
    assert_int_equal(euc_validator_match(v, "vague-end-use",
                                         "Industrial use in NdFeB magnets for wind turbines", 1), 0);
    assert_int_equal(euc_validator_match(v, "vague-end-use",
                                         "钕铁硼永磁体的生产", 1), 0);
    /* military, with denials */
    assert_int_equal(euc_validator_match(v, "military", "Ministry of Defence", 0), 1);
    assert_int_equal(euc_validator_match(v, "military", "mi1itary vehicles", 0), 1);
    assert_int_equal(euc_validator_match(v, "military", "Cruise missiles", 0), 1);
    assert_int_equal(euc_validator_match(v, "military", "用于军事装备", 0), 1);
    assert_int_equal(euc_validator_match(v, "military", "non-military use only", 0), 0);
    assert_int_equal(euc_validator_match(v, "military", "不用于军事用途", 0), 0);
    assert_int_equal(euc_validator_match(v, "military", "軍事目的には使用しない", 0), 0);
    assert_int_equal(euc_validator_match(v, "military", "Electric vehicle motors", 0), 0);
    assert_int_equal(euc_validator_match(v, "military", "Armature windings", 0), 0);
    /* distributors */
    assert_int_equal(euc_validator_match(v, "distributor", "Tokyo Metals Trading Co., Ltd.", 0), 1);
    assert_int_equal(euc_validator_match(v, "distributor", "三井物産商事", 0), 1);
    assert_int_equal(euc_validator_match(v, "distributor", "Kansai Magnet Works", 0), 0);
    /* controlled items: names, symbols, formulas, alloys, magnets, HS */
    assert_int_equal(euc_validator_match(v, "controlled-item", "Dy2O3 powder", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "Sm203 (OCR)", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "氧化镝", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "テルビウム", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "SmCo5 magnets", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "NdFeB magnets, grade N52SH with Dy", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "NdFeB magnets, grade N52", 0), 0);
    assert_int_equal(euc_validator_match(v, "controlled-item", "HS 2846.90.10", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "HS 280530", 0), 1);
    assert_int_equal(euc_validator_match(v, "controlled-item", "HS 2846.10", 0), 0);
    assert_int_equal(euc_validator_match(v, "controlled-item", "Cerium oxide", 0), 0);
    assert_int_equal(euc_validator_match(v, "controlled-item", "Study of dy namics", 0), 0);
    euc_validator_free(v);
}

static void test_dates(void **state)
{
    int y, m, d;

    (void)state;
    assert_int_equal(euc_date_parse("2024-02-29", &y, &m, &d), 0);
    assert_int_equal(d, 29);
    assert_int_equal(euc_date_parse("2025-02-29", &y, &m, &d), -1);
    assert_int_equal(euc_date_parse("12 January 2026", &y, &m, &d), -1);
    assert_int_equal(euc_date_parse("2026-1-12", &y, &m, &d), -1);
}

/* A document that is not a <certificate> is an error, not findings. */
static void test_not_certificate(void **state)
{
    euc_validator *v = validator(NULL);
    xmlDocPtr doc = xmlReadMemory("<x/>", 4, "x.xml", NULL, 0);
    euc_findings *f = NULL;
    euc_error err;

    (void)state;
    assert_int_equal(euc_validate(v, doc, AS_OF, "x.xml", &f, &err), -1);
    assert_null(f);
    assert_string_equal(err.file, "x.xml");
    xmlFreeDoc(doc);
    euc_validator_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_loads),
        cmocka_unit_test(test_fixture_table),
        cmocka_unit_test(test_every_code_covered),
        cmocka_unit_test(test_messages_and_fields),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_stale_as_of),
        cmocka_unit_test(test_user_rules),
        cmocka_unit_test(test_broken_rules),
        cmocka_unit_test(test_data_typo),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_not_certificate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
