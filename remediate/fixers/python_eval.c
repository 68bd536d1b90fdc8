/*
 * The B307 fixer: eval(text) becomes safe_arithmetic(text), a function
 * the fixer adds to the module once.  It parses the text with
 * ast.parse(mode="eval") and evaluates numbers, unary + and -, the
 * binary operators + - * / // % ** and parentheses through a table of
 * functions from the operator module, so results are Python's own
 * (2*3 gives 6, 7/2 gives 3.5).  Everything else is rejected, and so
 * are inputs that would make the service work for long: text over 256
 * characters, nesting deeper than 32 levels, and integers over 4096
 * bits, where a power is estimated from the base's bit length times the
 * exponent before it is computed.
 *
 * ast.literal_eval is not an alternative: it accepts literals only and
 * rejects `2*3`.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixers/fix_python.h"
#include "python/python.h"

#define HELPER_NAME "safe_arithmetic"
#define TABLE_NAME "_ARITHMETIC_OPERATORS"

/* The helper's source; every %s is the exception class it raises. */
static const char helper_format[] =
	TABLE_NAME " = {\n"
	"    ast.Add: operator.add,\n"
	"    ast.Sub: operator.sub,\n"
	"    ast.Mult: operator.mul,\n"
	"    ast.Div: operator.truediv,\n"
	"    ast.FloorDiv: operator.floordiv,\n"
	"    ast.Mod: operator.mod,\n"
	"    ast.Pow: operator.pow,\n"
	"    ast.UAdd: operator.pos,\n"
	"    ast.USub: operator.neg,\n"
	"}\n"
	"\n"
	"\n"
	"def " HELPER_NAME "(expr):\n"
	"    \"\"\"Evaluate an arithmetic expression with Python's semantics.\n"
	"\n"
	"    Accepts numbers, unary + and -, the operators + - * / // %% ** and\n"
	"    parentheses.  Rejects everything else (names, calls, attributes,\n"
	"    strings, comparisons), input longer than 256 characters, nesting\n"
	"    deeper than 32 levels and integers of more than 4096 bits, so a\n"
	"    request can neither run code nor keep the service computing.\n"
	"    \"\"\"\n"
	"    if not isinstance(expr, str) or len(expr) > 256:\n"
	"        raise %s(\"the expression must be text of at most 256 characters\")\n"
	"    try:\n"
	"        tree = ast.parse(expr.lstrip(\" \\t\"), mode=\"eval\")\n"
	"    except (SyntaxError, ValueError, RecursionError, MemoryError):\n"
	"        raise %s(\"the expression is not valid arithmetic\") from None\n"
	"\n"
	"    def value(node, depth):\n"
	"        if depth > 32:\n"
	"            raise %s(\"the expression is nested too deeply\")\n"
	"        if isinstance(node, ast.Constant) and type(node.value) in (int, float):\n"
	"            return node.value\n"
	"        if isinstance(node, ast.UnaryOp) and type(node.op) in (ast.UAdd, ast.USub):\n"
	"            return " TABLE_NAME "[type(node.op)](value(node.operand, depth + 1))\n"
	"        if isinstance(node, ast.BinOp) and type(node.op) in " TABLE_NAME ":\n"
	"            left = value(node.left, depth + 1)\n"
	"            right = value(node.right, depth + 1)\n"
	"            # Estimate the size of a power before computing it: 2**10**10\n"
	"            # would otherwise run for minutes.\n"
	"            if (isinstance(node.op, ast.Pow) and isinstance(left, int)\n"
	"                    and isinstance(right, int) and abs(left) > 1\n"
	"                    and left.bit_length() * right > 4096):\n"
	"                raise %s(\"the power is too large\")\n"
	"            result = " TABLE_NAME "[type(node.op)](left, right)\n"
	"            if isinstance(result, int) and result.bit_length() > 4096:\n"
	"                raise %s(\"the result is too large\")\n"
	"            return result\n"
	"        raise %s(\"only numbers, + - * / // %% ** and parentheses are allowed\")\n"
	"\n"
	"    try:\n"
	"        return value(tree.body, 0)\n"
	"    except ArithmeticError as error:\n"
	"        raise %s(f\"arithmetic error: {error}\") from None\n";

