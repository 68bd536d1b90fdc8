/*
 * Fixers for commands run through a shell: B602 and B604
 * (subprocess.<fn>(cmd, shell=True)) and B605 (os.system, os.popen).
 *
 * The command text becomes an argument vector so that no shell parses
 * it.  Only commands whose shape is known are converted: an f-string, a
 * plain string, or a `+` concatenation of literals and names.  Their
 * literal parts are split on spaces and tabs; a replacement field or a
 * name is never split, so an interpolated value stays one argument
 * whatever it contains.  A command whose literal parts use shell syntax
 * (pipes, redirections, quotes, globbing, variables ...) needs a shell
 * or a rewrite by a person, so the fixer rejects it with the reason.
 *
 * Before the call, values that are hosts or file names are validated,
 * because without a shell the remaining risk is option injection (`-f`
 * as a ping target) and path traversal.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixers/fix_python.h"
#include "python/python.h"

/* One piece of the command text, in order. */
typedef struct part {
	bool field;        /* a replacement field or a `+` operand */
	const char *text;  /* literal: raw source text; field: expression */
	size_t len;
	const char *raw;   /* an f-string field as written (`{x!r}`), or NULL */
	size_t raw_len;
	bool plain;        /* the field can stand alone as the argument */
	TSNode expr;
} part;

/* A run of one part that belongs to one argument. */
typedef struct piece {
	const part *part;
	const char *text;  /* literal bytes (for a field: unused) */
	size_t len;
} piece;

typedef struct argument {
	piece *pieces;
	size_t count;
} argument;

typedef struct command {
	part *parts;
	size_t part_count;
	argument *args;
	size_t arg_count;
	char quote[4];     /* delimiter of the first string literal */
} command;

static void command_free(command *cmd)
{
	for (size_t i = 0; i < cmd->arg_count; i++)
		free(cmd->args[i].pieces);
	free(cmd->args);
	free(cmd->parts);
	memset(cmd, 0, sizeof(*cmd));
}

static part *add_part(command *cmd)
{
	cmd->parts = rm_xrealloc(cmd->parts, (cmd->part_count + 1) * sizeof(part));
	memset(&cmd->parts[cmd->part_count], 0, sizeof(part));
	return &cmd->parts[cmd->part_count++];
}

/* Characters that mean something to /bin/sh, or that would need
 * quoting or escapes to survive in a token. */
static const char shell_syntax[] = "|&;<>()$`\\\"'*?[]~#{}\n\r";

static bool simple_expression(TSNode expr)
{
	return fix_python_is(expr, "identifier") || fix_python_is(expr, "attribute") ||
	       fix_python_is(expr, "subscript") || fix_python_is(expr, "call");
}

/* Adds the parts of a string literal (maybe an f-string). */
static int collect_string(command *cmd, const fix_python_doc *doc, TSNode node)
{
	uint32_t n = ts_node_child_count(node);

	for (uint32_t i = 0; i < n; i++) {
		TSNode child = ts_node_child(node, i);
		size_t len;
		const char *p = py_node_text(child, doc->text, &len);
		part *pt;

		if (fix_python_is(child, "string_start")) {
			size_t k = 0;

			while (k < len && isalpha((unsigned char)p[k])) {
				if (p[k] == 'b' || p[k] == 'B') {
					rm_error_set("the command is a bytes literal; rewrite it as an argument list by hand");
					return RM_ENOTFOUND;
				}
				k++;
			}
			if (!cmd->quote[0] && len - k < sizeof(cmd->quote))
				memcpy(cmd->quote, p + k, len - k);
		} else if (fix_python_is(child, "string_content")) {
			pt = add_part(cmd);
			pt->text = p;
			pt->len = len;
		} else if (fix_python_is(child, "interpolation")) {
			TSNode expr = fix_python_field(child, "expression");

			pt = add_part(cmd);
			pt->field = true;
			pt->expr = expr;
			pt->text = py_node_text(expr, doc->text, &pt->len);
			pt->raw = p;
			pt->raw_len = len;
			pt->plain = ts_node_child_count(child) == 3 && simple_expression(expr);
		}
	}
	return 0;
}

