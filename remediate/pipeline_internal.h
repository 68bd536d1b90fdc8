/* Declarations shared by the files of the pipeline (not a public API). */
#ifndef RM_PIPELINE_INTERNAL_H
#define RM_PIPELINE_INTERNAL_H

#include "audit.h"
#include "pipeline.h"
#include <stdbool.h>

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

struct fix;
struct finding;

/* Writes a plan and commits it with one trailer group per finding
 * (pipeline_fix.c). */
int pipeline_commit_plan(pipeline_state *st, const struct fix *plan,
			 const struct finding *const *findings,
			 const char *const *locations, size_t count,
			 const char *step, const char *verified);

/* Rescans the files of a plan; see pipeline_fix.c.  `f` may be NULL. */
bool pipeline_verify(const scan_result *current, const struct finding *f,
		     const struct fix *plan, char **verified, char **reason);

/* Returns "path:line:column" of finding `index` of `scan` as placed in the
 * baseline when the baseline has it, else where it is now (newly
 * allocated). */
char *pipeline_location(const pipeline_state *st, const scan_result *scan,
			size_t index);

/* Records finding `f` (placed at `at` in the baseline) as manual work. */
void pipeline_add_manual(pipeline_state *st, const char *key,
			 const struct finding *f, const struct finding *at,
			 const char *reason);

/* Steps after the fix loop (pipeline_steps.c): a hardened daemon.json and
 * the services nothing uses.  `current` is the latest scan of the tree. */
int pipeline_step_daemon(pipeline_state *st, const scan_result *current);
int pipeline_step_unused(pipeline_state *st, const scan_result *current,
			 pipeline_summary *out);

/* Ports the service to C in commits of its own (pipeline_port.c); sets
 * out->port_stopped when the app uses something the port cannot express. */
int pipeline_step_port(pipeline_state *st, pipeline_summary *out);

/* Baseline commit, fix loop, records (pipeline_fix.c). */
int pipeline_fix_all(pipeline_state *state, pipeline_summary *out);

#endif
