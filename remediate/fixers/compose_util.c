/*
 * Text operations for the Compose fixers: insertions and removals of
 * YAML entries by byte ranges, written in the layout the file already
 * uses, so a fixed file reads as if a person had edited it by hand.
 */
#include "fixers/fix_compose_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct fix_compose_insert {
	size_t offset;
	fix_compose_text text;
};

/* --- text buffer ----------------------------------------------------------- */

static void text_reserve(fix_compose_text *self, size_t extra)
{
	if (self->len + extra + 1 <= self->cap)
		return;
	while (self->len + extra + 1 > self->cap)
		self->cap = self->cap ? self->cap * 2 : 64;
	self->data = rm_xrealloc(self->data, self->cap);
}

void fix_compose_text_add(fix_compose_text *self, const char *text)
{
	size_t n = strlen(text);

	text_reserve(self, n);
	memcpy(self->data + self->len, text, n + 1);
	self->len += n;
}

void fix_compose_text_addf(fix_compose_text *self, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0) {
		fprintf(stderr, "remediate: out of memory\n");
		abort();
	}
	va_end(ap);
	fix_compose_text_add(self, text);
	free(text);
}

char *fix_compose_text_take(fix_compose_text *self)
{
	char *data = self->data ? self->data : rm_xstrdup("");

	memset(self, 0, sizeof(*self));
	return data;
}

void fix_compose_text_free(fix_compose_text *self)
{
	free(self->data);
	memset(self, 0, sizeof(*self));
}

/* --- layout of the file ---------------------------------------------------- */

static size_t column_of(const source *src, size_t offset)
{
	return offset - edit_line_start(src->text, src->len, offset);
}

/* Columns from a key to the "-" of its block list items, taken from the
 * first block list in the file that is the value of a key; 2 when the
 * file has none. */
static int detect_item_offset(const compose_file *file)
{
	const source *src = file->src;

	for (size_t i = 0; i < file->all_count; i++) {
		const compose_node *map = file->all_nodes[i];

		if (map->kind != COMPOSE_MAPPING || map->flow || map->origin)
			continue;
		for (size_t j = 0; j < map->entry_count; j++) {
			const compose_node *key = map->entries[j].key;
			const compose_node *list = map->entries[j].value;
			size_t dash;

			if (list->kind != COMPOSE_SEQUENCE || list->flow ||
			    list->origin || list->item_count == 0)
				continue;
			dash = edit_indent_len(src->text, src->len,
					       list->items[0]->start);
			if (src->text[edit_line_start(src->text, src->len,
						      list->items[0]->start) + dash] != '-')
				continue;
			return (int)dash - key->col;
		}
	}
	return 2;
}

/* The file's quote character: the one most of its quoted scalars use. */
static char detect_quote(const compose_file *file)
{
	size_t doubles = 0, singles = 0;

	for (size_t i = 0; i < file->all_count; i++) {
		const compose_node *node = file->all_nodes[i];

		if (node->kind != COMPOSE_SCALAR || node->plain || node->origin ||
		    node->start >= file->src->len)
			continue;
		if (file->src->text[node->start] == '"')
			doubles++;
		else if (file->src->text[node->start] == '\'')
			singles++;
	}
	return singles > doubles ? '\'' : '"';
}

static int detect_step(const compose_file *file)
{
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];
		int indent = compose_key_indent(svc->body);

		if (indent > svc->key->col)
			return indent - svc->key->col;
	}
	if (file->service_count && file->services_key &&
	    file->services[0].key->col > file->services_key->col)
		return file->services[0].key->col - file->services_key->col;
	return 2;
}

int fix_compose_doc_open(fix_compose_doc *doc, const source *src)
{
	int error;

	memset(doc, 0, sizeof(*doc));
	doc->src = src;
	if ((error = compose_load(&doc->file, src)) < 0)
		return error;
	doc->newline = edit_newline(src->text, src->len);
	doc->step = detect_step(doc->file);
	doc->item_offset = detect_item_offset(doc->file);
	if (doc->item_offset < 0)
		doc->item_offset = 0;
	doc->quote = detect_quote(doc->file);
	return RM_OK;
}

void fix_compose_doc_free(fix_compose_doc *doc)
{
	for (size_t i = 0; i < doc->insert_count; i++)
		fix_compose_text_free(&doc->inserts[i].text);
	free(doc->inserts);
	edit_list_clear(&doc->edits);
	compose_free(doc->file);
	memset(doc, 0, sizeof(*doc));
}

