/*
 * The YAML layer of the Compose loader: turns libyaml's event stream into
 * compose_node trees with byte ranges, resolving aliases and `<<` merge
 * keys on the way.
 *
 * libyaml reports positions as character indexes (a multi-byte UTF-8
 * character counts once, a leading byte order mark not at all), so every
 * mark goes through a cursor that converts character indexes to byte
 * offsets.  The tree is built without recursion from an explicit stack.
 * An alias shares its anchor's children instead of copying them, so an
 * alias bomb costs no memory.  Its expanded size is still counted
 * (`weight`) and bounded, so that no later walk can blow up either.
 */
#include "compose.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "compose_internal.h"
#include "error.h"

/* Expanded node count allowed on top of ten per parser event: generous
 * for real files that share settings through anchors, far below what an
 * alias bomb (`&a [*b, *b, ...]` nested a few levels) expands to. */
#define EXPANSION_FLOOR 100000

/* Collections nested deeper than this are rejected.  Compose files nest
 * a handful of levels.  libyaml's scanner does work per token that grows
 * with the flow nesting level: 200,000 nested `[` (400 KB) took about
 * three minutes with libyaml 0.2.5 before this bound. */
#define MAX_DEPTH 256

/* --- character index to byte offset -------------------------------------- */

typedef struct offset_cursor {
	const char *text;
	size_t len;
	size_t base;    /* bytes of a leading byte order mark */
	size_t chars;   /* the cursor's character index ... */
	size_t bytes;   /* ... and its byte offset */
} offset_cursor;

static bool is_continuation(const char *text, size_t at)
{
	return ((unsigned char)text[at] & 0xC0) == 0x80;
}

/* Converts a libyaml character index to a byte offset.  Marks arrive
 * nearly in order, so moving the cursor from the last position is cheap. */
static size_t cursor_bytes(offset_cursor *self, size_t index)
{
	while (self->chars < index && self->bytes < self->len) {
		self->bytes++;
		while (self->bytes < self->len &&
		       is_continuation(self->text, self->bytes))
			self->bytes++;
		self->chars++;
	}
	while (self->chars > index && self->bytes > self->base) {
		self->bytes--;
		while (self->bytes > self->base &&
		       is_continuation(self->text, self->bytes))
			self->bytes--;
		self->chars--;
	}
	return self->bytes;
}

/* --- building -------------------------------------------------------------- */

typedef struct anchor {
	char *name;
	compose_node *node;
} anchor;

typedef struct frame {
	compose_node *node;
	char *anchor;           /* registered when the collection ends */
	compose_node *pending_key;
	size_t items_cap;
	size_t entries_cap;
} frame;

typedef struct builder {
	compose_file *file;
	offset_cursor cursor;
	frame *stack;
	size_t depth;
	size_t stack_cap;
	anchor *anchors;        /* hash table of anchor_cap slots */
	size_t anchor_count;
	size_t anchor_cap;
	compose_node *root;
	int documents;
	size_t events;
} builder;

