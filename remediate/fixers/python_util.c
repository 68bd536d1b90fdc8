/*
 * The shared parts of the Python fixers: parsing the finding's file,
 * finding nodes by byte range, insertions that merge at one offset and
 * keep the file's line endings, placing new import lines, and telling
 * whether a function is a Flask route.  See fix_python.h.
 */
#include "fixers/fix_python.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "python/python.h"

int fix_python_open(fix_python_doc *doc, const fix_context *ctx)
{
	py_syntax_info info;

	memset(doc, 0, sizeof(*doc));
	doc->ctx = ctx;
	doc->text = ctx->src->text;
	doc->len = ctx->src->len;
	doc->newline = edit_newline(doc->text, doc->len);
	if (py_parse(&doc->tree, doc->text, doc->len) < 0)
		return RM_ERROR;
	if (py_syntax_error(&info, doc->tree, doc->text, doc->len)) {
		rm_error_set("'%s' is not valid Python at line %d: %s; fix the syntax first",
			     ctx->finding->path, info.line, info.reason);
		return RM_EINVALID;
	}
	doc->root = ts_tree_root_node(doc->tree);
	return 0;
}

void fix_python_close(fix_python_doc *doc)
{
	if (doc->tree)
		ts_tree_delete(doc->tree);
	edit_list_clear(&doc->edits);
	free(doc->edits.items);
	memset(doc, 0, sizeof(*doc));
}

int fix_python_commit(fix *out, fix_python_doc *doc)
{
	char *text = NULL;
	size_t len = 0;
	int error;

	error = edit_apply(&text, &len, doc->text, doc->len, &doc->edits);
	if (error < 0)
		return error;
	fix_set_file(out, doc->ctx->finding->path, text, len);
	free(text);
	return 0;
}

/* --- nodes ------------------------------------------------------------------ */

bool fix_python_is(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

TSNode fix_python_field(TSNode node, const char *name)
{
	return ts_node_child_by_field_name(node, name, (uint32_t)strlen(name));
}

TSNode fix_python_unparen(TSNode node)
{
	while (fix_python_is(node, "parenthesized_expression") &&
	       ts_node_named_child_count(node) == 1)
		node = ts_node_named_child(node, 0);
	return node;
}

TSNode fix_python_parent(TSNode node)
{
	TSNode parent = ts_node_parent(node);

	while (fix_python_is(parent, "parenthesized_expression"))
		parent = ts_node_parent(parent);
	return parent;
}

TSNode fix_python_statement(TSNode node)
{
	while (!ts_node_is_null(node)) {
		TSNode parent = ts_node_parent(node);

		if (ts_node_is_null(parent))
			return parent;
		if (fix_python_is(parent, "module") || fix_python_is(parent, "block"))
			return node;
		node = parent;
	}
	return node;
}

TSNode fix_python_find(const fix_python_doc *doc, size_t start, size_t end,
		       const char *type)
{
	TSNode node = ts_node_named_descendant_for_byte_range(
		doc->root, (uint32_t)start, (uint32_t)end);

	/* Nested nodes can share one range (a parenthesised expression's
	 * only child never does, but an expression statement and its call
	 * can), so climb while the range stays the same. */
	while (!ts_node_is_null(node) && ts_node_start_byte(node) == start &&
	       ts_node_end_byte(node) == end) {
		if (fix_python_is(node, type))
			return node;
		node = ts_node_parent(node);
	}
	return (TSNode){0};
}

bool fix_python_text_is(const fix_python_doc *doc, TSNode node, const char *s)
{
	return !ts_node_is_null(node) && py_node_text_is(node, doc->text, s);
}

char *fix_python_text(const fix_python_doc *doc, TSNode node)
{
	size_t len;
	const char *p = py_node_text(node, doc->text, &len);

	return rm_xstrndup(p, len);
}

bool fix_python_plain_string(const fix_python_doc *doc, TSNode node)
{
	TSNode start;
	size_t len;
	const char *p;

	if (!fix_python_is(node, "string"))
		return false;
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
		if (fix_python_is(ts_node_named_child(node, i), "interpolation"))
			return false;
	start = ts_node_named_child(node, 0);
	p = py_node_text(start, doc->text, &len);
	for (size_t i = 0; i < len; i++)
		if (p[i] == 'b' || p[i] == 'B' || p[i] == 'f' || p[i] == 'F')
			return false;
	return true;
}

/* --- edits ------------------------------------------------------------------ */

/* Copies `text` with every "\n" turned into the file's line ending. */
static char *with_newlines(const fix_python_doc *doc, const char *text)
{
	size_t lines = 0, n = strlen(text), nl = strlen(doc->newline);
	char *out, *w;

	for (size_t i = 0; i < n; i++)
		if (text[i] == '\n')
			lines++;
	out = rm_xmalloc(n + lines * (nl - 1) + 1);
	w = out;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\n') {
			memcpy(w, doc->newline, nl);
			w += nl;
		} else {
			*w++ = text[i];
		}
	}
	*w = '\0';
	return out;
}

