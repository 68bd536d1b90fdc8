/*
 * The fixer tables of each group, listed by registry.c.  Each table ends
 * with an entry whose rule_id is NULL.
 */
#ifndef RM_FIXERS_H
#define RM_FIXERS_H

#include "fixer.h"

extern const fixer python_fixers[];
extern const fixer dockerfile_fixers[];
extern const fixer compose_fixers[];
extern const fixer daemon_fixers[];

#endif