static int fail_at(const builder *b, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(const builder *b, size_t offset, const char *fmt, ...)
{
	const source *src = b->file->src;
	char *reason = NULL;
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	source_position(src, offset, &line, &col);
	rm_error_set("invalid compose file '%s' at line %d:%d: %s", src->path,
		     line, col + 1, reason ? reason : "unknown error");
	free(reason);
	return RM_EINVALID;
}

static compose_node *node_new(builder *b, compose_kind kind, size_t start)
{
	compose_file *file = b->file;
	compose_node *node = rm_xcalloc(1, sizeof(*node));

	if (file->all_count == file->all_cap) {
		file->all_cap = file->all_cap ? file->all_cap * 2 : 64;
		file->all_nodes = rm_xrealloc(file->all_nodes,
					      file->all_cap * sizeof(*file->all_nodes));
	}
	file->all_nodes[file->all_count++] = node;
	node->kind = kind;
	node->start = start;
	node->end = start;
	node->weight = 1;
	return node;
}

static void set_position(builder *b, compose_node *node)
{
	source_position(b->file->src, node->start, &node->line, &node->col);
}

static size_t add_weight(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/*
 * Moves past an anchor (`&name`) and a tag (`!tag`) written before a
 * node's content, and past the spaces, line breaks and comments after
 * them, so the node's range starts at its content.
 */
static size_t skip_properties(const char *text, size_t len, size_t at)
{
	while (at < len && (text[at] == '&' || text[at] == '!')) {
		while (at < len && !strchr(" \t\r\n,[]{}", text[at]))
			at++;
		while (at < len) {
			if (text[at] == ' ' || text[at] == '\t' ||
			    text[at] == '\r' || text[at] == '\n') {
				at++;
			} else if (text[at] == '#') {
				while (at < len && text[at] != '\n')
					at++;
			} else {
				break;
			}
		}
	}
	return at;
}

static size_t content_start(builder *b, const yaml_mark_t *mark,
			    bool has_properties)
{
	size_t at = cursor_bytes(&b->cursor, mark->index);

	if (has_properties)
		at = skip_properties(b->cursor.text, b->cursor.len, at);
	return at;
}

static const char *node_name(const compose_node *node)
{
	return node->kind == COMPOSE_SCALAR ? node->text : "(collection)";
}

static bool is_merge_key(const compose_node *key)
{
	return key->kind == COMPOSE_SCALAR && key->plain &&
	       strcmp(key->text, "<<") == 0;
}

/* --- a small set of key strings, to find duplicates in linear time -------- */

typedef struct key_set {
	const compose_node **slots;
	size_t cap;
	size_t adds;    /* calls to key_set_add, an upper bound of the keys */
} key_set;

static uint64_t hash_text(const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void key_set_init(key_set *self, size_t count)
{
	self->cap = 16;
	self->adds = 0;
	while (self->cap < count * 2)
		self->cap *= 2;
	self->slots = rm_xcalloc(self->cap, sizeof(*self->slots));
}

static void key_set_insert(const compose_node **slots, size_t cap,
			   const compose_node *key)
{
	size_t i = hash_text(key->text, key->len) & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = key;
}

/* Doubles the table once it is half full, so probing always ends. */
static void key_set_grow(key_set *self)
{
	size_t used = 0, cap = self->cap * 2;
	const compose_node **slots;

	for (size_t i = 0; i < self->cap; i++)
		used += self->slots[i] != NULL;
	if (used * 2 < self->cap) {
		/* Some adds found their key already present. */
		self->adds = used;
		return;
	}
	slots = rm_xcalloc(cap, sizeof(*slots));
	for (size_t i = 0; i < self->cap; i++)
		if (self->slots[i])
			key_set_insert(slots, cap, self->slots[i]);
	free(self->slots);
	self->slots = slots;
	self->cap = cap;
}

/* Adds a scalar key; returns the key already present with the same text,
 * or NULL when it was added. */
static const compose_node *key_set_add(key_set *self, const compose_node *key)
{
	size_t i;

	if (++self->adds * 2 >= self->cap)
		key_set_grow(self);
	i = hash_text(key->text, key->len) & (self->cap - 1);

	while (self->slots[i]) {
		const compose_node *other = self->slots[i];

		if (other->len == key->len &&
		    memcmp(other->text, key->text, key->len) == 0)
			return other;
		i = (i + 1) & (self->cap - 1);
	}
	self->slots[i] = key;
	return NULL;
}

static void key_set_free(key_set *self)
{
	free(self->slots);
}

/* --- finishing collections ------------------------------------------------ */

static void append_pair(compose_pair **pairs, size_t *count, size_t *cap,
			compose_pair pair)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*pairs = rm_xrealloc(*pairs, *cap * sizeof(**pairs));
	}
	(*pairs)[(*count)++] = pair;
}

/* Checks the physical entries for duplicate keys. */
static int check_duplicates(builder *b, compose_node *map)
{
	key_set seen;
	int error = RM_OK;

	key_set_init(&seen, map->entry_count);
	for (size_t i = 0; i < map->entry_count; i++) {
		const compose_node *key = map->entries[i].key;
		const compose_node *first;

		if (key->kind != COMPOSE_SCALAR)
			continue;
		first = key_set_add(&seen, key);
		if (first) {
			error = fail_at(b, key->start,
					"duplicate key '%s' (first defined at line %d): remove one of them",
					key->text, first->line);
			break;
		}
	}
	key_set_free(&seen);
	return error;
}

/* The mappings a `<<` value names: one mapping, or a sequence of them. */
static int merge_sources(builder *b, const compose_node *value,
			 const compose_node ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (value->kind == COMPOSE_MAPPING) {
		*out = rm_xmalloc(sizeof(**out));
		(*out)[0] = value;
		*count = 1;
		return RM_OK;
	}
	if (value->kind != COMPOSE_SEQUENCE)
		return fail_at(b, value->start,
			       "the value of a '<<' merge key must be a mapping or a sequence of mappings");
	*out = rm_xmalloc((value->item_count + 1) * sizeof(**out));
	for (size_t i = 0; i < value->item_count; i++) {
		if (value->items[i]->kind != COMPOSE_MAPPING) {
			free(*out);
			*out = NULL;
			return fail_at(b, value->items[i]->start,
				       "a '<<' merge sequence may hold only mappings");
		}
		(*out)[i] = value->items[i];
	}
	*count = value->item_count;
	return RM_OK;
}

/*
 * Builds map->pairs: the own entries first, then the entries of each
 * merged mapping in order, skipping keys already present (own keys win,
 * and in `<<: [*a, *b]` the earlier mapping wins, as the YAML merge key
 * type specifies).
 */
static int resolve_merges(builder *b, compose_node *map)
{
	size_t cap = 0;
	key_set seen;
	int error = RM_OK;

	key_set_init(&seen, map->entry_count);

	for (size_t i = 0; i < map->entry_count; i++) {
		compose_pair pair = map->entries[i];

		if (is_merge_key(pair.key))
			continue;
		if (pair.key->kind == COMPOSE_SCALAR)
			key_set_add(&seen, pair.key);
		append_pair(&map->pairs, &map->pair_count, &cap, pair);
	}

	for (size_t i = 0; i < map->entry_count && !error; i++) {
		const compose_node **sources = NULL;
		size_t source_count = 0;

		if (!is_merge_key(map->entries[i].key))
			continue;
		error = merge_sources(b, map->entries[i].value, &sources,
				      &source_count);
		for (size_t s = 0; s < source_count && !error; s++) {
			const compose_node *from = sources[s];

			for (size_t p = 0; p < from->pair_count; p++) {
				compose_pair pair = from->pairs[p];

				if (pair.key->kind == COMPOSE_SCALAR &&
				    key_set_add(&seen, pair.key))
					continue;
				pair.merged = true;
				append_pair(&map->pairs, &map->pair_count,
					    &cap, pair);
			}
		}
		free(sources);
	}
	key_set_free(&seen);
	return error;
}

/* Returns the slot of `name` in the anchor table: its entry, or the empty
 * slot where it belongs.  The table is never more than half full. */
static anchor *anchor_slot(anchor *table, size_t cap, const char *name)
{
	size_t i = hash_text(name, strlen(name)) & (cap - 1);

	while (table[i].name && strcmp(table[i].name, name) != 0)
		i = (i + 1) & (cap - 1);
	return &table[i];
}

static void grow_anchors(builder *b)
{
	size_t cap = b->anchor_cap ? b->anchor_cap * 2 : 64;
	anchor *table = rm_xcalloc(cap, sizeof(*table));

	for (size_t i = 0; i < b->anchor_cap; i++)
		if (b->anchors[i].name)
			*anchor_slot(table, cap, b->anchors[i].name) = b->anchors[i];
	free(b->anchors);
	b->anchors = table;
	b->anchor_cap = cap;
}

static int register_anchor(builder *b, const char *name, compose_node *node)
{
	anchor *slot;

	if ((b->anchor_count + 1) * 2 > b->anchor_cap)
		grow_anchors(b);
	slot = anchor_slot(b->anchors, b->anchor_cap, name);

	/* YAML lets a later anchor of the same name replace the earlier one
	 * for the aliases that follow. */
	if (!slot->name) {
		slot->name = rm_xstrdup(name);
		b->anchor_count++;
	}
	slot->node = node;
	return RM_OK;
}

static int check_expansion(builder *b, const compose_node *node)
{
	size_t limit = add_weight(EXPANSION_FLOOR, b->events * 10);

	if (node->weight > limit)
		return fail_at(b, node->start,
			       "aliases expand to more than %zu nodes: possible alias bomb, rejected",
			       limit);
	return RM_OK;
}

/* Adds a finished node to the collection being built, or makes it the
 * document's root. */
static int attach(builder *b, compose_node *node)
{
	frame *top;

	if (b->depth == 0) {
		b->root = node;
		return RM_OK;
	}
	top = &b->stack[b->depth - 1];
	if (top->node->kind == COMPOSE_SEQUENCE) {
		compose_node *seq = top->node;

		if (seq->item_count == top->items_cap) {
			top->items_cap = top->items_cap ? top->items_cap * 2 : 8;
			seq->items = rm_xrealloc(seq->items,
						 top->items_cap * sizeof(*seq->items));
		}
		seq->items[seq->item_count++] = node;
		seq->weight = add_weight(seq->weight, node->weight);
		return check_expansion(b, seq);
	}
	if (!top->pending_key) {
		top->pending_key = node;
		return RM_OK;
	}
	append_pair(&top->node->entries, &top->node->entry_count,
		    &top->entries_cap,
		    (compose_pair){ .key = top->pending_key, .value = node });
	top->node->weight = add_weight(top->node->weight,
				       add_weight(top->pending_key->weight,
						  node->weight));
	top->pending_key = NULL;
	return check_expansion(b, top->node);
}

static void push(builder *b, compose_node *node, const yaml_char_t *anchor_name)
{
	frame *top;

	if (b->depth == b->stack_cap) {
		b->stack_cap = b->stack_cap ? b->stack_cap * 2 : 16;
		b->stack = rm_xrealloc(b->stack, b->stack_cap * sizeof(*b->stack));
	}
	top = &b->stack[b->depth++];
	memset(top, 0, sizeof(*top));
	top->node = node;
	top->anchor = anchor_name ? rm_xstrdup((const char *)anchor_name) : NULL;
}

/* Ends the innermost collection; `end_mark` is its END event's mark. */
static int pop(builder *b, const yaml_mark_t *end_mark)
{
	frame top = b->stack[--b->depth];
	compose_node *node = top.node;
	int error = RM_OK;

	/* A block collection ends where its last entry ends; libyaml's end
	 * mark would include the comments and blank lines after it. */
	if (node->flow) {
		node->end = cursor_bytes(&b->cursor, end_mark->index);
	} else if (node->kind == COMPOSE_SEQUENCE && node->item_count) {
		node->end = node->items[node->item_count - 1]->end;
	} else if (node->kind == COMPOSE_MAPPING && node->entry_count) {
		node->end = node->entries[node->entry_count - 1].value->end;
	}

	if (node->kind == COMPOSE_MAPPING) {
		if (top.pending_key)
			error = fail_at(b, top.pending_key->start,
					"key '%s' has no value",
					node_name(top.pending_key));
		if (!error)
			error = check_duplicates(b, node);
		if (!error)
			error = resolve_merges(b, node);
	}
	if (!error && top.anchor)
		error = register_anchor(b, top.anchor, node);
	free(top.anchor);
	if (!error)
		error = attach(b, node);
	return error;
}

static compose_node *find_anchor(builder *b, const char *name)
{
	if (b->anchor_count == 0)
		return NULL;
	return anchor_slot(b->anchors, b->anchor_cap, name)->node;
}

static int on_scalar(builder *b, const yaml_event_t *event)
{
	bool props = event->data.scalar.anchor || event->data.scalar.tag;
	compose_node *node = node_new(b, COMPOSE_SCALAR,
				      content_start(b, &event->start_mark, props));
	int error;

	node->end = cursor_bytes(&b->cursor, event->end_mark.index);
	node->plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		      !event->data.scalar.tag;
	node->len = event->data.scalar.length;
	node->text = rm_xstrndup((const char *)event->data.scalar.value,
				 node->len);
	set_position(b, node);
	if (event->data.scalar.anchor &&
	    (error = register_anchor(b, (const char *)event->data.scalar.anchor,
				     node)) < 0)
		return error;
	return attach(b, node);
}

static int on_alias(builder *b, const yaml_event_t *event)
{
	const char *name = (const char *)event->data.alias.anchor;
	size_t start = cursor_bytes(&b->cursor, event->start_mark.index);
	compose_node *target = find_anchor(b, name);
	compose_node *node;

	if (!target)
		return fail_at(b, start,
			       "alias '*%s' names no anchor defined before it (an alias inside its own anchor is not allowed)",
			       name);

	/* The occurrence shares the anchored node's value and children; its
	 * own range is the alias text. */
	node = node_new(b, target->kind, start);
	*node = *target;
	node->start = start;
	node->end = cursor_bytes(&b->cursor, event->end_mark.index);
	node->origin = target->origin ? target->origin : target;
	set_position(b, node);
	return attach(b, node);
}

static int on_collection_start(builder *b, const yaml_event_t *event)
{
	bool mapping = event->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor_name = mapping ?
		event->data.mapping_start.anchor :
		event->data.sequence_start.anchor;
	const yaml_char_t *tag = mapping ? event->data.mapping_start.tag :
					   event->data.sequence_start.tag;
	compose_node *node;

	if (b->depth >= MAX_DEPTH)
		return fail_at(b, cursor_bytes(&b->cursor, event->start_mark.index),
			       "collections nested more than %d levels deep", MAX_DEPTH);
	node = node_new(b, mapping ? COMPOSE_MAPPING :
						   COMPOSE_SEQUENCE,
				      content_start(b, &event->start_mark,
						    anchor_name || tag));

	node->flow = mapping ?
		event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE :
		event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	node->end = node->start;
	set_position(b, node);
	push(b, node, anchor_name);
	return RM_OK;
}

static int on_event(builder *b, const yaml_event_t *event)
{
	b->events++;
	switch (event->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return fail_at(b, cursor_bytes(&b->cursor,
						       event->start_mark.index),
				       "a second YAML document: a compose file holds exactly one");
		return RM_OK;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, event);
	case YAML_ALIAS_EVENT:
		return on_alias(b, event);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(b, event);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return pop(b, &event->end_mark);
	default:
		return RM_OK;
	}
}