int fix_python_insert(fix_python_doc *doc, size_t at, const char *text)
{
	char *converted = with_newlines(doc, text);
	int error;

	for (size_t i = 0; i < doc->edits.count; i++) {
		edit *e = &doc->edits.items[i];

		if (e->start == at && e->end == at) {
			char *joined = rm_xasprintf("%s%s", e->text, converted);

			free(e->text);
			e->text = joined;
			e->text_len = strlen(joined);
			free(converted);
			return 0;
		}
	}
	error = edit_list_add(&doc->edits, at, at, converted);
	free(converted);
	return error;
}

int fix_python_replace(fix_python_doc *doc, TSNode node, const char *text)
{
	char *converted = with_newlines(doc, text);
	int error;

	error = edit_list_add(&doc->edits, ts_node_start_byte(node),
			      ts_node_end_byte(node), converted);
	free(converted);
	return error;
}

char *fix_python_indent(const fix_python_doc *doc, size_t offset,
			const char **unit)
{
	size_t start = edit_line_start(doc->text, doc->len, offset);
	size_t n = edit_indent_len(doc->text, doc->len, offset);
	char *indent = rm_xstrndup(doc->text + start, n);

	if (unit)
		*unit = strchr(indent, '\t') ? "\t" : "    ";
	return indent;
}

/* --- imports ---------------------------------------------------------------- */

/* The first module name of `import a.b as c, d`: its dotted_name node,
 * and whether it carries an alias. */
static TSNode first_import_name(TSNode stmt, bool *aliased)
{
	TSNode name = fix_python_field(stmt, "name");

	*aliased = false;
	if (fix_python_is(name, "aliased_import")) {
		*aliased = true;
		name = fix_python_field(name, "name");
	}
	return name;
}

/* True when the dotted name is `module` or starts with `module.`. */
static bool dotted_binds(const fix_python_doc *doc, TSNode dotted,
			 const char *module)
{
	size_t len, m = strlen(module);
	const char *p = py_node_text(dotted, doc->text, &len);

	return len >= m && memcmp(p, module, m) == 0 &&
	       (len == m || p[m] == '.');
}

bool fix_python_has_import(const fix_python_doc *doc, const char *module)
{
	uint32_t n = ts_node_named_child_count(doc->root);

	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);

		if (!fix_python_is(stmt, "import_statement"))
			continue;
		for (uint32_t j = 0; j < ts_node_named_child_count(stmt); j++) {
			TSNode name = ts_node_named_child(stmt, j);

			/* `import a.b as c` binds c, not a. */
			if (fix_python_is(name, "dotted_name") &&
			    dotted_binds(doc, name, module))
				return true;
		}
	}
	return false;
}

bool fix_python_uses_module(const fix_python_doc *doc, const char *module)
{
	uint32_t n = ts_node_named_child_count(doc->root);

	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);

		if (fix_python_is(stmt, "import_from_statement")) {
			TSNode from = fix_python_field(stmt, "module_name");

			if (fix_python_is(from, "dotted_name") &&
			    dotted_binds(doc, from, module))
				return true;
		} else if (fix_python_is(stmt, "import_statement")) {
			for (uint32_t j = 0; j < ts_node_named_child_count(stmt); j++) {
				TSNode name = ts_node_named_child(stmt, j);

				if (fix_python_is(name, "aliased_import"))
					name = fix_python_field(name, "name");
				if (fix_python_is(name, "dotted_name") &&
				    dotted_binds(doc, name, module))
					return true;
			}
		}
	}
	return false;
}

bool fix_python_has_from_import(const fix_python_doc *doc,
				const char *module, const char *name)
{
	uint32_t n = ts_node_named_child_count(doc->root);

	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);
		TSNode from;

		if (!fix_python_is(stmt, "import_from_statement"))
			continue;
		from = fix_python_field(stmt, "module_name");
		if (!fix_python_text_is(doc, from, module))
			continue;
		for (uint32_t j = 0; j < ts_node_named_child_count(stmt); j++) {
			TSNode item = ts_node_named_child(stmt, j);

			if (ts_node_eq(item, from))
				continue;
			if (fix_python_is(item, "dotted_name") &&
			    fix_python_text_is(doc, item, name))
				return true;
			if (fix_python_is(item, "wildcard_import"))
				return true;
		}
	}
	return false;
}

