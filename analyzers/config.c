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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <tree_sitter/api.h>
#include <yaml.h>

#include "error.h"

const TSLanguage *tree_sitter_toml(void);

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

	parent->items = rm_xrealloc(parent->items, (parent->count + 1) * sizeof(cval));
	if (parent->kind == CV_MAP) {
		parent->keys = rm_xrealloc(parent->keys, (parent->count + 1) * sizeof(char *));
		parent->keys[parent->count] = rm_xstrdup(key);
	}
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

static void yaml_to_cval(yaml_document_t *doc, yaml_node_t *node, cval *out, int depth)
{
	out->line = (int)node->start_mark.line + 1;
	if (depth > 64)
		return;
	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		bool plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		char *end;

		if (plain && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
			      !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))) {
			out->kind = CV_BOOL;
			out->boolean = s[0] == 't' || s[0] == 'T';
			return;
		}
		if (plain && (!strcmp(s, "~") || !strcmp(s, "null") || !*s)) {
			out->kind = CV_NULL;
			return;
		}
		if (plain && *s) {
			errno = 0;
			out->number = strtol(s, &end, 0);
			if (!*end && errno == 0) {
				out->kind = CV_INT;
				return;
			}
		}
		out->kind = CV_STR;
		out->str = rm_xstrdup(s);
		return;
	}
	case YAML_SEQUENCE_NODE:
		out->kind = CV_LIST;
		for (yaml_node_item_t *i = node->data.sequence.items.start;
		     i < node->data.sequence.items.top; i++)
			yaml_to_cval(doc, yaml_document_get_node(doc, *i), cval_push(out, NULL), depth + 1);
		return;
	case YAML_MAPPING_NODE:
		out->kind = CV_MAP;
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			const char *key = k && k->type == YAML_SCALAR_NODE ?
					  (const char *)k->data.scalar.value : "";

			yaml_to_cval(doc, yaml_document_get_node(doc, p->value),
				     cval_push(out, key), depth + 1);
		}
		return;
	default:
		return;
	}
}

