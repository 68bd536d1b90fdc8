/* PLACEHOLDER: replaced by the dockerfile fixers. */
#include "fixers/fixers.h"

const fixer dockerfile_fixers[] = {
	{ NULL, NULL },
};
