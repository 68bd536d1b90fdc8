/*
 * Generating the C service from the service model: one handler per view,
 * statement by statement, each preceded by a comment that quotes the
 * Python line it replaces, then the route table and main().  The handler
 * shape is the one of tests/runtime/example_service.c.
 */
#include "port/port_gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "python/python.h"

/* A growable text buffer with printf-style appends. */
typedef struct text {
	py_buffer buf;
} text;

__attribute__((format(printf, 2, 3)))
static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("remediate: out of memory\n", stderr);
		abort();
	}
	py_buffer_append(&t->buf, s, (size_t)n);
	free(s);
}

static char *finish(text *t)
{
	py_buffer_append(&t->buf, "", 1);
	return t->buf.data;
}

/*
 * Appends `len` bytes as the inside of a C string literal.  Printable
 * ASCII stays as it is; quotes, backslashes, '?' (trigraphs are on in
 * C11) and every other byte are escaped, the others in three-digit octal
 * so a following digit cannot extend the escape.  With `format`, '%'
 * is doubled for printf.
 */
static void put_c_string(text *t, const char *s, size_t len, bool format)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			put(t, "\\%c", c);
		else if (c == '?')
			put(t, "\\?");
		else if (c == '%' && format)
			put(t, "%%%%");
		else if (c == '\n')
			put(t, "\\n");
		else if (c == '\t')
			put(t, "\\t");
		else if (c >= 0x20 && c < 0x7f)
			put(t, "%c", c);
		else
			put(t, "\\%03o", c);
	}
}

/* Appends a Python line for a C comment: the comment terminator cannot
 * appear in it. */
static void put_comment_text(text *t, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			put(t, "* /");
		else if (s[0] == '/' && s[1] == '*')
			put(t, "/ *");
		else
			put(t, "%c", *s);
		if ((s[0] == '*' && s[1] == '/') || (s[0] == '/' && s[1] == '*'))
			s++;
	}
}

/* --- names ------------------------------------------------------------------------ */

static bool c_reserved(const char *name)
{
	static const char *const words[] = {
		"auto", "break", "case", "char", "const", "continue", "default", "do",
		"double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
		"int", "long", "register", "restrict", "return", "short", "signed",
		"sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
		"void", "volatile", "while", "_Bool", "_Complex", "_Imaginary", "bool",
		"true", "false", "req", "routes", "main", "errno", "stdin", "stdout",
		"stderr", "NULL",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(name, words[i]) == 0)
			return true;
	return false;
}

/* Writes the C name of a Python variable into buf: the same name, with a
 * final underscore when it is a C keyword or a name the file uses. */
static const char *c_name(char buf[128], const char *name)
{
	snprintf(buf, 128, "%s%s", name, c_reserved(name) ? "_" : "");
	return buf;
}

unsigned port_gen_modules(const port_model *model)
{
	unsigned modules = 0;

	for (size_t i = 0; i < model->view_count; i++)
		for (size_t j = 0; j < model->views[i].step_count; j++) {
			const port_view_step *step = &model->views[i].steps[j];

			if (step->kind == PORT_STEP_CALC)
				modules |= PORT_USES_CALC;
			if (step->kind == PORT_STEP_PING ||
			    (step->kind == PORT_STEP_CHECK && step->test == PORT_TEST_IP))
				modules |= PORT_USES_PING;
		}
	return modules;
}

/* --- statements ------------------------------------------------------------------- */

typedef struct gen {
	const port_model *model;
	const port_view *view;
	text out;
} gen;

static const port_view_step *find_var(const port_view *view, const char *name)
{
	for (size_t i = 0; i < view->step_count; i++)
		if (view->steps[i].name && strcmp(view->steps[i].name, name) == 0)
			return &view->steps[i];
	return NULL;
}

static void put_line_comment(gen *g, const port_view_step *step, const char *note)
{
	put(&g->out, "\t/* %s:%d: ", g->model->source, step->line);
	put_comment_text(&g->out, step->python);
	if (note)
		put(&g->out, "\n\t * %s", note);
	put(&g->out, " */\n");
}

