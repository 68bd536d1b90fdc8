/*
 * Python parsing helpers shared by the Python analyzer, the fixers and
 * the C port: the tree-sitter grammar, parsing a buffer, telling whether
 * Python 3 would reject the tree, and reading node text and string
 * literal values straight from the source buffer.
 *
 * Ownership: a TSTree returned by py_parse belongs to the caller, who
 * frees it with ts_tree_delete().  Trees and nodes do not copy the text:
 * every helper that reads text takes the same buffer that was parsed,
 * and the caller keeps it alive while it uses the tree.
 */
#ifndef RM_PY_PYTHON_H
#define RM_PY_PYTHON_H

#include <stdbool.h>
#include <stddef.h>

#include <tree_sitter/api.h>

/* The tree-sitter-python grammar (static, never freed). */
const TSLanguage *tree_sitter_python(void);
const TSLanguage *py_language(void);

/*
 * Parses `len` bytes of Python source into *out.  The tree may contain
 * syntax errors: check them with py_syntax_error().  Returns 0, or
 * RM_ERROR when tree-sitter could not produce a tree.  The caller frees
 * *out with ts_tree_delete().  A parser of one's own avoids the
 * per-call parser set-up: see py_parse_with().
 */
int py_parse(TSTree **out, const char *text, size_t len);

/* Like py_parse, reusing `parser` (which must have py_language() set). */
int py_parse_with(TSTree **out, TSParser *parser, const char *text,
		  size_t len);

/*
 * Returns true when the tree contains an ERROR or MISSING node or a
 * Python 2 statement that the grammar accepts but Python 3 rejects
 * (print and exec statements, `<>`, `except X, e:`).  Checks that need
 * the text (leading-zero integers, `ur""` prefixes, backquotes) are
 * only in py_syntax_error().
 */
bool py_tree_has_error(const TSTree *tree);

/* The first reason Python 3 would reject a file: where and what. */
typedef struct py_syntax_info {
	int line;            /* 1-based */
	int col;             /* 0-based byte column */
	size_t byte;         /* byte offset of the offending node */
	const char *reason;  /* static text, for example "invalid syntax" */
} py_syntax_info;

/*
 * Looks for the first construct (in source order) that makes the file
 * invalid Python 3: an ERROR or MISSING node, or a Python 2 form the
 * grammar accepts.  Returns true and fills *out when one exists.
 */
bool py_syntax_error(py_syntax_info *out, const TSTree *tree,
		     const char *text, size_t len);

/*
 * Returns why Python 3 rejects this node by itself (ignoring its
 * children), or NULL.  `text` may be NULL to skip the checks that read
 * literal text.  The analyzer's walk calls it on the nodes
 * py_symbol_has_syntax_rule() selects, or on every node of a tree with
 * errors.
 */
const char *py_node_syntax_reason(TSNode node, const char *text);

/*
 * Returns true when py_node_syntax_reason() can reject a node of this
 * symbol in a tree without ERROR or MISSING nodes.  A walk over such a
 * tree needs to call py_node_syntax_reason() only for these symbols.
 */
bool py_symbol_has_syntax_rule(TSSymbol symbol);

/* Returns a pointer into `text` at the node's first byte and sets *len. */
const char *py_node_text(TSNode node, const char *text, size_t *len);

/* Returns true when the node's text is exactly the NUL-terminated `s`. */
bool py_node_text_is(TSNode node, const char *text, const char *s);

/* What a string literal (or an implicit concatenation of them) is. */
typedef enum py_string_kind {
	PY_STRING_STR,      /* a str constant */
	PY_STRING_BYTES,    /* a bytes constant */
	PY_STRING_FSTRING,  /* an f-string: not a constant in Python's AST */
} py_string_kind;

/* A growable byte buffer; reset `len` to reuse it, free `data` at the end. */
typedef struct py_buffer {
	char *data;
	size_t len;
	size_t cap;
} py_buffer;

void py_buffer_append(py_buffer *self, const char *bytes, size_t len);
void py_buffer_free(py_buffer *self);

/*
 * Decodes a `string` or `concatenated_string` node into the value
 * Python would build (prefixes, quotes and escapes resolved; implicit
 * concatenation joined) and replaces the contents of `out` with it,
 * NUL-terminated.  Returns the kind.  For an f-string only the literal
 * parts are kept, and `\N{name}` escapes stay as written because the
 * Unicode name table is not available here.
 */
py_string_kind py_string_value(py_buffer *out, TSNode node,
			       const char *text);

/* Returns the kind py_string_value() would return for `node`, from the
 * string prefixes alone, without decoding the value. */
py_string_kind py_string_kind_of(TSNode node, const char *text);

/* Receives one literal run of an f-string (see py_fstring_pieces). */
typedef void (*py_piece_fn)(void *context, const char *value, size_t len);

/*
 * Calls `fn` with each literal run of the f-string `node` that Python's
 * AST keeps as a str constant: the text between replacement fields,
 * decoded, with adjacent parts of an implicit concatenation merged and
 * empty runs left out.  Format specifications are not visited.
 * `scratch` is overwritten.
 */
void py_fstring_pieces(py_buffer *scratch, TSNode node, const char *text,
		       py_piece_fn fn, void *context);

#endif
