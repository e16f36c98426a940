/* samples-gen: writes eucheck's sample certificates and their truth.
 *
 *   samples-gen --seed S --out DIR                 the curated set (samples/)
 *   samples-gen --seed S --count N --out DIR [--kinds pdf,txt]
 *                                                  an accuracy corpus
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "gen.h"

#define PROG "samples-gen"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG " --seed S --out DIR [--count N] [--kinds LIST]\n"
            "\n"
            "Draws sample end-use certificates (rare-earth export controls) as\n"
            "born-digital PDF, scanned PDF, PNG and TIFF scans, text, a fillable PDF\n"
            "form, a Word document, UTF-16 text and an e-mail, each with\n"
            "NAME.truth.xml: the text drawn, the fields, the expected findings.\n"
            "The curated set also gets bundle.zip (two of its files) and\n"
            "blank.form.pdf (an unfilled form, named by no truth).\n"
            "\n"
            "  --seed S      the PRNG seed; the same seed gives the same bytes\n"
            "  --out DIR     where to write (created if missing)\n"
            "  --count N     write an accuracy corpus acc-0001 ... of N certificates,\n"
            "                each in one input kind (round-robin), instead of the\n"
            "                curated set\n"
            "  --kinds LIST  with --count: the kinds to use, comma-separated, of\n"
            "                pdf,scan-pdf,png,tiff,txt,form-pdf,docx,utf16,eml\n"
            "                (default: pdf,scan-pdf,png,tiff,txt)\n"
            "  --help        this text\n");
}

static int fail(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 2;
}

static int parse_u64(const char *s, guint64 *out)
{
    char *end = NULL;
    if (s == NULL || *s == '\0' || *s == '-')
        return -1;
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 10);
    return errno != 0 || *end != '\0' ? -1 : 0;
}

static int parse_kinds(const char *s, gen_kind *list, int *n)
{
    gchar **parts = g_strsplit(s, ",", -1);
    int rc = 0;

    *n = 0;
    for (int i = 0; parts[i] != NULL && rc == 0; i++) {
        int found = -1;
        for (int k = 0; k < KIND_N; k++)
            if (strcmp(parts[i], gen_kind_names[k]) == 0)
                found = k;
        if (found < 0 || *n >= KIND_N)
            rc = -1;
        else
            list[(*n)++] = (gen_kind)found;
    }
    g_strfreev(parts);
    return rc == 0 && *n > 0 ? 0 : -1;
}

static int one(gen_cert *c, const char *dir, guint64 seed, int rot90)
{
    gen_doc *d = gen_layout(c);
    char *msg = NULL;
    int rc = gen_write_outputs(c, d, dir, rot90, &msg);

    if (rc == 0)
        rc = gen_write_truth(c, d, dir, seed, rot90, &msg);
    if (rc != 0) {
        fprintf(stderr, PROG ": %s\n", msg);
        g_free(msg);
    }
    gen_doc_free(d);
    gen_cert_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    guint64 seed = 0, count = 0;
    const char *out = NULL;
    int have_seed = 0, have_count = 0, rc = 0;
    /* the default corpus keeps the original five kinds */
    gen_kind kinds[KIND_N] = {KIND_PDF, KIND_SCAN_PDF, KIND_PNG, KIND_TIFF, KIND_TXT};
    int nkinds = GEN_KINDS_ORIGINAL, have_kinds = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--seed") == 0) {
            if (parse_u64(v, &seed) != 0)
                return fail("--seed needs a non-negative integer, got '%s'", v ? v : "");
            have_seed = 1;
            i++;
        } else if (strcmp(a, "--count") == 0) {
            if (parse_u64(v, &count) != 0 || count == 0 || count > 9999)
                return fail("--count needs a number from 1 to 9999, got '%s'", v ? v : "");
            have_count = 1;
            i++;
        } else if (strcmp(a, "--out") == 0) {
            if (v == NULL || *v == '\0')
                return fail("%s needs a directory", a);
            out = v;
            i++;
        } else if (strcmp(a, "--kinds") == 0) {
            if (v == NULL || parse_kinds(v, kinds, &nkinds) != 0)
                return fail("--kinds takes a list of pdf,scan-pdf,png,tiff,txt,form-pdf,docx,"
                            "utf16,eml, got '%s'",
                            v ? v : "");
            have_kinds = 1;
            i++;
        } else {
            fprintf(stderr, PROG ": unknown argument '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (!have_seed)
        return fail("%s", "--seed is required (see --help)");
    if (out == NULL)
        return fail("%s", "--out is required (see --help)");
    if (have_kinds && !have_count)
        return fail("%s", "--kinds only applies with --count");
    if (g_mkdir_with_parents(out, 0755) != 0)
        return fail("cannot create directory '%s'", out);

    xmlInitParser();
    if (have_count) {
        for (guint64 i = 0; i < count && rc == 0; i++)
            rc = one(gen_cert_random(seed, (int)i, kinds[i % (guint64)nkinds]), out, seed, 0);
    } else {
        char *msg = NULL;
        for (int i = 0; i < gen_curated_count && rc == 0; i++)
            rc = one(gen_cert_curated(seed, i), out, seed, i == 0);
        if (rc == 0 && (gen_write_bundle(seed, out, &msg) != 0 ||
                        gen_write_blank_form(seed, out, &msg) != 0)) {
            fprintf(stderr, PROG ": %s\n", msg);
            g_free(msg);
            rc = 2;
        }
    }
    gen_measure_done();
    xmlCleanupParser();
    return rc == 0 ? 0 : 2;
}