static int syntax_error(builder *b, const yaml_parser_t *parser)
{
	size_t offset = cursor_bytes(&b->cursor, parser->problem_mark.index);

	/* The reader (encoding) errors carry a byte offset instead of a mark. */
	if (parser->error == YAML_READER_ERROR)
		offset = parser->problem_offset < b->cursor.len ?
			 parser->problem_offset : b->cursor.len;
	if (parser->error == YAML_MEMORY_ERROR)
		return fail_at(b, offset, "out of memory while parsing YAML");
	if (parser->context)
		return fail_at(b, offset, "%s %s", parser->problem,
			       parser->context);
	return fail_at(b, offset, "%s",
		       parser->problem ? parser->problem : "invalid YAML");
}

static void builder_free(builder *b)
{
	for (size_t i = 0; i < b->depth; i++)
		free(b->stack[i].anchor);
	free(b->stack);
	for (size_t i = 0; i < b->anchor_cap; i++)
		free(b->anchors[i].name);
	free(b->anchors);
}

int compose_parse_tree(compose_file *file)
{
	const source *src = file->src;
	yaml_parser_t parser;
	yaml_event_t event;
	builder b;
	int error = RM_OK;
	bool done = false;

	memset(&b, 0, sizeof(b));
	b.file = file;
	b.cursor.text = src->text;
	b.cursor.len = src->len;
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		b.cursor.base = 3;
	b.cursor.bytes = b.cursor.base;

	/* libyaml would decode UTF-16 by its byte order mark, and then its
	 * character indexes no longer map to UTF-8 bytes. */
	if (src->len >= 2 && ((unsigned char)src->text[0] == 0xFE ||
			      (unsigned char)src->text[0] == 0xFF))
		return fail_at(&b, 0, "UTF-16 text is not supported: save the file as UTF-8");

	if (!yaml_parser_initialize(&parser)) {
		rm_error_set("cannot parse '%s': libyaml could not be initialized",
			     src->path);
		return RM_ERROR;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text,
				     src->len);

	while (!done && !error) {
		if (!yaml_parser_parse(&parser, &event)) {
			error = syntax_error(&b, &parser);
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		error = on_event(&b, &event);
		yaml_event_delete(&event);
	}

	if (!error && !b.root)
		error = fail_at(&b, 0, "the file is empty: expected a mapping with 'services'");
	if (!error && b.root->kind != COMPOSE_MAPPING)
		error = fail_at(&b, b.root->start,
				"the top level is not a mapping: expected keys such as 'services'");
	if (!error)
		file->root = b.root;

	yaml_parser_delete(&parser);
	builder_free(&b);
	return error;
}

/* --- queries --------------------------------------------------------------- */

const compose_pair *compose_get_pair(const compose_node *mapping,
				     const char *key)
{
	size_t len;

	if (!mapping || mapping->kind != COMPOSE_MAPPING)
		return NULL;
	len = strlen(key);
	for (size_t i = 0; i < mapping->pair_count; i++) {
		const compose_node *k = mapping->pairs[i].key;

		if (k->kind == COMPOSE_SCALAR && k->len == len &&
		    memcmp(k->text, key, len) == 0)
			return &mapping->pairs[i];
	}
	return NULL;
}

const compose_node *compose_get(const compose_node *mapping, const char *key)
{
	const compose_pair *pair = compose_get_pair(mapping, key);

	return pair ? pair->value : NULL;
}

const compose_node *compose_get_path(const compose_node *mapping,
				     const char *path)
{
	const compose_node *node = mapping;
	char *copy = rm_xstrdup(path);
	char *save = NULL;

	for (char *part = strtok_r(copy, ".", &save); part && node;
	     part = strtok_r(NULL, ".", &save))
		node = compose_get(node, part);
	free(copy);
	return node;
}

bool compose_is_null(const compose_node *node)
{
	if (!node)
		return true;
	if (node->kind != COMPOSE_SCALAR || !node->plain)
		return false;
	return node->len == 0 || strcmp(node->text, "~") == 0 ||
	       strcmp(node->text, "null") == 0 ||
	       strcmp(node->text, "Null") == 0 ||
	       strcmp(node->text, "NULL") == 0;
}

int compose_bool(const compose_node *node)
{
	static const char *yes[] = { "true", "yes", "on", "y" };
	static const char *no[] = { "false", "no", "off", "n" };

	if (!node || node->kind != COMPOSE_SCALAR)
		return -1;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(node->text, yes[i]) == 0)
			return 1;
		if (strcasecmp(node->text, no[i]) == 0)
			return 0;
	}
	return -1;
}

