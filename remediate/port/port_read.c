/*
 * Reading a Flask app into the service model (port_model.h).
 *
 * The reader walks the module with tree-sitter in two passes.  The first
 * records imports, the Flask object, module-level constants and secrets,
 * and the functions that evaluate arithmetic (recognised by shape: one
 * parameter and a call of ast.parse(..., mode="eval")).  The second reads
 * each view function statement by statement into steps, and the
 * `if __name__ == "__main__":` block into the bind address and port.
 *
 * Anything the model cannot express stops the reader with the file, the
 * line and the construct, so a route is never dropped or approximated.
 */
#include "port/port_model.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "python/python.h"

#define MAX_NAMES 64

typedef struct name_map {
	char *local[MAX_NAMES];
	char *target[MAX_NAMES];
	size_t count;
} name_map;

/* A name a view may use, and what it holds. */
typedef enum var_kind { VAR_PARAM, VAR_PING, VAR_CALC } var_kind;

typedef struct view_vars {
	char *name[MAX_NAMES];    /* borrowed from the steps */
	var_kind kind[MAX_NAMES];
	size_t count;
	int results;              /* names made up for inline sink results */
} view_vars;

typedef struct reader {
	const char *path;
	const char *text;
	size_t len;
	TSNode root;
	name_map imports;         /* local name -> dotted target */
	char *calc_helpers[MAX_NAMES];
	size_t calc_helper_count;
	char *constants[MAX_NAMES];  /* module-level names routes may not use */
	size_t constant_count;
	port_model *model;
	py_buffer scratch;
} reader;

/* --- small helpers ------------------------------------------------------------ */

static const char supported_hint[] =
	"the port covers query parameters with defaults, isalnum/isdigit/len/in "
	"checks, ipaddress.ip_address, literal and f-string responses, jsonify of "
	"literals, a `ping -c 1` command and arithmetic eval (docs/porting.md); "
	"rewrite the view with those, or keep the hardened Python service";

static bool is(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static TSNode field(TSNode node, const char *name)
{
	return ts_node_child_by_field_name(node, name, (uint32_t)strlen(name));
}

static TSNode unparen(TSNode node)
{
	while (is(node, "parenthesized_expression") &&
	       ts_node_named_child_count(node) == 1)
		node = ts_node_named_child(node, 0);
	return node;
}

static int line_of(TSNode node)
{
	return (int)ts_node_start_point(node).row + 1;
}

static char *text_of(const reader *r, TSNode node)
{
	size_t len;
	const char *p = py_node_text(node, r->text, &len);

	return rm_xstrndup(p, len);
}

/*
 * Returns the first line of the node's text, trimmed to at most 120
 * bytes, for comments in the generated C and for messages.  The text
 * lives in one of four rotating buffers of this thread, so a message may
 * quote up to four nodes.
 */
static const char *first_line(const reader *r, TSNode node)
{
	static _Thread_local char lines[4][124];
	static _Thread_local unsigned next;
	char *line = lines[next++ % 4];
	size_t len, n = 0;
	const char *p = py_node_text(node, r->text, &len);

	while (n < len && p[n] != '\n' && p[n] != '\r' && n < 120)
		n++;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	memcpy(line, p, n);
	line[n] = '\0';
	return line;
}

/*
 * Sets the error slot to "PATH:LINE: CONSTRUCT is not supported by the
 * port: HINT" and returns RM_ENOTFOUND.
 */
__attribute__((format(printf, 3, 4)))
static int unsupported(const reader *r, TSNode node, const char *fmt, ...)
{
	char construct[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(construct, sizeof(construct), fmt, ap);
	va_end(ap);
	rm_error_set("%s:%d: %s is not supported by the port: %s", r->path,
		     ts_node_is_null(node) ? 0 : line_of(node), construct,
		     supported_hint);
	return RM_ENOTFOUND;
}

static bool is_identifier_text(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

static const char *map_get(const name_map *map, const char *local)
{
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->local[i], local) == 0)
			return map->target[i];
	return NULL;
}

static void map_put(name_map *map, char *local, char *target)
{
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->local[i], local) == 0) {
			free(map->local[i]);
			free(map->target[i]);
			map->local[i] = local;
			map->target[i] = target;
			return;
		}
	if (map->count == MAX_NAMES) {
		free(local);
		free(target);
		return;
	}
	map->local[map->count] = local;
	map->target[map->count++] = target;
}

static void map_clear(name_map *map)
{
	for (size_t i = 0; i < map->count; i++) {
		free(map->local[i]);
		free(map->target[i]);
	}
	map->count = 0;
}

/*
 * Returns the dotted name of an identifier or attribute chain with its
 * first part resolved through the imports (`sp.check_output` after
 * `import subprocess as sp` gives "subprocess.check_output"), or NULL
 * for any other expression.  The caller frees it.
 */
static char *qualified_name(const reader *r, TSNode node)
{
	node = unparen(node);
	if (is(node, "identifier")) {
		char *name = text_of(r, node);
		const char *target = map_get(&r->imports, name);

		if (target) {
			free(name);
			return rm_xstrdup(target);
		}
		return name;
	}
	if (is(node, "attribute")) {
		char *object = qualified_name(r, field(node, "object"));
		char *attribute, *joined;

		if (!object)
			return NULL;
		attribute = text_of(r, field(node, "attribute"));
		joined = rm_xasprintf("%s.%s", object, attribute);
		free(object);
		free(attribute);
		return joined;
	}
	return NULL;
}

static bool name_is(const reader *r, TSNode node, const char *dotted)
{
	char *name = qualified_name(r, node);
	bool same = name && strcmp(name, dotted) == 0;

	free(name);
	return same;
}

/* Returns true and a copy of the value when `node` is a str literal
 * without interpolation (an implicit concatenation counts). */
static bool plain_string(reader *r, TSNode node, char **value, size_t *len)
{
	node = unparen(node);
	if (!is(node, "string") && !is(node, "concatenated_string"))
		return false;
	if (py_string_value(&r->scratch, node, r->text) != PY_STRING_STR)
		return false;
	*value = rm_xstrndup(r->scratch.data, r->scratch.len);
	if (len)
		*len = r->scratch.len;
	return true;
}

/* Parses a decimal integer literal; false for anything else. */
static bool integer_value(const reader *r, TSNode node, long *out)
{
	char *text, *end;
	long value;
	bool negative = false;

	node = unparen(node);
	if (is(node, "unary_operator")) {
		TSNode operand = field(node, "argument");
		size_t len;
		const char *op = py_node_text(node, r->text, &len);

		if (op[0] != '-' || !is(operand, "integer"))
			return false;
		negative = true;
		node = operand;
	}
	if (!is(node, "integer"))
		return false;
	text = text_of(r, node);
	value = strtol(text, &end, 10);
	if (*end != '\0' || (text[0] == '0' && text[1] != '\0') || value > 1L << 31) {
		free(text);
		return false;
	}
	free(text);
	*out = negative ? -value : value;
	return true;
}

static bool secret_like(const char *name)
{
	static const char *const words[] = {
		"password", "passwd", "pwd", "secret", "token", "api_key", "apikey",
		"private_key", "credential",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(name, words[i]))
			return true;
	return false;
}

/* Returns the call's arguments: positional ones into pos[], keyword ones
 * into kw_names/kw_values.  False when there are more than fit, or a
 * `*args`/`**kwargs` splat. */
typedef struct call_args {
	TSNode pos[8];
	size_t pos_count;
	TSNode kw_name[8];
	TSNode kw_value[8];
	size_t kw_count;
} call_args;

