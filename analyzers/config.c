/*
 * Bandit-style configuration and baselines (see config.h).
 *
 * A YAML file (libyaml's document API) or the [tool.bandit] table of a
 * TOML file (tree-sitter-toml) is first turned into a small tree of
 * values (cval), so that one interpreter reads both formats the same
 * way.  A baseline is a Bandit JSON report read with cJSON.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <tree_sitter/api.h>
#include <yaml.h>

#include "error.h"
#include "writers/json_out.h"

const TSLanguage *tree_sitter_toml(void);

/* Collections nested deeper than this are rejected, in YAML and TOML
 * alike.  Bandit options nest two or three levels, and the bound keeps
 * the recursive conversion and cval_free off the end of the stack. */
#define MAX_DEPTH 64

/* Expanded node count allowed on top of ten per node of the YAML
 * document: generous for a file that shares lists through anchors, far
 * below what an alias bomb (`&a [*b, *b, ...]` nested a few levels)
 * expands to.  The Compose loader uses the same floor. */
#define EXPANSION_FLOOR 100000

/* Configuration and baseline files larger than this are rejected. */
#define MAX_FILE_SIZE (64UL << 20)

/* --- a tiny value tree --------------------------------------------------- */

typedef enum cval_kind { CV_NULL, CV_STR, CV_BOOL, CV_INT, CV_LIST, CV_MAP } cval_kind;

typedef struct cval {
	cval_kind kind;
	char *str;               /* CV_STR (owned) */
	bool boolean;
	long number;
	struct cval *items;      /* CV_LIST, CV_MAP values (owned) */
	char **keys;             /* CV_MAP keys (owned) */
	size_t count;
	size_t cap;              /* allocated slots of items (and keys) */
	int line;                /* 1-based line in the file, for messages */
} cval;

static void cval_free(cval *v)
{
	free(v->str);
	for (size_t i = 0; i < v->count; i++) {
		cval_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof(*v));
}

/* Appends a value (and key, for maps); returns the new slot. */
static cval *cval_push(cval *parent, const char *key)
{
	cval *slot;

	if (parent->count == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->items = rm_xrealloc(parent->items, parent->cap * sizeof(cval));
		if (parent->kind == CV_MAP)
			parent->keys = rm_xrealloc(parent->keys, parent->cap * sizeof(char *));
	}
	if (parent->kind == CV_MAP)
		parent->keys[parent->count] = rm_xstrdup(key);
	slot = &parent->items[parent->count++];
	memset(slot, 0, sizeof(*slot));
	return slot;
}

/* The last value under `key` (later keys win, as in a Python dict). */
static cval *cval_get(cval *map, const char *key)
{
	if (!map || map->kind != CV_MAP)
		return NULL;
	for (size_t i = map->count; i-- > 0;)
		if (strcmp(map->keys[i], key) == 0)
			return &map->items[i];
	return NULL;
}

/* --- YAML ---------------------------------------------------------------- */

static int reject_depth(const char *path, int line)
{
	rm_error_set("invalid config '%s': nested deeper than %d levels at line %d",
		     path, MAX_DEPTH, line);
	return RM_EINVALID;
}

static int yaml_syntax_error(const char *path, const yaml_parser_t *parser)
{
	rm_error_set("cannot read config '%s': YAML error at line %lu: %s",
		     path, (unsigned long)parser->problem_mark.line + 1,
		     parser->problem ? parser->problem : "invalid YAML");
	return RM_EINVALID;
}

/* One conversion from libyaml's document to a cval tree. */
typedef struct yaml_ctx {
	yaml_document_t *doc;
	const char *path;
	size_t limit;           /* nodes the whole conversion may create */
	size_t created;
} yaml_ctx;

/*
 * Converts `node`, which sits inside `depth` collections, into *out.  In
 * libyaml's document an alias is the anchored node itself, shared, so
 * each use is converted again: ctx->limit bounds the total, and the depth
 * bound also stops an alias used inside its own anchor.
 */
