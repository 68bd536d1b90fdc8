/*
 * The Python fixers: the table the registry reads, and the small fixers
 * for bind addresses (B104, RP401) and Flask's debug mode (B201).  The
 * larger ones live next to it: python_shell.c (B602, B604, B605),
 * python_eval.c (B307) and python_secret.c (B105, B106, B107), with the
 * shared parts in python_util.c.
 */
#include <libgen.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "error.h"
#include "fixers/fix_python.h"
#include "fixers/fixers.h"
#include "python/python.h"
#include "source.h"

/* --- B104 / RP401 ---------------------------------------------------------- */

/* True when an identifier names an address: host, bind_address, ADDR,
 * listen_ip and the like (case does not matter). */
static bool address_name(const char *text, size_t len)
{
	static const char *const words[] = {
		"host", "bind", "addr", "listen", "ip", "interface", "iface",
	};
	char lower[128];

	if (len >= sizeof(lower))
		return false;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	lower[len] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(lower, words[i]))
			return true;
	return false;
}

/* True when the call `call` is one that takes the address to listen on
 * as an argument: app.run(), socket.bind(), serve(), make_server(), ... */
static bool binding_call(TSNode call, const char *text)
{
	static const char *const names[] = {
		"run", "bind", "listen", "serve", "serve_forever", "make_server",
		"create_server", "start_server", "HTTPServer", "TCPServer",
		"ThreadingHTTPServer", "UDPServer", "run_simple",
	};
	TSNode fn = ts_node_child_by_field_name(call, "function", 8);
	size_t len;
	const char *name;

	if (fix_python_is(fn, "attribute"))
		fn = ts_node_child_by_field_name(fn, "attribute", 9);
	if (ts_node_is_null(fn))
		return false;
	name = py_node_text(fn, text, &len);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return true;
	return false;
}

/*
 * True when the string is used as an address to listen on: the value of
 * a keyword argument named like an address (host="0.0.0.0"), an argument
 * of a call that binds (app.run, sock.bind((host, port)), make_server),
 * or the value assigned to a name like an address (HOST = "0.0.0.0").
 * Elsewhere (print("0.0.0.0"), a comparison) replacing the text would
 * change what the program does, so the fixer leaves it to a person.
 */
static bool address_position(TSNode literal, const char *text)
{
	TSNode parent = fix_python_parent(literal);
	size_t len;
	const char *name;

	if (fix_python_is(parent, "tuple"))
		parent = fix_python_parent(parent);
	if (fix_python_is(parent, "keyword_argument")) {
		TSNode key = ts_node_child_by_field_name(parent, "name", 4);

		name = py_node_text(key, text, &len);
		if (address_name(name, len))
			return true;
		parent = fix_python_parent(parent);
	}
	if (fix_python_is(parent, "argument_list"))
		return binding_call(ts_node_parent(parent), text);
	if (fix_python_is(parent, "assignment") &&
	    fix_python_is(ts_node_parent(parent), "expression_statement")) {
		TSNode target = ts_node_child_by_field_name(parent, "left", 4);

		if (fix_python_is(target, "attribute"))
			target = ts_node_child_by_field_name(target, "attribute", 9);
		name = py_node_text(target, text, &len);
		return fix_python_is(target, "identifier") && address_name(name, len);
	}
	return false;
}

/* True when the CMD or ENTRYPOINT `ins` names the file `base`. */
static bool runs_file(const df_instruction *ins, const char *base)
{
	size_t n = strlen(base);

	if (ins->form == DF_FORM_EXEC) {
		for (size_t i = 0; i < ins->argc; i++) {
			size_t len = strlen(ins->argv[i]);

			if (strcmp(ins->argv[i], base) == 0 ||
			    (len > n && strcmp(ins->argv[i] + len - n, base) == 0 &&
			     ins->argv[i][len - n - 1] == '/'))
				return true;
		}
		return false;
	}
	return ins->operands && strstr(ins->operands, base) != NULL;
}