static bool read_args(call_args *out, TSNode call)
{
	TSNode list = field(call, "arguments");

	memset(out, 0, sizeof(*out));
	if (!is(list, "argument_list"))
		return false;
	for (uint32_t i = 0; i < ts_node_named_child_count(list); i++) {
		TSNode arg = ts_node_named_child(list, i);

		if (is(arg, "comment"))
			continue;
		if (is(arg, "keyword_argument")) {
			if (out->kw_count == 8)
				return false;
			out->kw_name[out->kw_count] = field(arg, "name");
			out->kw_value[out->kw_count++] = field(arg, "value");
		} else if (is(arg, "list_splat") || is(arg, "dictionary_splat") ||
			   out->pos_count == 8) {
			return false;
		} else {
			out->pos[out->pos_count++] = arg;
		}
	}
	return true;
}

static TSNode keyword(const reader *r, const call_args *args, const char *name)
{
	for (size_t i = 0; i < args->kw_count; i++)
		if (py_node_text_is(args->kw_name[i], r->text, name))
			return args->kw_value[i];
	return (TSNode){0};
}

/* Returns the name of the first keyword argument not in `allowed`
 * (NULL-terminated), or NULL; the caller frees it. */
static char *unexpected_keyword(const reader *r, const call_args *args,
				const char *const *allowed)
{
	for (size_t i = 0; i < args->kw_count; i++) {
		bool ok = false;

		for (const char *const *a = allowed; *a; a++)
			ok = ok || py_node_text_is(args->kw_name[i], r->text, *a);
		if (!ok)
			return text_of(r, args->kw_name[i]);
	}
	return NULL;
}

/* --- the first pass: imports, the app, constants, helpers ----------------------- */

static void read_import(reader *r, TSNode stmt)
{
	bool from = is(stmt, "import_from_statement");
	char *module = NULL;

	if (from)
		module = text_of(r, field(stmt, "module_name"));
	for (uint32_t i = 0; i < ts_node_named_child_count(stmt); i++) {
		TSNode child = ts_node_named_child(stmt, i);
		TSNode name = child, alias = { 0 };
		char *dotted, *local;

		if (from && ts_node_eq(child, field(stmt, "module_name")))
			continue;
		if (is(child, "aliased_import")) {
			name = field(child, "name");
			alias = field(child, "alias");
		} else if (!is(child, "dotted_name")) {
			continue;
		}
		dotted = text_of(r, name);
		if (!ts_node_is_null(alias)) {
			local = text_of(r, alias);
		} else if (from) {
			local = rm_xstrdup(dotted);
		} else {
			/* `import os.path` binds `os` */
			local = rm_xstrndup(dotted, strcspn(dotted, "."));
			free(dotted);
			dotted = rm_xstrdup(local);
		}
		if (from) {
			char *full = rm_xasprintf("%s.%s", module, dotted);

			free(dotted);
			dotted = full;
		}
		map_put(&r->imports, local, dotted);
	}
	free(module);
}

static bool contains_eval_parse(const reader *r, TSNode node)
{
	if (is(node, "call") && name_is(r, field(node, "function"), "ast.parse")) {
		call_args args;

		if (read_args(&args, node)) {
			TSNode mode = keyword(r, &args, "mode");
			size_t len;

			if (is(mode, "string")) {
				const char *t = py_node_text(mode, r->text, &len);

				if ((len == 6 && memcmp(t, "\"eval\"", 6) == 0) ||
				    (len == 6 && memcmp(t, "'eval'", 6) == 0))
					return true;
			}
		}
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
		if (contains_eval_parse(r, ts_node_named_child(node, i)))
			return true;
	return false;
}

/* A module-level function with one plain parameter whose body parses its
 * input with ast.parse(..., mode="eval"): the arithmetic evaluator that
 * the B307 fixer inserts, or one written the same way. */
static bool is_calc_helper(const reader *r, TSNode function)
{
	TSNode params = field(function, "parameters");

	if (ts_node_named_child_count(params) != 1 ||
	    !is(ts_node_named_child(params, 0), "identifier"))
		return false;
	return contains_eval_parse(r, field(function, "body"));
}

static bool has_interpolation(TSNode string)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(string); i++)
		if (is(ts_node_named_child(string, i), "interpolation"))
			return true;
	return false;
}

/* Literal values and dotted names: what a module-level constant may hold
 * (the evaluator's operator table is a dict of ast.* to operator.*). */
static bool literal_like(TSNode node)
{
	static const char *const leaves[] = {
		"string", "concatenated_string", "integer", "float", "true", "false",
		"none", "identifier", "attribute",
	};
	static const char *const containers[] = {
		"dictionary", "list", "tuple", "set", "pair", "parenthesized_expression",
	};
	const char *type;

	node = unparen(node);
	type = ts_node_type(node);
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		if (strcmp(type, leaves[i]) == 0)
			return !is(node, "string") || !has_interpolation(node);
	for (size_t i = 0; i < sizeof(containers) / sizeof(containers[0]); i++)
		if (strcmp(type, containers[i]) == 0) {
			for (uint32_t j = 0; j < ts_node_named_child_count(node); j++) {
				TSNode child = ts_node_named_child(node, j);

				if (!is(child, "comment") && !literal_like(child))
					return false;
			}
			return true;
		}
	return false;
}

static bool environment_read(const reader *r, TSNode node)
{
	node = unparen(node);
	if (is(node, "call"))
		return name_is(r, field(node, "function"), "os.environ.get") ||
		       name_is(r, field(node, "function"), "os.getenv");
	if (is(node, "subscript"))
		return name_is(r, field(node, "value"), "os.environ");
	return false;
}

static void add_secret(reader *r, const char *name, int line, bool literal)
{
	port_model *m = r->model;

	m->secrets = rm_xrealloc(m->secrets, (m->secret_count + 1) * sizeof(*m->secrets));
	m->secrets[m->secret_count++] = (port_secret){
		.name = rm_xstrdup(name), .line = line, .literal = literal,
	};
}

static int read_module_assignment(reader *r, TSNode assignment)
{
	TSNode left = field(assignment, "left");
	TSNode right = field(assignment, "right");
	char *name;

	if (!is(left, "identifier") || ts_node_is_null(right) ||
	    !ts_node_is_null(field(assignment, "type")))
		return unsupported(r, assignment, "module-level assignment '%s'",
				   first_line(r, assignment));
	name = text_of(r, left);
	right = unparen(right);
	if (is(right, "call") && name_is(r, field(right, "function"), "flask.Flask")) {
		if (r->model->app) {
			free(name);
			return unsupported(r, assignment, "a second Flask object");
		}
		r->model->app = name;
		return 0;
	}
	if (environment_read(r, right) || literal_like(right)) {
		if (secret_like(name))
			add_secret(r, name, line_of(assignment), !environment_read(r, right));
		if (r->constant_count < MAX_NAMES)
			r->constants[r->constant_count++] = name;
		else
			free(name);
		return 0;
	}
	free(name);
	return unsupported(r, assignment, "module-level assignment '%s'",
			   first_line(r, assignment));
}

static int first_pass(reader *r)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(r->root); i++) {
		TSNode stmt = ts_node_named_child(r->root, i);
		int error = 0;

		if (is(stmt, "comment") || is(stmt, "decorated_definition") ||
		    is(stmt, "if_statement"))
			continue;
		if (is(stmt, "import_statement") || is(stmt, "import_from_statement")) {
			read_import(r, stmt);
		} else if (is(stmt, "future_import_statement")) {
			continue;
		} else if (is(stmt, "function_definition")) {
			if (is_calc_helper(r, stmt) && r->calc_helper_count < MAX_NAMES)
				r->calc_helpers[r->calc_helper_count++] =
					text_of(r, field(stmt, "name"));
		} else if (is(stmt, "expression_statement")) {
			TSNode expr = ts_node_named_child(stmt, 0);

			if (is(expr, "string") && i == 0)
				continue;  /* the module docstring */
			if (is(expr, "assignment"))
				error = read_module_assignment(r, expr);
			else if (is(expr, "string"))
				continue;
			else
				error = unsupported(r, stmt, "module-level statement '%s'",
						    first_line(r, stmt));
		} else {
			error = unsupported(r, stmt, "module-level %s", ts_node_type(stmt));
		}
		if (error < 0)
			return error;
	}
	if (!r->model->app) {
		rm_error_set("%s:1: no Flask object (`app = Flask(__name__)`) found: "
			     "the port reads Flask apps only", r->path);
		return RM_ENOTFOUND;
	}
	return 0;
}

