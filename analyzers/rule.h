/*
 * The rule catalog: one table describing every rule the analyzers can
 * report.  Writers, `remediate rules`, the fixers, the report and
 * docs/rules.md all read it, so a rule's name, levels, CWE and wording
 * live in exactly one place.
 *
 * The rows are kept in one file per analyzer (analyzers/<lang>/rules.def)
 * and compiled into a single array by catalog.c.
 */
#ifndef RM_RULE_H
#define RM_RULE_H

#include <stdbool.h>
#include <stddef.h>

/* Bandit's ranks, in increasing order so they compare with < and >. */
typedef enum level {
	LEVEL_UNDEFINED = 0,
	LEVEL_LOW,
	LEVEL_MEDIUM,
	LEVEL_HIGH,
} level;

typedef enum target {
	TARGET_PYTHON,
	TARGET_DOCKERFILE,
	TARGET_COMPOSE,
	TARGET_DAEMON,
} target;

typedef struct rule {
	const char *id;          /* "B602", or our own "RD101", never reused */
	const char *name;        /* Bandit's test_name, or a snake_case name */
	target target;
	level severity;          /* default; a check may raise or lower it */
	level confidence;        /* default; a check may raise or lower it */
	int cwe;                 /* CWE number, 0 when none applies */
	const char *xref;        /* "CIS 4.1, DL3002"; NULL when none */
	bool fixable;            /* an automatic fixer exists */
	bool retired;            /* listed for the record, never reported */
	const char *message;     /* default one-sentence finding text */
	const char *description; /* why it matters, for docs and reports */
	const char *remedy;      /* what to do about it */
	const char *more_info;   /* documentation URL, NULL for our own page */
	/* Threat mapping used by the report: STRIDE category, MITRE ATT&CK
	 * technique ("T1190 Exploit Public-Facing Application") and NIST
	 * SP 800-53 control ("SI-10 Information Input Validation"). */
	const char *stride;
	const char *attack;
	const char *nist;
} rule;

/* Returns the whole catalog (borrowed, static) and its length. */
const rule *catalog_rules(size_t *count);

/* Returns the rule with this id (case-sensitive), or NULL. */
const rule *catalog_find(const char *id);

/* Returns the first rule with this name, or NULL. */
const rule *catalog_find_name(const char *name);

const char *level_name(level value);    /* "LOW", "MEDIUM", ... */
/* Parses "low"/"LOW"/"l" and friends; returns 0 or RM_EINVALID. */
int level_parse(level *out, const char *text);
const char *target_name(target value);  /* "python", "dockerfile", ... */

#endif