static int yaml_to_cval(yaml_ctx *c, yaml_node_t *node, cval *out, int depth)
{
	int error;

	if (!node) {
		out->kind = CV_NULL;
		return RM_OK;
	}
	out->line = (int)node->start_mark.line + 1;
	if (++c->created > c->limit) {
		rm_error_set("invalid config '%s': aliases expand to more than %zu nodes at line %d: possible alias bomb, rejected",
			     c->path, c->limit, out->line);
		return RM_EINVALID;
	}
	if (node->type != YAML_SCALAR_NODE && depth + 1 > MAX_DEPTH)
		return reject_depth(c->path, out->line);

	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		bool plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		char *end;

		if (plain && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
			      !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))) {
			out->kind = CV_BOOL;
			out->boolean = s[0] == 't' || s[0] == 'T';
			return RM_OK;
		}
		if (plain && (!strcmp(s, "~") || !strcmp(s, "null") || !*s)) {
			out->kind = CV_NULL;
			return RM_OK;
		}
		if (plain && *s) {
			errno = 0;
			out->number = strtol(s, &end, 0);
			if (!*end && errno == 0) {
				out->kind = CV_INT;
				return RM_OK;
			}
		}
		out->kind = CV_STR;
		out->str = rm_xstrdup(s);
		return RM_OK;
	}
	case YAML_SEQUENCE_NODE:
		out->kind = CV_LIST;
		for (yaml_node_item_t *i = node->data.sequence.items.start;
		     i < node->data.sequence.items.top; i++)
			if ((error = yaml_to_cval(c, yaml_document_get_node(c->doc, *i),
						  cval_push(out, NULL), depth + 1)) < 0)
				return error;
		return RM_OK;
	case YAML_MAPPING_NODE:
		out->kind = CV_MAP;
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
			const char *key = k && k->type == YAML_SCALAR_NODE ?
					  (const char *)k->data.scalar.value : "";

			if ((error = yaml_to_cval(c, yaml_document_get_node(c->doc, p->value),
						  cval_push(out, key), depth + 1)) < 0)
				return error;
		}
		return RM_OK;
	default:
		out->kind = CV_NULL;
		return RM_OK;
	}
}

/*
 * Checks the event stream before libyaml's loader builds the document:
 * at most one document, and collections nested at most MAX_DEPTH deep.
 * Stopping at the first event too deep also spares libyaml's scanner,
 * whose work per token grows with the flow nesting level.
 */
static int yaml_check_shape(const char *path, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int depth = 0, documents = 0, error = RM_OK;
	bool end = false;

	if (!yaml_parser_initialize(&parser)) {
		rm_error_set("cannot read config '%s': the YAML parser could not start", path);
		return RM_ERROR;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!end && error == RM_OK) {
		if (!yaml_parser_parse(&parser, &event)) {
			error = yaml_syntax_error(path, &parser);
			break;
		}
		switch (event.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				rm_error_set("invalid config '%s' line %lu: a second YAML document: a config file holds exactly one (remove the '---' line and what follows, or merge the two)",
					     path, (unsigned long)event.start_mark.line + 1);
				error = RM_EINVALID;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > MAX_DEPTH)
				error = reject_depth(path, (int)event.start_mark.line + 1);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			end = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return error;
}

static int load_yaml(cval *out, const char *path, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_ctx c = { &doc, path, 0, 0 };
	int error;

	if ((error = yaml_check_shape(path, text, len)) < 0)
		return error;
	if (!yaml_parser_initialize(&parser)) {
		rm_error_set("cannot read config '%s': the YAML parser could not start", path);
		return RM_ERROR;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		error = yaml_syntax_error(path, &parser);
		yaml_parser_delete(&parser);
		return error;
	}
	c.limit = EXPANSION_FLOOR + 10 * (size_t)(doc.nodes.top - doc.nodes.start);
	root = yaml_document_get_root_node(&doc);
	if (root)
		error = yaml_to_cval(&c, root, out, 0);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (error < 0)
		return error;
	if (root && out->kind != CV_MAP) {
		rm_error_set("cannot read config '%s': the top level must be a mapping of Bandit options",
			     path);
		return RM_EINVALID;
	}
	if (!root)
		out->kind = CV_MAP;
	return RM_OK;
}

/* --- TOML ---------------------------------------------------------------- */

typedef struct toml_ctx {
	const char *text;
	const char *path;
} toml_ctx;

static bool toml_is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

/* Returns the named children of `n` in an array the caller frees, and
 * their number in *count.  A cursor visits them in one pass, whereas
 * ts_node_named_child(n, i) starts again from the first child on every
 * call, which makes a loop over a long array quadratic. */
static TSNode *named_children(TSNode n, uint32_t *count)
{
	TSNode *items = rm_xcalloc(ts_node_named_child_count(n) + 1, sizeof(TSNode));
	TSTreeCursor cur = ts_tree_cursor_new(n);
	uint32_t got = 0, max = ts_node_named_child_count(n);

	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode child = ts_tree_cursor_current_node(&cur);

			if (ts_node_is_named(child) && got < max)
				items[got++] = child;
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	*count = got;
	return items;
}

/* Decodes a TOML string node (basic or literal, single or triple quoted;
 * the common escapes of basic strings). */
static char *toml_string(const toml_ctx *c, TSNode n)
{
	const char *p = c->text + ts_node_start_byte(n);
	size_t len = ts_node_end_byte(n) - ts_node_start_byte(n), q = 1;
	char *out, *o;
	bool literal;

	if (len >= 6 && (!strncmp(p, "\"\"\"", 3) || !strncmp(p, "'''", 3)))
		q = 3;
	if (len < 2 * q)
		return rm_xstrdup("");
	literal = p[0] == '\'';
	p += q;
	len -= 2 * q;
	if (q == 3 && len > 0 && p[0] == '\n')
		p++, len--;
	out = o = rm_xmalloc(len + 1);
	for (size_t i = 0; i < len; i++) {
		if (literal || p[i] != '\\' || i + 1 >= len) {
			*o++ = p[i];
			continue;
		}
		switch (p[++i]) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		default: *o++ = '\\'; *o++ = p[i]; break;
		}
	}
	*o = '\0';
	return out;
}

