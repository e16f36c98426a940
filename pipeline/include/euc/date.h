/* date: calendar dates, as every stage checks them.
 * Gregorian calendar throughout; nothing here allocates. */
#ifndef EUC_DATE_H
#define EUC_DATE_H

/* Days in month m (1-12) of year y. */
int euc_date_days_in_month(int y, int m);
/* Non-zero when y-m-d is a date of the calendar: 1 <= m <= 12 and d within
 * the month (29 February in leap years only). */
int euc_date_valid(int y, int m, int d);
/* Parses s when it is a whole "YYYY-MM-DD" calendar date (white space
 * around it allowed, nothing else): 0, and y, m, d set; -1 otherwise. */
int euc_date_parse_iso(const char *s, int *y, int *m, int *d);

#endif
