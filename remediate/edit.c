/*
 * Byte-range edits: a sorted list of non-overlapping replacements and
 * the one-pass copy that applies them, plus the line arithmetic fixers
 * need to place new lines with the right indentation.
 */
#include "edit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* True when edits a and b cannot both be applied in a defined order. */
static bool conflicts(size_t a_start, size_t a_end, const edit *b)
{
	bool a_insert = a_start == a_end, b_insert = b->start == b->end;

	if (a_insert && b_insert)
		return a_start == b->start;
	if (a_insert)
		return b->start < a_start && a_start < b->end;
	if (b_insert)
		return a_start < b->start && b->start < a_end;
	return a_start < b->end && b->start < a_end;
}

int edit_list_add_bytes(edit_list *list, size_t start, size_t end,
			const char *replacement, size_t len)
{
	size_t pos;
	edit *e;

	if (start > end) {
		rm_error_set("invalid edit [%zu, %zu): the start is after the end",
			     start, end);
		return RM_EINVALID;
	}

	/* Sorted by (start, end): an insertion sorts before a replacement
	 * that starts at the same offset, which is where it is applied. */
	for (pos = 0; pos < list->count; pos++) {
		const edit *other = &list->items[pos];

		if (conflicts(start, end, other)) {
			rm_error_set("edit [%zu, %zu) overlaps edit [%zu, %zu) "
				     "of the same file; merge them into one edit",
				     start, end, other->start, other->end);
			return RM_EINVALID;
		}
	}
	for (pos = list->count; pos > 0; pos--) {
		const edit *prev = &list->items[pos - 1];

		if (prev->start < start ||
		    (prev->start == start && prev->end <= end))
			break;
	}

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items = rm_xrealloc(list->items,
					  list->cap * sizeof(*list->items));
	}
	memmove(&list->items[pos + 1], &list->items[pos],
		(list->count - pos) * sizeof(*list->items));
	e = &list->items[pos];
	e->start = start;
	e->end = end;
	e->text = rm_xmalloc(len + 1);
	if (len)
		memcpy(e->text, replacement, len);
	e->text[len] = '\0';
	e->text_len = len;
	list->count++;
	return 0;
}

int edit_list_add(edit_list *list, size_t start, size_t end,
		  const char *replacement)
{
	if (!replacement)
		replacement = "";
	return edit_list_add_bytes(list, start, end, replacement,
				   strlen(replacement));
}

void edit_list_clear(edit_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].text);
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

int edit_apply(char **out, size_t *out_len, const char *text, size_t len,
	       const edit_list *list)
{
	size_t size = len, copied = 0, n = 0;
	char *buf;

	*out = NULL;
	*out_len = 0;
	for (size_t i = 0; i < list->count; i++) {
		const edit *e = &list->items[i];

		if (e->end > len) {
			rm_error_set("invalid edit [%zu, %zu): the text has only "
				     "%zu bytes", e->start, e->end, len);
			return RM_EINVALID;
		}
		size = size - (e->end - e->start) + e->text_len;
	}

	/* Copy the text between edits, then each replacement in turn. */
	buf = rm_xmalloc(size + 1);
	for (size_t i = 0; i < list->count; i++) {
		const edit *e = &list->items[i];

		memcpy(buf + n, text + copied, e->start - copied);
		n += e->start - copied;
		memcpy(buf + n, e->text, e->text_len);
		n += e->text_len;
		copied = e->end;
	}
	memcpy(buf + n, text + copied, len - copied);
	n += len - copied;
	buf[n] = '\0';

	*out = buf;
	*out_len = n;
	return 0;
}

size_t edit_line_start(const char *text, size_t len, size_t offset)
{
	if (offset > len)
		offset = len;
	while (offset > 0 && text[offset - 1] != '\n')
		offset--;
	return offset;
}

size_t edit_line_end(const char *text, size_t len, size_t offset)
{
	const char *nl;

	if (offset >= len)
		return len;
	nl = memchr(text + offset, '\n', len - offset);
	if (!nl)
		return len;
	if (nl > text && nl[-1] == '\r')
		nl--;
	return (size_t)(nl - text);
}

size_t edit_line_next(const char *text, size_t len, size_t offset)
{
	const char *nl;

	if (offset >= len)
		return len;
	nl = memchr(text + offset, '\n', len - offset);
	return nl ? (size_t)(nl - text) + 1 : len;
}

size_t edit_indent_len(const char *text, size_t len, size_t offset)
{
	size_t start = edit_line_start(text, len, offset), i = start;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i - start;
}

const char *edit_newline(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);

	return nl && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
}