/* Key paths longer than this are cut short. */
#define MAX_KEY_PATH 16

/* Appends the key path of a bare, quoted or dotted key to keys[]. */
static size_t toml_key_path(const toml_ctx *c, TSNode key, char **keys, size_t cap)
{
	size_t n = 0;

	if (toml_is(key, "dotted_key")) {
		uint32_t count;
		TSNode *parts = named_children(key, &count);

		for (uint32_t i = 0; i < count && n < cap; i++)
			n += toml_key_path(c, parts[i], keys + n, cap - n);
		free(parts);
		return n;
	}
	if (cap == 0)
		return 0;
	if (toml_is(key, "quoted_key"))
		keys[0] = toml_string(c, key);
	else
		keys[0] = rm_xstrndup(c->text + ts_node_start_byte(key),
				      ts_node_end_byte(key) - ts_node_start_byte(key));
	return 1;
}

static void free_keys(char **keys, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(keys[i]);
}

/* True when the key path keys[0..count) leads to tool.bandit or into it.
 * Only that table is converted, so whatever the rest of a pyproject.toml
 * contains is never walked. */
static bool toml_wanted(char *const *keys, size_t count)
{
	static const char *const bandit_path[2] = { "tool", "bandit" };

	for (size_t i = 0; i < count && i < 2; i++)
		if (strcmp(keys[i], bandit_path[i]) != 0)
			return false;
	return true;
}

/* Finds or creates the map at key path keys[0..count) under `root`. */
static cval *toml_descend(cval *root, char **keys, size_t count)
{
	cval *cur = root;

	for (size_t i = 0; i < count; i++) {
		cval *next = cval_get(cur, keys[i]);

		if (!next || next->kind != CV_MAP) {
			next = cval_push(cur, keys[i]);
			next->kind = CV_MAP;
		}
		cur = next;
	}
	return cur;
}

static int toml_value(const toml_ctx *c, TSNode n, cval *out, int depth);

/*
 * Adds a `key = value` pair to `table`.  `depth` counts the arrays and
 * inline tables around the pair.  `table_keys` is the key path of a
 * top-level table, or NULL inside a value: then every pair is kept,
 * otherwise only the pairs that lead into tool.bandit.
 */