static int put_response(gen *g, const port_view_step *step, const port_response *resp,
			const char *indent)
{
	char name[128];

	if (resp->kind == PORT_BODY_JSON) {
		const cJSON *error = cJSON_GetObjectItemCaseSensitive(resp->json, "error");
		char *json;

		if (cJSON_GetArraySize(resp->json) == 1 && cJSON_IsString(error)) {
			put(&g->out, "%sreturn svc_http_respond_error(req, %d, \"", indent,
			    resp->status);
			put_c_string(&g->out, error->valuestring, strlen(error->valuestring), false);
			put(&g->out, "\");\n");
			return 0;
		}
		json = cJSON_PrintUnformatted(resp->json);
		put(&g->out, "%sreturn svc_http_respond_json(req, %d, cJSON_Parse(\"", indent,
		    resp->status);
		put_c_string(&g->out, json, strlen(json), false);
		put(&g->out, "\"));\n");
		cJSON_free(json);
		return 0;
	}

	put(&g->out, "%sreturn svc_http_respond_textf(req, %d, \"", indent, resp->status);
	for (size_t i = 0; i < resp->piece_count; i++) {
		const port_piece *piece = &resp->pieces[i];

		if (piece->text) {
			if (memchr(piece->text, '\0', piece->len)) {
				rm_error_set("%s:%d: a NUL character in a response is not supported "
					     "by the port: remove it from the literal",
					     g->model->source, step->line);
				return RM_ENOTFOUND;
			}
			put_c_string(&g->out, piece->text, piece->len, true);
		} else if (find_var(g->view, piece->variable)->kind == PORT_STEP_PARAM) {
			put(&g->out, "%%.*s");
		} else {
			put(&g->out, "%%s");
		}
	}
	put(&g->out, "\"");
	for (size_t i = 0; i < resp->piece_count; i++) {
		const port_piece *piece = &resp->pieces[i];

		if (piece->text)
			continue;
		c_name(name, piece->variable);
		if (find_var(g->view, piece->variable)->kind == PORT_STEP_PARAM)
			put(&g->out, ", (int)%s_len, %s", name, name);
		else
			put(&g->out, ", %s", name);
	}
	put(&g->out, ");\n");
	return 0;
}

static void put_param(gen *g, const port_view_step *step)
{
	char name[128];

	c_name(name, step->name);
	put_line_comment(g, step, step->fallback ? NULL :
			 "a missing key is Flask's 400 Bad Request page");
	put(&g->out, "\tsize_t %s_len;\n\tconst char *%s = svc_http_arg(req, \"", name, name);
	put_c_string(&g->out, step->key, strlen(step->key), false);
	if (step->fallback) {
		put(&g->out, "\", \"");
		put_c_string(&g->out, step->fallback, strlen(step->fallback), false);
		put(&g->out, "\", &%s_len);\n", name);
	} else {
		put(&g->out, "\", NULL, &%s_len);\n", name);
		put(&g->out, "\n\tif (%s == NULL)\n\t\treturn svc_http_respond_page(req, 400);\n", name);
	}
	put(&g->out, "\n");
}

static void put_check(gen *g, const port_view_step *step)
{
	char name[128];
	const char *not = step->respond_when ? "" : "!";

	c_name(name, step->variable);
	switch (step->test) {
	case PORT_TEST_ISALNUM:
	case PORT_TEST_ISDIGIT:
		put_line_comment(g, step, NULL);
		put(&g->out, "\tif (%svalidate_%s(%s, %s_len))\n", not,
		    port_test_name(step->test), name, name);
		break;
	case PORT_TEST_LENGTH:
		put_line_comment(g, step, "len() counts code points; invalid UTF-8 "
				 "fails the check");
		put(&g->out, "\tif (validate_length(%s, %s_len) < 0 || %s(validate_length(%s, "
		    "%s_len) %s %ld))\n", name, name, not, name, name, step->op, step->bound);
		break;
	case PORT_TEST_IN:
		put_line_comment(g, step, NULL);
		put(&g->out, "\tif (%svalidate_in_list(%s, %s_len, (const char *const[]){ ", not,
		    name, name);
		for (char **v = step->values; *v; v++) {
			put(&g->out, "\"");
			put_c_string(&g->out, *v, strlen(*v), false);
			put(&g->out, "\", ");
		}
		put(&g->out, "NULL }))\n");
		break;
	case PORT_TEST_IP:
		put_line_comment(g, step, "ping_is_address() accepts the addresses "
				 "ipaddress.ip_address() accepts,\n\t * except IPv6 ones "
				 "with a zone id (fe80::1%eth0)");
		put(&g->out, "\tif (%sping_is_address(%s, %s_len))\n", not, name, name);
		break;
	}
}

