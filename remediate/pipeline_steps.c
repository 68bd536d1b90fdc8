/*
 * Pipeline steps that are not the fix of one scanned finding: writing a
 * hardened daemon.json, and dealing with Compose services that nothing
 * uses (recommended for removal, or removed with --prune-unused).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "error.h"
#include "fixer.h"
#include "fixers/fix_compose.h"
#include "fixers/fix_daemon.h"
#include "pipeline_internal.h"
#include "scan.h"

int pipeline_step_daemon(pipeline_state *st, const scan_result *current)
{
	fix plan;
	char *verified = NULL, *reason = NULL;
	int error;

	memset(&plan, 0, sizeof(plan));
	rm_error_clear();
	error = fix_daemon_hardened(&plan, st->root);
	if (error == RM_ENOTFOUND) {
		/* The tree's daemon.json has every hardened setting already. */
		fix_release(&plan);
		return RM_OK;
	}
	if (error < 0) {
		/* An invalid daemon.json is already in the scan's errors. */
		fprintf(st->opt->log, "remediate: daemon.json not hardened: %s\n",
			rm_error_last());
		fix_release(&plan);
		return RM_OK;
	}
	if (!pipeline_verify(current, NULL, &plan, &verified, &reason)) {
		fprintf(st->opt->log, "remediate: daemon.json not hardened: %s\n",
			reason);
		error = RM_OK;
		goto done;
	}
	error = pipeline_commit_plan(st, &plan, NULL, NULL, 0, "daemon",
				     verified);

done:
	free(verified);
	free(reason);
	fix_release(&plan);
	return error;
}

/*
 * Finds `service` in the Compose file at `path` and appends a finding of
 * rule RC216 for its name to `list`.  Returns 0, or RM_ENOTFOUND when the
 * file or the service is missing.  *src receives the loaded file, which
 * the caller frees with source_free.
 */
static int unused_finding(finding_list *list, source **src, const char *path,
			  const char *display_path, const char *service,
			  size_t *start, size_t *end)
{
	compose_file *file = NULL;
	const compose_service *svc;
	int error;

	*src = NULL;
	error = source_load(src, path, 0);
	if (error < 0)
		return RM_ENOTFOUND;
	free((*src)->path);
	(*src)->path = rm_xstrdup(display_path);
	error = compose_load(&file, *src);
	if (error < 0)
		return RM_ENOTFOUND;
	svc = compose_find_service(file, service);
	if (svc && start && end &&
	    compose_service_range(file, service, start, end) < 0)
		*start = *end = 0;
	if (svc) {
		finding *f = finding_add_id(list, "RC216", *src, svc->key->start,
					    svc->key->end,
					    "Service '%s' is not used by anything in the project.",
					    service);
		finding_fill_code(f, *src, 3);
	}
	compose_free(file);
	return svc ? RM_OK : RM_ENOTFOUND;
}

static int handle_unused(pipeline_state *st, const scan_result *current,
			 const char *compose_path,
			 const fix_compose_unused *item, pipeline_summary *out)
{
	finding_list now = { 0 }, then = { 0 };
	source *now_src = NULL, *then_src = NULL;
	char *now_path = rm_xasprintf("%s/%s", st->root, compose_path);
	char *then_path = rm_xasprintf("%s/%s", st->opt->before, compose_path);
	char *key = NULL, *verified = NULL, *reason = NULL;
	const finding *f, *at;
	size_t range_start = 0, range_end = 0;
	fix plan;
	int error = RM_OK;

	memset(&plan, 0, sizeof(plan));
	if (unused_finding(&now, &now_src, now_path, compose_path, item->service,
			   &range_start, &range_end) < 0)
		goto done;
	f = &now.items[0];
	/* The Location trailer names the place in the untouched input. */
	at = unused_finding(&then, &then_src, then_path, compose_path,
			    item->service, NULL, NULL) == RM_OK ? &then.items[0] : f;
	key = rm_xasprintf("RC216\x1f%s\x1f%s", compose_path, item->service);

	if (!st->opt->prune_unused) {
		size_t n = strlen(item->reason);
		bool period = n > 0 && item->reason[n - 1] == '.';
		char *manual_reason = rm_xasprintf("%s%s Recommendation: %s (or run remediate with --prune-unused).",
					 item->reason, period ? "" : ".",
					 item->recommendation);
		pipeline_add_manual(st, key, f, at, manual_reason);
		free(manual_reason);
		goto done;
	}

	rm_error_clear();
	error = fix_compose_remove_service(&plan, st->root, compose_path,
					   item->service);
	if (error < 0) {
		char *manual_reason = rm_xasprintf("the service could not be removed automatically: %s",
					 rm_error_last());
		pipeline_add_manual(st, key, f, at, manual_reason);
		free(manual_reason);
		error = RM_OK;
		goto done;
	}
	if (!pipeline_verify(current, NULL, &plan, &verified, &reason)) {
		char *manual_reason = rm_xasprintf("the automatic removal was rejected: %s", reason);
		pipeline_add_manual(st, key, f, at, manual_reason);
		free(manual_reason);
		goto done;
	}
	{
		/* The commit resolves RC216 and every finding inside the removed
		 * service's block, so each gets its trailer group: the audit
		 * trail then shows, say, a literal password that went away with
		 * the service and must still be rotated. */
		const finding *findings[64];
		char *locations[64];
		size_t n = 0;

		/* Service-level findings sit on the service's name, which comes
		 * before its block. */
		if (f->start_byte < range_start)
			range_start = f->start_byte;
		findings[n] = f;
		locations[n++] = rm_xasprintf("%s:%d:%d", at->path, at->line,
					      at->col + 1);
		for (size_t i = 0; i < current->findings.count && n < 64; i++) {
			const finding *g = &current->findings.items[i];

			if (strcmp(g->path, compose_path) != 0 ||
			    g->start_byte < range_start || g->start_byte >= range_end)
				continue;
			findings[n] = g;
			locations[n++] = pipeline_location(st, current, i);
		}
		error = pipeline_commit_plan(st, &plan, findings,
					     (const char *const *)locations, n,
					     NULL, verified);
		if (error == RM_OK)
			out->fixed += (int)n;
		for (size_t i = 0; i < n; i++)
			free(locations[i]);
	}

done:
	fix_release(&plan);
	finding_list_clear(&now);
	finding_list_clear(&then);
	source_free(now_src);
	source_free(then_src);
	free(now_path);
	free(then_path);
	free(key);
	free(verified);
	free(reason);
	return error;
}

int pipeline_step_unused(pipeline_state *st, const scan_result *current,
			 pipeline_summary *out)
{
	int error = RM_OK;

	for (size_t i = 0; i < current->metrics_count && error == RM_OK; i++) {
		const char *path = current->metrics[i].path;
		fix_compose_unused_list list = { 0 };
		target kind;

		if (scan_classify(path, NULL, 0, &kind) < 0 ||
		    kind != TARGET_COMPOSE)
			continue;
		rm_error_clear();
		if (fix_compose_unused_services(&list, st->root, path) < 0) {
			fprintf(st->opt->log, "remediate: cannot look for unused services in '%s': %s\n",
				path, rm_error_last());
			continue;
		}
		for (size_t j = 0; j < list.count && error == RM_OK; j++)
			error = handle_unused(st, current, path, &list.items[j], out);
		fix_compose_unused_list_free(&list);
	}
	return error;
}
