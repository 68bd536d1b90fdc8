/*
 * Parsing Python with tree-sitter-python and deciding whether Python 3
 * would accept the result.  The grammar is lenient on purpose: it parses
 * Python 2 print and exec statements, `<>`, `except X, e:`, backquotes,
 * `0777` and `ur""`, which CPython 3 rejects.  The analyzer must skip
 * such files the way Bandit does (Bandit reports "syntax error while
 * parsing AST from file"), so those forms count as syntax errors here.
 */
#include "python/python.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Symbol ids of the node types the syntax check looks at, looked up once
 * for the whole process because the grammar is static. */
static struct {
	TSSymbol print_statement;
	TSSymbol chevron;         /* `>> file` in `print >> file, x` */
	TSSymbol exec_statement;
	TSSymbol comparison_operator;
	TSSymbol except_clause;
	TSSymbol integer;
	TSSymbol string;
	TSSymbol string_start;
	TSSymbol concatenated_string;
	TSSymbol interpolation;
	TSSymbol not_equal_py2;   /* the anonymous "<>" token */
	TSSymbol comma;           /* the anonymous "," token */
} sym;
static pthread_once_t sym_once = PTHREAD_ONCE_INIT;

static TSSymbol lookup(const char *name, bool named)
{
	return ts_language_symbol_for_name(tree_sitter_python(), name,
					   (uint32_t)strlen(name), named);
}

static void sym_init(void)
{
	sym.print_statement = lookup("print_statement", true);
	sym.chevron = lookup("chevron", true);
	sym.exec_statement = lookup("exec_statement", true);
	sym.comparison_operator = lookup("comparison_operator", true);
	sym.except_clause = lookup("except_clause", true);
	sym.integer = lookup("integer", true);
	sym.string = lookup("string", true);
	sym.string_start = lookup("string_start", true);
	sym.concatenated_string = lookup("concatenated_string", true);
	sym.interpolation = lookup("interpolation", true);
	sym.not_equal_py2 = lookup("<>", false);
	sym.comma = lookup(",", false);
}

const TSLanguage *py_language(void)
{
	return tree_sitter_python();
}

int py_parse_with(TSTree **out, TSParser *parser, const char *text,
		  size_t len)
{
	*out = NULL;
	if (len > UINT32_MAX) {
		rm_error_set("python source too large to parse: %zu bytes", len);
		return RM_EINVALID;
	}
	*out = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
	if (!*out) {
		rm_error_set("tree-sitter failed to parse python source");
		return RM_ERROR;
	}
	return RM_OK;
}

int py_parse(TSTree **out, const char *text, size_t len)
{
	TSParser *parser = ts_parser_new();
	int error;

	if (!ts_parser_set_language(parser, py_language())) {
		ts_parser_delete(parser);
		*out = NULL;
		rm_error_set("tree-sitter-python grammar is incompatible with the tree-sitter library: rebuild the grammar");
		return RM_ERROR;
	}
	error = py_parse_with(out, parser, text, len);
	ts_parser_delete(parser);
	return error;
}

const char *py_node_text(TSNode node, const char *text, size_t *len)
{
	uint32_t start = ts_node_start_byte(node);

	*len = ts_node_end_byte(node) - start;
	return text + start;
}

bool py_node_text_is(TSNode node, const char *text, const char *s)
{
	size_t len;
	const char *p = py_node_text(node, text, &len);

	return strlen(s) == len && memcmp(p, s, len) == 0;
}

/*
 * Visits the children of a node in order with a tree cursor.
 * ts_node_child(node, i) and ts_node_named_child(node, i) start over from
 * the first child on every call, so a loop over them is quadratic, which
 * shows on long implicit concatenations and f-strings.
 */
typedef struct child_iter {
	TSTreeCursor cursor;
	bool more;                 /* the cursor is on a child not yet returned */
} child_iter;

static void child_iter_init(child_iter *self, TSNode node)
{
	self->cursor = ts_tree_cursor_new(node);
	self->more = ts_tree_cursor_goto_first_child(&self->cursor);
}

/* Stores the next child in *out; returns false after the last one.  After
 * a true return, self->more is true when another child follows. */
static bool child_iter_next(child_iter *self, TSNode *out)
{
	if (!self->more)
		return false;
	*out = ts_tree_cursor_current_node(&self->cursor);
	self->more = ts_tree_cursor_goto_next_sibling(&self->cursor);
	return true;
}

static void child_iter_end(child_iter *self)
{
	ts_tree_cursor_delete(&self->cursor);
}

