/*
 * Copying and removing directory trees for the pipeline.  The input tree
 * is only ever read: files are opened O_RDONLY and symbolic links are
 * copied as links, never followed, so nothing outside the tree is read
 * and nothing inside it changes.
 */
#ifndef RM_TREE_H
#define RM_TREE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Copies the contents of directory `from` into directory `to` (which must
 * exist).  Regular files keep their permission bits, symbolic links are
 * recreated with the same target text, a `.git` directory at the top is
 * left out (the output is a repository of its own), and special files
 * (sockets, FIFOs, devices) are skipped with a line on `log`.  Returns 0
 * or a negative code with the failing path in the error slot.
 */
int tree_copy(const char *from, const char *to, FILE *log);

/* Removes `path` and everything below it without following links.
 * Returns 0 when it is gone (also when it did not exist). */
int tree_remove(const char *path);

/* Returns true when `path` is a directory with at least one entry. */
bool tree_is_nonempty_dir(const char *path);

/* Reads a whole file; the caller frees *out.  Returns 0 or a negative
 * code (RM_ENOTFOUND when it does not exist). */
int tree_read_file(char **out, size_t *len, const char *path);

/* Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory is written, flushed and renamed over the target. */
int tree_write_file(const char *path, const char *data, size_t len);

#endif