static int toml_pair(const toml_ctx *c, TSNode pair, cval *table, int depth,
		     char *const *table_keys, size_t table_key_count)
{
	char *keys[MAX_KEY_PATH];
	uint32_t count;
	TSNode *parts = named_children(pair, &count);
	size_t n = 0;
	int error = RM_OK;

	if (count < 2)
		goto done;
	n = toml_key_path(c, parts[0], keys, MAX_KEY_PATH);
	if (n == 0)
		goto done;
	if (table_keys) {
		char *full[2 * MAX_KEY_PATH];
		size_t full_count = 0;

		for (size_t i = 0; i < table_key_count; i++)
			full[full_count++] = table_keys[i];
		for (size_t i = 0; i < n; i++)
			full[full_count++] = keys[i];
		if (!toml_wanted(full, full_count))
			goto done;
	}
	error = toml_value(c, parts[count - 1],
			   cval_push(toml_descend(table, keys, n - 1), keys[n - 1]), depth);
done:
	free_keys(keys, n);
	free(parts);
	return error;
}

/* Converts a value node that sits inside `depth` arrays and inline tables. */
static int toml_value(const toml_ctx *c, TSNode n, cval *out, int depth)
{
	const char *type = ts_node_type(n);
	uint32_t count;
	TSNode *items;
	int error = RM_OK;

	out->line = (int)ts_node_start_point(n).row + 1;
	if (!strcmp(type, "string")) {
		out->kind = CV_STR;
		out->str = toml_string(c, n);
		return RM_OK;
	}
	if (!strcmp(type, "boolean")) {
		out->kind = CV_BOOL;
		out->boolean = c->text[ts_node_start_byte(n)] == 't';
		return RM_OK;
	}
	if (!strcmp(type, "integer")) {
		char buf[64];
		size_t len = ts_node_end_byte(n) - ts_node_start_byte(n), j = 0;

		for (size_t i = 0; i < len && j + 1 < sizeof(buf); i++)
			if (c->text[ts_node_start_byte(n) + i] != '_')
				buf[j++] = c->text[ts_node_start_byte(n) + i];
		buf[j] = '\0';
		out->kind = CV_INT;
		out->number = strtol(buf, NULL, 0);
		return RM_OK;
	}
	if (strcmp(type, "array") != 0 && strcmp(type, "inline_table") != 0) {
		out->kind = CV_NULL;
		return RM_OK;
	}

	if (depth + 1 > MAX_DEPTH)
		return reject_depth(c->path, out->line);
	out->kind = !strcmp(type, "array") ? CV_LIST : CV_MAP;
	items = named_children(n, &count);
	for (uint32_t i = 0; i < count && error == RM_OK; i++) {
		if (out->kind == CV_LIST && !toml_is(items[i], "comment"))
			error = toml_value(c, items[i], cval_push(out, NULL), depth + 1);
		else if (out->kind == CV_MAP && toml_is(items[i], "pair"))
			error = toml_pair(c, items[i], out, depth + 1, NULL, 0);
	}
	free(items);
	return error;
}

/* Returns the 1-based line of the first syntax error under `root`: an
 * ERROR node, a missing token, or a node that has an error below it but
 * no visible children (a missing token inside a hidden rule). */
static int toml_error_line(TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	int line = 1;

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		line = (int)ts_node_start_point(n).row + 1;
		if (strcmp(ts_node_type(n), "ERROR") == 0 || ts_node_is_missing(n))
			break;
		if (ts_node_has_error(n)) {
			if (!ts_tree_cursor_goto_first_child(&cur))
				break;
			continue;
		}
		if (!ts_tree_cursor_goto_next_sibling(&cur))
			break;
	}
	ts_tree_cursor_delete(&cur);
	return line;
}

/* Loads the parts of a TOML document that lead into tool.bandit, then
 * keeps tool.bandit. */