/* --- the Python 3 validity check ------------------------------------------ */

/* Returns true when a direct child of `node` is the token `token` (its
 * symbol and text).  With `text`, a node whose text does not contain the
 * token returns false without a visit to its children. */
static bool has_direct_child(TSNode node, TSSymbol symbol, const char *text,
			     const char *token)
{
	uint32_t n = ts_node_child_count(node);
	child_iter it;
	TSNode child;
	bool found = false;

	if (text) {
		size_t len;
		const char *p = py_node_text(node, text, &len);

		if (!memmem(p, len, token, strlen(token)))
			return false;
	}
	/* A few children are cheaper to fetch by index than with a cursor. */
	if (n <= 8) {
		for (uint32_t i = 0; i < n && !found; i++)
			found = ts_node_symbol(ts_node_child(node, i)) == symbol;
		return found;
	}
	child_iter_init(&it, node);
	while (!found && child_iter_next(&it, &child))
		found = ts_node_symbol(child) == symbol;
	child_iter_end(&it);
	return found;
}

/* Returns a reason when a decimal integer literal is Python 2 only:
 * `0777` (use 0o777) or a long suffix `10L`.  `00`, `0_0` and imaginary
 * literals such as `0777j` are valid Python 3. */
static const char *integer_reason(const char *p, size_t len)
{
	if (len == 0)
		return NULL;
	if (p[len - 1] == 'l' || p[len - 1] == 'L')
		return "Python 2 long integer suffix";
	if (p[len - 1] == 'j' || p[len - 1] == 'J')
		return NULL;
	if (len > 1 && p[0] == '0' && (p[1] >= '0' && p[1] <= '9')) {
		for (size_t i = 1; i < len; i++)
			if (p[i] != '0' && p[i] != '_')
				return "leading zeros in decimal integer literals are not permitted (Python 2 octal)";
	}
	return NULL;
}

/* Returns a reason when the prefix before the opening quote is not one
 * Python 3 accepts (`ur`, `bu`, `bf`, repeated letters) or the literal
 * is a Python 2 backquote repr. */
static const char *prefix_reason(const char *p, size_t len)
{
	bool seen_r = false, seen_u = false, seen_b = false, seen_f = false;
	size_t count = 0;

	if (len > 0 && p[0] == '`')
		return "Python 2 backquote repr";
	for (size_t i = 0; i < len && p[i] != '\'' && p[i] != '"'; i++) {
		bool *flag;

		switch (p[i] | 0x20) {
		case 'r': flag = &seen_r; break;
		case 'u': flag = &seen_u; break;
		case 'b': flag = &seen_b; break;
		case 'f': flag = &seen_f; break;
		default: return "invalid string prefix";
		}
		if (*flag)
			return "invalid string prefix";
		*flag = true;
		count++;
	}
	if (seen_u && count > 1)
		return "invalid string prefix";
	if (seen_b && seen_f)
		return "invalid string prefix";
	return NULL;
}

static bool string_is_bytes(TSNode string, const char *text)
{
	TSNode start = ts_node_child(string, 0);
	size_t len;
	const char *p = py_node_text(start, text, &len);

	for (size_t i = 0; i < len && p[i] != '\'' && p[i] != '"'; i++)
		if ((p[i] | 0x20) == 'b')
			return true;
	return false;
}

/* Returns why Python 3 rejects this node itself, or NULL. */
static const char *node_reason(TSNode node, const char *text)
{
	TSSymbol s = ts_node_symbol(node);
	size_t len;
	const char *p;

	if (s == (TSSymbol)-1)
		return "invalid syntax";
	if (ts_node_is_missing(node))
		return "invalid syntax (missing token)";
	/* `print >> f, x` is also Python 3: a tuple whose first item shifts
	 * the print function.  Only the other forms are Python 2 alone. */
	if (s == sym.print_statement &&
	    !(ts_node_named_child_count(node) > 0 &&
	      ts_node_symbol(ts_node_named_child(node, 0)) == sym.chevron))
		return "Python 2 print statement (missing parentheses in call to 'print')";
	if (s == sym.exec_statement)
		return "Python 2 exec statement (missing parentheses in call to 'exec')";
	if (s == sym.comparison_operator &&
	    has_direct_child(node, sym.not_equal_py2, text, "<>"))
		return "Python 2 '<>' operator";
	/* The text of an except clause includes its body, where commas are
	 * common, so the text test would rarely help. */
	if (s == sym.except_clause && has_direct_child(node, sym.comma, NULL, ","))
		return "Python 2 'except X, name:' form";
	if (!text)
		return NULL;
	if (s == sym.integer) {
		p = py_node_text(node, text, &len);
		return integer_reason(p, len);
	}
	if (s == sym.string_start) {
		p = py_node_text(node, text, &len);
		return prefix_reason(p, len);
	}
	if (s == sym.concatenated_string) {
		child_iter it;
		TSNode child;
		int bytes = 0, strs = 0;

		child_iter_init(&it, node);
		while (child_iter_next(&it, &child)) {
			if (ts_node_symbol(child) != sym.string)
				continue;
			if (string_is_bytes(child, text))
				bytes++;
			else
				strs++;
		}
		child_iter_end(&it);
		if (bytes && strs)
			return "cannot mix bytes and nonbytes literals";
	}
	return NULL;
}