/* True for `# coding...` and `#!` lines among the first two, which
 * must stay at the top of the file. */
static bool header_comment(const fix_python_doc *doc, TSNode comment)
{
	size_t len;
	const char *p = py_node_text(comment, doc->text, &len);
	uint32_t row = ts_node_start_point(comment).row;

	if (row > 1)
		return false;
	if (len >= 2 && p[0] == '#' && p[1] == '!')
		return true;
	return memmem(p, len, "coding", 6) != NULL;
}

/* Returns the offset for imports in a file without any: after the
 * docstring, `from __future__` imports and header comments. */
static size_t import_anchor_without_imports(const fix_python_doc *doc)
{
	uint32_t n = ts_node_named_child_count(doc->root);
	size_t at = 0;

	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);
		bool docstring = i == 0 && fix_python_is(stmt, "expression_statement") &&
				 ts_node_named_child_count(stmt) == 1 &&
				 fix_python_is(ts_node_named_child(stmt, 0), "string");

		/* A docstring can only be the first statement, but comments
		 * may precede it. */
		if (fix_python_is(stmt, "comment")) {
			if (!header_comment(doc, stmt))
				break;
		} else if (!docstring && !fix_python_is(stmt, "future_import_statement")) {
			bool only_comments_before = true;

			for (uint32_t j = 0; j < i; j++)
				if (!fix_python_is(ts_node_named_child(doc->root, j), "comment"))
					only_comments_before = false;
			if (!(only_comments_before && fix_python_is(stmt, "expression_statement") &&
			      ts_node_named_child_count(stmt) == 1 &&
			      fix_python_is(ts_node_named_child(stmt, 0), "string")))
				break;
		}
		at = edit_line_next(doc->text, doc->len, ts_node_end_byte(stmt));
	}
	return at;
}

/* Returns where `import module` goes and whether that place needs a
 * blank line after the new lines (the file had no import). */
static size_t import_anchor(const fix_python_doc *doc, const char *module,
			    bool *blank_after)
{
	uint32_t n = ts_node_named_child_count(doc->root);
	TSNode first_from = {0}, last_plain = {0};
	bool sorted = true, have_plain = false;
	size_t prev_len = 0;
	const char *prev = NULL;

	*blank_after = false;
	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);
		bool aliased;
		TSNode name;
		size_t len;
		const char *p;

		if (fix_python_is(stmt, "import_from_statement") && ts_node_is_null(first_from))
			first_from = stmt;
		if (!fix_python_is(stmt, "import_statement"))
			continue;
		name = first_import_name(stmt, &aliased);
		p = py_node_text(name, doc->text, &len);
		if (prev) {
			size_t m = prev_len < len ? prev_len : len;
			int c = memcmp(prev, p, m);

			if (c > 0 || (c == 0 && prev_len > len))
				sorted = false;
		}
		prev = p;
		prev_len = len;
		last_plain = stmt;
		have_plain = true;
	}

	if (have_plain && sorted) {
		size_t m = strlen(module);

		for (uint32_t i = 0; i < n; i++) {
			TSNode stmt = ts_node_named_child(doc->root, i);
			bool aliased;
			size_t len;
			const char *p;
			int c;

			if (!fix_python_is(stmt, "import_statement"))
				continue;
			p = py_node_text(first_import_name(stmt, &aliased), doc->text, &len);
			c = memcmp(p, module, len < m ? len : m);
			if (c > 0 || (c == 0 && len > m))
				return edit_line_start(doc->text, doc->len,
						       ts_node_start_byte(stmt));
		}
	}
	if (have_plain)
		return edit_line_next(doc->text, doc->len, ts_node_end_byte(last_plain));
	if (!ts_node_is_null(first_from) && !fix_python_text_is(doc,
			fix_python_field(first_from, "module_name"), "__future__"))
		return edit_line_start(doc->text, doc->len, ts_node_start_byte(first_from));
	*blank_after = true;
	return import_anchor_without_imports(doc);
}

int fix_python_add_imports(fix_python_doc *doc, const char *const *modules,
			   size_t count)
{
	size_t blank_at = (size_t)-1;
	int error = 0;

	for (size_t i = 0; i < count && error == 0; i++) {
		bool blank_after;
		size_t at;
		char *line;

		if (fix_python_has_import(doc, modules[i]))
			continue;
		at = import_anchor(doc, modules[i], &blank_after);
		if (blank_after)
			blank_at = at;
		line = rm_xasprintf("import %s\n", modules[i]);
		error = fix_python_insert(doc, at, line);
		free(line);
	}

	/* A file without imports gets one blank line after the new block,
	 * unless a blank line follows already. */
	if (error == 0 && blank_at != (size_t)-1 && blank_at < doc->len &&
	    doc->text[blank_at] != '\n' && doc->text[blank_at] != '\r')
		error = fix_python_insert(doc, blank_at, "\n");
	return error;
}