static int load_toml(cval *out, const char *path, const char *text, size_t len,
		     bool *found)
{
	TSParser *parser = ts_parser_new();
	TSTree *tree = NULL;
	toml_ctx c = { text, path };
	cval doc = { 0 }, *bandit;
	TSNode *top = NULL;
	uint32_t count = 0;
	int error = RM_OK;

	doc.kind = CV_MAP;
	if (!ts_parser_set_language(parser, tree_sitter_toml()) ||
	    !(tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len))) {
		rm_error_set("cannot read config '%s': the TOML parser could not start", path);
		error = RM_ERROR;
		goto done;
	}
	if (ts_node_has_error(ts_tree_root_node(tree))) {
		rm_error_set("cannot read config '%s': TOML syntax error at line %d", path,
			     toml_error_line(ts_tree_root_node(tree)));
		error = RM_EINVALID;
		goto done;
	}

	top = named_children(ts_tree_root_node(tree), &count);
	for (uint32_t i = 0; i < count && error == RM_OK; i++) {
		char *keys[MAX_KEY_PATH];
		uint32_t part_count;
		TSNode *parts;
		size_t k;
		cval *table;

		if (toml_is(top[i], "pair")) {
			error = toml_pair(&c, top[i], &doc, 0, keys, 0);
			continue;
		}
		if (!toml_is(top[i], "table"))
			continue;
		parts = named_children(top[i], &part_count);
		k = part_count > 0 ? toml_key_path(&c, parts[0], keys, MAX_KEY_PATH) : 0;
		if (k > 0 && toml_wanted(keys, k)) {
			table = toml_descend(&doc, keys, k);
			for (uint32_t j = 1; j < part_count && error == RM_OK; j++)
				if (toml_is(parts[j], "pair"))
					error = toml_pair(&c, parts[j], table, 0, keys, k);
		}
		free_keys(keys, k);
		free(parts);
	}
	if (error < 0)
		goto done;

	bandit = cval_get(cval_get(&doc, "tool"), "bandit");
	*found = bandit != NULL;
	if (bandit && bandit->kind == CV_MAP) {
		*out = *bandit;
		memset(bandit, 0, sizeof(*bandit));
	} else {
		out->kind = CV_MAP;
	}
done:
	free(top);
	cval_free(&doc);
	ts_tree_delete(tree);
	ts_parser_delete(parser);
	return error;
}

/* --- interpreting the options -------------------------------------------- */

void plugin_options_init(plugin_options *opts)
{
	static const long defaults[6] = { 1024, 2048, 1024, 2048, 160, 224 };

	memset(opts, 0, sizeof(*opts));
	memcpy(opts->weak_key, defaults, sizeof(defaults));
}

static void free_strings(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}

/* Reads a list of strings (a comma-separated string is accepted too, as
 * Bandit's .bandit ini files write lists); *out NULL when absent. */
static int read_strings(char ***out, cval *map, const char *key, const char *path,
			const char *where)
{
	cval *v = cval_get(map, key);
	size_t n = 0;

	*out = NULL;
	if (!v || v->kind == CV_NULL)
		return RM_OK;
	if (v->kind == CV_STR) {
		char *copy = rm_xstrdup(v->str), *save = NULL;

		*out = rm_xcalloc(1, sizeof(char *));
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ')
				t++;
			if (!*t)
				continue;
			*out = rm_xrealloc(*out, (n + 2) * sizeof(char *));
			(*out)[n++] = rm_xstrdup(t);
			(*out)[n] = NULL;
		}
		free(copy);
		return RM_OK;
	}
	if (v->kind != CV_LIST) {
		rm_error_set("invalid config '%s' line %d: %s%s%s must be a list of strings",
			     path, v->line, where ? where : "", where ? "." : "", key);
		return RM_EINVALID;
	}
	*out = rm_xcalloc(v->count + 1, sizeof(char *));
	for (size_t i = 0; i < v->count; i++) {
		if (v->items[i].kind != CV_STR) {
			rm_error_set("invalid config '%s' line %d: every item of %s%s%s must be a string",
				     path, v->items[i].line, where ? where : "",
				     where ? "." : "", key);
			free_strings(*out);
			*out = NULL;
			return RM_EINVALID;
		}
		(*out)[i] = rm_xstrdup(v->items[i].str);
	}
	return RM_OK;
}

static int read_bool(bool *out, cval *map, const char *key, const char *path,
		     const char *where)
{
	cval *v = cval_get(map, key);

	if (!v || v->kind == CV_NULL)
		return RM_OK;
	if (v->kind != CV_BOOL) {
		rm_error_set("invalid config '%s' line %d: %s.%s must be true or false",
			     path, v->line, where, key);
		return RM_EINVALID;
	}
	*out = v->boolean;
	return RM_OK;
}