/* --- queued edits ---------------------------------------------------------- */

void fix_compose_insert_text(fix_compose_doc *doc, size_t offset,
			     const char *text)
{
	fix_compose_insert *slot = NULL;

	for (size_t i = 0; i < doc->insert_count; i++)
		if (doc->inserts[i].offset == offset)
			slot = &doc->inserts[i];
	if (!slot) {
		doc->inserts = rm_xrealloc(doc->inserts, (doc->insert_count + 1) *
							 sizeof(*doc->inserts));
		slot = &doc->inserts[doc->insert_count++];
		memset(slot, 0, sizeof(*slot));
		slot->offset = offset;
	}
	fix_compose_text_add(&slot->text, text);
}

int fix_compose_replace(fix_compose_doc *doc, size_t start, size_t end,
			const char *text)
{
	return edit_list_add(&doc->edits, start, end, text);
}

int fix_compose_doc_finish(fix_compose_doc *doc, fix *plan)
{
	char *out = NULL;
	size_t out_len = 0;
	int error;

	for (size_t i = 0; i < doc->insert_count; i++) {
		fix_compose_insert *ins = &doc->inserts[i];

		error = edit_list_add(&doc->edits, ins->offset, ins->offset,
				      ins->text.data ? ins->text.data : "");
		if (error < 0)
			return error;
		fix_compose_text_free(&ins->text);
	}
	doc->insert_count = 0;
	error = edit_apply(&out, &out_len, doc->src->text, doc->src->len,
			   &doc->edits);
	if (error < 0)
		return error;
	fix_set_file(plan, doc->src->path, out, out_len);
	free(out);
	return RM_OK;
}

char *fix_compose_quote(const fix_compose_doc *doc, const char *text)
{
	fix_compose_text out = { 0 };
	char q[2] = { doc->quote, '\0' };

	fix_compose_text_add(&out, q);
	for (const char *p = text; *p; p++) {
		char c[3] = { *p, '\0', '\0' };

		/* Single quotes escape only themselves, by doubling. */
		if (doc->quote == '\'' && *p == '\'')
			c[1] = '\'';
		else if (doc->quote == '"' && (*p == '"' || *p == '\\')) {
			c[0] = '\\';
			c[1] = *p;
		}
		fix_compose_text_add(&out, c);
	}
	fix_compose_text_add(&out, q);
	return fix_compose_text_take(&out);
}

/* --- adding entries -------------------------------------------------------- */

static void render_flow(fix_compose_text *out, const fix_compose_entry *e)
{
	fix_compose_text_addf(out, "%s: ", e->key);
	if (e->scalar) {
		fix_compose_text_add(out, e->scalar);
	} else if (e->items) {
		fix_compose_text_add(out, "[");
		for (size_t i = 0; i < e->item_count; i++)
			fix_compose_text_addf(out, "%s%s", i ? ", " : "",
					      e->items[i]);
		fix_compose_text_add(out, "]");
	} else {
		fix_compose_text_add(out, "{");
		for (size_t i = 0; i < e->child_count; i++) {
			if (i)
				fix_compose_text_add(out, ", ");
			render_flow(out, &e->children[i]);
		}
		fix_compose_text_add(out, "}");
	}
}