/* Adds the parts of the command expression `node`. */
static int collect(command *cmd, const fix_python_doc *doc, TSNode node, bool top)
{
	node = fix_python_unparen(node);
	if (fix_python_is(node, "string"))
		return collect_string(cmd, doc, node);
	if (fix_python_is(node, "concatenated_string")) {
		for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
			int error = collect_string(cmd, doc, ts_node_named_child(node, i));

			if (error < 0)
				return error;
		}
		return 0;
	}
	if (fix_python_is(node, "binary_operator")) {
		TSNode op = fix_python_field(node, "operator");
		int error;

		if (fix_python_text_is(doc, op, "%")) {
			rm_error_set("the command is built with %% formatting, so its arguments cannot be told apart; rewrite it as an argument list by hand");
			return RM_ENOTFOUND;
		}
		if (!fix_python_text_is(doc, op, "+")) {
			rm_error_set("the command is built with an operator other than +; rewrite it as an argument list by hand");
			return RM_ENOTFOUND;
		}
		error = collect(cmd, doc, fix_python_field(node, "left"), false);
		if (error == 0)
			error = collect(cmd, doc, fix_python_field(node, "right"), false);
		return error;
	}
	if (fix_python_is(node, "call")) {
		TSNode function = fix_python_field(node, "function");

		if (fix_python_is(function, "attribute") &&
		    fix_python_text_is(doc, fix_python_field(function, "attribute"), "format")) {
			rm_error_set("the command is built with .format(), so its arguments cannot be told apart; rewrite it as an argument list by hand");
			return RM_ENOTFOUND;
		}
	}
	if (!top && (fix_python_is(node, "identifier") || fix_python_is(node, "attribute") ||
		     fix_python_is(node, "subscript"))) {
		part *pt = add_part(cmd);

		pt->field = true;
		pt->expr = node;
		pt->text = py_node_text(node, doc->text, &pt->len);
		pt->plain = true;
		return 0;
	}
	if (fix_python_is(node, "identifier")) {
		size_t len;
		const char *p = py_node_text(node, doc->text, &len);

		rm_error_set("the command is the variable '%.*s', built elsewhere; rewrite it as an argument list by hand",
			     (int)len, p);
		return RM_ENOTFOUND;
	}
	if (fix_python_is(node, "list") || fix_python_is(node, "tuple")) {
		rm_error_set("the command is already a sequence, which a shell would run as its first element only; remove shell=True by hand after checking which behaviour is meant");
		return RM_ENOTFOUND;
	}
	rm_error_set("the command is built by an expression (%s) whose arguments cannot be told apart; rewrite it as an argument list by hand",
		     ts_node_type(node));
	return RM_ENOTFOUND;
}

static void add_piece(argument *arg, const part *pt, const char *text, size_t len)
{
	arg->pieces = rm_xrealloc(arg->pieces, (arg->count + 1) * sizeof(piece));
	arg->pieces[arg->count].part = pt;
	arg->pieces[arg->count].text = text;
	arg->pieces[arg->count].len = len;
	arg->count++;
}

static argument *new_argument(command *cmd)
{
	cmd->args = rm_xrealloc(cmd->args, (cmd->arg_count + 1) * sizeof(argument));
	memset(&cmd->args[cmd->arg_count], 0, sizeof(argument));
	return &cmd->args[cmd->arg_count++];
}

