/*
 * Byte-range edits: how fixers change a file without re-serialising it.
 *
 * A fixer collects replacements of byte ranges [start, end) of the
 * original text in an edit_list, then edit_apply() builds the new text in
 * one pass.  Offsets always refer to the original text, so edits can be
 * added in any order, and every byte outside the ranges is copied
 * unchanged (comments, formatting and line endings stay as they were).
 *
 * An empty range (start == end) is an insertion before byte `start`; an
 * empty replacement is a deletion.  Two edits conflict when their ranges
 * share a byte, when an insertion falls strictly inside a replaced range,
 * or when two insertions target the same offset (their order would be a
 * guess).  An insertion at the start of a replaced range goes before the
 * replacement, one at its end goes after it.
 */
#ifndef RM_EDIT_H
#define RM_EDIT_H

#include <stddef.h>

typedef struct edit {
	size_t start;        /* byte offsets in the original text */
	size_t end;
	char *text;          /* owned replacement, NUL-terminated */
	size_t text_len;     /* its length (it may contain NUL bytes) */
} edit;

/* Edits sorted by start offset.  Zero-initialise it ({0}) before use. */
typedef struct edit_list {
	edit *items;
	size_t count;
	size_t cap;
} edit_list;

/*
 * Adds the replacement of [start, end) by the NUL-terminated
 * `replacement` (NULL means the empty string).  Returns RM_EINVALID,
 * leaving the list unchanged, when start > end or the edit conflicts
 * with one already in the list; the message names both ranges.
 */
int edit_list_add(edit_list *list, size_t start, size_t end,
		  const char *replacement);

/* Like edit_list_add() for a replacement of `len` bytes. */
int edit_list_add_bytes(edit_list *list, size_t start, size_t end,
			const char *replacement, size_t len);

void edit_list_clear(edit_list *list);  /* frees the items, keeps `list` */

/*
 * Applies every edit of `list` to text[0, len) into a new NUL-terminated
 * buffer *out of *out_len bytes, which the caller frees.  Returns
 * RM_EINVALID, with *out NULL, when an edit ends past `len`.
 */
int edit_apply(char **out, size_t *out_len, const char *text, size_t len,
	       const edit_list *list);

/* ---- line helpers for fixers ------------------------------------------ */

/* Returns the offset of the first byte of the line containing `offset`
 * (offset may be len, meaning the end of the text). */
size_t edit_line_start(const char *text, size_t len, size_t offset);

/* Returns the offset of the line terminator ("\n", or the "\r" of
 * "\r\n") of the line containing `offset`, or len for a last line
 * without one. */
size_t edit_line_end(const char *text, size_t len, size_t offset);

/* Returns the offset of the first byte of the line after the one
 * containing `offset`, or len when it is the last line. */
size_t edit_line_next(const char *text, size_t len, size_t offset);

/* Returns the number of spaces and tabs that start the line containing
 * `offset`; the indentation itself is text + edit_line_start(...). */
size_t edit_indent_len(const char *text, size_t len, size_t offset);

/* Returns "\r\n" when the first line of the text ends that way, else
 * "\n": the terminator a fixer should use for lines it inserts. */
const char *edit_newline(const char *text, size_t len);

#endif