/* --- view variables ---------------------------------------------------------------- */

static const var_kind *var_find(const view_vars *vars, const char *name)
{
	for (size_t i = 0; i < vars->count; i++)
		if (strcmp(vars->name[i], name) == 0)
			return &vars->kind[i];
	return NULL;
}

static int var_add(reader *r, view_vars *vars, TSNode at, char *name, var_kind kind)
{
	if (var_find(vars, name))
		return unsupported(r, at, "assigning '%s' a second time", name);
	if (!is_identifier_text(name))
		return unsupported(r, at, "the non-ASCII name '%s'", name);
	if (vars->count == MAX_NAMES)
		return unsupported(r, at, "a view with more than %d variables", MAX_NAMES);
	vars->name[vars->count] = name;
	vars->kind[vars->count++] = kind;
	return 0;
}

/* Returns the parameter named by `node`, or NULL. */
static const char *param_name(const reader *r, const view_vars *vars, TSNode node)
{
	size_t len;
	const char *p;

	node = unparen(node);
	if (!is(node, "identifier"))
		return NULL;
	p = py_node_text(node, r->text, &len);
	for (size_t i = 0; i < vars->count; i++)
		if (vars->kind[i] == VAR_PARAM && strlen(vars->name[i]) == len &&
		    memcmp(vars->name[i], p, len) == 0)
			return vars->name[i];
	return NULL;
}

static port_view_step *add_step(port_view *view, port_step_kind kind, const reader *r,
			   TSNode stmt)
{
	port_view_step *step;

	view->steps = rm_xrealloc(view->steps, (view->step_count + 1) * sizeof(*view->steps));
	step = &view->steps[view->step_count++];
	memset(step, 0, sizeof(*step));
	step->kind = kind;
	step->line = line_of(stmt);
	step->python = rm_xstrdup(first_line(r, stmt));
	return step;
}

/* --- parameters -------------------------------------------------------------------- */

/* Reads `request.args.get("k", "d")`, `request.args["k"]` and the
 * request.form forms into a parameter step.  Returns 1 when `value` is
 * one, 0 when it is not, or a negative code. */
static int read_param(reader *r, port_view *view, view_vars *vars, TSNode stmt,
		      TSNode target, TSNode value)
{
	static const char *const allowed[] = { "default", NULL };
	port_source source;
	TSNode container, key_node, fallback_node = { 0 };
	char *key = NULL, *fallback = NULL, *bad;
	call_args args;
	port_view_step *step;

	value = unparen(value);
	if (is(value, "call")) {
		TSNode function = field(value, "function");

		if (!is(function, "attribute") ||
		    !py_node_text_is(field(function, "attribute"), r->text, "get"))
			return 0;
		container = field(function, "object");
	} else if (is(value, "subscript")) {
		container = field(value, "value");
	} else {
		return 0;
	}
	if (name_is(r, container, "flask.request.args"))
		source = PORT_SOURCE_ARGS;
	else if (name_is(r, container, "flask.request.form"))
		source = PORT_SOURCE_FORM;
	else
		return 0;

	if (is(value, "subscript")) {
		key_node = field(value, "subscript");
	} else {
		if (!read_args(&args, value) || args.pos_count < 1 || args.pos_count > 2)
			return unsupported(r, value, "the call '%s'", first_line(r, value));
		if ((bad = unexpected_keyword(r, &args, allowed))) {
			unsupported(r, value, "the argument '%s' of request.%s.get", bad,
				    port_source_name(source));
			free(bad);
			return RM_ENOTFOUND;
		}
		key_node = args.pos[0];
		fallback_node = args.pos_count == 2 ? args.pos[1] : keyword(r, &args, "default");
		if (ts_node_is_null(fallback_node))
			return unsupported(r, value, "request.%s.get() without a default "
					   "(the value would be None)",
					   port_source_name(source));
	}
	if (!plain_string(r, key_node, &key, NULL))
		return unsupported(r, key_node, "a parameter key that is not a string literal");
	if (!ts_node_is_null(fallback_node) && !plain_string(r, fallback_node, &fallback, NULL)) {
		free(key);
		return unsupported(r, fallback_node, "a default that is not a string literal");
	}

	step = add_step(view, PORT_STEP_PARAM, r, stmt);
	step->name = text_of(r, target);
	step->source = source;
	step->key = key;
	step->fallback = fallback;
	return var_add(r, vars, target, step->name, VAR_PARAM) < 0 ? RM_ENOTFOUND : 1;
}

/* --- sinks ------------------------------------------------------------------------ */

static bool is_ping_program(const char *word)
{
	return strcmp(word, "ping") == 0 || strcmp(word, "/bin/ping") == 0 ||
	       strcmp(word, "/usr/bin/ping") == 0 || strcmp(word, "/sbin/ping") == 0 ||
	       strcmp(word, "/usr/sbin/ping") == 0;
}

/* Returns the parameter of a `["ping", "-c", "1", ip]` argument vector. */
static const char *ping_argv(reader *r, const view_vars *vars, TSNode list)
{
	static const char *const fixed[] = { NULL, "-c", "1" };
	const char *address;

	list = unparen(list);
	if ((!is(list, "list") && !is(list, "tuple")) || ts_node_named_child_count(list) != 4)
		return NULL;
	for (uint32_t i = 0; i < 3; i++) {
		char *word;
		bool ok;

		if (!plain_string(r, ts_node_named_child(list, i), &word, NULL))
			return NULL;
		ok = i == 0 ? is_ping_program(word) : strcmp(word, fixed[i]) == 0;
		free(word);
		if (!ok)
			return NULL;
	}
	address = param_name(r, vars, ts_node_named_child(list, 3));
	return address;
}

/* Returns the parameter of a `f"ping -c 1 {ip}"` or `"ping -c 1 " + ip`
 * shell command. */
static const char *ping_shell(reader *r, const view_vars *vars, TSNode command)
{
	TSNode left, interpolation = { 0 };
	char *prefix = NULL;
	const char *address = NULL;
	bool ok;

	command = unparen(command);
	if (is(command, "binary_operator")) {
		size_t len;
		const char *op;

		left = field(command, "left");
		op = py_node_text(field(command, "operator"), r->text, &len);
		if (len != 1 || op[0] != '+' || !plain_string(r, left, &prefix, NULL))
			return NULL;
		address = param_name(r, vars, field(command, "right"));
	} else if (is(command, "string")) {
		/* exactly: string_start, one content "ping -c 1 ", one field */
		uint32_t n = ts_node_named_child_count(command);
		py_buffer raw = { 0 };

		if (n != 4 || !is(ts_node_named_child(command, 1), "string_content") ||
		    !is(ts_node_named_child(command, 2), "interpolation"))
			return NULL;
		interpolation = ts_node_named_child(command, 2);
		if (ts_node_named_child_count(interpolation) != 1)
			return NULL;
		{
			size_t len;
			const char *p = py_node_text(ts_node_named_child(command, 1), r->text, &len);

			py_buffer_append(&raw, p, len);
			py_buffer_append(&raw, "", 1);
			prefix = rm_xstrdup(raw.data);
			py_buffer_free(&raw);
		}
		address = param_name(r, vars, field(interpolation, "expression"));
	} else {
		return NULL;
	}
	ok = prefix && strncmp(prefix, "ping -c 1 ", 10) == 0 && prefix[10] == '\0';
	if (!ok) {
		char *words = prefix;
		/* allow the absolute paths of the program too */
		ok = words && (strcmp(words, "/bin/ping -c 1 ") == 0 ||
			       strcmp(words, "/usr/bin/ping -c 1 ") == 0);
	}
	free(prefix);
	return ok ? address : NULL;
}

