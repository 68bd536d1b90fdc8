/* The fixer tables of each group, listed by registry.c. */
#ifndef RM_FIXERS_H
#define RM_FIXERS_H

#include <stddef.h>

#include "fixer.h"

#endif
