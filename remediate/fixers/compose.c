/* PLACEHOLDER: replaced by the compose fixers. */
#include "fixers/fixers.h"

const fixer compose_fixers[] = {
	{ NULL, NULL },
};