/*
 * Reads a recognised `ping -c 1 ADDRESS` command: subprocess.check_output
 * with an argument vector or a shell string (shell=True), os.popen(...)
 * .read() and os.system().  Returns 1 and fills `step` fields, 0 when the
 * call is not a command, or a negative code for a command the port cannot
 * replace.
 */
static int read_ping(reader *r, const view_vars *vars, TSNode call, const char **address,
		     const char **callable, const char **form)
{
	static const char *const check_output_kw[] = {
		"shell", "text", "universal_newlines", "timeout", NULL,
	};
	TSNode function;
	call_args args;
	char *name, *bad;
	int result = 0;

	call = unparen(call);
	if (!is(call, "call"))
		return 0;
	function = field(call, "function");

	/* os.popen(cmd).read() */
	if (is(function, "attribute") &&
	    py_node_text_is(field(function, "attribute"), r->text, "read") &&
	    is(unparen(field(function, "object")), "call")) {
		TSNode inner = unparen(field(function, "object"));

		if (!name_is(r, field(inner, "function"), "os.popen"))
			return 0;
		if (!read_args(&args, inner) || args.pos_count != 1 || args.kw_count != 0 ||
		    !(*address = ping_shell(r, vars, args.pos[0])))
			return unsupported(r, call, "the command '%s' (only `ping -c 1 "
					   "ADDRESS` is recognised)", first_line(r, inner));
		*callable = "os.popen";
		*form = "shell";
		return 1;
	}

	name = qualified_name(r, function);
	if (!name)
		return 0;
	if (strcmp(name, "subprocess.check_output") == 0) {
		TSNode shell;

		if (!read_args(&args, call) || args.pos_count != 1) {
			result = unsupported(r, call, "the call '%s'", first_line(r, call));
			goto done;
		}
		if ((bad = unexpected_keyword(r, &args, check_output_kw))) {
			result = unsupported(r, call, "the argument '%s' of subprocess.check_output", bad);
			free(bad);
			goto done;
		}
		shell = keyword(r, &args, "shell");
		if (is(shell, "true") && (*address = ping_shell(r, vars, args.pos[0]))) {
			*form = "shell";
		} else if ((ts_node_is_null(shell) || is(shell, "false")) &&
			   (*address = ping_argv(r, vars, args.pos[0]))) {
			*form = "argv";
		} else {
			result = unsupported(r, call, "the command '%s' (only `ping -c 1 ADDRESS` "
					     "is recognised)", first_line(r, call));
			goto done;
		}
		*callable = "subprocess.check_output";
		result = 1;
	} else if (strcmp(name, "os.system") == 0) {
		if (!read_args(&args, call) || args.pos_count != 1 || args.kw_count != 0 ||
		    !(*address = ping_shell(r, vars, args.pos[0]))) {
			result = unsupported(r, call, "the command '%s' (only `ping -c 1 ADDRESS` "
					     "is recognised)", first_line(r, call));
			goto done;
		}
		*callable = "os.system";
		*form = "shell";
		result = 1;
	} else if (strncmp(name, "subprocess.", 11) == 0 || strncmp(name, "os.popen", 8) == 0 ||
		   strncmp(name, "os.spawn", 8) == 0 || strncmp(name, "os.exec", 7) == 0) {
		result = unsupported(r, call, "the command call '%s'", first_line(r, call));
	}
done:
	free(name);
	return result;
}

/* Reads eval(x), ast.literal_eval(x) or a call of an arithmetic helper.
 * Returns 1 with the input parameter and callable, 0 when the call is
 * none of these, or a negative code. */
static int read_calc(reader *r, const view_vars *vars, TSNode call, const char **input,
		     char **callable)
{
	call_args args;
	char *name;
	bool known = false;

	call = unparen(call);
	if (!is(call, "call") || !(name = qualified_name(r, field(call, "function"))))
		return 0;
	known = strcmp(name, "eval") == 0 || strcmp(name, "ast.literal_eval") == 0;
	for (size_t i = 0; !known && i < r->calc_helper_count; i++)
		known = strcmp(name, r->calc_helpers[i]) == 0;
	if (!known) {
		free(name);
		return 0;
	}
	if (!read_args(&args, call) || args.pos_count != 1 || args.kw_count != 0 ||
	    !(*input = param_name(r, vars, args.pos[0]))) {
		free(name);
		return unsupported(r, call, "the call '%s' (an evaluator is ported only "
				   "when its one argument is a request parameter)",
				   first_line(r, call));
	}
	*callable = name;
	return 1;
}

/* Adds a ping or calc step for `call` when it is one, binding its result
 * to `target` (an identifier node) or to a made-up name.  Returns 1 and
 * the result's name in *result, 0, or a negative code. */
static int read_sink(reader *r, port_view *view, view_vars *vars, TSNode stmt,
		     TSNode call, TSNode target, const char **result)
{
	const char *input = NULL, *callable = NULL, *form = NULL;
	char *calc_callable = NULL;
	port_view_step *step;
	char *name;
	int found;
	var_kind kind;

	if ((found = read_ping(r, vars, call, &input, &callable, &form)) != 0) {
		if (found < 0)
			return found;
		kind = VAR_PING;
	} else if ((found = read_calc(r, vars, call, &input, &calc_callable)) != 0) {
		if (found < 0)
			return found;
		kind = VAR_CALC;
	} else {
		return 0;
	}

	if (!ts_node_is_null(target))
		name = text_of(r, target);
	else if (vars->results++ == 0)
		name = rm_xstrdup("result");
	else
		name = rm_xasprintf("result%d", vars->results);
	step = add_step(view, kind == VAR_PING ? PORT_STEP_PING : PORT_STEP_CALC, r, stmt);
	step->name = name;
	step->variable = rm_xstrdup(input);
	step->call = calc_callable ? calc_callable : rm_xstrdup(callable);
	step->form = form ? rm_xstrdup(form) : NULL;
	if (var_add(r, vars, ts_node_is_null(target) ? call : target, name, kind) < 0)
		return RM_ENOTFOUND;
	*result = name;
	return 1;
}

/* --- responses -------------------------------------------------------------------- */

static void add_piece(port_response *resp, const char *text, size_t len, const char *variable)
{
	resp->pieces = rm_xrealloc(resp->pieces, (resp->piece_count + 1) * sizeof(*resp->pieces));
	resp->pieces[resp->piece_count++] = (port_piece){
		.text = text ? rm_xstrndup(text, len) : NULL,
		.len = text ? len : 0,
		.variable = variable ? rm_xstrdup(variable) : NULL,
	};
}

/* Decodes one string_content of an f-string: literal text, the escapes
 * \\ \' \" \n \r \t \0 and \xHH, and the doubled braces. */
static int fstring_content(reader *r, TSNode content, bool raw, py_buffer *out)
{
	size_t pos = ts_node_start_byte(content), end = ts_node_end_byte(content);

	for (uint32_t i = 0; i <= ts_node_named_child_count(content); i++) {
		TSNode child = i < ts_node_named_child_count(content) ?
			ts_node_named_child(content, i) : (TSNode){ 0 };
		size_t stop = ts_node_is_null(child) ? end : ts_node_start_byte(child);
		size_t len;
		const char *p;

		py_buffer_append(out, r->text + pos, stop - pos);
		if (ts_node_is_null(child))
			break;
		p = py_node_text(child, r->text, &len);
		pos = ts_node_end_byte(child);
		if (is(child, "escape_interpolation")) {
			py_buffer_append(out, p, 1);
		} else if (raw) {
			py_buffer_append(out, p, len);
		} else if (len == 2 && strchr("\\'\"nrt0", p[1])) {
			static const char from[] = "\\'\"nrt0", to[] = "\\'\"\n\r\t";
			char c = to[strchr(from, p[1]) - from];

			py_buffer_append(out, &c, 1);  /* "\0" maps to the NUL at the end */
		} else if (len == 4 && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			   isxdigit((unsigned char)p[3]) && strtol(p + 2, NULL, 16) < 0x80) {
			char c = (char)strtol(p + 2, NULL, 16);

			py_buffer_append(out, &c, 1);
		} else {
			char *escape = rm_xstrndup(p, len);
			int error = unsupported(r, child, "the escape '%s' in an f-string", escape);

			free(escape);
			return error;
		}
	}
	return 0;
}

