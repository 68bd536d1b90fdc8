/*
 * Loading daemon.json: cJSON builds the values, and a small scanner over
 * the same text finds where each top-level key and value starts and
 * ends.  The scanner runs only after cJSON accepted the text, so it can
 * rely on the JSON being well formed, and the i-th key it finds is the
 * i-th child of cJSON's root object.
 */
#include "daemon.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static int invalid_at(const source *src, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int invalid_at(const source *src, size_t offset, const char *fmt, ...)
{
	char *reason = NULL;
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	source_position(src, offset, &line, &col);
	rm_error_set("invalid daemon.json '%s' at line %d:%d: %s", src->path,
		     line, col + 1, reason ? reason : "unknown error");
	free(reason);
	return RM_EINVALID;
}

/* --- the position scanner -------------------------------------------------- */

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t skip_space(const char *text, size_t len, size_t at)
{
	while (at < len && is_json_space(text[at]))
		at++;
	return at;
}

/* `at` is on the opening quote; returns the offset after the closing one. */
static size_t skip_string(const char *text, size_t len, size_t at)
{
	for (at++; at < len; at++) {
		if (text[at] == '\\')
			at++;
		else if (text[at] == '"')
			return at + 1;
	}
	return len;
}

/* Returns the offset just after the value that starts at `at`. */
static size_t skip_value(const char *text, size_t len, size_t at)
{
	size_t depth = 0;

	if (at >= len)
		return len;
	if (text[at] == '"')
		return skip_string(text, len, at);
	if (text[at] != '{' && text[at] != '[') {
		while (at < len && !is_json_space(text[at]) &&
		       !strchr(",}]", text[at]))
			at++;
		return at;
	}
	while (at < len) {
		char c = text[at];

		if (c == '"') {
			at = skip_string(text, len, at);
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return at + 1;
		}
		at++;
	}
	return len;
}

/* Fills the ranges of self->keys from the text; self->keys already has
 * one entry per child of the root object. */
static int scan_positions(daemon_file *self, size_t at)
{
	const source *src = self->src;
	const char *text = src->text;
	size_t len = src->len;
	size_t index = 0;

	self->open_brace = at;
	at = skip_space(text, len, at + 1);
	while (at < len && text[at] != '}') {
		daemon_key *key;

		if (text[at] != '"' || index >= self->key_count)
			break;
		key = &self->keys[index++];
		key->key_start = at;
		key->key_end = skip_string(text, len, at);
		at = skip_space(text, len, key->key_end);
		if (at >= len || text[at] != ':')
			break;
		key->value_start = skip_space(text, len, at + 1);
		key->value_end = skip_value(text, len, key->value_start);
		at = skip_space(text, len, key->value_end);
		if (at < len && text[at] == ',')
			at = skip_space(text, len, at + 1);
	}
	if (at >= len || text[at] != '}' || index != self->key_count) {
		rm_error_set("cannot locate the keys of '%s': the text and the parsed JSON disagree at byte %zu",
			     src->path, at);
		return RM_ERROR;
	}
	self->close_brace = at;
	return RM_OK;
}

/* --- loading --------------------------------------------------------------- */

/* Returns how many arrays and objects are open at `offset`, counting
 * from `at`, the first byte of the JSON text. */
static size_t depth_at(const char *text, size_t at, size_t offset)
{
	size_t depth = 0;

	while (at < offset) {
		if (text[at] == '"') {
			at = skip_string(text, offset, at);
			continue;
		}
		if (text[at] == '[' || text[at] == '{')
			depth++;
		else if ((text[at] == ']' || text[at] == '}') && depth > 0)
			depth--;
		at++;
	}
	return depth;
}

/* Returns the value of the four hex digits at `at`, or -1 when there are
 * not four. */