/*
 * Adds `ENV BIND_ADDRESS=<value>` to the Dockerfile next to the Python
 * file when its final stage runs that file, just before the first CMD or
 * ENTRYPOINT of that stage.  Sets *changed when the plan now contains the
 * Dockerfile, and *docker_path to its path.  A missing or unreadable
 * Dockerfile is not an error: there is nothing to adjust.
 */
static int adjust_dockerfile(fix *out, const fix_context *ctx, const char *value,
			     bool *changed, char **docker_path)
{
	char *copy = rm_xstrdup(ctx->finding->path);
	char *copy2 = rm_xstrdup(ctx->finding->path);
	const char *dir = dirname(copy);
	const char *base = basename(copy2);
	char *rel, *full = NULL, *text = NULL, *line = NULL;
	source *src = NULL;
	df_file *model = NULL;
	const df_stage *stage;
	const df_instruction *target = NULL;
	bool runs = false;
	edit_list edits = {0};
	size_t len;
	int error = 0;

	*changed = false;
	*docker_path = NULL;
	rel = strcmp(dir, ".") == 0 ? rm_xstrdup("Dockerfile")
				    : rm_xasprintf("%s/Dockerfile", dir);
	full = rm_xasprintf("%s/%s", ctx->root, rel);
	if (source_load(&src, full, 1u << 20) < 0 || df_parse(&model, src) < 0)
		goto done;
	stage = df_final_stage(model);
	if (!stage)
		goto done;
	for (size_t i = stage->from; i < stage->end; i++) {
		const df_instruction *ins = &model->instructions[i];

		if (strcmp(ins->keyword, "ENV") == 0)
			for (size_t k = 0; k < ins->pair_count; k++)
				if (strcmp(ins->pairs[k].key, "BIND_ADDRESS") == 0)
					goto done;
		if (strcmp(ins->keyword, "CMD") != 0 && strcmp(ins->keyword, "ENTRYPOINT") != 0)
			continue;
		if (!target)
			target = ins;
		if (runs_file(ins, base))
			runs = true;
	}
	if (!target || !runs)
		goto done;

	line = rm_xasprintf("ENV BIND_ADDRESS=%s%s", value, edit_newline(src->text, src->len));
	error = edit_list_add(&edits, edit_line_start(src->text, src->len, target->range.start),
			      edit_line_start(src->text, src->len, target->range.start), line);
	if (error == 0)
		error = edit_apply(&text, &len, src->text, src->len, &edits);
	if (error == 0) {
		fix_set_file(out, rel, text, len);
		*changed = true;
		*docker_path = rel;
		rel = NULL;
	}

done:
	rm_error_clear();
	edit_list_clear(&edits);
	free(edits.items);
	df_file_free(model);
	source_free(src);
	free(text);
	free(line);
	free(full);
	free(rel);
	free(copy);
	free(copy2);
	return error;
}

