/* Finding lists: appending, ordering and code excerpts. */
#include "finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "writers/json_out.h"

static finding *append(finding_list *list, const rule *r, const source *src,
		       size_t start, size_t end, const char *fmt, va_list ap)
{
	finding *f;

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = rm_xrealloc(list->items,
					  list->cap * sizeof(finding));
	}
	f = &list->items[list->count++];
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->severity = r->severity;
	f->confidence = r->confidence;
	f->path = rm_xstrdup(src->path);
	if (end < start)
		end = start;
	f->start_byte = start;
	f->end_byte = end;
	source_position(src, start, &f->line, &f->col);
	source_position(src, end, &f->end_line, &f->end_col);
	f->col_chars = -1;
	f->end_col_chars = -1;
	f->range_first = f->line;
	f->range_last = f->end_line;
	if (fmt) {
		char *msg = NULL;
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		f->message = msg ? msg : rm_xstrdup(r->message);
	} else {
		f->message = rm_xstrdup(r->message);
	}
	return f;
}

finding *finding_add(finding_list *list, const rule *r, const source *src,
		     size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;
	finding *f;

	va_start(ap, fmt);
	f = append(list, r, src, start, end, fmt, ap);
	va_end(ap);
	return f;
}

finding *finding_add_id(finding_list *list, const char *rule_id,
			const source *src, size_t start, size_t end,
			const char *fmt, ...)
{
	const rule *r = catalog_find(rule_id);
	va_list ap;
	finding *f;

	if (!r) {
		fprintf(stderr, "remediate: internal error: rule '%s' is not in the catalog\n",
			rule_id);
		abort();
	}
	va_start(ap, fmt);
	f = append(list, r, src, start, end, fmt, ap);
	va_end(ap);
	return f;
}

void finding_list_move(finding_list *to, finding_list *from)
{
	if (from->count == 0)
		return;
	if (to->count + from->count > to->cap) {
		to->cap = to->count + from->count;
		to->items = rm_xrealloc(to->items, to->cap * sizeof(finding));
	}
	memcpy(to->items + to->count, from->items,
	       from->count * sizeof(finding));
	to->count += from->count;
	from->count = 0;
}

/* Limits of one excerpt.  Bandit copies whole lines, so thousands of
 * findings on one long line make a report that grows with the square of
 * the line length.  Cutting each line keeps every excerpt short. */
#define EXCERPT_MAX_LINE_BYTES 400
#define EXCERPT_MAX_LINES 100

/* Returns how many of the first `len` bytes to keep: at most
 * EXCERPT_MAX_LINE_BYTES, and not inside a UTF-8 sequence. */
static size_t excerpt_cut(const char *text, size_t len)
{
	size_t keep = len;

	if (keep <= EXCERPT_MAX_LINE_BYTES)
		return keep;
	/* A UTF-8 sequence has at most three continuation bytes; more in a
	 * row come from a single-byte encoding such as latin-1. */
	keep = EXCERPT_MAX_LINE_BYTES;
	for (int back = 0; back < 3 && ((unsigned char)text[keep] & 0xC0) == 0x80; back++)
		keep--;
	if (((unsigned char)text[keep] & 0xC0) == 0x80)
		keep = EXCERPT_MAX_LINE_BYTES;
	return keep;
}

/* Returns line `line` of `src` without a UTF-8 byte order mark, which
 * Python's columns and Bandit's excerpts leave out; NULL past the end. */
static const char *excerpt_line(const source *src, int line, size_t *len)
{
	const char *text = source_line(src, line, len);

	if (text && line == 1 && *len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		*len -= 3;
	}
	return text;
}

/* Returns the number of characters before byte `bytes` of line `line`,
 * counted as the writers print them. */
static int code_points(const source *src, int line, int bytes)
{
	size_t len;
	const char *text = excerpt_line(src, line, &len);

	return bytes < 0 ? 0 : jout_code_points(text, text ? len : 0, (size_t)bytes);
}

void finding_fill_code(finding *f, const source *src, int context)
{
	int first, last;
	size_t cap = 256, used = 0;
	char *out;

	/* Bandit's excerpt starts context/2 lines above the reported line
	 * and is as long as the node's line range plus context - 1 lines
	 * (Bandit 1.9.4, Issue.get_code), clipped to the file. */
	/* Bandit reads -n 0 as 1. */
	if (context < 1)
		context = 1;
	first = f->line - context / 2;
	if (first < 1)
		first = 1;
	last = first + (f->range_last - f->range_first + 1) + context - 2;
	if (last > (int)src->line_count)
		last = (int)src->line_count;
	if (last - first + 1 > EXCERPT_MAX_LINES)
		last = first + EXCERPT_MAX_LINES - 1;

	free(f->code);
	out = rm_xmalloc(cap);
	out[0] = '\0';
	for (int line = first; line <= last; line++) {
		size_t len;
		const char *text = excerpt_line(src, line, &len);
		size_t need;

		if (!text)
			break;
		len = excerpt_cut(text, len);
		need = used + len + 32;
		if (need > cap) {
			cap = need * 2;
			out = rm_xrealloc(out, cap);
		}
		used += (size_t)snprintf(out + used, cap - used, "%d %.*s\n",
					 line, (int)len, text);
	}
	f->code = out;
	/* From the whole lines: the excerpt may cut them short. */
	f->col_chars = code_points(src, f->line, f->col);
	f->end_col_chars = code_points(src, f->end_line, f->end_col);
}

static int compare_findings(const void *a, const void *b)
{
	const finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	c = strcmp(x->rule->id, y->rule->id);
	if (c)
		return c;
	return strcmp(x->message, y->message);
}

void finding_list_sort(finding_list *list)
{
	if (list->count > 1)
		qsort(list->items, list->count, sizeof(finding),
		      compare_findings);
}

static void finding_release(finding *f)
{
	free(f->path);
	free(f->message);
	free(f->code);
}

void finding_list_remove(finding_list *list, size_t index)
{
	if (index >= list->count)
		return;
	finding_release(&list->items[index]);
	memmove(&list->items[index], &list->items[index + 1],
		(list->count - index - 1) * sizeof(finding));
	list->count--;
}

void finding_list_clear(finding_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		finding_release(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}