/* Returns true when an earlier step of the view validated `variable`
 * as an IP address (so ping_once gets nothing else). */
static bool address_checked(const port_view *view, const port_view_step *until, const char *variable)
{
	for (const port_view_step *s = view->steps; s < until; s++)
		if (s->kind == PORT_STEP_CHECK && s->test == PORT_TEST_IP && !s->respond_when &&
		    strcmp(s->variable, variable) == 0)
			return true;
	return false;
}

static void put_ping(gen *g, const port_view_step *step)
{
	char name[128], input[128];
	bool discard = strcmp(step->call, "os.system") == 0;

	c_name(name, step->name);
	c_name(input, step->variable);
	if (!address_checked(g->view, step, step->variable)) {
		put(&g->out, "\t/* ping_once() takes an IP literal only, where the shell "
		    "took anything */\n");
		put(&g->out, "\tif (!ping_is_address(%s, %s_len))\n\t\treturn "
		    "svc_http_respond_error(req, 400, \"%s must be an IPv4 or IPv6 address\");\n\n",
		    input, input, input);
	}
	put_line_comment(g, step, discard ?
			 "one ICMP echo in-process; os.system() printed the output "
			 "to the server's log and returned nothing to the client" :
			 "one ICMP echo in-process, without a shell or a ping binary");
	put(&g->out, "\tchar %s[PING_REPORT_SIZE];\n\n", name);
	if (discard) {
		put(&g->out, "\t(void)ping_once(%s, sizeof(%s), %s, %s_len, "
		    "PING_DEFAULT_TIMEOUT_MS);\n\n", name, name, input, input);
		return;
	}
	put(&g->out, "\tif (ping_once(%s, sizeof(%s), %s, %s_len, PING_DEFAULT_TIMEOUT_MS) "
	    "!= PING_OK)\n\t\treturn svc_http_respond_error(req, 500, %s);\n\n",
	    name, name, input, input, name);
}

static void put_calc(gen *g, const port_view_step *step)
{
	char name[128], input[128];

	c_name(name, step->name);
	c_name(input, step->variable);
	put_line_comment(g, step, "a bounded parser of Python arithmetic replaces the "
			 "evaluator");
	put(&g->out, "\tstruct calc_value %s_value;\n", name);
	put(&g->out, "\tchar %s[CALC_FORMAT_SIZE], %s_error[CALC_ERROR_SIZE];\n\n", name, name);
	put(&g->out, "\tif (calc_eval(&%s_value, %s, %s_len, %s_error, sizeof(%s_error)) "
	    "!= CALC_OK)\n\t\treturn svc_http_respond_error(req, 400, %s_error);\n",
	    name, input, input, name, name, name);
	put(&g->out, "\tcalc_format(%s, sizeof(%s), &%s_value);\n\n", name, name, name);
}

/* Returns true when some step after `from` reads `variable`. */
static bool used_later(const port_view *view, const port_view_step *from, const char *variable)
{
	for (const port_view_step *s = from + 1; s < view->steps + view->step_count; s++) {
		if (s->variable && strcmp(s->variable, variable) == 0)
			return true;
		for (size_t i = 0; i < s->response.piece_count; i++)
			if (s->response.pieces[i].variable &&
			    strcmp(s->response.pieces[i].variable, variable) == 0)
				return true;
	}
	return false;
}

