/*
 * A source file held in memory, with an index of line starts so that
 * byte offsets convert to line and column numbers and back.
 */
#ifndef RM_SOURCE_H
#define RM_SOURCE_H

#include <stddef.h>

typedef struct source {
	char *path;          /* path as given by the user (owned) */
	char *text;          /* file bytes plus a terminating NUL (owned) */
	size_t len;          /* number of bytes, without the NUL */
	size_t *line_starts; /* byte offset of each line's first byte (owned) */
	size_t line_count;   /* a final line without newline counts too */
} source;

/*
 * Reads the file at `path` into a new source.  Returns 0, RM_ENOTFOUND,
 * RM_EIO (unreadable, not a regular file, larger than max_bytes) with the
 * reason in the error slot.  The caller frees *out with source_free.
 */
int source_load(source **out, const char *path, size_t max_bytes);

/* Builds a source from bytes in memory (copied); never fails. */
source *source_from_bytes(const char *path, const char *bytes, size_t len);

void source_free(source *self);

/* Converts a byte offset to a 1-based line and 0-based byte column. */
void source_position(const source *self, size_t offset, int *line, int *col);

/*
 * Returns a pointer to the start of 1-based line `line` and stores its
 * length without the line ending in *len; NULL when out of range.
 */
const char *source_line(const source *self, int line, size_t *len);

/* Returns the byte offset where 1-based line `line` starts, or len. */
size_t source_line_offset(const source *self, int line);

/* Returns nonzero when the bytes are not valid UTF-8 or contain NUL. */
int source_is_binary(const source *self);

#endif
