#include "euc/date.h"

#include <stddef.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

int euc_date_days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int euc_date_valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= euc_date_days_in_month(y, m);
}

int euc_date_parse_iso(const char *s, int *y, int *m, int *d)
{
    int i;

    if (s == NULL)
        return -1;
    while (is_space(*s))
        s++;
    for (i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (!is_digit(s[i])) {
            return -1;
        }
    }
    for (i = 10; s[i] != '\0'; i++)
        if (!is_space(s[i]))
            return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return euc_date_valid(*y, *m, *d) ? 0 : -1;
}
