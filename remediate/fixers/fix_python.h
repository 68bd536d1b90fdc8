/*
 * Shared parts of the Python fixers (remediate/fixers/python*.c): the
 * parsed file a fixer edits, node look-ups by the finding's byte range,
 * insertions that keep the file's line endings, adding `import` lines
 * where a person would put them, and recognising Flask route functions.
 *
 * Every fixer follows the same steps: fix_python_open() parses the
 * current text of the finding's file, the fixer adds byte-range edits to
 * doc->edits, and fix_python_commit() applies them and puts the new text
 * into the plan.  fix_python_close() frees the document in every case.
 */
#ifndef RM_FIX_PYTHON_H
#define RM_FIX_PYTHON_H

#include <stdbool.h>
#include <stddef.h>

#include <tree_sitter/api.h>

#include "edit.h"
#include "fixer.h"

/* The finding's file, parsed, with the edits planned so far. */
typedef struct fix_python_doc {
	const fix_context *ctx;  /* borrowed */
	const char *text;        /* ctx->src->text, borrowed */
	size_t len;
	TSTree *tree;            /* owned */
	TSNode root;
	edit_list edits;         /* owned */
	const char *newline;     /* "\n" or "\r\n", as the file's first line */
} fix_python_doc;

/*
 * Parses ctx->src into *doc.  Returns 0, or RM_EINVALID when the file
 * is not valid Python 3 (a fixer must not edit what it cannot read).
 * Call fix_python_close() afterwards, also after a failure.
 */
int fix_python_open(fix_python_doc *doc, const fix_context *ctx);

void fix_python_close(fix_python_doc *doc);

/* Applies doc->edits and stores the new text of the finding's file in
 * the plan.  Returns 0 or the error of edit_apply(). */
int fix_python_commit(fix *out, fix_python_doc *doc);

/* Returns the named node of type `type` that spans exactly the bytes
 * [start, end), or a null node. */
TSNode fix_python_find(const fix_python_doc *doc, size_t start, size_t end,
		       const char *type);

bool fix_python_is(TSNode node, const char *type);
TSNode fix_python_field(TSNode node, const char *name);
/* Skips enclosing parentheses: `((x))` gives `x`. */
TSNode fix_python_unparen(TSNode node);
/* Returns the statement that contains `node`: its ancestor (or itself)
 * whose parent is the module or a block. */
TSNode fix_python_statement(TSNode node);
/* Returns the parent of `node` with parentheses looked through. */
TSNode fix_python_parent(TSNode node);

bool fix_python_text_is(const fix_python_doc *doc, TSNode node,
			const char *s);
/* Returns a copy of the node's text; the caller frees it. */
char *fix_python_text(const fix_python_doc *doc, TSNode node);

/* Returns true when the node is a `string` without interpolation and
 * without the b prefix. */
bool fix_python_plain_string(const fix_python_doc *doc, TSNode node);

/*
 * Adds an insertion of `text` before byte `at`; a second insertion at the
 * same offset is appended to the first, in call order.  Every "\n" of
 * `text` becomes the file's line ending.
 */
int fix_python_insert(fix_python_doc *doc, size_t at, const char *text);

/* Replaces the bytes of `node` by `text` (line endings as above). */
int fix_python_replace(fix_python_doc *doc, TSNode node, const char *text);

/* Returns the leading spaces and tabs of the line containing `offset`
 * (newly allocated), and the unit one more level adds in *unit. */
char *fix_python_indent(const fix_python_doc *doc, size_t offset,
			const char **unit);

/* True when a module-level `import module` (or `import module.sub`)
 * binds the name `module`. */
bool fix_python_has_import(const fix_python_doc *doc, const char *module);

/* True when the module imports `module` or something inside it in any
 * form (`import flask`, `from flask import Flask`, at module level). */
bool fix_python_uses_module(const fix_python_doc *doc, const char *module);

/* True when a module-level `from module import name` binds `name`. */
bool fix_python_has_from_import(const fix_python_doc *doc,
				const char *module, const char *name);

/*
 * Adds `import <module>` for each module that is not imported yet.  The
 * line goes among the module-level plain import lines: in alphabetical
 * place when those are sorted, else after the last one; before the
 * first `from` import when there is no plain import; after the module
 * docstring, `from __future__` imports and shebang or encoding comments
 * when there is no import at all.  Pass the modules in alphabetical
 * order.  Returns 0 or an edit error.
 */
int fix_python_add_imports(fix_python_doc *doc, const char *const *modules,
			   size_t count);

/* Adds `from <module> import <name>` after the last module-level import
 * unless it exists.  Returns 0 or an edit error. */
int fix_python_add_from_import(fix_python_doc *doc, const char *module,
			       const char *name);

/*
 * Returns the function definition that contains `node` when it is a
 * Flask route, decorated with `@<x>.route(...)`, `.get`, `.post`, `.put`,
 * `.patch` or `.delete`; a null node otherwise.
 */
TSNode fix_python_route_function(const fix_python_doc *doc, TSNode node);

/* Returns true when the identifier `name` occurs in the module as a
 * name (not inside strings or comments) outside the byte range
 * [skip_start, skip_end). */
bool fix_python_name_used(const fix_python_doc *doc, const char *name,
			  size_t skip_start, size_t skip_end);

/* The fixers, by rule (python_shell.c, python_eval.c, python_secret.c,
 * python.c). */
int fix_python_plan_subprocess_shell(fix *out, const fix_context *ctx);
int fix_python_plan_os_shell(fix *out, const fix_context *ctx);
int fix_python_plan_eval(fix *out, const fix_context *ctx);
int fix_python_plan_password_string(fix *out, const fix_context *ctx);
int fix_python_plan_password_funcarg(fix *out, const fix_context *ctx);
int fix_python_plan_password_default(fix *out, const fix_context *ctx);

#endif
