/* Dates as certificates write them, normalised to YYYY-MM-DD.  The
 * patterns, month names and Japanese eras are schemas/fields.xml's; data.c
 * compiles them, this file reads their groups by each one's order=. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "parse-imp.h"
#include "euc/date.h"

/* Value of a run of ASCII or full-width digits; the era's first-year word
 * (fields.xml) is 1. */
static int digits(const euc_parser *p, const char *s)
{
    int v = 0, any = 0;

    if (p->era_year1 != NULL && strcmp(s, p->era_year1) == 0)
        return 1;
    while (*s) {
        gunichar c = g_utf8_get_char(s);
        if (c >= '0' && c <= '9')
            v = v * 10 + (int)(c - '0');
        else if (c >= 0xFF10 && c <= 0xFF19)
            v = v * 10 + (int)(c - 0xFF10);
        else
            return -1;
        any = 1;
        s = g_utf8_next_char(s);
    }
    return any ? v : -1;
}

static int lookup(char **names, const int *nums, size_t n, const char *s)
{
    char *low = g_utf8_strdown(s, -1);
    size_t i;
    int v = -1;

    for (i = 0; i < n && v < 0; i++)
        if (strcmp(names[i], low) == 0)
            v = nums[i];
    g_free(low);
    return v;
}

static int ymd(const euc_parser *p, pdorder order, GMatchInfo *mi, int *y,
               int *m, int *d)
{
    char *g[5] = {0};
    int i, era;

    *y = *m = *d = -1;
    for (i = 1; i <= 4; i++)
        g[i] = g_match_info_fetch(mi, i);
    switch (order) {
    case PD_DMY:
        *d = digits(p, g[1]); *m = lookup(p->month_names, p->month_num, p->nmonths, g[2]); *y = digits(p, g[3]);
        break;
    case PD_MDY:
        *m = lookup(p->month_names, p->month_num, p->nmonths, g[1]); *d = digits(p, g[2]); *y = digits(p, g[3]);
        break;
    case PD_ERA_YMD:
        era = lookup(p->era_names, p->era_start, p->neras, g[1]);
        *y = era > 0 && digits(p, g[2]) > 0 ? era + digits(p, g[2]) - 1 : -1;
        *m = digits(p, g[3]); *d = digits(p, g[4]);
        break;
    case PD_YMD:
        *y = digits(p, g[1]); *m = digits(p, g[2]); *d = digits(p, g[3]);
        break;
    case PD_DMY_OR_MDY:
        *d = digits(p, g[1]); *m = digits(p, g[2]); *y = digits(p, g[3]);
        /* Day first is the world's habit; a "month" over 12 means the
         * American order. */
        if (*m > 12 && *d <= 12) {
            int t = *m;
            *m = *d;
            *d = t;
        }
        break;
    }
    for (i = 1; i <= 4; i++)
        g_free(g[i]);
    return *y >= 1900 && *y <= 2200 && euc_date_valid(*y, *m, *d);
}

static int find_in(const euc_parser *p, const char *s, char iso[11],
                   size_t *start, size_t *end)
{
    int found = 0;
    size_t best = (size_t)-1, i;

    for (i = 0; i < p->ndate_re; i++) {
        GMatchInfo *mi = NULL;
        g_regex_match(p->date_re[i], s, 0, &mi);
        while (g_match_info_matches(mi)) {
            int a, b, y, m, d;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            if ((size_t)a < best && ymd(p, (pdorder)p->date_order[i], mi, &y, &m, &d)) {
                best = (size_t)a;
                *start = (size_t)a;
                *end = (size_t)b;
                char buf[48];
                snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                memcpy(iso, buf, 10); /* y, m, d were range-checked */
                iso[10] = '\0';
                found = 1;
                break;
            }
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
    return found ? 0 : -1;
}

/* OCR reads a Chinese or Japanese date's digits one by one ("2 0 2 5 年
 * 1 2 月 2 2"): with "年" in the text, spaces between digits go. */
int pdate_find(const euc_parser *p, const char *s, char iso[11],
               size_t *start, size_t *end)
{
    GString *g;
    const char *q;
    int rc;

    if (find_in(p, s, iso, start, end) == 0)
        return 0;
    if (strstr(s, "年") == NULL && strstr(s, "년") == NULL)
        return -1;
    g = g_string_new(NULL);
    for (q = s; *q; q++) {
        if (*q == ' ' && q > s && g_ascii_isdigit(q[-1]) && g_ascii_isdigit(q[1]))
            continue;
        g_string_append_c(g, *q);
    }
    rc = find_in(p, g->str, iso, start, end);
    if (rc == 0) {
        *start = 0;
        *end = strlen(s);
    }
    g_string_free(g, TRUE);
    return rc;
}
