/* PLACEHOLDER: replaced by the python fixers. */
#include "fixers/fixers.h"

const fixer python_fixers[] = {
	{ NULL, NULL },
};