/* Rejects what the runtime cannot serve and names that collide in C. */
static int check_view(const port_model *m, const port_view *view)
{
	for (size_t i = 0; i < view->rule_count; i++)
		if (strchr(view->rules[i].path, '<')) {
			rm_error_set("%s:%d: the path parameter in '%s' is not supported by the "
				     "port: the C runtime matches exact paths only; take the value "
				     "from the query string (request.args.get) or keep the hardened "
				     "Python service", m->source, view->rules[i].line,
				     view->rules[i].path);
			return RM_ENOTFOUND;
		}
	for (size_t i = 0; i < view->step_count; i++) {
		const port_view_step *step = &view->steps[i];

		if (step->kind == PORT_STEP_PARAM && step->source == PORT_SOURCE_FORM) {
			rm_error_set("%s:%d: request.form is not supported by the port: the C "
				     "runtime reads no request body; take the value from the query "
				     "string or keep the hardened Python service", m->source,
				     step->line);
			return RM_ENOTFOUND;
		}
		/* `ip` and `ip_len` would both be C variables */
		for (size_t j = 0; step->name && j < view->step_count; j++) {
			const char *other = view->steps[j].name;
			size_t n = strlen(step->name);

			if (other && strncmp(other, step->name, n) == 0 && other[n] == '_' &&
			    (strcmp(other + n, "_len") == 0 || strcmp(other + n, "_value") == 0 ||
			     strcmp(other + n, "_error") == 0)) {
				rm_error_set("%s:%d: the names '%s' and '%s' are not supported by "
					     "the port together: both would be C variables; rename one",
					     m->source, view->steps[j].line, step->name, other);
				return RM_ENOTFOUND;
			}
		}
	}
	return 0;
}

static int put_view(gen *g, const port_view *view)
{
	const port_model *m = g->model;
	int error;

	g->view = view;
	put(&g->out, "/* %s:%d: def %s()", m->source, view->line, view->function);
	for (size_t i = 0; i < view->rule_count; i++) {
		put(&g->out, ", %s ", i == 0 ? "serving" : "and");
		put_comment_text(&g->out, view->rules[i].path);
	}
	put(&g->out, " */\nstatic int handle_%s(struct svc_request *req)\n{\n", view->function);

	for (size_t i = 0; i < view->step_count; i++) {
		const port_view_step *step = &view->steps[i];
		char name[128];

		switch (step->kind) {
		case PORT_STEP_PARAM:
			put_param(g, step);
			if (!used_later(view, step, step->name))
				put(&g->out, "\t(void)%s;  /* read but not used by the view */\n\n",
				    c_name(name, step->name));
			break;
		case PORT_STEP_CHECK:
			put_check(g, step);
			if ((error = put_response(g, step, &step->response, "\t\t")) < 0)
				return error;
			put(&g->out, "\n");
			break;
		case PORT_STEP_PING:
			put_ping(g, step);
			break;
		case PORT_STEP_CALC:
			put_calc(g, step);
			break;
		case PORT_STEP_RETURN:
			put_line_comment(g, step, NULL);
			if ((error = put_response(g, step, &step->response, "\t")) < 0)
				return error;
			break;
		}
	}
	put(&g->out, "}\n\n");
	return 0;
}

static void put_methods(text *t, unsigned methods)
{
	static const char *const flags[] = {
		"SVC_HTTP_GET", "SVC_HTTP_POST", "SVC_HTTP_PUT", "SVC_HTTP_DELETE", "SVC_HTTP_PATCH",
	};
	bool first = true;

	for (unsigned i = 0; i < 5; i++)
		if (methods & (1u << i)) {
			put(t, "%s%s", first ? "" : " | ", flags[i]);
			first = false;
		}
}