static void add_note(bandit_config *cfg, char *note)
{
	size_t n = 0;

	while (cfg->notes && cfg->notes[n])
		n++;
	cfg->notes = rm_xrealloc(cfg->notes, (n + 2) * sizeof(char *));
	cfg->notes[n] = note;
	cfg->notes[n + 1] = NULL;
}

/* Adds a note for each top-level key that no check reads, with the
 * setting it was probably meant to be. */
static void note_unread_keys(bandit_config *cfg, const cval *root, const char *path)
{
	static const char *const known[] = {
		"tests", "skips", "exclude_dirs", "assert_used",
		"hardcoded_tmp_directory", "try_except_pass",
		"try_except_continue", "shell_injection",
		"ssl_with_bad_version", "markupsafe_xss",
		"weak_cryptographic_key",
	};
	static const char *const likely[][2] = {
		{ "skip", "skips" }, { "test", "tests" }, { "exclude", "exclude_dirs" },
		{ "exclude_dir", "exclude_dirs" }, { "excludes", "exclude_dirs" },
	};

	if (root->kind != CV_MAP)
		return;
	for (size_t i = 0; i < root->count; i++) {
		const char *key = root->keys[i];
		const char *hint = NULL;
		bool read = false;

		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]) && !read; k++)
			read = strcmp(key, known[k]) == 0;
		if (read)
			continue;
		for (size_t k = 0; k < sizeof(likely) / sizeof(likely[0]); k++)
			if (strcmp(key, likely[k][0]) == 0)
				hint = likely[k][1];
		add_note(cfg, hint ?
			 rm_xasprintf("config '%s' line %d: key '%s' is not a setting remediate reads (did you mean '%s'?)",
				      path, root->items[i].line, key, hint) :
			 rm_xasprintf("config '%s' line %d: key '%s' is not a setting remediate reads",
				      path, root->items[i].line, key));
	}
}

static int interpret(bandit_config *cfg, cval *root, const char *path)
{
	static const char *const key_names[6] = {
		"weak_key_size_dsa_high", "weak_key_size_dsa_medium",
		"weak_key_size_rsa_high", "weak_key_size_rsa_medium",
		"weak_key_size_ec_high", "weak_key_size_ec_medium",
	};
	plugin_options *o = &cfg->plugins;
	cval *sec;
	int error;

	if ((error = read_strings(&cfg->tests, root, "tests", path, NULL)) < 0 ||
	    (error = read_strings(&cfg->skips, root, "skips", path, NULL)) < 0 ||
	    (error = read_strings(&cfg->exclude_dirs, root, "exclude_dirs", path, NULL)) < 0)
		return error;
	if ((sec = cval_get(root, "assert_used")) &&
	    (error = read_strings(&o->assert_skips, sec, "skips", path, "assert_used")) < 0)
		return error;
	if ((sec = cval_get(root, "hardcoded_tmp_directory")) &&
	    (error = read_strings(&o->tmp_dirs, sec, "tmp_dirs", path, "hardcoded_tmp_directory")) < 0)
		return error;
	if ((sec = cval_get(root, "try_except_pass")) &&
	    (error = read_bool(&o->pass_typed, sec, "check_typed_exception", path, "try_except_pass")) < 0)
		return error;
	if ((sec = cval_get(root, "try_except_continue")) &&
	    (error = read_bool(&o->continue_typed, sec, "check_typed_exception", path, "try_except_continue")) < 0)
		return error;
	if ((sec = cval_get(root, "shell_injection")) &&
	    ((error = read_strings(&o->shell_subprocess, sec, "subprocess", path, "shell_injection")) < 0 ||
	     (error = read_strings(&o->shell_shell, sec, "shell", path, "shell_injection")) < 0 ||
	     (error = read_strings(&o->shell_no_shell, sec, "no_shell", path, "shell_injection")) < 0))
		return error;
	if ((sec = cval_get(root, "ssl_with_bad_version")) &&
	    (error = read_strings(&o->bad_protocol_versions, sec, "bad_protocol_versions", path, "ssl_with_bad_version")) < 0)
		return error;
	if ((sec = cval_get(root, "markupsafe_xss")) &&
	    ((error = read_strings(&o->markup_names, sec, "extend_markup_names", path, "markupsafe_xss")) < 0 ||
	     (error = read_strings(&o->allowed_calls, sec, "allowed_calls", path, "markupsafe_xss")) < 0))
		return error;
	if ((sec = cval_get(root, "weak_cryptographic_key"))) {
		for (int i = 0; i < 6; i++) {
			cval *v = cval_get(sec, key_names[i]);

			if (!v)
				continue;
			if (v->kind != CV_INT) {
				rm_error_set("invalid config '%s' line %d: weak_cryptographic_key.%s must be a number of bits",
					     path, v->line, key_names[i]);
				return RM_EINVALID;
			}
			o->weak_key[i] = v->number;
		}
	}
	return RM_OK;
}