/* Reads a str literal or an f-string whose fields are plain variables. */
static int read_text(reader *r, const view_vars *vars, TSNode node, port_response *resp)
{
	char *value;
	size_t len;
	const char *start;
	bool raw;

	if (plain_string(r, node, &value, &len)) {
		add_piece(resp, value, len, NULL);
		free(value);
		return 0;
	}
	node = unparen(node);
	if (!is(node, "string"))
		return unsupported(r, node, "the response '%s'", first_line(r, node));
	start = py_node_text(ts_node_named_child(node, 0), r->text, &len);
	if (memchr(start, 'b', len) || memchr(start, 'B', len)) {
		/* bytes literal: same body as a str for ASCII */
		return unsupported(r, node, "a bytes literal response");
	}
	raw = memchr(start, 'r', len) || memchr(start, 'R', len);
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
		TSNode child = ts_node_named_child(node, i);

		if (is(child, "string_content")) {
			py_buffer text = { 0 };
			int error = fstring_content(r, child, raw, &text);

			if (error == 0 && text.len > 0)
				add_piece(resp, text.data, text.len, NULL);
			py_buffer_free(&text);
			if (error < 0)
				return error;
		} else if (is(child, "interpolation")) {
			TSNode expr = field(child, "expression");
			char *name = text_of(r, expr);
			const var_kind *kind;

			if (ts_node_named_child_count(child) != 1 || !is(expr, "identifier") ||
			    !(kind = var_find(vars, name)) || *kind == VAR_PING) {
				int error = unsupported(r, child, "the f-string field '{%s}' "
						"(only request parameters and arithmetic results)", name);
				free(name);
				return error;
			}
			add_piece(resp, NULL, 0, name);
			free(name);
		}
	}
	return 0;
}

/* Converts a literal to cJSON: dicts with str keys, lists, tuples, str,
 * int (32 bits), True, False and None.  Returns NULL for anything else. */
static cJSON *json_literal(reader *r, TSNode node)
{
	char *value;
	long number;
	cJSON *out;

	node = unparen(node);
	if (plain_string(r, node, &value, NULL)) {
		out = cJSON_CreateString(value);
		free(value);
		return out;
	}
	if (integer_value(r, node, &number) && number >= INT32_MIN && number <= INT32_MAX)
		return cJSON_CreateNumber((double)number);
	if (is(node, "true") || is(node, "false"))
		return cJSON_CreateBool(is(node, "true"));
	if (is(node, "none"))
		return cJSON_CreateNull();
	if (is(node, "list") || is(node, "tuple")) {
		out = cJSON_CreateArray();
		for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
			TSNode child = ts_node_named_child(node, i);
			cJSON *item;

			if (is(child, "comment"))
				continue;
			if (!(item = json_literal(r, child))) {
				cJSON_Delete(out);
				return NULL;
			}
			cJSON_AddItemToArray(out, item);
		}
		return out;
	}
	if (is(node, "dictionary")) {
		out = cJSON_CreateObject();
		for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
			TSNode pair = ts_node_named_child(node, i);
			cJSON *item;
			char *key;

			if (is(pair, "comment"))
				continue;
			if (!is(pair, "pair") || !plain_string(r, field(pair, "key"), &key, NULL)) {
				cJSON_Delete(out);
				return NULL;
			}
			if (cJSON_GetObjectItemCaseSensitive(out, key) ||
			    !(item = json_literal(r, field(pair, "value")))) {
				free(key);
				cJSON_Delete(out);
				return NULL;
			}
			cJSON_AddItemToObject(out, key, item);
			free(key);
		}
		return out;
	}
	return NULL;
}

/*
 * Reads the value of a `return` into `resp`, adding a sink step first
 * when the body calls one inline (`return str(eval(expr))`).
 */
static int read_response(reader *r, port_view *view, view_vars *vars, TSNode stmt,
			 TSNode value, port_response *resp)
{
	TSNode body;
	int found;

	resp->status = 200;
	value = unparen(value);
	if (ts_node_is_null(value))
		return unsupported(r, stmt, "a bare 'return' (Flask rejects a None response)");
	if (is(value, "expression_list") || is(value, "tuple")) {
		long status;

		if (ts_node_named_child_count(value) != 2)
			return unsupported(r, value, "the response tuple '%s' (only (body, status))",
					   first_line(r, value));
		if (!integer_value(r, ts_node_named_child(value, 1), &status) ||
		    status < 100 || status > 599)
			return unsupported(r, value, "the status '%s' (only an integer literal "
					   "from 100 to 599)", first_line(r, ts_node_named_child(value, 1)));
		resp->status = (int)status;
		value = unparen(ts_node_named_child(value, 0));
	}
	body = value;

	if (is(body, "call")) {
		TSNode function = field(body, "function");
		char *name = qualified_name(r, function);
		call_args args;

		if (name && strcmp(name, "flask.jsonify") == 0) {
			free(name);
			if (!read_args(&args, body) || args.pos_count != 1 || args.kw_count != 0 ||
			    !(resp->json = json_literal(r, args.pos[0])))
				return unsupported(r, body, "the response '%s' (jsonify is ported "
						   "for one literal of str, int, bool, None, list "
						   "and dict)", first_line(r, body));
			resp->kind = PORT_BODY_JSON;
			return 0;
		}
		if (name && strcmp(name, "str") == 0 && read_args(&args, body) &&
		    args.pos_count == 1 && args.kw_count == 0) {
			TSNode inner = unparen(args.pos[0]);
			const char *result = NULL;
			char *var;
			const var_kind *kind;

			free(name);
			if ((found = read_sink(r, view, vars, stmt, inner, (TSNode){ 0 }, &result)) < 0)
				return found;
			if (found) {
				add_piece(resp, NULL, 0, result);
				return 0;
			}
			var = is(inner, "identifier") ? text_of(r, inner) : NULL;
			if (var && (kind = var_find(vars, var)) && *kind != VAR_PING) {
				add_piece(resp, NULL, 0, var);
				free(var);
				return 0;
			}
			free(var);
			return unsupported(r, body, "the response '%s'", first_line(r, body));
		}
		/* output.decode() of a ping result */
		if (is(function, "attribute") &&
		    py_node_text_is(field(function, "attribute"), r->text, "decode") &&
		    read_args(&args, body) && args.pos_count == 0 && args.kw_count == 0) {
			TSNode object = unparen(field(function, "object"));
			char *var = is(object, "identifier") ? text_of(r, object) : NULL;
			const var_kind *kind = var ? var_find(vars, var) : NULL;

			free(name);
			if (kind && *kind == VAR_PING) {
				add_piece(resp, NULL, 0, var);
				free(var);
				return 0;
			}
			free(var);
			return unsupported(r, body, "the response '%s'", first_line(r, body));
		}
		free(name);
		{
			const char *result = NULL;

			if ((found = read_sink(r, view, vars, stmt, body, (TSNode){ 0 }, &result)) < 0)
				return found;
			if (found) {
				const var_kind *kind = var_find(vars, result);

				if (*kind == VAR_CALC)
					return unsupported(r, body, "returning a number (Flask "
							   "rejects it; wrap it in str())");
				add_piece(resp, NULL, 0, result);
				return 0;
			}
		}
		return unsupported(r, body, "the call '%s'", first_line(r, body));
	}
	if (is(body, "identifier")) {
		char *var = text_of(r, body);
		const var_kind *kind = var_find(vars, var);

		if (!kind || *kind == VAR_CALC) {
			int error = kind ? unsupported(r, body, "returning the number '%s' (Flask "
						       "rejects it; wrap it in str())", var)
					 : unsupported(r, body, "the name '%s' (not a request "
						       "parameter or a recognised result)", var);
			free(var);
			return error;
		}
		add_piece(resp, NULL, 0, var);
		free(var);
		return 0;
	}
	return read_text(r, vars, body, resp);
}