static long hex4_at(const char *text, size_t len, size_t at)
{
	long value = 0;

	if (at + 4 > len)
		return -1;
	for (size_t i = 0; i < 4; i++) {
		char c = text[at + i];
		int digit = c >= '0' && c <= '9' ? c - '0' :
			    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/*
 * Reports the syntax error cJSON found at `offset`.  cJSON returns only
 * the position where it stopped, so the cases that the generic hint would misdescribe
 * are recognised from the text there: a `[` or `{` past cJSON's nesting
 * limit, and a backslash escape that is invalid or a lone UTF-16
 * surrogate (cJSON stops on the backslash).
 */
static int report_syntax_error(const source *src, size_t start, size_t offset)
{
	const char *text = src->text;
	size_t len = src->len;

	if (offset < len && (text[offset] == '[' || text[offset] == '{') &&
	    depth_at(text, start, offset) >= CJSON_NESTING_LIMIT)
		return invalid_at(src, offset,
				  "arrays and objects nested deeper than %d levels: the JSON parser (cJSON) reads no deeper",
				  CJSON_NESTING_LIMIT);
	if (offset + 1 < len && text[offset] == '\\' && text[offset + 1] == 'u') {
		long unit = hex4_at(text, len, offset + 2), next = -1;

		if (unit < 0)
			return invalid_at(src, offset,
					  "invalid \\u escape in a string: it needs four hex digits");
		if (offset + 7 < len && text[offset + 6] == '\\' && text[offset + 7] == 'u')
			next = hex4_at(text, len, offset + 8);
		if (unit >= 0xD800 && unit <= 0xDFFF &&
		    !(unit <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF))
			return invalid_at(src, offset,
					  "lone UTF-16 surrogate \\u%.4s in a string: write the character itself, or a high surrogate (\\ud800-\\udbff) followed by a low one (\\udc00-\\udfff)",
					  text + offset + 2);
	}
	if (offset + 1 < len && text[offset] == '\\' && !strchr("\"\\/bfnrtu", text[offset + 1]))
		return invalid_at(src, offset,
				  "invalid escape \\%c in a string: JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
				  text[offset + 1]);
	return invalid_at(src, offset,
			  "not valid JSON here: check for a missing comma or quote, a trailing comma or a comment (JSON allows none)");
}

static int compare_key_names(const void *a, const void *b, void *keys)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const daemon_key *k = keys;
	int order = strcmp(k[i].name, k[j].name);

	if (order != 0)
		return order;
	return i < j ? -1 : i > j;
}

/*
 * Rejects a key given twice.  Sorting the key indexes by name puts equal
 * names next to each other, in file order, so one pass finds them in
 * O(n log n) time.  The error names the duplicate that comes first in
 * the file, with the line of the key it repeats.
 */
static int check_duplicates(const daemon_file *self)
{
	size_t *order, first = 0, repeat = SIZE_MAX;
	int first_line, col;

	if (self->key_count < 2)
		return RM_OK;
	order = rm_xmalloc(self->key_count * sizeof(*order));
	for (size_t i = 0; i < self->key_count; i++)
		order[i] = i;
	qsort_r(order, self->key_count, sizeof(*order), compare_key_names, self->keys);
	for (size_t i = 1; i < self->key_count; i++) {
		const char *name = self->keys[order[i]].name;

		/* Only the second key of each run of equal names can be the
		 * first repeat in file order. */
		if (strcmp(name, self->keys[order[i - 1]].name) != 0 ||
		    (i >= 2 && strcmp(name, self->keys[order[i - 2]].name) == 0))
			continue;
		if (order[i] < repeat) {
			repeat = order[i];
			first = order[i - 1];
		}
	}
	free(order);
	if (repeat == SIZE_MAX)
		return RM_OK;

	source_position(self->src, self->keys[first].key_start, &first_line, &col);
	return invalid_at(self->src, self->keys[repeat].key_start,
			  "key \"%s\" is given twice (first at line %d): remove one of them",
			  self->keys[repeat].name, first_line);
}

int daemon_load(daemon_file **out, const source *src)
{
	daemon_file *self = rm_xcalloc(1, sizeof(*self));
	const char *end = NULL;
	size_t start = 0, count = 0;
	int error = RM_OK;
	const cJSON *child;

	*out = NULL;
	self->src = src;
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	start = skip_space(src->text, src->len, start);

	/* A file of only white space leaves every setting at its default, as
	 * in dockerd, which trims white space and returns its defaults for
	 * what is left empty (getConflictFreeConfiguration in moby's
	 * daemon/config/config.go). */
	if (start == src->len) {
		self->root = cJSON_CreateObject();
		*out = self;
		return RM_OK;
	}

	if (memchr(src->text, '\0', src->len)) {
		error = invalid_at(src, (size_t)((const char *)memchr(src->text, '\0',
								     src->len) - src->text),
				   "a NUL byte: this is not a text file");
		goto done;
	}

	/* cJSON checks for the terminating NUL inside the length it is given,
	 * so the length includes it (source guarantees text[len] == '\0'). */
	self->root = cJSON_ParseWithLengthOpts(src->text, src->len + 1, &end, 1);
	if (!self->root) {
		size_t offset = end && end >= src->text ?
			(size_t)(end - src->text) : 0;

		error = report_syntax_error(src, start, offset > src->len ? src->len : offset);
		goto done;
	}
	if (!cJSON_IsObject(self->root)) {
		error = invalid_at(src, start,
				   "the top level must be a JSON object of settings");
		goto done;
	}

	cJSON_ArrayForEach(child, self->root)
		count++;
	self->keys = rm_xcalloc(count + 1, sizeof(*self->keys));
	self->key_count = count;
	count = 0;
	cJSON_ArrayForEach(child, self->root) {
		self->keys[count].name = child->string;
		self->keys[count].value = child;
		count++;
	}
	if ((error = scan_positions(self, start)) < 0 ||
	    (error = check_duplicates(self)) < 0)
		goto done;

done:
	if (error < 0) {
		daemon_free(self);
		return error;
	}
	*out = self;
	return RM_OK;
}

void daemon_free(daemon_file *self)
{
	if (!self)
		return;
	cJSON_Delete(self->root);
	free(self->keys);
	free(self);
}

const daemon_key *daemon_find_key(const daemon_file *self, const char *name)
{
	for (size_t i = 0; i < self->key_count; i++)
		if (strcmp(self->keys[i].name, name) == 0)
			return &self->keys[i];
	return NULL;
}
