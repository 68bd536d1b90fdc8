/* Reading single source lines back out of a finding's code excerpt. */
#include "writers.h"

#include <stdlib.h>
#include <string.h>

const char *writer_code_line(const finding *f, int line, size_t *len)
{
	const char *p = f->code;

	while (p && *p) {
		const char *end = strchr(p, '\n');
		char *after;
		long number = strtol(p, &after, 10);

		if (!end)
			end = p + strlen(p);
		if (after != p && *after == ' ' && number == line) {
			*len = (size_t)(end - after - 1);
			return after + 1;
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}
