/*
 * The daemon.json loader: parses the Docker daemon's configuration file
 * with cJSON and records the byte range of every top-level key and value,
 * which cJSON itself does not keep, so findings and fixers get real
 * positions.
 */
#ifndef RM_DAEMON_H
#define RM_DAEMON_H

#include <stddef.h>

#include <cJSON.h>

#include "source.h"

/* One top-level member of the configuration object. */
typedef struct daemon_key {
	const char *name;       /* borrowed from the cJSON item */
	const cJSON *value;     /* borrowed from daemon_file.root */
	size_t key_start;       /* the key with its quotes */
	size_t key_end;
	size_t value_start;     /* the value as written */
	size_t value_end;
} daemon_key;

typedef struct daemon_file {
	const source *src;      /* borrowed; must outlive the file */
	cJSON *root;            /* the top-level object (owned) */
	daemon_key *keys;       /* in file order */
	size_t key_count;
	/* Byte offsets of the root object's braces; both are 0 for a file
	 * that holds only white space (dockerd then uses its defaults). */
	size_t open_brace;
	size_t close_brace;
} daemon_file;

/*
 * Parses `src` as daemon.json.  Returns 0, or RM_EINVALID with
 * "invalid daemon.json 'PATH' at line L:C: REASON" in the error slot for
 * a syntax error, a top level that is not an object, or a key given
 * twice.  The caller frees *out with daemon_free; `src` must outlive it.
 */
int daemon_load(daemon_file **out, const source *src);

void daemon_free(daemon_file *self);

/* Returns the top-level key `name` (borrowed), or NULL. */
const daemon_key *daemon_find_key(const daemon_file *self, const char *name);

#endif