int port_gen_main(char **out, const port_model *m)
{
	gen g = { .model = m };
	unsigned modules = port_gen_modules(m);
	int error = 0;

	*out = NULL;
	for (size_t i = 0; i < m->view_count; i++)
		if ((error = check_view(m, &m->views[i])) < 0)
			return error;

	put(&g.out,
	    "/*\n"
	    " * The views of %s, ported to C by remediate from service.json.\n"
	    " *\n"
	    " * Each handler follows its Flask view statement by statement, and the\n"
	    " * comment above each step quotes the Python line it replaces.  The\n"
	    " * runtime in runtime/ is copied unchanged from remediate/port/runtime:\n"
	    " * HTTP on libmicrohttpd and input checks%s%s.\n"
	    " * The file is generated: change the Python app and run remediate again\n"
	    " * rather than editing it.\n"
	    " */\n", m->source, modules & PORT_USES_PING ? ", one ICMP echo" : "",
	    modules & PORT_USES_CALC ? ", Python arithmetic" : "");
	put(&g.out, "#include <stddef.h>\n\n");
	if (modules & PORT_USES_CALC)
		put(&g.out, "#include \"calc.h\"\n");
	put(&g.out, "#include \"http.h\"\n");
	if (modules & PORT_USES_PING)
		put(&g.out, "#include \"ping.h\"\n");
	put(&g.out, "#include \"validate.h\"\n\n");

	for (size_t i = 0; i < m->secret_count; i++)
		put(&g.out, "/* %s:%d: %s is not used by any view, so the service does not\n"
		    " * read it%s. */\n", m->source, m->secrets[i].line, m->secrets[i].name,
		    m->secrets[i].literal ? " (its literal value is not copied)" : "");
	if (m->secret_count)
		put(&g.out, "\n");

	for (size_t i = 0; i < m->view_count && error == 0; i++)
		error = put_view(&g, &m->views[i]);
	if (error < 0) {
		py_buffer_free(&g.out.buf);
		return error;
	}

	put(&g.out, "static const struct svc_http_route routes[] = {\n");
	for (size_t i = 0; i < m->view_count; i++)
		for (size_t j = 0; j < m->views[i].rule_count; j++) {
			const port_rule *rule = &m->views[i].rules[j];

			put(&g.out, "\t{ \"");
			put_c_string(&g.out, rule->path, strlen(rule->path), false);
			put(&g.out, "\", ");
			put_methods(&g.out, rule->methods);
			put(&g.out, ", handle_%s },\n", m->views[i].function);
		}
	put(&g.out, "};\n\n");

	put(&g.out, "/* %s:%d: app.run(); BIND_ADDRESS and PORT set the address "
	    "(default 127.0.0.1:5000) */\n", m->source, m->run_line);
	put(&g.out,
	    "int main(int argc, char **argv)\n"
	    "{\n"
	    "\treturn svc_http_main(argc, argv, routes, sizeof(routes) / sizeof(routes[0]));\n"
	    "}\n");
	*out = finish(&g.out);
	return 0;
}

/* --- the Makefile ------------------------------------------------------------------ */

char *port_gen_makefile(unsigned modules)
{
	text t = { 0 };

	put(&t,
	    "# Builds the service ported by remediate (generated; see main.c).\n"
	    "#\n"
	    "#   make                 build $(BUILD)/" PORT_BINARY " (BUILD defaults to build)\n"
	    "#   make BUILD=/out      build into /out\n"
	    "#\n"
	    "# Needs a C11 compiler, make, pkg-config, libmicrohttpd and cJSON\n"
	    "# (Debian: gcc libc6-dev make pkg-config libmicrohttpd-dev libcjson-dev).\n"
	    "\n"
	    "CC      ?= cc\n"
	    "BUILD   ?= build\n"
	    "CFLAGS  ?=\n"
	    "PKGS    := libmicrohttpd libcjson\n"
	    "\n"
	    "# _FORTIFY_SOURCE needs optimisation, so -O2 comes before the user's CFLAGS.\n"
	    "HARDEN  := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE\n"
	    "ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror $(HARDEN) $(CFLAGS) \\\n"
	    "\t-Iruntime $(shell pkg-config --cflags $(PKGS))\n"
	    "LDFLAGS := -pie -Wl,-z,relro,-z,now\n"
	    "LIBS    := $(shell pkg-config --libs $(PKGS)) -pthread%s\n"
	    "\n"
	    "SRCS    := main.c runtime/http.c runtime/validate.c%s%s\n"
	    "OBJS    := $(SRCS:%%.c=$(BUILD)/%%.o)\n"
	    "\n"
	    ".PHONY: all clean\n"
	    ".SUFFIXES:\n"
	    "\n"
	    "all: $(BUILD)/" PORT_BINARY "\n"
	    "\n"
	    "$(BUILD)/" PORT_BINARY ": $(OBJS)\n"
	    "\t$(CC) $(LDFLAGS) $(OBJS) $(LIBS) -o $@\n"
	    "\n"
	    "$(BUILD)/%%.o: %%.c $(wildcard runtime/*.h)\n"
	    "\t@mkdir -p $(@D)\n"
	    "\t$(CC) $(ALL_CFLAGS) -c $< -o $@\n"
	    "\n"
	    "clean:\n"
	    "\trm -rf $(BUILD)\n",
	    modules & PORT_USES_CALC ? " -lm" : "",
	    modules & PORT_USES_CALC ? " runtime/calc.c" : "",
	    modules & PORT_USES_PING ? " runtime/ping.c" : "");
	return finish(&t);
}