const char *py_node_syntax_reason(TSNode node, const char *text)
{
	pthread_once(&sym_once, sym_init);
	return node_reason(node, text);
}

bool py_symbol_has_syntax_rule(TSSymbol symbol)
{
	pthread_once(&sym_once, sym_init);
	return symbol == sym.print_statement || symbol == sym.exec_statement ||
	       symbol == sym.comparison_operator ||
	       symbol == sym.except_clause || symbol == sym.integer ||
	       symbol == sym.string_start ||
	       symbol == sym.concatenated_string;
}

/* Walks the tree in source order and stops at the first rejected node. */
static bool find_reason(py_syntax_info *out, const TSTree *tree,
			const char *text)
{
	TSTreeCursor cursor;
	bool found = false;

	pthread_once(&sym_once, sym_init);
	cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		const char *reason = node_reason(node, text);

		if (reason) {
			TSPoint at = ts_node_start_point(node);

			if (out) {
				out->line = (int)at.row + 1;
				out->col = (int)at.column;
				out->byte = ts_node_start_byte(node);
				out->reason = reason;
			}
			found = true;
			break;
		}
		if (ts_tree_cursor_goto_first_child(&cursor))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cursor))
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cursor);
	return found;
}

bool py_tree_has_error(const TSTree *tree)
{
	if (ts_node_has_error(ts_tree_root_node(tree)))
		return true;
	return find_reason(NULL, tree, NULL);
}

bool py_syntax_error(py_syntax_info *out, const TSTree *tree,
		     const char *text, size_t len)
{
	(void)len;
	return find_reason(out, tree, text);
}

/* --- string literal values ------------------------------------------------ */

void py_buffer_append(py_buffer *self, const char *bytes, size_t len)
{
	if (self->len + len + 1 > self->cap) {
		size_t cap = self->cap ? self->cap : 64;

		while (cap < self->len + len + 1)
			cap *= 2;
		self->data = rm_xrealloc(self->data, cap);
		self->cap = cap;
	}
	if (len)
		memcpy(self->data + self->len, bytes, len);
	self->len += len;
	self->data[self->len] = '\0';
}

void py_buffer_free(py_buffer *self)
{
	free(self->data);
	self->data = NULL;
	self->len = self->cap = 0;
}

