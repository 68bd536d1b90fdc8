/*
 * The rule catalog.  Each analyzer keeps its rows in its own rules.def
 * (designated initializers of struct rule, one per rule) and they are
 * compiled here into one array, ordered by analyzer then by id.
 */
#include "rule.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "error.h"

#define BANDIT_DOCS "https://bandit.readthedocs.io/en/1.9.4/"

static const rule catalog[] = {
#include "python/rules.def"
#include "dockerfile/rules.def"
#include "compose/rules.def"
#include "daemon/rules.def"
};

const rule *catalog_rules(size_t *count)
{
	*count = sizeof(catalog) / sizeof(catalog[0]);
	return catalog;
}

const rule *catalog_find(const char *id)
{
	for (size_t i = 0; i < sizeof(catalog) / sizeof(catalog[0]); i++)
		if (strcmp(catalog[i].id, id) == 0)
			return &catalog[i];
	return NULL;
}

const rule *catalog_find_name(const char *name)
{
	for (size_t i = 0; i < sizeof(catalog) / sizeof(catalog[0]); i++)
		if (strcmp(catalog[i].name, name) == 0)
			return &catalog[i];
	return NULL;
}

const char *level_name(level value)
{
	switch (value) {
	case LEVEL_LOW: return "LOW";
	case LEVEL_MEDIUM: return "MEDIUM";
	case LEVEL_HIGH: return "HIGH";
	default: return "UNDEFINED";
	}
}

int level_parse(level *out, const char *text)
{
	static const struct { const char *name; level value; } names[] = {
		{ "all", LEVEL_UNDEFINED }, { "undefined", LEVEL_UNDEFINED },
		{ "low", LEVEL_LOW }, { "l", LEVEL_LOW },
		{ "medium", LEVEL_MEDIUM }, { "m", LEVEL_MEDIUM },
		{ "high", LEVEL_HIGH }, { "h", LEVEL_HIGH },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(names[i].name, text) == 0) {
			*out = names[i].value;
			return RM_OK;
		}
	}
	rm_error_set("invalid level '%s': expected low, medium or high", text);
	return RM_EINVALID;
}

const char *target_name(target value)
{
	switch (value) {
	case TARGET_PYTHON: return "python";
	case TARGET_DOCKERFILE: return "dockerfile";
	case TARGET_COMPOSE: return "compose";
	case TARGET_DAEMON: return "daemon";
	}
	return "unknown";
}
