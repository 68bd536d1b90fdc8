/* Thread-local error slot and aborting allocation helpers. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char error_slot[1024];

void rm_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_slot, sizeof(error_slot), fmt, ap);
	va_end(ap);
}

const char *rm_error_last(void)
{
	return error_slot;
}

void rm_error_clear(void)
{
	error_slot[0] = '\0';
}

static void *check_alloc(void *ptr)
{
	if (!ptr) {
		fputs("remediate: out of memory\n", stderr);
		abort();
	}
	return ptr;
}

void *rm_xmalloc(unsigned long size)
{
	return check_alloc(malloc(size ? size : 1));
}

void *rm_xcalloc(unsigned long count, unsigned long size)
{
	return check_alloc(calloc(count ? count : 1, size ? size : 1));
}

void *rm_xrealloc(void *ptr, unsigned long size)
{
	return check_alloc(realloc(ptr, size ? size : 1));
}

char *rm_xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *rm_xstrndup(const char *s, unsigned long n)
{
	return check_alloc(strndup(s, n));
}

char *rm_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0)
		check_alloc(NULL);
	return out;
}
