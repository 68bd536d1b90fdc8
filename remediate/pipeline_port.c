/*
 * The port to C as the last steps of the pipeline: each step planned by
 * port_plan() is verified like a fix and committed with a `Step: port`
 * trailer, plus one trailer group per finding it resolves (for example
 * the residual subprocess findings that go away with the Python code).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixer.h"
#include "pipeline_internal.h"
#include "port/port.h"

/* Returns true when `path` is one of the files the plan writes or
 * deletes. */
static bool plan_touches(const fix *plan, const char *path)
{
	return fix_get_file(plan, path) != NULL;
}

/*
 * Collects the findings of `current` that a step resolves: those of the
 * step's rules in the files it touches.  Fills parallel arrays of at most
 * `max` findings and their "path:line:column" locations in the baseline
 * (newly allocated) and returns how many.
 */
static size_t resolved_findings(const pipeline_state *st, const port_step *step,
				const scan_result *current,
				const finding **findings, char **locations,
				size_t max)
{
	size_t n = 0;

	for (size_t r = 0; r < sizeof(step->rules) / sizeof(step->rules[0]) &&
			   step->rules[r]; r++) {
		for (size_t i = 0; i < current->findings.count && n < max; i++) {
			const finding *f = &current->findings.items[i];

			if (strcmp(f->rule->id, step->rules[r]) != 0 ||
			    !plan_touches(&step->plan, f->path))
				continue;
			findings[n] = f;
			locations[n] = pipeline_location(st, current, i);
			n++;
		}
	}
	return n;
}

int pipeline_step_port(pipeline_state *st, pipeline_summary *out)
{
	port_step *steps = NULL;
	size_t count = 0;
	scan_result current;
	int error;

	error = pipeline_scan_tree(&current, st->root);
	if (error < 0)
		return error;
	rm_error_clear();
	error = port_plan(&steps, &count, st->root, &current);
	scan_result_free(&current);
	if (error < 0) {
		/* RM_ENOTFOUND is a construct the model cannot express; any
		 * other failure (an app that does not parse, say) is reported
		 * the same way, because the hardened tree is still complete. */
		fprintf(st->opt->log, "remediate: the port to C stopped: %s\n",
			rm_error_last());
		fprintf(st->opt->log, "remediate: the hardened Python service is kept\n");
		out->port_stopped = true;
		return RM_OK;
	}

	for (size_t i = 0; i < count && error == RM_OK; i++) {
		const finding *findings[32];
		char *locations[32];
		char *verified = NULL, *reason = NULL;
		size_t n;

		error = pipeline_scan_tree(&current, st->root);
		if (error < 0)
			break;
		if (!pipeline_verify(&current, NULL, &steps[i].plan, &verified,
				     &reason)) {
			/* A generated step that does not verify is a bug of the
			 * port, not of the input: stop porting, keep Python. */
			fprintf(st->opt->log, "remediate: the port to C stopped: step '%s' was rejected: %s\n",
				steps[i].plan.subject, reason);
			fprintf(st->opt->log, "remediate: the hardened Python service is kept\n");
			out->port_stopped = true;
			free(reason);
			scan_result_free(&current);
			break;
		}
		n = resolved_findings(st, &steps[i], &current, findings, locations, 32);
		error = pipeline_commit_plan(st, &steps[i].plan, findings,
					     (const char *const *)locations, n,
					     "port", verified);
		if (error == RM_OK)
			out->fixed += (int)n;
		for (size_t j = 0; j < n; j++)
			free(locations[j]);
		free(verified);
		scan_result_free(&current);
	}
	if (error == RM_OK && !out->port_stopped)
		out->ported = true;
	port_steps_free(steps, count);
	return error;
}
