/*
 * The security report: a Markdown document made from the hardened tree's
 * git history (the trailers and bodies of the fix commits) and the scans
 * the pipeline recorded in AFTER/.remediate/.  docs/report.md describes
 * its sections.
 *
 * The report is a function of the repository alone: the same AFTER gives
 * the same bytes, dates come from commit times, and nothing reads the
 * clock or the environment.
 */
#ifndef RM_REPORT_H
#define RM_REPORT_H

#include <stdio.h>

/*
 * Writes the report of the tree `after` to `out`.  Returns 0, or
 * RM_ENOTFOUND when `after` does not exist or has no git repository,
 * RM_EINVALID when a commit in it was not written by remediate or a
 * record in .remediate/ is malformed, RM_EIO when writing failed; the
 * reason is in the error slot.  On failure part of the report may have
 * been written.
 */
int report_write(FILE *out, const char *after);

/* Returns the official CWE name of weakness `cwe` (borrowed, static), or
 * NULL when the report's table does not know it. */
const char *report_cwe_name(int cwe);

#endif