/* Splits the parts into arguments; rejects shell syntax. */
static int split(command *cmd)
{
	argument *cur = NULL;

	for (size_t i = 0; i < cmd->part_count; i++) {
		const part *pt = &cmd->parts[i];
		size_t k = 0;

		if (pt->field) {
			if (!cur)
				cur = new_argument(cmd);
			add_piece(cur, pt, NULL, 0);
			continue;
		}
		for (size_t j = 0; j < pt->len; j++) {
			if (strchr(shell_syntax, pt->text[j])) {
				char shown[8];

				if (pt->text[j] == '\n' || pt->text[j] == '\r')
					snprintf(shown, sizeof(shown), "newline");
				else
					snprintf(shown, sizeof(shown), "%c", pt->text[j]);
				rm_error_set("the command uses shell syntax ('%s' in its literal text), which an argument list cannot express; rewrite it by hand",
					     shown);
				return RM_ENOTFOUND;
			}
		}
		while (k < pt->len) {
			size_t start;

			if (pt->text[k] == ' ' || pt->text[k] == '\t') {
				cur = NULL;
				k++;
				continue;
			}
			start = k;
			while (k < pt->len && pt->text[k] != ' ' && pt->text[k] != '\t')
				k++;
			if (!cur)
				cur = new_argument(cmd);
			add_piece(cur, pt, pt->text + start, k - start);
		}
	}
	if (cmd->arg_count == 0) {
		rm_error_set("the command is empty; remove the call or rewrite it by hand");
		return RM_ENOTFOUND;
	}
	for (size_t i = 0; i < cmd->args[0].count; i++) {
		const piece *pc = &cmd->args[0].pieces[i];

		if (pc->part->field) {
			rm_error_set("the program name comes from a value, not from the literal command text; rewrite it as an argument list with a fixed program by hand");
			return RM_ENOTFOUND;
		}
		if (memchr(pc->text, '=', pc->len)) {
			rm_error_set("the command starts with a variable assignment, which only a shell understands; pass env= to subprocess by hand");
			return RM_ENOTFOUND;
		}
	}
	return 0;
}

/* Returns the argument's text as a Python expression (newly allocated),
 * or NULL when no quote character fits. */
static char *render_argument(const command *cmd, const argument *arg)
{
	py_buffer out = {0};
	const char *quote = cmd->quote[0] ? cmd->quote : "\"";
	char alt[4];
	bool has_field = false;

	/* NOTE: an f-string field `{n}` becomes the bare expression `n`.
	 * That is exact for str values, but an int that the f-string used
	 * to format now reaches subprocess, which raises TypeError. */
	if (arg->count == 1 && arg->pieces[0].part->field && arg->pieces[0].part->plain) {
		const part *pt = arg->pieces[0].part;

		return rm_xstrndup(pt->text, pt->len);
	}
	for (size_t i = 0; i < arg->count; i++)
		if (arg->pieces[i].part->field)
			has_field = true;

	/* A `+` operand written into an f-string must not contain the
	 * delimiter (Python before 3.12 rejects that): switch to the other
	 * quote character when needed. */
	for (size_t i = 0; i < arg->count; i++) {
		const part *pt = arg->pieces[i].part;

		if (pt->field && !pt->raw && memchr(pt->text, quote[0], pt->len)) {
			size_t n = strlen(quote);

			for (size_t k = 0; k < n; k++)
				alt[k] = quote[0] == '"' ? '\'' : '"';
			alt[n] = '\0';
			quote = alt;
			break;
		}
	}
	for (size_t i = 0; i < arg->count; i++) {
		const part *pt = arg->pieces[i].part;

		if (pt->field && !pt->raw && memchr(pt->text, quote[0], pt->len)) {
			free(out.data);
			return NULL;
		}
	}

	if (has_field)
		py_buffer_append(&out, "f", 1);
	py_buffer_append(&out, quote, strlen(quote));
	for (size_t i = 0; i < arg->count; i++) {
		const piece *pc = &arg->pieces[i];

		if (!pc->part->field) {
			py_buffer_append(&out, pc->text, pc->len);
		} else if (pc->part->raw) {
			py_buffer_append(&out, pc->part->raw, pc->part->raw_len);
		} else {
			py_buffer_append(&out, "{", 1);
			py_buffer_append(&out, pc->part->text, pc->part->len);
			py_buffer_append(&out, "}", 1);
		}
	}
	py_buffer_append(&out, quote, strlen(quote));
	return out.data;
}

/* Returns "[arg, arg, ...]" (newly allocated), or NULL with the error
 * set. */
static char *render_argv(const command *cmd)
{
	py_buffer out = {0};

	py_buffer_append(&out, "[", 1);
	for (size_t i = 0; i < cmd->arg_count; i++) {
		char *text = render_argument(cmd, &cmd->args[i]);

		if (!text) {
			rm_error_set("an interpolated expression contains both quote characters; rewrite the command as an argument list by hand");
			free(out.data);
			return NULL;
		}
		if (i > 0)
			py_buffer_append(&out, ", ", 2);
		py_buffer_append(&out, text, strlen(text));
		free(text);
	}
	py_buffer_append(&out, "]", 1);
	return out.data;
}