/* --- checks ------------------------------------------------------------------------ */

/* Reads the `return` of a check into the view's last step, which is the
 * check.  A sink inside the branch would run after the check in C, so it
 * is rejected. */
static int read_check_response(reader *r, port_view *view, view_vars *vars, TSNode ret)
{
	size_t count = view->step_count;
	port_response resp = { 0 };
	int error = read_response(r, view, vars, ret, ts_node_named_child(ret, 0), &resp);

	view->steps[count - 1].response = resp;
	if (error == 0 && view->step_count != count)
		return unsupported(r, ret, "a command or an evaluation inside an 'if' or "
				   "'except' branch");
	return error;
}

static int read_condition(reader *r, const view_vars *vars, TSNode cond, port_view_step *step)
{
	const char *param;

	cond = unparen(cond);
	if (is(cond, "not_operator")) {
		int error = read_condition(r, vars, field(cond, "argument"), step);

		step->respond_when = !step->respond_when;
		return error;
	}
	step->respond_when = true;
	if (is(cond, "call")) {
		TSNode function = field(cond, "function");
		call_args args;

		if (is(function, "attribute") && read_args(&args, cond) &&
		    args.pos_count == 0 && args.kw_count == 0 &&
		    (param = param_name(r, vars, field(function, "object")))) {
			TSNode method = field(function, "attribute");

			if (py_node_text_is(method, r->text, "isalnum"))
				step->test = PORT_TEST_ISALNUM;
			else if (py_node_text_is(method, r->text, "isdigit"))
				step->test = PORT_TEST_ISDIGIT;
			else
				goto bad;
			step->variable = rm_xstrdup(param);
			return 0;
		}
		goto bad;
	}
	if (is(cond, "comparison_operator") && ts_node_named_child_count(cond) == 2) {
		TSNode left = unparen(ts_node_named_child(cond, 0));
		TSNode right = unparen(ts_node_named_child(cond, 1));
		size_t op_start = ts_node_end_byte(ts_node_named_child(cond, 0));
		size_t op_end = ts_node_start_byte(ts_node_named_child(cond, 1));
		char op[16];
		size_t n = 0;

		/* the operator tokens, spaces squeezed: "not in", ">=" */
		for (size_t i = op_start; i < op_end && n + 1 < sizeof(op); i++) {
			char c = r->text[i];

			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ')' || c == '(')
				continue;
			if (n > 0 && op[n - 1] == 't' && c == 'i')
				op[n++] = ' ';
			op[n++] = c;
		}
		op[n] = '\0';

		if (is(left, "call") && name_is(r, field(left, "function"), "len")) {
			call_args args;
			long bound;
			static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
			bool known = false;

			for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
				known = known || strcmp(op, ops[i]) == 0;
			if (!known || !read_args(&args, left) || args.pos_count != 1 ||
			    !(param = param_name(r, vars, args.pos[0])) ||
			    !integer_value(r, right, &bound) || bound < 0)
				goto bad;
			step->test = PORT_TEST_LENGTH;
			step->variable = rm_xstrdup(param);
			step->op = rm_xstrdup(op);
			step->bound = bound;
			return 0;
		}
		if ((strcmp(op, "in") == 0 || strcmp(op, "notin") == 0 ||
		     strcmp(op, "not in") == 0) &&
		    (param = param_name(r, vars, left)) &&
		    (is(right, "tuple") || is(right, "list") || is(right, "set"))) {
			uint32_t count = ts_node_named_child_count(right), used = 0;

			step->values = rm_xcalloc(count + 1, sizeof(char *));
			for (uint32_t i = 0; i < count; i++) {
				TSNode item = ts_node_named_child(right, i);

				if (is(item, "comment"))
					continue;
				if (!plain_string(r, item, &step->values[used++], NULL))
					goto bad;
			}
			step->test = PORT_TEST_IN;
			step->variable = rm_xstrdup(param);
			step->respond_when = strcmp(op, "in") == 0;
			return 0;
		}
	}
bad:
	return unsupported(r, cond, "the condition '%s'", first_line(r, cond));
}

/* Returns the single `return` of a block (comments and `pass` aside). */
static TSNode only_return(TSNode block)
{
	TSNode found = { 0 };

	for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
		TSNode stmt = ts_node_named_child(block, i);

		if (is(stmt, "comment") || is(stmt, "pass_statement"))
			continue;
		if (!is(stmt, "return_statement") || !ts_node_is_null(found))
			return (TSNode){ 0 };
		found = stmt;
	}
	return found;
}

static int read_if(reader *r, port_view *view, view_vars *vars, TSNode stmt)
{
	TSNode ret = only_return(field(stmt, "consequence"));
	port_view_step *step;

	if (!ts_node_is_null(field(stmt, "alternative")))
		return unsupported(r, field(stmt, "alternative"), "an 'elif' or 'else' branch");
	if (ts_node_is_null(ret))
		return unsupported(r, stmt, "an 'if' whose body is not a single 'return'");
	step = add_step(view, PORT_STEP_CHECK, r, stmt);
	if (read_condition(r, vars, field(stmt, "condition"), step) < 0)
		return RM_ENOTFOUND;
	return read_check_response(r, view, vars, ret);
}

/* try: ipaddress.ip_address(x)  except ValueError: return RESPONSE */
static int read_try(reader *r, port_view *view, view_vars *vars, TSNode stmt)
{
	TSNode body = field(stmt, "body"), handler = { 0 }, call = { 0 }, ret;
	const char *param = NULL;
	port_view_step *step;
	uint32_t statements = 0;

	for (uint32_t i = 0; i < ts_node_named_child_count(body); i++) {
		TSNode child = ts_node_named_child(body, i);

		if (is(child, "comment"))
			continue;
		statements++;
		if (is(child, "expression_statement"))
			call = unparen(ts_node_named_child(child, 0));
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(stmt); i++) {
		TSNode child = ts_node_named_child(stmt, i);

		if (is(child, "except_clause")) {
			if (!ts_node_is_null(handler))
				return unsupported(r, child, "a second 'except' clause");
			handler = child;
		} else if (is(child, "else_clause") || is(child, "finally_clause") ||
			   is(child, "except_group_clause")) {
			return unsupported(r, child, "the '%s' of a 'try'", ts_node_type(child));
		}
	}
	if (statements == 1 && is(call, "call") &&
	    name_is(r, field(call, "function"), "ipaddress.ip_address")) {
		call_args args;

		if (read_args(&args, call) && args.pos_count == 1 && args.kw_count == 0)
			param = param_name(r, vars, args.pos[0]);
	}
	if (!param)
		return unsupported(r, stmt, "a 'try' block other than `try: "
				   "ipaddress.ip_address(PARAM)`");
	if (ts_node_is_null(handler) || ts_node_named_child_count(handler) != 2 ||
	    !name_is(r, ts_node_named_child(handler, 0), "ValueError"))
		return unsupported(r, stmt, "an 'except' other than `except ValueError:`");
	ret = only_return(ts_node_named_child(handler, 1));
	if (ts_node_is_null(ret))
		return unsupported(r, handler, "an 'except' whose body is not a single 'return'");

	step = add_step(view, PORT_STEP_CHECK, r, stmt);
	free(step->python);
	step->python = rm_xasprintf("try: %s", first_line(r, call));
	step->test = PORT_TEST_IP;
	step->variable = rm_xstrdup(param);
	step->respond_when = false;
	return read_check_response(r, view, vars, ret);
}