static int plan_bind_address(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	TSNode literal;
	py_buffer value = {0};
	const char *fallback, *listen;
	char *replacement = NULL, *docker = NULL;
	bool docker_changed = false;
	int error;

	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	literal = fix_python_find(&doc, f->start_byte, f->end_byte, "string");
	if (ts_node_is_null(literal) || !fix_python_plain_string(&doc, literal)) {
		rm_error_set("the address is not a plain string literal (an f-string or bytes); replace it by hand with a configured address");
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!address_position(literal, doc.text)) {
		rm_error_set("the literal is not passed to a call that binds, nor used as a host argument or assigned to an address-like name, so replacing it could change what the program does; check whether it binds a socket and change it by hand");
		error = RM_ENOTFOUND;
		goto done;
	}
	py_string_value(&value, literal, doc.text);
	if (strcmp(value.data, "::") == 0) {
		fallback = "::1";
		listen = "::";
	} else {
		fallback = "127.0.0.1";
		listen = "0.0.0.0";
	}

	replacement = rm_xasprintf("os.environ.get(\"BIND_ADDRESS\", \"%s\")", fallback);
	error = fix_python_replace(&doc, literal, replacement);
	if (error == 0) {
		static const char *const modules[] = { "os" };

		error = fix_python_add_imports(&doc, modules, 1);
	}
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error == 0)
		error = adjust_dockerfile(out, ctx, listen, &docker_changed, &docker);
	if (error < 0)
		goto done;

	out->subject = rm_xasprintf("Read the bind address from the environment in %s (%s)",
				    f->path, f->rule->id);
	out->problem = rm_xasprintf("The service listened on \"%s\", which accepts connections on every network interface of the host, including ones that were never meant to reach it.",
				    value.data);
	if (docker_changed)
		out->change = rm_xasprintf("The address is now os.environ.get(\"BIND_ADDRESS\", \"%s\"): the loopback address unless the environment says otherwise. A containerised service must still listen on the container's own interface, so %s sets ENV BIND_ADDRESS=%s in its final stage. Exposure is now decided where the port is published (Compose can bind it to 127.0.0.1 or put a reverse proxy in front), not by the code.",
					   fallback, docker, listen);
	else
		out->change = rm_xasprintf("The address is now os.environ.get(\"BIND_ADDRESS\", \"%s\"): the loopback address unless the environment says otherwise, so exposing the service is a deliberate deployment setting (BIND_ADDRESS=%s in a container) instead of the code's default.",
					   fallback, listen);

done:
	py_buffer_free(&value);
	free(replacement);
	free(docker);
	fix_python_close(&doc);
	return error;
}

/* --- B201 ------------------------------------------------------------------ */

static int plan_flask_debug(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	TSNode call, args, value = {0};
	int error;

	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	call = fix_python_find(&doc, f->start_byte, f->end_byte, "call");
	args = fix_python_field(call, "arguments");
	for (uint32_t i = 0; fix_python_is(args, "argument_list") &&
			     i < ts_node_named_child_count(args); i++) {
		TSNode a = ts_node_named_child(args, i);

		if (fix_python_is(a, "keyword_argument") &&
		    fix_python_text_is(&doc, fix_python_field(a, "name"), "debug"))
			value = fix_python_unparen(fix_python_field(a, "value"));
	}
	if (!fix_python_is(value, "true") &&
	    !(fix_python_plain_string(&doc, value) &&
	      (fix_python_text_is(&doc, value, "\"True\"") ||
	       fix_python_text_is(&doc, value, "'True'")))) {
		rm_error_set("debug= is not the literal True in this call; turn debug mode off by hand");
		error = RM_ENOTFOUND;
		goto done;
	}
	error = fix_python_replace(&doc, value, "False");
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;
	out->subject = rm_xasprintf("Turn off Flask debug mode in %s (B201)", f->path);
	out->problem = rm_xstrdup("The app ran with debug=True, which serves the Werkzeug debugger: any client that reaches an error page can run Python code in the service through its console.");
	out->change = rm_xstrdup("debug is now False. Developers who want the debugger can start the app with `flask run --debug` on their own machine, which leaves the deployed code unaffected.");

done:
	fix_python_close(&doc);
	return error;
}

const fixer python_fixers[] = {
	{ "B104", plan_bind_address },
	{ "B105", fix_python_plan_password_string },
	{ "B106", fix_python_plan_password_funcarg },
	{ "B107", fix_python_plan_password_default },
	{ "B201", plan_flask_debug },
	{ "B307", fix_python_plan_eval },
	{ "B602", fix_python_plan_subprocess_shell },
	{ "B604", fix_python_plan_subprocess_shell },
	{ "B605", fix_python_plan_os_shell },
	{ "RP401", plan_bind_address },
	{ NULL, NULL },
};
