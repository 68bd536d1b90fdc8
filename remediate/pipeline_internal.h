/* Declarations shared by the files of the pipeline (not a public API). */
#ifndef RM_PIPELINE_INTERNAL_H
#define RM_PIPELINE_INTERNAL_H

#include "audit.h"
#include "pipeline.h"
#include "scan.h"

/* A finding left for a person, with the reason it was not fixed. */
typedef struct manual_item {
	char *key;              /* pipeline_finding_key of the finding */
	char *rule_id;
	char *path;
	int line, col;          /* in the baseline when known */
	char *severity;
	char *message;
	char *reason;           /* why no automatic fix was applied */
} manual_item;

typedef struct pipeline_state {
	const pipeline_options *opt;
	const char *root;       /* the tree being built */
	audit_repo *repo;       /* NULL in a dry run */
	scan_result baseline;   /* scan of the untouched copy */
	manual_item *manual;
	size_t manual_count;
	char **attempted;       /* keys of findings already tried */
	size_t attempted_count;
} pipeline_state;

/* Scans the tree at `root` with paths relative to it. */
int pipeline_scan_tree(scan_result *out, const char *root);

/* Returns a newly allocated identity for finding `index` of `scan`. */
char *pipeline_finding_key(const scan_result *scan, size_t index);

/* Baseline commit, fix loop, records (pipeline_fix.c). */
int pipeline_fix_all(pipeline_state *state, pipeline_summary *out);

#endif