static const char *statement_name(TSNode stmt)
{
	static const struct { const char *type, *name; } names[] = {
		{ "for_statement", "a 'for' loop" },
		{ "while_statement", "a 'while' loop" },
		{ "with_statement", "a 'with' block" },
		{ "global_statement", "a 'global' statement" },
		{ "nonlocal_statement", "a 'nonlocal' statement" },
		{ "raise_statement", "a 'raise' statement" },
		{ "assert_statement", "an 'assert' statement" },
		{ "delete_statement", "a 'del' statement" },
		{ "import_statement", "an 'import' inside a view" },
		{ "import_from_statement", "an 'import' inside a view" },
		{ "function_definition", "a nested function" },
		{ "class_definition", "a nested class" },
		{ "match_statement", "a 'match' statement" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (is(stmt, names[i].type))
			return names[i].name;
	return NULL;
}

static int read_body(reader *r, port_view *view, view_vars *vars, TSNode block)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
		TSNode stmt = ts_node_named_child(block, i);
		int error = 0;

		if (is(stmt, "comment") || is(stmt, "pass_statement"))
			continue;
		if (is(stmt, "return_statement")) {
			port_response resp = { 0 };

			/* an inline sink (`return str(eval(x))`) adds its step first */
			error = read_response(r, view, vars, stmt, ts_node_named_child(stmt, 0), &resp);
			add_step(view, PORT_STEP_RETURN, r, stmt)->response = resp;
			return error;  /* later statements never run */
		}
		if (is(stmt, "if_statement")) {
			error = read_if(r, view, vars, stmt);
		} else if (is(stmt, "try_statement")) {
			error = read_try(r, view, vars, stmt);
		} else if (is(stmt, "expression_statement")) {
			TSNode expr = ts_node_named_child(stmt, 0);
			const char *result;

			if (is(expr, "string") && i == 0)
				continue;  /* docstring */
			if (is(expr, "assignment") && is(field(expr, "left"), "identifier") &&
			    ts_node_is_null(field(expr, "type"))) {
				TSNode left = field(expr, "left"), right = field(expr, "right");

				error = read_param(r, view, vars, stmt, left, right);
				if (error == 0)
					error = read_sink(r, view, vars, stmt, right, left, &result);
				if (error == 0)
					error = unsupported(r, stmt, "the assignment '%s'",
							    first_line(r, stmt));
			} else if (is(expr, "call")) {
				error = read_sink(r, view, vars, stmt, expr, (TSNode){ 0 }, &result);
				if (error == 0)
					error = unsupported(r, stmt, "the call '%s'", first_line(r, stmt));
			} else {
				error = unsupported(r, stmt, "the statement '%s'", first_line(r, stmt));
			}
			if (error > 0)
				error = 0;
		} else {
			const char *name = statement_name(stmt);

			error = name ? unsupported(r, stmt, "%s", name)
				     : unsupported(r, stmt, "the statement '%s'", first_line(r, stmt));
		}
		if (error < 0)
			return error;
	}
	return unsupported(r, block, "a view that can end without 'return' "
			   "(Flask rejects a None response)");
}

/* --- views -------------------------------------------------------------------------- */

static unsigned method_flag(const char *name)
{
	static const char *const names[] = { "GET", "POST", "PUT", "DELETE", "PATCH" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1u << i;
	return 0;
}

/* Reads one `@app.route(...)` (or .get/.post/...) decorator into a rule.
 * Returns 1 for a route decorator, or a negative code. */
static int read_rule(reader *r, TSNode decorator, port_view *view)
{
	static const char *const verbs[] = { "get", "post", "put", "delete", "patch" };
	static const char *const route_kw[] = { "methods", NULL };
	TSNode call = unparen(ts_node_named_child(decorator, 0));
	TSNode function = field(call, "function"), methods;
	port_rule rule = { .line = line_of(decorator) };
	call_args args;
	char *verb, *bad;

	if (!is(call, "call") || !is(function, "attribute") ||
	    !py_node_text_is(field(function, "object"), r->text, r->model->app))
		return unsupported(r, decorator, "the decorator '%s'", first_line(r, decorator));
	verb = text_of(r, field(function, "attribute"));
	if (strcmp(verb, "route") == 0) {
		rule.methods = PORT_METHOD_GET;
	} else {
		for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strcmp(verb, verbs[i]) == 0)
				rule.methods = 1u << i;
		if (!rule.methods) {
			int error = unsupported(r, decorator, "the decorator '%s'",
						first_line(r, decorator));
			free(verb);
			return error;
		}
	}
	if (!read_args(&args, call) || args.pos_count != 1 ||
	    !plain_string(r, args.pos[0], &rule.path, NULL)) {
		free(verb);
		return unsupported(r, decorator, "the decorator '%s' (the rule must be one "
				   "string literal)", first_line(r, decorator));
	}
	if ((bad = unexpected_keyword(r, &args, strcmp(verb, "route") == 0 ? route_kw
						   : (const char *const[]){ NULL }))) {
		unsupported(r, decorator, "the route option '%s'", bad);
		free(bad);
		free(verb);
		free(rule.path);
		return RM_ENOTFOUND;
	}
	free(verb);
	methods = keyword(r, &args, "methods");
	if (!ts_node_is_null(methods)) {
		methods = unparen(methods);
		if (!is(methods, "list") && !is(methods, "tuple") && !is(methods, "set"))
			goto bad_methods;
		rule.methods = 0;
		for (uint32_t i = 0; i < ts_node_named_child_count(methods); i++) {
			char *name;
			unsigned flag;

			if (!plain_string(r, ts_node_named_child(methods, i), &name, NULL))
				goto bad_methods;
			flag = method_flag(name);
			if (!flag && strcasecmp(name, "HEAD") != 0 && strcasecmp(name, "OPTIONS") != 0) {
				int error = unsupported(r, methods, "the method '%s'", name);

				free(name);
				free(rule.path);
				return error;
			}
			/* HEAD comes with GET and OPTIONS with every rule, as in Flask */
			if (strcasecmp(name, "HEAD") == 0)
				flag = PORT_METHOD_GET;
			rule.methods |= flag;
			free(name);
		}
	}
	view->rules = rm_xrealloc(view->rules, (view->rule_count + 1) * sizeof(*view->rules));
	view->rules[view->rule_count++] = rule;
	return 1;

bad_methods:
	free(rule.path);
	return unsupported(r, methods, "the methods '%s' (a list of string literals "
			   "is expected)", first_line(r, methods));
}

/* Adds a parameter step for each `<converter:name>` of the view's rules. */
static int read_path_params(reader *r, port_view *view, view_vars *vars, TSNode function)
{
	for (size_t i = 0; i < view->rule_count; i++) {
		const char *p = view->rules[i].path;

		while ((p = strchr(p, '<'))) {
			const char *end = strchr(p, '>');
			char *part, *colon, *name, *converter;
			port_view_step *step;

			if (!end)
				break;
			part = rm_xstrndup(p + 1, (size_t)(end - p - 1));
			colon = strchr(part, ':');
			name = rm_xstrdup(colon ? colon + 1 : part);
			converter = colon ? rm_xstrndup(part, (size_t)(colon - part))
					  : rm_xstrdup("string");
			free(part);
			p = end + 1;
			if (var_find(vars, name)) {
				free(name);
				free(converter);
				continue;  /* the same part in a second rule */
			}
			step = add_step(view, PORT_STEP_PARAM, r, function);
			step->name = name;
			step->source = PORT_SOURCE_PATH;
			step->key = rm_xstrdup(name);
			step->converter = converter;
			if (var_add(r, vars, function, name, VAR_PARAM) < 0)
				return RM_ENOTFOUND;
		}
	}
	return 0;
}

