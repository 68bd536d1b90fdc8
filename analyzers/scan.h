/*
 * The scan driver: finds the files under the given paths, runs the
 * matching analyzer on each with a pool of worker threads, and merges
 * the results in a deterministic order whatever the number of threads.
 */
#ifndef RM_SCAN_H
#define RM_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "rule.h"

typedef struct scan_config {
	level min_severity;      /* report findings at or above these */
	level min_confidence;
	const char **skip;       /* rule ids not to run (NULL-terminated) */
	const char **tests;      /* when set, only these rule ids run */
	const char **exclude;    /* path globs or names not to descend into */
	/* The user's patterns (-x, a config's exclude_dirs): as in Bandit,
	 * a path that contains one of them is also left out. */
	const char **exclude_parts;
	bool ignore_nosec;       /* report findings marked `# nosec` too */
	int jobs;                /* worker threads; 0 means one per core */
	int context_lines;       /* lines in each finding's code excerpt */
	size_t max_file_bytes;   /* larger files are skipped with an error */
	bool progress;           /* show files done/total on a terminal */
	/* Bandit's per-plugin options (config.h); NULL for the defaults.
	 * Borrowed: the caller keeps them alive during the scan. */
	const struct plugin_options *plugins;
} scan_config;

/* Fills `cfg` with the defaults: report everything, all cores, 3 lines of
 * context, default exclusions, files up to 10 MiB. */
void scan_config_init(scan_config *cfg);

/* Returns true when rule `id` is selected by cfg->tests and cfg->skip. */
bool scan_rule_enabled(const scan_config *cfg, const char *id);

typedef struct scan_result {
	finding_list findings;   /* sorted, filtered by the level thresholds */
	file_metrics *metrics;   /* one per analyzed file, sorted by path */
	size_t metrics_count;
	scan_error *errors;      /* one per skipped file or path, sorted */
	size_t errors_count;
	size_t files_scanned;
	/* Counts before the level filters, indexed by level. */
	long severity_totals[4];
	long confidence_totals[4];
	long baseline_hidden;    /* findings removed by baseline_filter */
} scan_result;

/*
 * Scans every path (a file, a directory walked recursively, or "-" for
 * Python source on standard input).  Problems with single paths or files
 * go into result->errors and do not stop the scan.  Returns 0, or a
 * negative code when the scan itself could not run.  The caller frees
 * the result with scan_result_free.
 */
int scan_paths(scan_result *result, const char **paths, size_t path_count,
	       const scan_config *cfg);

/* Scans one in-memory source as the given kind of file; used by the
 * fixers to verify an edit without touching the disk. */
int scan_source(scan_result *result, const source *src, target kind,
		const scan_config *cfg);

/* Decides which analyzer a file belongs to from its name and first line;
 * returns 0 and sets *out, or RM_ENOTFOUND when no analyzer applies. */
int scan_classify(const char *path, const char *head, size_t head_len,
		  target *out);

void scan_result_free(scan_result *result);

#endif
