/*
 * The list of fixers, one per rule id.  Each group of fixers lives in
 * its own file (python.c, dockerfile.c, compose.c, daemon.c) and exports
 * a table that is listed here.
 */
#include <string.h>

#include "fixer.h"
#include "fixers/fixers.h"

static const struct {
	const fixer *table;
	const size_t *count;
} groups[] = {
	{ NULL, NULL },
};

const fixer *fixer_find(const char *rule_id)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		if (!groups[g].table)
			continue;
		for (size_t i = 0; i < *groups[g].count; i++)
			if (strcmp(groups[g].table[i].rule_id, rule_id) == 0)
				return &groups[g].table[i];
	}
	return NULL;
}