/* --- validation of values ------------------------------------------------- */

static bool name_matches(const char *name, size_t len, const char *const *words)
{
	for (size_t w = 0; words[w]; w++) {
		size_t n = strlen(words[w]);

		if (len == n && strncasecmp(name, words[w], n) == 0)
			return true;
		/* target_ip, ip_addr, remote_host ... */
		if (len > n + 1 && name[len - n - 1] == '_' &&
		    strncasecmp(name + len - n, words[w], n) == 0)
			return true;
		if (len > n + 1 && name[n] == '_' && strncasecmp(name, words[w], n) == 0)
			return true;
	}
	return false;
}

static const char *const address_words[] = {
	"ip", "addr", "address", "host", "hostname", NULL,
};
static const char *const file_words[] = {
	"file", "filename", "fname", "file_name", NULL,
};
static const char *const network_programs[] = {
	"ping", "ping6", "traceroute", "host", "dig", "nslookup", NULL,
};

typedef enum check_kind { CHECK_NONE, CHECK_ADDRESS, CHECK_FILE } check_kind;

/* A value the fixer validates before the call. */
typedef struct check {
	char *name;
	check_kind kind;
} check;

typedef struct checks {
	check items[8];
	size_t count;
	bool skipped;      /* some value could not be validated here */
	bool network;      /* the program is a network tool */
	char *program;     /* the program name as written (owned) */
} checks;

static void checks_free(checks *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i].name);
	free(c->program);
}

static void checks_add(checks *c, const char *name, size_t len, check_kind kind)
{
	for (size_t i = 0; i < c->count; i++)
		if (strlen(c->items[i].name) == len &&
		    memcmp(c->items[i].name, name, len) == 0)
			return;
	if (c->count < sizeof(c->items) / sizeof(c->items[0])) {
		c->items[c->count].name = rm_xstrndup(name, len);
		c->items[c->count].kind = kind;
		c->count++;
	}
}

/* True when `node` lies inside a comprehension or lambda below `stmt`,
 * where its names may be bound by that construct itself. */
static bool inside_local_scope(TSNode node, TSNode stmt)
{
	static const char *const scopes[] = {
		"list_comprehension", "set_comprehension", "dictionary_comprehension",
		"generator_expression", "lambda", NULL,
	};

	for (TSNode p = ts_node_parent(node); !ts_node_is_null(p) && !ts_node_eq(p, stmt);
	     p = ts_node_parent(p))
		for (size_t i = 0; scopes[i]; i++)
			if (fix_python_is(p, scopes[i]))
				return true;
	return false;
}

/* Chooses the values to validate: names that look like hosts or file
 * names, and for a network program the last argument that is a bare
 * name when no name says what it is. */
static void choose_checks(checks *c, const command *cmd, TSNode call, TSNode stmt)
{
	const argument *program = &cmd->args[0];
	py_buffer name = {0};
	const char *base;
	const char *last = NULL;
	size_t last_len = 0;
	bool local = inside_local_scope(call, stmt);

	for (size_t i = 0; i < program->count; i++)
		py_buffer_append(&name, program->pieces[i].text, program->pieces[i].len);
	c->program = name.data;
	base = strrchr(c->program, '/');
	base = base ? base + 1 : c->program;
	for (size_t i = 0; network_programs[i]; i++)
		if (strcmp(base, network_programs[i]) == 0)
			c->network = true;

	for (size_t a = 1; a < cmd->arg_count; a++) {
		const argument *arg = &cmd->args[a];

		for (size_t i = 0; i < arg->count; i++) {
			const part *pt = arg->pieces[i].part;
			bool alone = arg->count == 1 && pt->plain;

			if (!pt->field)
				continue;
			if (!fix_python_is(pt->expr, "identifier") || local) {
				if (c->network || name_matches(pt->text, pt->len, address_words) ||
				    name_matches(pt->text, pt->len, file_words))
					c->skipped = true;
				continue;
			}
			if (name_matches(pt->text, pt->len, address_words))
				checks_add(c, pt->text, pt->len, CHECK_ADDRESS);
			else if (name_matches(pt->text, pt->len, file_words))
				checks_add(c, pt->text, pt->len, CHECK_FILE);
			else if (alone) {
				last = pt->text;
				last_len = pt->len;
			}
		}
	}
	if (c->network && last) {
		bool any_address = false;

		for (size_t i = 0; i < c->count; i++)
			if (c->items[i].kind == CHECK_ADDRESS)
				any_address = true;
		if (!any_address)
			checks_add(c, last, last_len, CHECK_ADDRESS);
	}
}

