/*
 * The Compose fixers' functions that other files call: the RC214 and
 * RC215 plans, and the search for services that
 * nothing uses with the plan that removes one (compose_unused.c).
 */
#ifndef RM_FIX_COMPOSE_H
#define RM_FIX_COMPOSE_H

#include <stddef.h>

#include "fixer.h"

/* Plans the fix of an RC214 finding (a literal secret in `environment`). */
int fix_compose_secret(fix *out, const fix_context *ctx);

/* Plans the fix of an RC215 finding (a built service without a
 * healthcheck), in compose_health.c. */
int fix_compose_healthcheck(fix *out, const fix_context *ctx);

/* A service that looks unused, for the report. */
typedef struct fix_compose_unused {
	char *service;          /* its name */
	char *reason;           /* why it looks unused: one or two sentences */
	char *recommendation;   /* what a person should check or do */
} fix_compose_unused;

typedef struct fix_compose_unused_list {
	fix_compose_unused *items;
	size_t count;
} fix_compose_unused_list;

/*
 * Finds the services of the Compose file `compose_path` (relative to the
 * tree `root`) that nothing uses.  A service counts as unused when
 *
 *   - it is not built from the tree and publishes no port, so it is not
 *     the application itself or its entry point;
 *   - it refers to no other service, so it is not a client doing work;
 *   - no other service refers to its name except through `depends_on`;
 *   - no file of the tree (code, configuration, env files; .git and
 *     .remediate are skipped) contains its name as a whole word, apart
 *     from those `depends_on` entries and the service's own block.
 *
 * A whole word is bounded by characters other than letters, digits and
 * '_'.  Files larger than 16 MiB and binary files are not read.
 * Returns 0 and fills *out (possibly empty), or a negative code when the
 * Compose file cannot be read or parsed.  The caller frees *out with
 * fix_compose_unused_list_free.
 */
int fix_compose_unused_services(fix_compose_unused_list *out, const char *root,
				const char *compose_path);

void fix_compose_unused_list_free(fix_compose_unused_list *list);

/*
 * Plans the removal of `service` from `compose_path`.  The plan removes
 * its block and the `depends_on` entries that name it (the whole key
 * when it was the only entry).  It also removes the top-level networks,
 * volumes and secrets that only it used, with the example files
 * remediate wrote for those secrets.  The
 * subject reads "Remove the unused SERVICE service from FILE".  Returns
 * 0, RM_ENOTFOUND when the file has no such service, or another negative
 * code with the reason set.
 */
int fix_compose_remove_service(fix *out, const char *root,
			       const char *compose_path, const char *service);

#endif
