/*
 * The lookup of fixers by rule id.  Each group of fixers lives in its own
 * file (python.c, dockerfile.c, compose.c, daemon.c) and exports a table
 * that ends with an entry whose rule_id is NULL.
 */
#include <string.h>

#include "fixer.h"
#include "fixers/fixers.h"

static const fixer *const groups[] = {
	python_fixers,
	dockerfile_fixers,
	compose_fixers,
	daemon_fixers,
};

const fixer *fixer_find(const char *rule_id)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const fixer *f = groups[g]; f->rule_id; f++)
			if (strcmp(f->rule_id, rule_id) == 0)
				return f;
	return NULL;
}
