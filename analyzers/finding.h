/*
 * Findings, per-file metrics and skipped-file errors: what a scan
 * produces.  A finding carries everything a writer or a fixer needs, so
 * neither has to look anything up again.
 */
#ifndef RM_FINDING_H
#define RM_FINDING_H

#include <stddef.h>

#include "rule.h"
#include "source.h"

typedef struct finding {
	const rule *rule;     /* borrowed from the catalog */
	level severity;       /* may differ from rule->severity */
	level confidence;     /* may differ from rule->confidence */
	char *path;           /* owned */
	int line;             /* 1-based line reported (Bandit's lineno) */
	int col;              /* 0-based byte column (Bandit's col_offset) */
	int end_line;         /* 1-based line of the node's end */
	int end_col;          /* 0-based byte column of the node's end */
	/* Columns in code points, for SARIF: col on `line` and end_col on
	 * `end_line`.  finding_fill_code sets them; -1 until then. */
	int col_chars;
	int end_col_chars;
	int range_first;      /* line_range: first and last line spanned */
	int range_last;
	size_t start_byte;    /* byte range of the flagged node in the file */
	size_t end_byte;
	char *message;        /* owned, one sentence */
	char *code;           /* owned, numbered source excerpt, may be NULL */
} finding;

typedef struct finding_list {
	finding *items;
	size_t count;
	size_t cap;
} finding_list;

/*
 * Appends a finding for rule `r` covering bytes [start, end) of `src`.
 * Line, column and range come from the offsets; severity and confidence
 * start at the rule's defaults.  `fmt` may be NULL to use r->message.
 * Returns the new finding (valid until the next append) so the caller
 * can adjust levels or the reported line.
 */
finding *finding_add(finding_list *list, const rule *r, const source *src,
		     size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Like finding_add, for a rule looked up by id; aborts on unknown ids
 * because that is a programming error, not bad input. */
finding *finding_add_id(finding_list *list, const char *rule_id,
			const source *src, size_t start, size_t end,
			const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Moves every finding of `from` to the end of `to`, leaving `from` empty. */
void finding_list_move(finding_list *to, finding_list *from);

/*
 * Sets f->code to the lines around the finding in Bandit's format: each
 * line prefixed by its number and a space, newline-terminated.  Like
 * Bandit 1.9.4, it starts context/2 lines above the reported line and
 * spans the node's line range plus context - 1 lines (Bandit's default
 * context is 3).
 */
void finding_fill_code(finding *f, const source *src, int context);

/* Sorts by path, then line, column and rule id: the output order. */
void finding_list_sort(finding_list *list);

/* Removes the finding at `index`, freeing its strings. */
void finding_list_remove(finding_list *list, size_t index);

void finding_list_clear(finding_list *list);  /* frees the items too */

/* Per-file metrics, as Bandit's JSON reports them. */
typedef struct file_metrics {
	char *path;          /* owned */
	long loc;            /* lines that are neither blank nor comment */
	long nosec;          /* findings dropped by a blanket `# nosec` */
	long skipped_tests;  /* findings dropped by `# nosec <ids>` */
	/* Findings of this file by level, counted before the severity and
	 * confidence filters (Bandit's SEVERITY.* and CONFIDENCE.*), indexed
	 * by `level`. */
	long severity[4];
	long confidence[4];
} file_metrics;

/* A file the scan could not analyze, with the reason. */
typedef struct scan_error {
	char *path;          /* owned */
	char *reason;        /* owned */
} scan_error;

#endif
