/*
 * The runtime files the generated service is built with, embedded in the
 * remediate binary at build time from remediate/port/runtime/, so the
 * files there stay the only copy of the runtime's source.
 */
#ifndef RM_PORT_RUNTIME_H
#define RM_PORT_RUNTIME_H

#include <stddef.h>

typedef struct port_runtime_file {
	const char *name;     /* "http.c", copied to service/runtime/NAME */
	const char *text;     /* the file's bytes, followed by a NUL */
	size_t len;
	unsigned module;      /* 0 for every service, else a PORT_USES_* flag */
} port_runtime_file;

#define PORT_RUNTIME_FILE_COUNT 9

/* Fills `out` with the embedded runtime files (the texts are static). */
void port_runtime_files(port_runtime_file out[PORT_RUNTIME_FILE_COUNT]);

#endif
