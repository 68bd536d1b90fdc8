/*
 * Output writers: render a scan_result (scan.h) as text for a terminal,
 * as Bandit-compatible JSON, as SARIF 2.1.0 or as a Markdown table.  Each
 * writer streams to a FILE that the caller opened and closes; none of them
 * changes the result.
 *
 * Every writer returns 0, or RM_EIO when writing to `out` failed (the
 * reason is in the error slot).  Findings are written in the order of
 * r->findings, which the scan driver has already sorted and filtered.
 */
#ifndef RM_WRITERS_H
#define RM_WRITERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "finding.h"
#include "scan.h"

/*
 * Writes one block per finding, then a summary:
 *
 *     app.py:19:15: HIGH B602 (confidence HIGH) subprocess call with ...
 *         out = subprocess.check_output(cmd, shell=True)
 *     (blank line)
 *
 * Lines and columns are 1-based, as compilers and editors count, so an
 * editor can jump to `path:line:col`; the column counts bytes (the
 * finding's 0-based byte column plus one).  The indented line is the
 * reported source line, copied from the finding's code excerpt (omitted
 * when the finding has none).  The summary gives the files scanned, lines
 * of code, findings by severity and every skipped file with its reason.
 * Control characters in paths, messages and source lines are written as
 * \xNN so that a scanned file cannot send escape sequences to the
 * terminal.  With `color`, severities and paths get ANSI colours.
 */
int writer_text(FILE *out, const scan_result *r, bool color);

/*
 * Writes Bandit 1.9.4's JSON report (`bandit -f json`), byte for byte as
 * Python's json.dumps(report, indent=2, sort_keys=True) prints it, plus
 * one final newline: keys sorted, non-ASCII as \uXXXX, "/" unescaped.
 *
 *   errors        [{filename, reason}] for each skipped file
 *   generated_at  `generated_at`, or the current UTC time as
 *                 "YYYY-MM-DDTHH:MM:SSZ" when it is NULL
 *   metrics       one object per analyzed file plus "_totals": loc, nosec,
 *                 skipped_tests, SEVERITY.* and CONFIDENCE.*, the level
 *                 counts taken before the severity/confidence filters
 *   results       code, col_offset, end_col_offset, filename,
 *                 issue_confidence, issue_cwe ({id, link} or {}),
 *                 issue_severity, issue_text, line_number, line_range,
 *                 more_info, test_id, test_name
 *
 * Container rules (RD, RC, RJ ids) use the same shape: test_name is the
 * rule's name, and more_info is the rule's URL or, when it has none, the
 * relative link "docs/rules.md#<id in lowercase>".
 */
int writer_json(FILE *out, const scan_result *r, const char *generated_at);

/*
 * Writes a SARIF 2.1.0 log with one run.  tool.driver lists one
 * reportingDescriptor per rule that has a result, sorted by id; each
 * result has ruleId, ruleIndex, level (HIGH "error", MEDIUM "warning",
 * LOW "note"), message and one location.  Columns are 1-based and count
 * Unicode code points (run.columnKind "unicodeCodePoints"); relative
 * paths become percent-encoded relative URIs with uriBaseId "%SRCROOT%",
 * absolute paths become file:// URIs.  Skipped files are written as
 * toolExecutionNotifications of the run's invocation.  `tool_version`
 * may be NULL to omit the version.
 */
int writer_sarif(FILE *out, const scan_result *r, const char *tool_version);

/*
 * Writes a GitHub-flavoured Markdown table with one row per finding:
 *
 *     | Severity | Confidence | Rule | CWE | Location | Issue |
 *     | HIGH | HIGH | [B602](URL) subprocess_popen_with_shell_equals_true
 *       | [CWE-78](https://cwe.mitre.org/...) | `app.py:29:15` | subprocess
 *       call with shell=True identified, security issue. `source line` |
 *
 * (one line per row in the output).  The rule links to its more_info URL
 * when it has one; the location is path:line:column with a 1-based byte
 * column, as the text writer prints it; the issue ends with the reported
 * source line as a code span, taken from the finding's excerpt.  After
 * the table comes one summary sentence (findings by severity, files
 * scanned, lines of code) and a list of skipped files with reasons; with
 * no findings, only the summary.  Text from files is escaped (md_out.h),
 * so it cannot add Markdown structure or HTML to the document.
 */
int writer_markdown(FILE *out, const scan_result *r);

/*
 * Finds 1-based line `line` in f->code, whose lines have the form
 * "<number> <text>\n".  Returns a pointer into f->code and stores the
 * text's length (without the newline) in *len, or returns NULL when the
 * finding has no excerpt or the excerpt does not contain that line.
 */
const char *writer_code_line(const finding *f, int line, size_t *len);

#endif