/* Inserts the checks before `stmt`.  Returns 0 or an edit error. */
static int insert_checks(fix_python_doc *doc, const checks *c, TSNode stmt, TSNode call)
{
	size_t at = edit_line_start(doc->text, doc->len, ts_node_start_byte(stmt));
	const char *unit;
	char *indent = fix_python_indent(doc, at, &unit);
	bool route = !ts_node_is_null(fix_python_route_function(doc, call));
	bool json = fix_python_has_from_import(doc, "flask", "jsonify");
	py_buffer code = {0};
	int error;

	for (size_t i = 0; i < c->count; i++) {
		const char *n = c->items[i].name;
		const char *what = c->items[i].kind == CHECK_ADDRESS ? "an IP address"
								     : "a plain file name";
		char *reject, *text;

		if (route && json)
			reject = rm_xasprintf("return jsonify({\"error\": \"%s must be %s\"}), 400", n, what);
		else if (route)
			reject = rm_xasprintf("return \"%s must be %s\", 400", n, what);
		else
			reject = rm_xasprintf("raise ValueError(\"%s must be %s\")", n, what);

		if (c->items[i].kind == CHECK_ADDRESS && route)
			text = rm_xasprintf("%stry:\n%s%sipaddress.ip_address(%s)\n%sexcept ValueError:\n%s%s%s\n",
					    indent, indent, unit, n, indent, indent, unit, reject);
		else if (c->items[i].kind == CHECK_ADDRESS)
			text = rm_xasprintf("%sipaddress.ip_address(%s)  # raises ValueError for anything but an IP address\n",
					    indent, n);
		else
			text = rm_xasprintf("%sif not %s or %s.startswith(\"-\") or \"/\" in %s or %s in (\".\", \"..\"):\n%s%s%s\n",
					    indent, n, n, n, n, indent, unit, reject);
		py_buffer_append(&code, text, strlen(text));
		free(text);
		free(reject);
	}
	error = fix_python_insert(doc, at, code.data);
	free(code.data);
	free(indent);
	return error;
}

static bool has_address_check(const checks *c)
{
	for (size_t i = 0; i < c->count; i++)
		if (c->items[i].kind == CHECK_ADDRESS)
			return true;
	return false;
}

/* Describes the checks for the commit body (newly allocated). */
static char *describe_checks(const checks *c, bool route)
{
	py_buffer out = {0};

	for (size_t i = 0; i < c->count; i++) {
		char *s;

		if (c->items[i].kind == CHECK_ADDRESS)
			s = rm_xasprintf(" Before the call, '%s' must be an IP address literal (ipaddress.ip_address), %s, so a value such as '-f' or a host name cannot reach %s as an option or a lookup.",
					 c->items[i].name,
					 route ? "or the route responds with status 400" : "or ValueError is raised",
					 c->program);
		else
			s = rm_xasprintf(" Before the call, '%s' must be a plain file name (not empty, no '/', not '.' or '..', no leading '-'), %s.",
					 c->items[i].name,
					 route ? "or the route responds with status 400" : "or ValueError is raised");
		py_buffer_append(&out, s, strlen(s));
		free(s);
	}
	if (c->skipped) {
		const char *s = " Some interpolated values are expressions the fixer cannot validate before the call; check them by hand.";

		py_buffer_append(&out, s, strlen(s));
	}
	py_buffer_append(&out, "", 0);
	return out.data;
}

