/*
 * The main job: copy BEFORE into a new tree, commit it as the baseline,
 * fix one finding at a time (each fix verified by a rescan and recorded
 * as its own commit), record the scans, and publish the tree at AFTER.
 */
#ifndef RM_PIPELINE_H
#define RM_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "rule.h"

typedef struct pipeline_options {
	const char *before;     /* input tree; only ever read */
	const char *after;      /* output tree, a git repository */
	const char *author;     /* "Name <email>" or NULL */
	bool force;             /* replace an AFTER this tool did not make */
	bool dry_run;           /* print the plan, write nothing to AFTER */
	bool prune_unused;      /* remove services nothing uses */
	bool keep_python;       /* skip the port to C */
	level threshold;        /* findings below it do not affect the exit */
	FILE *log;              /* progress lines (stderr) */
} pipeline_options;

typedef struct pipeline_summary {
	int findings_before;    /* all findings of the baseline scan */
	int findings_after;     /* all findings of the final scan */
	int fixed;              /* accepted fix commits */
	int manual;             /* findings left for a person */
	int manual_at_threshold;/* of those, at or above the threshold */
	int unscanned;          /* files of the input that could not be
				 * analyzed (syntax errors, invalid YAML) */
	bool ported;            /* the service was replaced by the C port */
	bool port_stopped;      /* the port met something it cannot express,
				 * so the hardened Python service was kept */
} pipeline_summary;

/*
 * Runs the pipeline.  Returns 0 when it completed (whatever was left as
 * manual work), RM_EINVALID or RM_EEXISTS for bad arguments or an AFTER
 * that may not be replaced, or another negative code; the reason is in
 * the error slot.
 */
int pipeline_run(pipeline_summary *out, const pipeline_options *opt);

#endif