static void append_utf8(py_buffer *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		if (cp > 0x10FFFF)
			cp = 0xFFFD;
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	py_buffer_append(out, b, n);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* Reads exactly `digits` hex digits at p; returns -1 when one is missing. */
static long read_hex(const char *p, const char *end, int digits)
{
	long value = 0;

	if (end - p < digits)
		return -1;
	for (int i = 0; i < digits; i++) {
		int v = hex_value(p[i]);

		if (v < 0)
			return -1;
		value = value * 16 + v;
	}
	return value;
}

/* Appends the value of the literal text [p, end) of one string piece. */
static void decode_piece(py_buffer *out, const char *p, const char *end,
			 bool raw, bool bytes, bool fstring)
{
	while (p < end) {
		const char *run = p;

		while (p < end && *p != '\\' && !(fstring && (*p == '{' || *p == '}')))
			p++;
		py_buffer_append(out, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p != '\\') {
			/* `{{` and `}}` in an f-string stand for one brace. */
			py_buffer_append(out, p, 1);
			p += (p + 1 < end && p[1] == *p) ? 2 : 1;
			continue;
		}
		if (raw || p + 1 >= end) {
			py_buffer_append(out, p, (size_t)((p + 2 <= end) ? 2 : 1));
			p += 2;
			continue;
		}
		p++;
		switch (*p) {
		case '\n': p++; continue;
		case '\r': p++; if (p < end && *p == '\n') p++; continue;
		case '\\': py_buffer_append(out, "\\", 1); p++; continue;
		case '\'': py_buffer_append(out, "'", 1); p++; continue;
		case '"': py_buffer_append(out, "\"", 1); p++; continue;
		case 'a': py_buffer_append(out, "\a", 1); p++; continue;
		case 'b': py_buffer_append(out, "\b", 1); p++; continue;
		case 'f': py_buffer_append(out, "\f", 1); p++; continue;
		case 'n': py_buffer_append(out, "\n", 1); p++; continue;
		case 'r': py_buffer_append(out, "\r", 1); p++; continue;
		case 't': py_buffer_append(out, "\t", 1); p++; continue;
		case 'v': py_buffer_append(out, "\v", 1); p++; continue;
		default: break;
		}
		if (*p >= '0' && *p <= '7') {
			unsigned value = 0;
			int n = 0;

			while (n < 3 && p < end && *p >= '0' && *p <= '7') {
				value = value * 8 + (unsigned)(*p - '0');
				p++;
				n++;
			}
			if (bytes) {
				char c = (char)(value & 0xFF);
				py_buffer_append(out, &c, 1);
			} else {
				append_utf8(out, value);
			}
			continue;
		}
		if (*p == 'x') {
			long v = read_hex(p + 1, end, 2);

			if (v >= 0) {
				if (bytes) {
					char c = (char)v;
					py_buffer_append(out, &c, 1);
				} else {
					append_utf8(out, (uint32_t)v);
				}
				p += 3;
				continue;
			}
		}
		if (!bytes && (*p == 'u' || *p == 'U')) {
			long v = read_hex(p + 1, end, *p == 'u' ? 4 : 8);

			if (v >= 0) {
				append_utf8(out, (uint32_t)v);
				p += *p == 'u' ? 5 : 9;
				continue;
			}
		}
		/* Unknown escapes (and `\N{...}`) keep their backslash. */
		py_buffer_append(out, p - 1, 1);
	}
}

/* Decodes one `string` node and appends its value; returns its kind. */
static py_string_kind decode_string(py_buffer *out, TSNode string,
				    const char *text)
{
	child_iter it;
	TSNode start, child;
	bool raw = false, bytes = false, fstring = false;
	const char *p, *q;
	size_t len;
	uint32_t pos, stop;

	if (ts_node_child_count(string) < 2)
		return PY_STRING_STR;
	start = ts_node_child(string, 0);
	p = py_node_text(start, text, &len);
	for (q = p; q < p + len && *q != '\'' && *q != '"'; q++) {
		switch (*q | 0x20) {
		case 'r': raw = true; break;
		case 'b': bytes = true; break;
		case 'f': fstring = true; break;
		default: break;
		}
	}

	/* The value is everything between the opening and closing quotes
	 * (the first and the last child), minus the interpolations of an
	 * f-string.  Other strings have no interpolations, so only their
	 * last child is looked up.  NOTE: the grammar puts the backslashes
	 * of a raw string that ends in them, as in r'\\', into string_end, so
	 * the value of such a string lacks them. */
	pos = ts_node_end_byte(start);
	if (!fstring) {
		stop = ts_node_start_byte(ts_node_child(string, ts_node_child_count(string) - 1));
		if (stop > pos)
			decode_piece(out, text + pos, text + stop, raw, bytes, fstring);
		return bytes ? PY_STRING_BYTES : PY_STRING_STR;
	}
	stop = pos;
	child_iter_init(&it, string);
	child_iter_next(&it, &child);   /* the string_start again */
	while (child_iter_next(&it, &child)) {
		uint32_t child_start = ts_node_start_byte(child);

		if (!it.more) {
			stop = child_start;
			break;
		}
		if (ts_node_symbol(child) != sym.interpolation)
			continue;
		if (child_start > pos)
			decode_piece(out, text + pos, text + child_start, raw,
				     bytes, fstring);
		pos = ts_node_end_byte(child);
	}
	child_iter_end(&it);
	if (stop > pos)
		decode_piece(out, text + pos, text + stop, raw, bytes, fstring);
	if (fstring)
		return PY_STRING_FSTRING;
	return bytes ? PY_STRING_BYTES : PY_STRING_STR;
}

/* The kind of one `string` node, read from the prefix of its string_start
 * child; decode_string returns the same kind. */
static py_string_kind string_kind(TSNode string, const char *text)
{
	size_t len;
	const char *p;
	bool bytes = false;

	if (ts_node_child_count(string) < 2)
		return PY_STRING_STR;
	p = py_node_text(ts_node_child(string, 0), text, &len);
	for (const char *q = p; q < p + len && *q != '\'' && *q != '"'; q++) {
		if ((*q | 0x20) == 'f')
			return PY_STRING_FSTRING;
		if ((*q | 0x20) == 'b')
			bytes = true;
	}
	return bytes ? PY_STRING_BYTES : PY_STRING_STR;
}

py_string_kind py_string_kind_of(TSNode node, const char *text)
{
	child_iter it;
	TSNode child;
	bool any_f = false, any_bytes = false;

	pthread_once(&sym_once, sym_init);
	if (ts_node_symbol(node) != sym.concatenated_string)
		return string_kind(node, text);
	child_iter_init(&it, node);
	while (!any_f && child_iter_next(&it, &child)) {
		py_string_kind kind;

		if (ts_node_symbol(child) != sym.string)
			continue;
		kind = string_kind(child, text);
		any_f = kind == PY_STRING_FSTRING;
		any_bytes |= kind == PY_STRING_BYTES;
	}
	child_iter_end(&it);
	if (any_f)
		return PY_STRING_FSTRING;
	return any_bytes ? PY_STRING_BYTES : PY_STRING_STR;
}

py_string_kind py_string_value(py_buffer *out, TSNode node, const char *text)
{
	py_string_kind kind = PY_STRING_STR;
	bool any_f = false, any_bytes = false;

	pthread_once(&sym_once, sym_init);
	out->len = 0;
	py_buffer_append(out, "", 0);
	if (ts_node_symbol(node) == sym.concatenated_string) {
		child_iter it;
		TSNode child;

		child_iter_init(&it, node);
		while (child_iter_next(&it, &child)) {
			if (ts_node_symbol(child) != sym.string)
				continue;
			kind = decode_string(out, child, text);
			any_f |= kind == PY_STRING_FSTRING;
			any_bytes |= kind == PY_STRING_BYTES;
		}
		child_iter_end(&it);
		if (any_f)
			return PY_STRING_FSTRING;
		return any_bytes ? PY_STRING_BYTES : PY_STRING_STR;
	}
	return decode_string(out, node, text);
}

/*
 * Splits an f-string (or a concatenation containing one) into the
 * literal runs that Python's AST keeps as str constants: text between
 * replacement fields, with adjacent literal parts of a concatenation
 * merged and empty runs dropped.  Calls `fn` with each decoded run;
 * `scratch` is overwritten.
 */
void py_fstring_pieces(py_buffer *scratch, TSNode node, const char *text,
		       py_piece_fn fn, void *context)
{
	child_iter parts;
	TSNode string;
	bool concatenated;

	pthread_once(&sym_once, sym_init);
	concatenated = ts_node_symbol(node) == sym.concatenated_string;
	if (concatenated)
		child_iter_init(&parts, node);
	scratch->len = 0;
	py_buffer_append(scratch, "", 0);
	for (bool first = true;; first = false) {
		child_iter it;
		TSNode start, child;
		bool raw = false, bytes = false, fstring = false;
		size_t len;
		const char *p, *q;
		uint32_t pos, stop;

		if (concatenated) {
			if (!child_iter_next(&parts, &string))
				break;
		} else if (first) {
			string = node;
		} else {
			break;
		}
		if (ts_node_symbol(string) != sym.string ||
		    ts_node_child_count(string) < 2)
			continue;
		child_iter_init(&it, string);
		child_iter_next(&it, &start);
		p = py_node_text(start, text, &len);
		for (q = p; q < p + len && *q != '\'' && *q != '"'; q++) {
			raw |= (*q | 0x20) == 'r';
			bytes |= (*q | 0x20) == 'b';
			fstring |= (*q | 0x20) == 'f';
		}
		pos = ts_node_end_byte(start);
		stop = pos;
		while (child_iter_next(&it, &child)) {
			if (!it.more) {
				stop = ts_node_start_byte(child);
				break;
			}
			if (ts_node_symbol(child) != sym.interpolation)
				continue;
			if (ts_node_start_byte(child) > pos)
				decode_piece(scratch, text + pos,
					     text + ts_node_start_byte(child),
					     raw, bytes, fstring);
			if (scratch->len)
				fn(context, scratch->data, scratch->len);
			scratch->len = 0;
			scratch->data[0] = '\0';
			pos = ts_node_end_byte(child);
		}
		child_iter_end(&it);
		if (stop > pos)
			decode_piece(scratch, text + pos, text + stop, raw, bytes,
				     fstring);
	}
	if (concatenated)
		child_iter_end(&parts);
	if (scratch->len)
		fn(context, scratch->data, scratch->len);
}