/* Lists the interpolated values for the problem paragraph. */
static char *describe_fields(const command *cmd)
{
	py_buffer out = {0};
	size_t n = 0;

	for (size_t i = 0; i < cmd->part_count; i++) {
		const part *pt = &cmd->parts[i];

		if (!pt->field)
			continue;
		if (n++ > 0)
			py_buffer_append(&out, ", ", 2);
		py_buffer_append(&out, "'", 1);
		py_buffer_append(&out, pt->text, pt->len);
		py_buffer_append(&out, "'", 1);
	}
	py_buffer_append(&out, "", 0);
	return out.data;
}

/* --- the shared conversion ----------------------------------------------- */

typedef struct conversion {
	command cmd;
	checks checks;
	char *argv;        /* "[...]" */
	bool route;
} conversion;

static void conversion_free(conversion *cv)
{
	command_free(&cv->cmd);
	checks_free(&cv->checks);
	free(cv->argv);
}

/* Converts the command `arg` of `call` and inserts the checks.  Returns
 * 0, or RM_ENOTFOUND with the reason set. */
static int convert(conversion *cv, fix_python_doc *doc, TSNode call, TSNode arg)
{
	TSNode stmt = fix_python_statement(call);
	size_t line_start;
	int error;

	memset(cv, 0, sizeof(*cv));
	error = collect(&cv->cmd, doc, arg, true);
	if (error == 0)
		error = split(&cv->cmd);
	if (error < 0)
		return error;
	cv->argv = render_argv(&cv->cmd);
	if (!cv->argv)
		return RM_ENOTFOUND;

	choose_checks(&cv->checks, &cv->cmd, call, stmt);
	cv->route = !ts_node_is_null(fix_python_route_function(doc, call));
	if (cv->checks.count == 0)
		return 0;

	/* The checks become lines of their own before the statement. */
	line_start = edit_line_start(doc->text, doc->len, ts_node_start_byte(stmt));
	for (size_t i = line_start; i < ts_node_start_byte(stmt); i++) {
		if (doc->text[i] != ' ' && doc->text[i] != '\t') {
			rm_error_set("the call shares its line with other code, so the input checks have no place of their own; split the line first");
			return RM_ENOTFOUND;
		}
	}
	error = insert_checks(doc, &cv->checks, stmt, call);
	if (error == 0 && has_address_check(&cv->checks)) {
		static const char *const modules[] = { "ipaddress" };

		error = fix_python_add_imports(doc, modules, 1);
	}
	return error;
}

/* The first positional argument of a call, or a null node. */
static TSNode first_positional(TSNode args, size_t *count)
{
	TSNode first = {0};

	*count = 0;
	for (uint32_t i = 0; i < ts_node_named_child_count(args); i++) {
		TSNode a = ts_node_named_child(args, i);

		if (fix_python_is(a, "keyword_argument") || fix_python_is(a, "comment") ||
		    fix_python_is(a, "dictionary_splat"))
			continue;
		if (fix_python_is(a, "list_splat")) {
			*count = 99;
			return (TSNode){0};
		}
		if ((*count)++ == 0)
			first = a;
	}
	return first;
}

static TSNode keyword(const fix_python_doc *doc, TSNode args, const char *name)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(args); i++) {
		TSNode a = ts_node_named_child(args, i);

		if (fix_python_is(a, "keyword_argument") &&
		    fix_python_text_is(doc, fix_python_field(a, "name"), name))
			return a;
	}
	return (TSNode){0};
}

static const char residual_reason[] =
	"Bandit reports every subprocess call without a shell (B603, LOW) and every program named without its full path (B607, LOW). Both remain on purpose: the program is a fixed literal found through PATH as before, and its arguments no longer pass through a shell.";

/* --- B602 / B604 ---------------------------------------------------------- */

