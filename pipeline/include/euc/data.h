/* euc_data: where eucheck's data (schemas/: field definitions, XSDs, rules,
 * phrase lists, countries) lives at run time.
 *
 * Looked up, first match wins: $EUCHECK_DATA; schemas/ beside the running
 * executable (a build tree); ../share/eucheck/schemas from the executable
 * (an installed tree); ./schemas.  Returns a string owned by the module,
 * valid for the life of the process.
 */
#ifndef EUC_DATA_H
#define EUC_DATA_H

const char *euc_data_dir(void);

/* Joins the data dir and a relative name into buf; returns buf. */
char *euc_data_path(char *buf, unsigned long n, const char *name);

#endif
