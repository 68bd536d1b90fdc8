/*
 * Bandit-style configuration for `remediate scan`: the YAML file given
 * with `-c FILE` (or the [tool.bandit] table of a .toml file, read with
 * tree-sitter's TOML grammar), the per-plugin options the Python checks
 * read from it, and baseline reports (`-b FILE`, a Bandit JSON report
 * whose findings are not reported again).
 *
 * The keys are Bandit 1.9.4's: `tests`, `skips`, `exclude_dirs`, and one
 * mapping per plugin (`assert_used: {skips: [...]}`,
 * `hardcoded_tmp_directory: {tmp_dirs: [...]}`, `try_except_pass:
 * {check_typed_exception: true}`, `shell_injection: {subprocess: [...],
 * shell: [...], no_shell: [...]}`, ...).  Unknown keys are ignored, as
 * Bandit ignores them.
 */
#ifndef RM_CONFIG_H
#define RM_CONFIG_H

#include <stdbool.h>

#include "scan.h"

/*
 * Per-plugin options.  A NULL list means "Bandit's default list", and an
 * empty list (first element NULL) means an empty list.  All lists are
 * NULL-terminated arrays of strings owned by the bandit_config that
 * contains the options.
 */
typedef struct plugin_options {
	char **assert_skips;            /* assert_used.skips (fnmatch globs) */
	char **tmp_dirs;                /* hardcoded_tmp_directory.tmp_dirs */
	bool pass_typed;                /* try_except_pass.check_typed_exception */
	bool continue_typed;            /* try_except_continue.check_typed_exception */
	char **shell_subprocess;        /* shell_injection.subprocess */
	char **shell_shell;             /* shell_injection.shell */
	char **shell_no_shell;          /* shell_injection.no_shell */
	char **bad_protocol_versions;   /* ssl_with_bad_version.bad_protocol_versions */
	/* weak_cryptographic_key thresholds in bits: DSA high, DSA medium,
	 * RSA high, RSA medium, EC high, EC medium. */
	long weak_key[6];
	char **markup_names;            /* markupsafe_xss.extend_markup_names */
	char **allowed_calls;           /* markupsafe_xss.allowed_calls */
} plugin_options;

/* Fills `opts` with Bandit 1.9.4's defaults (all lists NULL). */
void plugin_options_init(plugin_options *opts);

/* A loaded configuration file. */
typedef struct bandit_config {
	char **tests;            /* `tests:` ids, NULL when absent */
	char **skips;            /* `skips:` ids, NULL when absent */
	char **exclude_dirs;     /* `exclude_dirs:` paths or globs */
	plugin_options plugins;
	/* Notes for the user about what the file sets and nothing reads: a
	 * misspelt key, or a pyproject.toml without [tool.bandit]. */
	char **notes;
} bandit_config;

/*
 * Loads `path` into *out: YAML, or, when the name ends in ".toml", the
 * [tool.bandit] table of a TOML file (an absent table is an empty
 * configuration, as in Bandit).  Returns 0, RM_ENOTFOUND or RM_EIO when
 * the file cannot be read or is not a regular file, or RM_EINVALID with
 * the line of a syntax error or a key of the wrong type in the error
 * slot.  RM_EINVALID also rejects a file over 64 MiB, a second YAML
 * document, nesting deeper than 64 levels and YAML aliases that expand
 * past a bound (an alias bomb).  The caller frees *out with
 * bandit_config_free.
 */
int bandit_config_load(bandit_config *out, const char *path);

void bandit_config_free(bandit_config *cfg);

/* One finding of a baseline report, reduced to the fields Bandit
 * compares (issue text, severity, confidence, CWE, file, test name and
 * id; not the line, so moved code still matches). */
typedef struct baseline_entry {
	char *filename;
	char *test_id;
	char *test_name;
	char *text;
	level severity;
	level confidence;
	int cwe;
} baseline_entry;

typedef struct baseline {
	baseline_entry *items;
	size_t count;
} baseline;

/*
 * Reads the "results" of a Bandit JSON report.  Returns 0, RM_ENOTFOUND
 * or RM_EIO when the file cannot be read or is not a regular file, or
 * RM_EINVALID when it is over 64 MiB or not a JSON object with a
 * "results" list.  Free with baseline_free.
 */
int baseline_load(baseline *out, const char *path);

void baseline_free(baseline *b);

/*
 * Removes from result->findings every finding equal to some baseline
 * entry, the way Bandit 1.9.4 compares issues (text, severity,
 * confidence, CWE, file name, test name, test id).  A U+FFFD in the
 * baseline's text or file name matches one byte that is not valid UTF-8,
 * as the JSON writer writes such bytes.  Metrics and level
 * totals are left alone, as in Bandit.  Returns how many were removed.
 */
size_t baseline_filter(scan_result *result, const baseline *b);

/* Returns true when `f` equals baseline entry `e` in Bandit's sense. */
bool baseline_matches(const baseline_entry *e, const finding *f);

#endif
