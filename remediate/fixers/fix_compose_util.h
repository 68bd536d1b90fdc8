/*
 * Helpers shared by the Compose fixers (compose*.c).  A document is a
 * loaded Compose file with the edits planned for it and the file's
 * layout conventions (line ending, indentation step, list indentation,
 * quote character).  The operations add or remove YAML entries as text,
 * so the rest of the file keeps its bytes, comments included.
 */
#ifndef RM_FIX_COMPOSE_UTIL_H
#define RM_FIX_COMPOSE_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "compose/compose.h"
#include "edit.h"
#include "fixer.h"

/* A growable NUL-terminated string; zero-initialise it before use. */
typedef struct fix_compose_text {
	char *data;
	size_t len;
	size_t cap;
} fix_compose_text;

void fix_compose_text_add(fix_compose_text *self, const char *text);
void fix_compose_text_addf(fix_compose_text *self, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the string (never NULL) and leaves `self` empty; the caller
 * frees the string. */
char *fix_compose_text_take(fix_compose_text *self);
void fix_compose_text_free(fix_compose_text *self);

/*
 * A key and its value, to be written into a mapping.  Exactly one of
 * `scalar` (the value as it must appear, quotes included), `items` (a
 * list of such scalars) or `children` (a nested mapping) is set.
 */
typedef struct fix_compose_entry {
	const char *key;
	const char *scalar;
	const char *const *items;
	size_t item_count;
	bool flow_items;        /* write the list as [a, b] in block style too */
	const struct fix_compose_entry *children;
	size_t child_count;
} fix_compose_entry;

typedef struct fix_compose_insert fix_compose_insert;

/* A Compose file being edited. */
typedef struct fix_compose_doc {
	const source *src;      /* borrowed */
	compose_file *file;     /* owned */
	const char *newline;    /* "\n" or "\r\n", as the file ends its lines */
	int step;               /* columns by which nested mappings indent */
	int item_offset;        /* columns from a key to its block items' "-" */
	char quote;             /* '"' or '\'', whichever the file uses */
	edit_list edits;
	/* Insertions are collected per offset, so several additions at one
	 * place become one edit, in the order they were made. */
	fix_compose_insert *inserts;
	size_t insert_count;
} fix_compose_doc;

/*
 * Loads `src` for editing.  Returns 0, or RM_EINVALID from compose_load.
 * Free the document with fix_compose_doc_free even after a failure.
 */
int fix_compose_doc_open(fix_compose_doc *doc, const source *src);
void fix_compose_doc_free(fix_compose_doc *doc);

/* Queues the insertion of `text` before byte `offset`. */
void fix_compose_insert_text(fix_compose_doc *doc, size_t offset,
			     const char *text);

/* Queues the replacement of [start, end) by `text`; RM_EINVALID when it
 * overlaps an edit already queued. */
int fix_compose_replace(fix_compose_doc *doc, size_t start, size_t end,
			const char *text);

/*
 * Applies the queued edits to the document's text and adds the result to
 * `plan` under the source's path.  Returns 0 or RM_EINVALID.
 */
int fix_compose_doc_finish(fix_compose_doc *doc, fix *plan);

/* Returns `text` in the file's quote character, escaped as YAML needs;
 * the caller frees it. */
char *fix_compose_quote(const fix_compose_doc *doc, const char *text);

/*
 * Adds `count` entries at the end of `mapping`, whose keys start at
 * column `indent` (ignored for a flow mapping).  Returns 0, or
 * RM_ENOTFOUND with the reason when the mapping's text cannot be
 * extended in place (an alias, or a mapping merged from an anchor).
 */
int fix_compose_add_entries(fix_compose_doc *doc, const compose_node *mapping,
			    int indent, const fix_compose_entry *entries,
			    size_t count);

/* Adds `item` (written as given) at the end of a sequence.  Returns 0 or
 * RM_ENOTFOUND like fix_compose_add_entries. */
int fix_compose_append_item(fix_compose_doc *doc, const compose_node *sequence,
			    const char *item);

/*
 * Removes entry `index` (of node->entries) of a mapping, or item `index`
 * of a sequence, with its whole lines in block style.  With
 * `blank_lines`, also one blank line that separated it from its
 * neighbours, and the comment lines right above it.  Returns 0 or
 * RM_EINVALID when the entry shares its line with other text.
 */
int fix_compose_remove_entry(fix_compose_doc *doc, const compose_node *mapping,
			     size_t index, bool blank_lines);
int fix_compose_remove_item(fix_compose_doc *doc, const compose_node *sequence,
			    size_t index);

/* Returns the service whose name or settings the finding points at, or
 * NULL. */
const compose_service *fix_compose_service_of(const compose_file *file,
					      const finding *f);

/* True when `node` and everything in it is written inside [start, end),
 * so editing it changes nothing outside (no alias, no merged anchor). */
bool fix_compose_node_within(const compose_node *node, size_t start,
			     size_t end);

/* The column of a service's keys. */
int fix_compose_key_column(const fix_compose_doc *doc,
			   const compose_service *svc);

/* The image of a service without registry and tag ("postgres" for
 * "docker.io/library/postgres:13"), or NULL; the caller frees it. */
char *fix_compose_image_name(const compose_service *svc);

#endif
