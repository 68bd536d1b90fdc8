/* PLACEHOLDER: replaced by the daemon fixers. */
#include "fixers/fixers.h"

const fixer daemon_fixers[] = {
	{ NULL, NULL },
};