static int read_view(reader *r, TSNode decorated)
{
	TSNode function = field(decorated, "definition");
	TSNode params, name_node;
	port_model *m = r->model;
	port_view *view;
	view_vars vars = { 0 };
	int error;

	if (!is(function, "function_definition"))
		return unsupported(r, decorated, "a decorated class");
	if (ts_node_child_count(function) > 0 &&
	    py_node_text_is(ts_node_child(function, 0), r->text, "async"))
		return unsupported(r, function, "an async view");
	m->views = rm_xrealloc(m->views, (m->view_count + 1) * sizeof(*m->views));
	view = &m->views[m->view_count++];
	memset(view, 0, sizeof(*view));
	name_node = field(function, "name");
	view->function = text_of(r, name_node);
	view->line = line_of(function);

	for (uint32_t i = 0; i < ts_node_named_child_count(decorated); i++) {
		TSNode decorator = ts_node_named_child(decorated, i);

		if (is(decorator, "decorator") && (error = read_rule(r, decorator, view)) < 0)
			return error;
	}
	if ((error = read_path_params(r, view, &vars, function)) < 0)
		return error;

	/* Flask passes the rule's parts as keyword arguments, nothing else */
	params = field(function, "parameters");
	for (uint32_t i = 0; i < ts_node_named_child_count(params); i++) {
		TSNode param = ts_node_named_child(params, i);
		char *name = text_of(r, param);
		bool known = is(param, "identifier") && var_find(&vars, name);

		free(name);
		if (!known)
			return unsupported(r, param, "the view parameter '%s' (only the "
					   "rule's <parts>)", first_line(r, param));
	}
	if (ts_node_named_child_count(params) != vars.count)
		return unsupported(r, params, "a view that does not take every <part> "
				   "of its rule");
	return read_body(r, view, &vars, field(function, "body"));
}

/* Reads `app.run(host=..., port=...)` in `if __name__ == "__main__":`. */
static int read_main(reader *r, TSNode stmt)
{
	static const char *const run_kw[] = { "host", "port", "debug", NULL };
	TSNode cond = unparen(field(stmt, "condition")), block;
	port_model *m = r->model;

	if (!is(cond, "comparison_operator") ||
	    !py_node_text_is(ts_node_named_child(cond, 0), r->text, "__name__") ||
	    !ts_node_is_null(field(stmt, "alternative")))
		return unsupported(r, stmt, "the module-level 'if' '%s'", first_line(r, stmt));
	block = field(stmt, "consequence");
	for (uint32_t i = 0; i < ts_node_named_child_count(block); i++) {
		TSNode child = ts_node_named_child(block, i), call, host, port, debug;
		call_args args;
		char *bad;

		if (is(child, "comment"))
			continue;
		call = is(child, "expression_statement") ? unparen(ts_node_named_child(child, 0))
							 : (TSNode){ 0 };
		if (!is(call, "call") || !is(field(call, "function"), "attribute") ||
		    !py_node_text_is(field(field(call, "function"), "object"), r->text, m->app) ||
		    !py_node_text_is(field(field(call, "function"), "attribute"), r->text, "run"))
			return unsupported(r, child, "the statement '%s' in the main block",
					   first_line(r, child));
		if (!read_args(&args, call) || args.pos_count != 0)
			return unsupported(r, call, "positional arguments of app.run()");
		if ((bad = unexpected_keyword(r, &args, run_kw))) {
			unsupported(r, call, "the app.run() argument '%s'", bad);
			free(bad);
			return RM_ENOTFOUND;
		}
		m->run_line = line_of(call);
		host = unparen(keyword(r, &args, "host"));
		port = keyword(r, &args, "port");
		debug = keyword(r, &args, "debug");
		if (!ts_node_is_null(debug) && !is(debug, "true") && !is(debug, "false"))
			return unsupported(r, debug, "a debug flag that is not True or False");
		if (!ts_node_is_null(host)) {
			char *value;

			if (plain_string(r, host, &value, NULL)) {
				m->host = value;
			} else if (is(host, "call") && environment_read(r, host) &&
				   read_args(&args, host) && args.pos_count == 2 &&
				   plain_string(r, args.pos[0], &m->host_env, NULL) &&
				   plain_string(r, args.pos[1], &m->host, NULL)) {
				/* host=os.environ.get("BIND_ADDRESS", "127.0.0.1") */
			} else {
				return unsupported(r, host, "the host '%s' (a string literal or "
						   "os.environ.get(NAME, DEFAULT))", first_line(r, host));
			}
		}
		if (!ts_node_is_null(port) &&
		    (!integer_value(r, port, &m->port) || m->port < 1 || m->port > 65535))
			return unsupported(r, port, "the port '%s' (an integer literal)",
					   first_line(r, port));
	}
	return 0;
}

static int second_pass(reader *r)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(r->root); i++) {
		TSNode stmt = ts_node_named_child(r->root, i);
		int error = 0;

		if (is(stmt, "decorated_definition"))
			error = read_view(r, stmt);
		else if (is(stmt, "if_statement"))
			error = read_main(r, stmt);
		if (error < 0)
			return error;
	}
	if (r->model->view_count == 0) {
		rm_error_set("%s:1: the Flask app has no views: nothing to port", r->path);
		return RM_ENOTFOUND;
	}
	return 0;
}

/* Rejects a view that names a module-level constant: the C service has
 * no module state. */
static int check_constants(reader *r, TSNode node, bool in_view)
{
	if (is(node, "decorated_definition"))
		in_view = true;
	if (in_view && is(node, "identifier")) {
		TSNode parent = ts_node_parent(node);

		/* the attribute name in `x.name` is not a use of `name` */
		if (!(is(parent, "attribute") && ts_node_eq(field(parent, "attribute"), node)) &&
		    !is(parent, "keyword_argument")) {
			for (size_t i = 0; i < r->constant_count; i++)
				if (py_node_text_is(node, r->text, r->constants[i]))
					return unsupported(r, node, "the module-level name '%s' "
							   "in a view", r->constants[i]);
		}
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
		int error = check_constants(r, ts_node_named_child(node, i), in_view);

		if (error < 0)
			return error;
	}
	return 0;
}

int port_model_read(port_model **out, const char *path, const char *text, size_t len)
{
	reader r = { .path = path, .text = text, .len = len };
	TSTree *tree = NULL;
	py_syntax_info info;
	int error;

	*out = NULL;
	r.model = rm_xcalloc(1, sizeof(*r.model));
	r.model->source = rm_xstrdup(path);
	r.model->port = 5000;
	if ((error = py_parse(&tree, text, len)) < 0)
		goto done;
	if (py_syntax_error(&info, tree, text, len)) {
		rm_error_set("%s:%d: invalid Python: %s; fix the syntax first", path,
			     info.line, info.reason);
		error = RM_EINVALID;
		goto done;
	}
	r.root = ts_tree_root_node(tree);
	if ((error = first_pass(&r)) < 0 || (error = check_constants(&r, r.root, false)) < 0 ||
	    (error = second_pass(&r)) < 0)
		goto done;
	if (!r.model->host)
		r.model->host = rm_xstrdup("127.0.0.1");
	*out = r.model;
	r.model = NULL;

done:
	port_model_free(r.model);
	map_clear(&r.imports);
	for (size_t i = 0; i < r.calc_helper_count; i++)
		free(r.calc_helpers[i]);
	for (size_t i = 0; i < r.constant_count; i++)
		free(r.constants[i]);
	py_buffer_free(&r.scratch);
	if (tree)
		ts_tree_delete(tree);
	return error;
}