static void render_block(const fix_compose_doc *doc, fix_compose_text *out,
			 int indent, const fix_compose_entry *e)
{
	const char *nl = doc->newline;

	if (e->scalar) {
		fix_compose_text_addf(out, "%*s%s: %s%s", indent, "", e->key,
				      e->scalar, nl);
		return;
	}
	if (e->items && e->flow_items) {
		fix_compose_text_addf(out, "%*s", indent, "");
		render_flow(out, e);
		fix_compose_text_add(out, nl);
		return;
	}
	fix_compose_text_addf(out, "%*s%s:%s", indent, "", e->key, nl);
	if (e->items) {
		for (size_t i = 0; i < e->item_count; i++)
			fix_compose_text_addf(out, "%*s- %s%s",
					      indent + doc->item_offset, "",
					      e->items[i], nl);
		return;
	}
	for (size_t i = 0; i < e->child_count; i++)
		render_block(doc, out, indent + doc->step, &e->children[i]);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset just after the last non-blank byte before the closing bracket
 * of a flow collection, so new text follows the last entry directly. */
static size_t flow_insert_offset(const source *src, const compose_node *node)
{
	size_t at = node->end - 1;

	while (at > node->start + 1 && is_space(src->text[at - 1]))
		at--;
	return at;
}

int fix_compose_add_entries(fix_compose_doc *doc, const compose_node *mapping,
			    int indent, const fix_compose_entry *entries,
			    size_t count)
{
	fix_compose_text out = { 0 };
	size_t offset;
	bool newline_first;

	if (!mapping || mapping->kind != COMPOSE_MAPPING || mapping->origin ||
	    compose_insert_offset(doc->file, mapping, &offset, &newline_first) < 0) {
		rm_error_set("the mapping at line %d of '%s' is an alias of an anchor shared with other entries, so it cannot be extended in place: add the setting by hand",
			     mapping ? mapping->line : 0, doc->src->path);
		return RM_ENOTFOUND;
	}
	if (mapping->flow) {
		offset = flow_insert_offset(doc->src, mapping);
		for (size_t i = 0; i < count; i++) {
			if (i || mapping->entry_count)
				fix_compose_text_add(&out, ", ");
			render_flow(&out, &entries[i]);
		}
	} else {
		if (newline_first)
			fix_compose_text_add(&out, doc->newline);
		for (size_t i = 0; i < count; i++)
			render_block(doc, &out, indent, &entries[i]);
	}
	fix_compose_insert_text(doc, offset, out.data);
	fix_compose_text_free(&out);
	return RM_OK;
}

/* The offset where a new line after the node's last line begins, and
 * whether the file ends there without a newline. */
static size_t line_after(const source *src, size_t end, bool *newline_first)
{
	*newline_first = false;
	if (end > 0 && src->text[end - 1] == '\n')
		return end;
	while (end < src->len && src->text[end] != '\n')
		end++;
	if (end < src->len)
		return end + 1;
	*newline_first = true;
	return src->len;
}

int fix_compose_append_item(fix_compose_doc *doc, const compose_node *sequence,
			    const char *item)
{
	const source *src = doc->src;
	fix_compose_text out = { 0 };
	const compose_node *last;
	size_t offset, dash;
	bool newline_first;

	if (!sequence || sequence->kind != COMPOSE_SEQUENCE || sequence->origin) {
		rm_error_set("the list at line %d of '%s' is an alias of an anchor shared with other entries, so it cannot be extended in place: add the item by hand",
			     sequence ? sequence->line : 0, src->path);
		return RM_ENOTFOUND;
	}
	if (sequence->flow) {
		offset = flow_insert_offset(src, sequence);
		fix_compose_text_addf(&out, "%s%s", sequence->item_count ? ", " : "",
				      item);
	} else {
		last = sequence->items[sequence->item_count - 1];
		dash = last->start;
		while (dash > 0 && src->text[dash] != '-')
			dash--;
		offset = line_after(src, last->end, &newline_first);
		fix_compose_text_addf(&out, "%s%*s- %s%s",
				      newline_first ? doc->newline : "",
				      (int)column_of(src, dash), "", item,
				      doc->newline);
	}
	fix_compose_insert_text(doc, offset, out.data);
	fix_compose_text_free(&out);
	return RM_OK;
}

/* --- removing entries ------------------------------------------------------ */

/* Removes [start, end) of a flow collection with one comma next to it. */
static int remove_flow(fix_compose_doc *doc, size_t start, size_t end)
{
	const char *text = doc->src->text;
	size_t after = end, before = start;

	while (after < doc->src->len && is_space(text[after]))
		after++;
	if (after < doc->src->len && text[after] == ',') {
		after++;
		while (after < doc->src->len && is_space(text[after]))
			after++;
		return fix_compose_replace(doc, start, after, "");
	}
	while (before > 0 && is_space(text[before - 1]))
		before--;
	if (before > 0 && text[before - 1] == ',')
		return fix_compose_replace(doc, before - 1, end, "");
	return fix_compose_replace(doc, start, end, "");
}

static bool line_is_blank(const source *src, size_t line_start)
{
	for (size_t at = line_start; at < src->len && src->text[at] != '\n'; at++)
		if (!is_space(src->text[at]))
			return false;
	return line_start < src->len;
}

static bool line_is_comment(const source *src, size_t line_start,
			    size_t min_indent)
{
	size_t indent = edit_indent_len(src->text, src->len, line_start);

	return indent >= min_indent && line_start + indent < src->len &&
	       src->text[line_start + indent] == '#';
}

/* Removes the whole lines from the one holding `first` to the one holding
 * byte end - 1; `prefix_ok` is what may precede `first` on its line. */
static int remove_lines(fix_compose_doc *doc, size_t first, size_t end,
			const char *prefix_ok, bool blank_lines)
{
	const source *src = doc->src;
	size_t start = edit_line_start(src->text, src->len, first);
	size_t column = first - start;
	bool newline_first;

	for (size_t at = start; at < first; at++) {
		if (!strchr(prefix_ok, src->text[at])) {
			int line, col;

			source_position(src, first, &line, &col);
			rm_error_set("cannot remove the entry at line %d of '%s': it shares its line with other text",
				     line, src->path);
			return RM_EINVALID;
		}
	}
	end = line_after(src, end, &newline_first);

	if (blank_lines) {
		while (start > 0) {
			size_t prev = edit_line_start(src->text, src->len, start - 1);

			if (!line_is_comment(src, prev, column))
				break;
			start = prev;
		}
		if (start > 0 && line_is_blank(src, edit_line_start(src->text,
								     src->len,
								     start - 1)))
			start = edit_line_start(src->text, src->len, start - 1);
		else if (line_is_blank(src, end))
			end = edit_line_next(src->text, src->len, end);
	}
	return fix_compose_replace(doc, start, end, "");
}

int fix_compose_remove_entry(fix_compose_doc *doc, const compose_node *mapping,
			     size_t index, bool blank_lines)
{
	const compose_pair *pair = &mapping->entries[index];

	if (mapping->flow)
		return remove_flow(doc, pair->key->start, pair->value->end);
	return remove_lines(doc, pair->key->start, pair->value->end, " \t",
			    blank_lines);
}

int fix_compose_remove_item(fix_compose_doc *doc, const compose_node *sequence,
			    size_t index)
{
	const compose_node *item = sequence->items[index];

	if (sequence->flow)
		return remove_flow(doc, item->start, item->end);
	return remove_lines(doc, item->start, item->end, " \t-", false);
}

/* --- finding the service --------------------------------------------------- */

static bool node_has_range(const compose_node *node, size_t start, size_t end,
			   int depth)
{
	if (node->start == start && node->end == end)
		return true;
	if (depth > 64)
		return false;
	for (size_t i = 0; i < node->item_count; i++)
		if (node_has_range(node->items[i], start, end, depth + 1))
			return true;
	for (size_t i = 0; i < node->pair_count; i++)
		if (node_has_range(node->pairs[i].key, start, end, depth + 1) ||
		    node_has_range(node->pairs[i].value, start, end, depth + 1))
			return true;
	return false;
}

const compose_service *fix_compose_service_of(const compose_file *file,
					      const finding *f)
{
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];

		if (svc->key->start == f->start_byte && svc->key->end == f->end_byte)
			return svc;
	}
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];

		if (node_has_range(svc->body, f->start_byte, f->end_byte, 0))
			return svc;
	}
	/* Environment values of the list form point into the item's text. */
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];

		for (size_t j = 0; j < svc->env_count; j++)
			if (svc->env[j].value_start == f->start_byte &&
			    svc->env[j].value_end == f->end_byte)
				return svc;
	}
	return NULL;
}