int fix_python_add_from_import(fix_python_doc *doc, const char *module,
			       const char *name)
{
	uint32_t n = ts_node_named_child_count(doc->root);
	TSNode last = {0}, before = {0};
	size_t m = strlen(module), at;
	bool sorted = true, blank = false;
	size_t prev_len = 0;
	const char *prev = NULL;
	char *line;
	int error;

	if (fix_python_has_from_import(doc, module, name))
		return 0;

	/* Among `from` imports sorted by module name, the new line goes
	 * before the first one that sorts after it; otherwise after the
	 * last module-level import of any kind. */
	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);
		size_t len;
		const char *p;
		int c;

		if (fix_python_is(stmt, "import_statement") ||
		    fix_python_is(stmt, "future_import_statement"))
			last = stmt;
		if (!fix_python_is(stmt, "import_from_statement"))
			continue;
		last = stmt;
		p = py_node_text(fix_python_field(stmt, "module_name"), doc->text, &len);
		if (prev) {
			size_t k = prev_len < len ? prev_len : len;

			c = memcmp(prev, p, k);
			if (c > 0 || (c == 0 && prev_len > len))
				sorted = false;
		}
		prev = p;
		prev_len = len;
		c = memcmp(p, module, len < m ? len : m);
		if (ts_node_is_null(before) && (c > 0 || (c == 0 && len > m)))
			before = stmt;
	}

	if (sorted && !ts_node_is_null(before)) {
		at = edit_line_start(doc->text, doc->len, ts_node_start_byte(before));
	} else if (!ts_node_is_null(last)) {
		at = edit_line_next(doc->text, doc->len, ts_node_end_byte(last));
	} else {
		/* No import at all: the placement of plain imports handles
		 * docstrings and header comments. */
		at = import_anchor(doc, module, &blank);
	}
	line = rm_xasprintf("from %s import %s\n", module, name);
	error = fix_python_insert(doc, at, line);
	if (error == 0 && blank && at < doc->len && doc->text[at] != '\n' &&
	    doc->text[at] != '\r')
		error = fix_python_insert(doc, at, "\n");
	free(line);
	return error;
}

/* --- Flask routes ----------------------------------------------------------- */

static bool route_decorator(const fix_python_doc *doc, TSNode decorator)
{
	static const char *const verbs[] = {
		"route", "get", "post", "put", "patch", "delete",
	};
	TSNode call = fix_python_unparen(ts_node_named_child(decorator, 0));
	TSNode function, attribute;

	if (!fix_python_is(call, "call"))
		return false;
	function = fix_python_field(call, "function");
	if (!fix_python_is(function, "attribute"))
		return false;
	attribute = fix_python_field(function, "attribute");
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (fix_python_text_is(doc, attribute, verbs[i]))
			return true;
	return false;
}

TSNode fix_python_route_function(const fix_python_doc *doc, TSNode node)
{
	TSNode function = node, outer;

	while (!ts_node_is_null(function) &&
	       !fix_python_is(function, "function_definition"))
		function = ts_node_parent(function);
	if (ts_node_is_null(function))
		return function;
	outer = ts_node_parent(function);
	if (!fix_python_is(outer, "decorated_definition"))
		return (TSNode){0};
	for (uint32_t i = 0; i < ts_node_named_child_count(outer); i++) {
		TSNode d = ts_node_named_child(outer, i);

		if (fix_python_is(d, "decorator") && route_decorator(doc, d))
			return function;
	}
	return (TSNode){0};
}

/* --- names ------------------------------------------------------------------ */

static bool name_used_in(const fix_python_doc *doc, TSNode node, const char *name,
			 size_t skip_start, size_t skip_end)
{
	uint32_t n;

	if (fix_python_is(node, "identifier") && fix_python_text_is(doc, node, name) &&
	    !(ts_node_start_byte(node) >= skip_start && ts_node_end_byte(node) <= skip_end))
		return true;
	n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++)
		if (name_used_in(doc, ts_node_named_child(node, i), name,
				 skip_start, skip_end))
			return true;
	return false;
}

bool fix_python_name_used(const fix_python_doc *doc, const char *name,
			  size_t skip_start, size_t skip_end)
{
	return name_used_in(doc, doc->root, name, skip_start, skip_end);
}