/*
 * Reads the regular file `path` whole; `what` ("config", "baseline")
 * names it in errors.  Anything else is rejected before
 * a read can block: opening a FIFO without a writer waits forever, and
 * O_NONBLOCK keeps the open from waiting, so fstat can check the
 * file type first.
 */
static int read_file(char **out, size_t *len, const char *path,
		     const char *what)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	int fd, error = RM_OK;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rm_error_set("cannot read %s '%s': %s", what, path, strerror(errno));
		return errno == ENOENT ? RM_ENOTFOUND : RM_EIO;
	}
	if (fstat(fd, &st) < 0) {
		rm_error_set("cannot read %s '%s': %s", what, path, strerror(errno));
		error = RM_EIO;
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rm_error_set("cannot read %s '%s': not a regular file", what, path);
		error = RM_EIO;
		goto done;
	}
	if ((unsigned long long)st.st_size > MAX_FILE_SIZE) {
		rm_error_set("cannot read %s '%s': larger than %lu MiB", what, path,
			     MAX_FILE_SIZE >> 20);
		error = RM_EINVALID;
		goto done;
	}

	/* The size may change while the file is read, so read to the end
	 * and check the bound again. */
	buf = rm_xmalloc((size_t)st.st_size + 1);
	for (size_t cap = (size_t)st.st_size + 1;;) {
		ssize_t got;

		if (n + 1 == cap) {
			cap *= 2;
			buf = rm_xrealloc(buf, cap);
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rm_error_set("cannot read %s '%s': %s", what, path, strerror(errno));
			error = RM_EIO;
			goto done;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > MAX_FILE_SIZE) {
			rm_error_set("cannot read %s '%s': larger than %lu MiB", what,
				     path, MAX_FILE_SIZE >> 20);
			error = RM_EINVALID;
			goto done;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	close(fd);
	return error;
}

int bandit_config_load(bandit_config *out, const char *path)
{
	char *text = NULL;
	size_t len = 0, plen = strlen(path);
	cval root = { 0 };
	int error;

	memset(out, 0, sizeof(*out));
	plugin_options_init(&out->plugins);
	if ((error = read_file(&text, &len, path, "config")) < 0)
		return error;
	if (plen >= 5 && strcmp(path + plen - 5, ".toml") == 0) {
		bool found = false;

		error = load_toml(&root, path, text, len, &found);
		if (error == RM_OK && !found)
			add_note(out, rm_xasprintf("config '%s' has no [tool.bandit] table: it sets nothing",
						   path));
	} else {
		error = load_yaml(&root, path, text, len);
	}
	if (error == RM_OK)
		error = interpret(out, &root, path);
	if (error == RM_OK)
		note_unread_keys(out, &root, path);
	cval_free(&root);
	free(text);
	if (error < 0)
		bandit_config_free(out);
	return error;
}

void bandit_config_free(bandit_config *cfg)
{
	plugin_options *o = &cfg->plugins;

	free_strings(cfg->tests);
	free_strings(cfg->skips);
	free_strings(cfg->exclude_dirs);
	free_strings(o->assert_skips);
	free_strings(o->tmp_dirs);
	free_strings(o->shell_subprocess);
	free_strings(o->shell_shell);
	free_strings(o->shell_no_shell);
	free_strings(o->bad_protocol_versions);
	free_strings(o->markup_names);
	free_strings(o->allowed_calls);
	free_strings(cfg->notes);
	memset(cfg, 0, sizeof(*cfg));
	plugin_options_init(&cfg->plugins);
}

/* --- baselines ----------------------------------------------------------- */

static char *json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring ? rm_xstrdup(v->valuestring) : NULL;
}