bool fix_compose_node_within(const compose_node *node, size_t start,
			     size_t end)
{
	if (node->origin || node->start < start || node->end > end)
		return false;
	for (size_t i = 0; i < node->item_count; i++)
		if (!fix_compose_node_within(node->items[i], start, end))
			return false;
	for (size_t i = 0; i < node->pair_count; i++)
		if (node->pairs[i].merged ||
		    !fix_compose_node_within(node->pairs[i].value, start, end))
			return false;
	return true;
}

int fix_compose_key_column(const fix_compose_doc *doc,
			   const compose_service *svc)
{
	return compose_service_indent(doc->file, svc);
}

char *fix_compose_image_name(const compose_service *svc)
{
	const char *text, *slash, *colon;
	size_t len;

	if (!svc->image || svc->image->kind != COMPOSE_SCALAR ||
	    compose_is_null(svc->image))
		return NULL;
	text = svc->image->text;
	len = strcspn(text, "@");
	slash = NULL;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '/')
			slash = text + i;
	colon = NULL;
	for (const char *p = slash ? slash : text; p < text + len; p++)
		if (*p == ':')
			colon = p;
	if (colon)
		len = (size_t)(colon - text);
	if (slash)
		return rm_xstrndup(slash + 1, len - (size_t)(slash + 1 - text));
	return rm_xstrndup(text, len);
}