int fix_python_plan_subprocess_shell(fix *out, const fix_context *ctx)
{
	static const char *const functions[] = {
		"Popen", "call", "run", "check_call", "check_output", NULL,
	};
	const finding *f = ctx->finding;
	fix_python_doc doc;
	conversion cv;
	TSNode call, function, args, command, shell, prev = {0};
	size_t positional, len;
	const char *callee, *last;
	char *fields = NULL, *checked = NULL, *callee_text = NULL;
	bool known = false;
	int error;

	memset(&cv, 0, sizeof(cv));
	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	call = fix_python_find(&doc, f->start_byte, f->end_byte, "call");
	if (ts_node_is_null(call)) {
		rm_error_set("no call at the finding's position in '%s'; rescan and retry", f->path);
		error = RM_ENOTFOUND;
		goto done;
	}
	function = fix_python_field(call, "function");
	callee = py_node_text(function, doc.text, &len);
	callee_text = rm_xstrndup(callee, len);
	last = strrchr(callee_text, '.');
	last = last ? last + 1 : callee_text;
	for (size_t i = 0; functions[i]; i++)
		if (strcmp(last, functions[i]) == 0)
			known = true;
	if (!known) {
		rm_error_set("'%s' is not a subprocess function, so what shell=True does there is unknown; check its documentation and pass an argument list by hand",
			     callee_text);
		error = RM_ENOTFOUND;
		goto done;
	}

	args = fix_python_field(call, "arguments");
	if (!fix_python_is(args, "argument_list")) {
		rm_error_set("the call to '%s' has no argument list to edit", callee_text);
		error = RM_ENOTFOUND;
		goto done;
	}
	command = first_positional(args, &positional);
	shell = keyword(&doc, args, "shell");
	if (ts_node_is_null(command) || ts_node_is_null(shell)) {
		rm_error_set("the command of '%s' is not its first positional argument; rewrite the call by hand",
			     callee_text);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!ts_node_is_null(keyword(&doc, args, "executable"))) {
		rm_error_set("the call sets executable=, which changes the shell that runs the command; rewrite it by hand");
		error = RM_ENOTFOUND;
		goto done;
	}

	/* `shell=True` goes with the comma and spacing before it. */
	for (uint32_t i = 0; i < ts_node_named_child_count(args); i++) {
		TSNode a = ts_node_named_child(args, i);

		if (ts_node_eq(a, shell))
			break;
		prev = a;
	}
	if (ts_node_is_null(prev) || fix_python_is(prev, "comment")) {
		rm_error_set("a comment precedes shell=True in the call; remove shell=True by hand");
		error = RM_ENOTFOUND;
		goto done;
	}

	error = convert(&cv, &doc, call, command);
	if (error == 0)
		error = fix_python_replace(&doc, command, cv.argv);
	if (error == 0)
		error = edit_list_add(&doc.edits, ts_node_end_byte(prev),
				      ts_node_end_byte(shell), "");
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;

	fields = describe_fields(&cv.cmd);
	checked = describe_checks(&cv.checks, cv.route);
	out->subject = rm_xasprintf("Run %s without a shell in %s (%s)",
				    cv.checks.program, f->path, f->rule->id);
	if (*fields)
		out->problem = rm_xasprintf("%s() ran its command through /bin/sh because of shell=True, and the command text interpolates %s. A value containing shell syntax, such as '127.0.0.1; id', would make the shell run any command with the service's privileges.",
					    callee_text, fields);
	else
		out->problem = rm_xasprintf("%s() ran a literal command through /bin/sh because of shell=True. It is harmless only as long as nobody adds a value to that text, and the shell is an extra program in the path of every call.",
					    callee_text);
	out->change = rm_xasprintf("The command is now the argument list %s and shell=True is gone, so no shell parses it and every interpolated value stays one argument whatever it contains.%s Quoting with shlex.quote was not chosen because it keeps the shell and depends on getting every quote right; an argument list removes the shell altogether.",
				   cv.argv, checked);
	out->expected_new[0] = "B603";
	out->expected_new[1] = "B607";
	out->expected_reason = residual_reason;

done:
	free(fields);
	free(checked);
	free(callee_text);
	conversion_free(&cv);
	fix_python_close(&doc);
	return error;
}

/* --- B605 ----------------------------------------------------------------- */