/* Returns the module-level definition of the helper, or a null node. */
static TSNode find_helper(const fix_python_doc *doc)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(doc->root); i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);

		if (fix_python_is(stmt, "function_definition") &&
		    fix_python_text_is(doc, fix_python_field(stmt, "name"), HELPER_NAME))
			return stmt;
	}
	return (TSNode){0};
}

static bool is_definition(TSNode stmt)
{
	return fix_python_is(stmt, "function_definition") ||
	       fix_python_is(stmt, "class_definition") ||
	       fix_python_is(stmt, "decorated_definition");
}

static bool is_import(TSNode stmt)
{
	return fix_python_is(stmt, "import_statement") ||
	       fix_python_is(stmt, "import_from_statement") ||
	       fix_python_is(stmt, "future_import_statement");
}

static bool blank_line(const fix_python_doc *doc, size_t start)
{
	for (size_t i = start; i < doc->len && doc->text[i] != '\n'; i++)
		if (doc->text[i] != ' ' && doc->text[i] != '\t' && doc->text[i] != '\r')
			return false;
	return true;
}

/*
 * Finds where the helper goes: before the first top-level definition,
 * or before the top-level statement that calls eval when that comes
 * first, and in any case after the last module-level import.  Comment
 * lines directly above that statement stay attached to it.  Returns the
 * line offset, or (size_t)-1 when the call comes before an import.
 */
static size_t helper_anchor(const fix_python_doc *doc, TSNode call)
{
	TSNode top = call, anchor = {0}, last_import = {0};
	size_t at, above;

	while (!ts_node_is_null(ts_node_parent(top)) &&
	       !fix_python_is(ts_node_parent(top), "module"))
		top = ts_node_parent(top);
	for (uint32_t i = 0; i < ts_node_named_child_count(doc->root); i++) {
		TSNode stmt = ts_node_named_child(doc->root, i);

		if (is_import(stmt))
			last_import = stmt;
		if (ts_node_is_null(anchor) && (is_definition(stmt) || ts_node_eq(stmt, top)))
			anchor = stmt;
	}
	if (!ts_node_is_null(last_import) &&
	    ts_node_start_byte(anchor) < ts_node_end_byte(last_import))
		return (size_t)-1;

	at = edit_line_start(doc->text, doc->len, ts_node_start_byte(anchor));
	while (at > 0) {
		above = edit_line_start(doc->text, doc->len, at - 1);
		if (doc->text[above + edit_indent_len(doc->text, doc->len, above)] != '#')
			break;
		if (!ts_node_is_null(last_import) && above < ts_node_end_byte(last_import))
			break;
		at = above;
	}
	return at;
}

/* True when an insertion is planned at `at`. */
static bool inserted_at(const fix_python_doc *doc, size_t at)
{
	for (size_t i = 0; i < doc->edits.count; i++)
		if (doc->edits.items[i].start == at && doc->edits.items[i].end == at)
			return true;
	return false;
}

/* The number of blank lines at the end of the text inserted at `at`. */
static size_t inserted_blank_lines(const fix_python_doc *doc, size_t at)
{
	for (size_t i = 0; i < doc->edits.count; i++) {
		const edit *e = &doc->edits.items[i];
		size_t n = 0, k = e->text_len;

		if (e->start != at || e->end != at)
			continue;
		while (k > 0 && (e->text[k - 1] == '\n' || e->text[k - 1] == '\r')) {
			if (e->text[k - 1] == '\n')
				n++;
			k--;
		}
		return n > 0 ? n - 1 : 0;
	}
	return 0;
}