static int load_yaml(cval *out, const char *path, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;

	if (!yaml_parser_initialize(&parser)) {
		rm_error_set("cannot read '%s': the YAML parser could not start", path);
		return RM_ERROR;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rm_error_set("cannot read config '%s': YAML error at line %lu: %s",
			     path, (unsigned long)parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return RM_EINVALID;
	}
	root = yaml_document_get_root_node(&doc);
	if (root)
		yaml_to_cval(&doc, root, out, 0);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
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

/* Appends the key path of a bare, quoted or dotted key to keys[]. */
static size_t toml_key_path(const toml_ctx *c, TSNode key, char **keys, size_t cap)
{
	size_t n = 0;

	if (toml_is(key, "dotted_key")) {
		uint32_t count = ts_node_named_child_count(key);

		for (uint32_t i = 0; i < count && n < cap; i++)
			n += toml_key_path(c, ts_node_named_child(key, i), keys + n, cap - n);
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

static void toml_value(const toml_ctx *c, TSNode n, cval *out);

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

static void toml_pair(const toml_ctx *c, TSNode pair, cval *table)
{
	char *keys[16];
	size_t n;
	TSNode key = ts_node_named_child(pair, 0), value;
	cval *parent, *slot;

	if (ts_node_named_child_count(pair) < 2)
		return;
	value = ts_node_named_child(pair, ts_node_named_child_count(pair) - 1);
	n = toml_key_path(c, key, keys, 16);
	if (n == 0)
		return;
	parent = toml_descend(table, keys, n - 1);
	slot = cval_push(parent, keys[n - 1]);
	toml_value(c, value, slot);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
}

static void toml_value(const toml_ctx *c, TSNode n, cval *out)
{
	const char *type = ts_node_type(n);

	out->line = (int)ts_node_start_point(n).row + 1;
	if (!strcmp(type, "string")) {
		out->kind = CV_STR;
		out->str = toml_string(c, n);
	} else if (!strcmp(type, "boolean")) {
		out->kind = CV_BOOL;
		out->boolean = c->text[ts_node_start_byte(n)] == 't';
	} else if (!strcmp(type, "integer")) {
		char buf[64];
		size_t len = ts_node_end_byte(n) - ts_node_start_byte(n), j = 0;

		for (size_t i = 0; i < len && j + 1 < sizeof(buf); i++)
			if (c->text[ts_node_start_byte(n) + i] != '_')
				buf[j++] = c->text[ts_node_start_byte(n) + i];
		buf[j] = '\0';
		out->kind = CV_INT;
		out->number = strtol(buf, NULL, 0);
	} else if (!strcmp(type, "array")) {
		uint32_t count = ts_node_named_child_count(n);

		out->kind = CV_LIST;
		for (uint32_t i = 0; i < count; i++) {
			TSNode item = ts_node_named_child(n, i);

			if (!toml_is(item, "comment"))
				toml_value(c, item, cval_push(out, NULL));
		}
	} else if (!strcmp(type, "inline_table")) {
		uint32_t count = ts_node_named_child_count(n);

		out->kind = CV_MAP;
		for (uint32_t i = 0; i < count; i++)
			if (toml_is(ts_node_named_child(n, i), "pair"))
				toml_pair(c, ts_node_named_child(n, i), out);
	} else {
		out->kind = CV_NULL;
	}
}

/* Loads the whole TOML document, then keeps tool.bandit. */
static int load_toml(cval *out, const char *path, const char *text, size_t len)
{
	TSParser *parser = ts_parser_new();
	TSTree *tree = NULL;
	toml_ctx c = { text, path };
	cval doc = { 0 }, *bandit;
	TSNode root;
	int error = RM_OK;

	doc.kind = CV_MAP;
	if (!ts_parser_set_language(parser, tree_sitter_toml()) ||
	    !(tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len))) {
		rm_error_set("cannot read config '%s': the TOML parser could not start", path);
		error = RM_ERROR;
		goto done;
	}
	root = ts_tree_root_node(tree);
	if (ts_node_has_error(root)) {
		/* Report the first error's line. */
		TSTreeCursor cur = ts_tree_cursor_new(root);
		int line = 0;

		for (;;) {
			TSNode n = ts_tree_cursor_current_node(&cur);

			if (strcmp(ts_node_type(n), "ERROR") == 0 || ts_node_is_missing(n)) {
				line = (int)ts_node_start_point(n).row + 1;
				break;
			}
			if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur))
				continue;
			if (!ts_tree_cursor_goto_next_sibling(&cur))
				break;
		}
		ts_tree_cursor_delete(&cur);
		rm_error_set("cannot read config '%s': TOML syntax error at line %d", path, line);
		error = RM_EINVALID;
		goto done;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(root); i++) {
		TSNode n = ts_node_named_child(root, i);

		if (toml_is(n, "pair")) {
			toml_pair(&c, n, &doc);
		} else if (toml_is(n, "table")) {
			char *keys[16];
			size_t k = toml_key_path(&c, ts_node_named_child(n, 0), keys, 16);
			cval *table = toml_descend(&doc, keys, k);

			for (size_t j = 0; j < k; j++)
				free(keys[j]);
			for (uint32_t j = 1; j < ts_node_named_child_count(n); j++)
				if (toml_is(ts_node_named_child(n, j), "pair"))
					toml_pair(&c, ts_node_named_child(n, j), table);
		}
	}
	bandit = cval_get(cval_get(&doc, "tool"), "bandit");
	if (bandit && bandit->kind == CV_MAP) {
		*out = *bandit;
		memset(bandit, 0, sizeof(*bandit));
	} else {
		out->kind = CV_MAP;
	}
done:
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

static int read_file(char **out, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f) {
		rm_error_set("cannot read '%s': %s", path, strerror(errno));
		return errno == ENOENT ? RM_ENOTFOUND : RM_EIO;
	}
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = rm_xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0 && n < (64UL << 20));
	if (ferror(f)) {
		rm_error_set("cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return RM_EIO;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return RM_OK;
}

int bandit_config_load(bandit_config *out, const char *path)
{
	char *text = NULL;
	size_t len = 0, plen = strlen(path);
	cval root = { 0 };
	int error;

	memset(out, 0, sizeof(*out));
	plugin_options_init(&out->plugins);
	if ((error = read_file(&text, &len, path)) < 0)
		return error;
	if (plen >= 5 && strcmp(path + plen - 5, ".toml") == 0)
		error = load_toml(&root, path, text, len);
	else
		error = load_yaml(&root, path, text, len);
	if (error == RM_OK)
		error = interpret(out, &root, path);
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
	if ((error = read_file(&text, &len, path)) < 0)
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

bool baseline_matches(const baseline_entry *e, const finding *f)
{
	return same(e->text, f->message) && e->severity == f->severity &&
	       e->confidence == f->confidence && e->cwe == f->rule->cwe &&
	       same(e->filename, f->path) &&
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
	return removed;
}