int fix_python_plan_os_shell(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	conversion cv;
	TSNode call, function, args, command, attr, outer = {0};
	size_t positional, len;
	const char *p, *last;
	char *callee = NULL, *text = NULL, *fields = NULL, *checked = NULL;
	bool popen;
	int error;

	memset(&cv, 0, sizeof(cv));
	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	call = fix_python_find(&doc, f->start_byte, f->end_byte, "call");
	if (ts_node_is_null(call)) {
		rm_error_set("no call at the finding's position in '%s'; rescan and retry", f->path);
		error = RM_ENOTFOUND;
		goto done;
	}
	function = fix_python_field(call, "function");
	p = py_node_text(function, doc.text, &len);
	callee = rm_xstrndup(p, len);
	last = strrchr(callee, '.');
	last = last ? last + 1 : callee;
	args = fix_python_field(call, "arguments");
	command = fix_python_is(args, "argument_list") ? first_positional(args, &positional)
						      : (TSNode){0};
	popen = strcmp(last, "popen") == 0;
	if ((strcmp(last, "system") != 0 && !popen) || ts_node_is_null(command) ||
	    positional != 1 || ts_node_named_child_count(args) != 1) {
		rm_error_set("only os.system(cmd) and os.popen(cmd).read() have an automatic rewrite, not this call to '%s'; use subprocess.run with an argument list by hand",
			     callee);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (popen) {
		/* os.popen(cmd).read(): the whole chain is replaced. */
		attr = ts_node_parent(call);
		if (fix_python_is(attr, "attribute") &&
		    fix_python_text_is(&doc, fix_python_field(attr, "attribute"), "read"))
			outer = ts_node_parent(attr);
		if (!fix_python_is(outer, "call") ||
		    ts_node_named_child_count(fix_python_field(outer, "arguments")) != 0) {
			rm_error_set("os.popen() is used other than as os.popen(cmd).read(); use subprocess.run with an argument list by hand");
			error = RM_ENOTFOUND;
			goto done;
		}
	}

	error = convert(&cv, &doc, call, command);
	if (error < 0)
		goto done;
	if (popen) {
		text = rm_xasprintf("subprocess.run(%s, capture_output=True, text=True, check=False).stdout",
				    cv.argv);
		error = fix_python_replace(&doc, outer, text);
	} else {
		error = fix_python_replace(&doc, function, "subprocess.call");
		if (error == 0)
			error = fix_python_replace(&doc, command, cv.argv);
	}
	if (error == 0) {
		static const char *const modules[] = { "subprocess" };

		error = fix_python_add_imports(&doc, modules, 1);
	}
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;

	fields = describe_fields(&cv.cmd);
	checked = describe_checks(&cv.checks, cv.route);
	out->subject = rm_xasprintf("Run %s without a shell in %s (B605)",
				    cv.checks.program, f->path);
	out->problem = rm_xasprintf("%s() hands its command to /bin/sh%s%s. A value containing shell syntax, such as '127.0.0.1; id', would make the shell run any command with the service's privileges.",
				    callee, *fields ? ", and the command text interpolates " : "",
				    fields);
	if (popen)
		out->change = rm_xasprintf("The call is now subprocess.run(%s, capture_output=True, text=True, check=False).stdout: no shell parses the command, every interpolated value stays one argument, and the result is the same text os.popen().read() returned. check=False keeps the old behaviour of ignoring the exit status.%s",
					   cv.argv, checked);
	else
		out->change = rm_xasprintf("The call is now subprocess.call(%s): no shell parses the command, and every interpolated value stays one argument. The return value differs: os.system returned the wait status (exit code times 256 on Unix), subprocess.call returns the exit code itself, or minus the signal number; code that tests for zero is unaffected.%s",
					   cv.argv, checked);
	out->expected_new[0] = "B404";
	out->expected_new[1] = "B603";
	out->expected_new[2] = "B607";
	out->expected_reason = "Bandit reports the subprocess import (B404, LOW), every subprocess call without a shell (B603, LOW) and every program named without its full path (B607, LOW). They remain on purpose: the program is a fixed literal found through PATH as before, and its arguments no longer pass through a shell.";

done:
	free(text);
	free(fields);
	free(checked);
	free(callee);
	conversion_free(&cv);
	fix_python_close(&doc);
	return error;
}