int baseline_load(baseline *out, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	cJSON *doc, *results, *item;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = read_file(&text, &len, path, "baseline")) < 0)
		return error;
	doc = cJSON_ParseWithLength(text, len);
	free(text);
	results = doc ? cJSON_GetObjectItemCaseSensitive(doc, "results") : NULL;
	if (!cJSON_IsArray(results)) {
		rm_error_set("cannot use baseline '%s': it is not a Bandit JSON report with a \"results\" list (write one with 'remediate scan --format json')",
			     path);
		cJSON_Delete(doc);
		return RM_EINVALID;
	}
	out->items = rm_xcalloc((size_t)cJSON_GetArraySize(results) + 1, sizeof(baseline_entry));
	cJSON_ArrayForEach(item, results) {
		baseline_entry *e = &out->items[out->count];
		const cJSON *cwe = cJSON_GetObjectItemCaseSensitive(item, "issue_cwe");
		char *sev = json_string(item, "issue_severity");
		char *conf = json_string(item, "issue_confidence");

		e->filename = json_string(item, "filename");
		e->test_id = json_string(item, "test_id");
		e->test_name = json_string(item, "test_name");
		e->text = json_string(item, "issue_text");
		if (!sev || level_parse(&e->severity, sev) < 0)
			e->severity = LEVEL_UNDEFINED;
		if (!conf || level_parse(&e->confidence, conf) < 0)
			e->confidence = LEVEL_UNDEFINED;
		free(sev);
		free(conf);
		if (cJSON_IsObject(cwe) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(cwe, "id")))
			e->cwe = cJSON_GetObjectItemCaseSensitive(cwe, "id")->valueint;
		else if (cJSON_IsNumber(cwe))
			e->cwe = cwe->valueint;
		if (!e->filename || !e->test_id || !e->text) {
			free(e->filename);
			free(e->test_id);
			free(e->test_name);
			free(e->text);
			memset(e, 0, sizeof(*e));
			continue;
		}
		out->count++;
	}
	cJSON_Delete(doc);
	return RM_OK;
}

void baseline_free(baseline *b)
{
	for (size_t i = 0; i < b->count; i++) {
		free(b->items[i].filename);
		free(b->items[i].test_id);
		free(b->items[i].test_name);
		free(b->items[i].text);
	}
	free(b->items);
	memset(b, 0, sizeof(*b));
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* True when `stored`, read back from a JSON report, equals `actual` as
 * the JSON writer wrote it: each byte of `actual` that is not part of
 * valid UTF-8 was written as U+FFFD (see json_out.h). */
static bool same_as_written(const char *stored, const char *actual)
{
	size_t i = 0, j = 0, actual_len, stored_len;

	if (!stored || !actual)
		return false;
	if (strcmp(stored, actual) == 0)
		return true;
	actual_len = strlen(actual);
	stored_len = strlen(stored);
	while (i < actual_len) {
		unsigned long cp;
		size_t n = jout_utf8_decode(actual + i, actual_len - i, &cp);
		const char *want = n ? actual + i : "\xEF\xBF\xBD";
		size_t want_len = n ? n : 3;

		if (stored_len - j < want_len || memcmp(stored + j, want, want_len) != 0)
			return false;
		i += n ? n : 1;
		j += want_len;
	}
	return j == stored_len;
}

bool baseline_matches(const baseline_entry *e, const finding *f)
{
	return same_as_written(e->text, f->message) && e->severity == f->severity &&
	       e->confidence == f->confidence && e->cwe == f->rule->cwe &&
	       same_as_written(e->filename, f->path) &&
	       (!e->test_name || same(e->test_name, f->rule->name)) &&
	       same(e->test_id, f->rule->id);
}

size_t baseline_filter(scan_result *result, const baseline *b)
{
	size_t removed = 0;

	for (size_t i = 0; i < result->findings.count;) {
		bool known = false;

		for (size_t j = 0; j < b->count && !known; j++)
			known = baseline_matches(&b->items[j], &result->findings.items[i]);
		if (known) {
			finding_list_remove(&result->findings, i);
			removed++;
		} else {
			i++;
		}
	}
	result->baseline_hidden += (long)removed;
	return removed;
}