int fix_python_plan_eval(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	TSNode call, function, args, helper;
	const char *error_class;
	char *helper_text = NULL, *arg_text = NULL;
	bool flask, inserted = false;
	int error;

	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	call = fix_python_find(&doc, f->start_byte, f->end_byte, "call");
	function = fix_python_field(call, "function");
	if (ts_node_is_null(call) || !fix_python_text_is(&doc, function, "eval")) {
		rm_error_set("no call of eval at the finding's position in '%s'; replace it by hand",
			     f->path);
		error = RM_ENOTFOUND;
		goto done;
	}
	args = fix_python_field(call, "arguments");
	if (!fix_python_is(args, "argument_list") || ts_node_named_child_count(args) != 1 ||
	    fix_python_is(ts_node_named_child(args, 0), "keyword_argument") ||
	    fix_python_is(ts_node_named_child(args, 0), "list_splat") ||
	    fix_python_is(ts_node_named_child(args, 0), "dictionary_splat")) {
		rm_error_set("eval is called with globals or locals, so it evaluates more than arithmetic; replace it by hand with a parser for the expressions it must accept");
		error = RM_ENOTFOUND;
		goto done;
	}
	arg_text = fix_python_text(&doc, ts_node_named_child(args, 0));

	flask = fix_python_uses_module(&doc, "flask");
	error_class = flask ? "BadRequest" : "ValueError";
	helper = find_helper(&doc);
	if (ts_node_is_null(helper)) {
		size_t at = helper_anchor(&doc, call), blank = 0, p;

		if (fix_python_name_used(&doc, HELPER_NAME, 0, 0) ||
		    fix_python_name_used(&doc, TABLE_NAME, 0, 0) ||
		    (flask && !fix_python_has_from_import(&doc, "werkzeug.exceptions", "BadRequest") &&
		     fix_python_name_used(&doc, "BadRequest", 0, 0))) {
			rm_error_set("the names the replacement needs (" HELPER_NAME ", " TABLE_NAME ", BadRequest) are taken in '%s'; replace eval by hand",
				     f->path);
			error = RM_ENOTFOUND;
			goto done;
		}
		if (at == (size_t)-1) {
			rm_error_set("eval is called at module level before the last import of '%s'; move the imports up first",
				     f->path);
			error = RM_ENOTFOUND;
			goto done;
		}

		/* The imports go first: when they land at the helper's offset
		 * too, the merged insertion must list them before it. */
		{
			static const char *const modules[] = { "ast", "operator" };

			error = fix_python_add_imports(&doc, modules, 2);
		}
		if (error == 0 && flask)
			error = fix_python_add_from_import(&doc, "werkzeug.exceptions", "BadRequest");
		if (error < 0)
			goto done;

		/* PEP 8: two blank lines around a top-level definition, counting
		 * the blank lines above `at` and those the imports end with. */
		blank = inserted_blank_lines(&doc, at);
		for (p = inserted_at(&doc, at) ? 0 : at; p > 0 && blank < 2; blank++) {
			size_t prev = edit_line_start(doc.text, doc.len, p - 1);

			if (!blank_line(&doc, prev))
				break;
			p = prev;
		}
		{
			char *body = rm_xasprintf(helper_format, error_class, error_class,
						  error_class, error_class, error_class,
						  error_class, error_class);
			bool top = at == 0 && !inserted_at(&doc, at);
			const char *lead = top || blank >= 2 ? "" : blank == 1 ? "\n" : "\n\n";

			helper_text = rm_xasprintf("%s%s\n\n", lead, body);
			free(body);
		}
		error = fix_python_insert(&doc, at, helper_text);
		inserted = true;
	}
	if (error == 0)
		error = fix_python_replace(&doc, function, HELPER_NAME);
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;

	out->subject = rm_xasprintf("Replace eval with an arithmetic parser in %s (B307)", f->path);
	out->problem = rm_xasprintf("eval(%s) ran its argument as a Python expression. When that text comes from a request, a value such as __import__('os').system('id') calls any function the program can call, with the service's privileges.",
				    arg_text);
	out->change = rm_xasprintf("eval is replaced by " HELPER_NAME "(), %s. It parses the text with ast.parse(mode=\"eval\") and evaluates only numbers, unary + and -, + - * / // %% ** and parentheses, through a table of functions from the operator module, so the results are Python's (2*3 gives 6, 7/2 gives 3.5). Anything else raises %s%s, and so do input over 256 characters, nesting deeper than 32 levels and integers over 4096 bits; a power is estimated from the base's bit length times the exponent before it is computed, so 2**10**10 fails at once instead of running for minutes. ast.literal_eval was not used because it accepts literals only and rejects 2*3.",
				   inserted ? "a function added to the module after its imports" :
					      "the function an earlier fix added to this module",
				   error_class,
				   flask ? " (werkzeug.exceptions.BadRequest, which Flask answers with status 400)" : "");

done:
	free(helper_text);
	free(arg_text);
	fix_python_close(&doc);
	return error;
}