bool compose_text_is(const compose_node *node, const char *text)
{
	return node && node->kind == COMPOSE_SCALAR &&
	       strcasecmp(node->text, text) == 0;
}

int compose_key_indent(const compose_node *mapping)
{
	if (!mapping || mapping->kind != COMPOSE_MAPPING || mapping->flow ||
	    mapping->origin || mapping->entry_count == 0)
		return -1;
	return mapping->entries[0].key->col;
}

int compose_insert_offset(const compose_file *self,
			  const compose_node *mapping, size_t *offset,
			  bool *newline_first)
{
	const source *src = self->src;
	size_t at;

	*offset = 0;
	*newline_first = false;
	if (!mapping || mapping->kind != COMPOSE_MAPPING || mapping->origin) {
		rm_error_set("cannot insert into '%s': the node is not a mapping written in place",
			     src->path);
		return RM_EINVALID;
	}
	if (mapping->flow) {
		*offset = mapping->end > mapping->start ? mapping->end - 1 :
							  mapping->start;
		return RM_OK;
	}

	/* The end of the last entry, then the end of that line: a comment
	 * after the value stays with it. */
	at = mapping->entries[mapping->entry_count - 1].value->end;
	if (at > 0 && at <= src->len && src->text[at - 1] == '\n') {
		*offset = at;
		return RM_OK;
	}
	while (at < src->len && src->text[at] != '\n')
		at++;
	if (at < src->len) {
		*offset = at + 1;
	} else {
		*offset = src->len;
		*newline_first = true;
	}
	return RM_OK;
}
