/*
 * Tests for reading a Flask app into the service model
 * (remediate/port/port_read.c): the sample before and after the Python
 * fixes, each supported construct on its own, and the refusals with
 * their file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "port/port_model.h"
#include "source.h"

#define HEADER "from flask import Flask, jsonify, request\napp = Flask(__name__)\n"

static port_model *read_text(const char *text)
{
	port_model *m = NULL;
	int error = port_model_read(&m, "app.py", text, strlen(text));

	if (error != 0)
		fail_msg("port_model_read: %d %s", error, rm_error_last());
	return m;
}

static port_model *read_file(const char *path)
{
	source *src = NULL;
	port_model *m = NULL;

	assert_int_equal(source_load(&src, path, 1 << 20), 0);
	if (port_model_read(&m, "app.py", src->text, src->len) != 0)
		fail_msg("port_model_read '%s': %s", path, rm_error_last());
	source_free(src);
	return m;
}

/* Reads `text`, expects RM_ENOTFOUND and returns the message. */
static const char *refuse(const char *text)
{
	port_model *m = NULL;

	assert_int_equal(port_model_read(&m, "app.py", text, strlen(text)), RM_ENOTFOUND);
	assert_null(m);
	return rm_error_last();
}

static const port_view *view_named(const port_model *m, const char *name)
{
	for (size_t i = 0; i < m->view_count; i++)
		if (strcmp(m->views[i].function, name) == 0)
			return &m->views[i];
	fail_msg("no view '%s'", name);
	return NULL;
}

static void check_piece(const port_piece *p, const char *text, const char *variable)
{
	if (text) {
		assert_non_null(p->text);
		assert_int_equal(p->len, strlen(text));
		assert_memory_equal(p->text, text, p->len);
		assert_null(p->variable);
	} else {
		assert_null(p->text);
		assert_string_equal(p->variable, variable);
	}
}

static void check_prefix(const char *actual, const char *expected)
{
	if (strncmp(actual, expected, strlen(expected)) != 0)
		fail_msg("expected '%s...', got '%s'", expected, actual);
}

/* --- the sample ------------------------------------------------------------------ */

static void sample_before(void **state)
{
	port_model *m = read_file("before/app.py");
	const port_view *v;

	(void)state;
	assert_string_equal(m->app, "app");
	assert_int_equal(m->view_count, 3);
	assert_null(m->host_env);
	assert_string_equal(m->host, "0.0.0.0");
	assert_int_equal(m->port, 5000);
	assert_int_equal(m->run_line, 40);
	assert_int_equal(m->secret_count, 1);
	assert_string_equal(m->secrets[0].name, "PASSWORD");
	assert_int_equal(m->secrets[0].line, 15);
	assert_true(m->secrets[0].literal);

	v = view_named(m, "index");
	assert_int_equal(v->rule_count, 1);
	assert_string_equal(v->rules[0].path, "/");
	assert_int_equal(v->rules[0].methods, PORT_METHOD_GET);
	assert_int_equal(v->step_count, 3);
	assert_int_equal(v->steps[0].kind, PORT_STEP_PARAM);
	assert_string_equal(v->steps[0].name, "name");
	assert_string_equal(v->steps[0].key, "name");
	assert_string_equal(v->steps[0].fallback, "World");
	assert_int_equal(v->steps[0].line, 20);
	assert_int_equal(v->steps[1].kind, PORT_STEP_CHECK);
	assert_int_equal(v->steps[1].test, PORT_TEST_ISALNUM);
	assert_false(v->steps[1].respond_when);
	assert_int_equal(v->steps[1].response.status, 400);
	assert_int_equal(v->steps[1].response.kind, PORT_BODY_JSON);
	assert_string_equal(cJSON_GetObjectItem(v->steps[1].response.json, "error")->valuestring,
			    "name must be alphanumeric");
	assert_int_equal(v->steps[2].kind, PORT_STEP_RETURN);
	assert_int_equal(v->steps[2].response.status, 200);
	assert_int_equal(v->steps[2].response.piece_count, 3);
	check_piece(&v->steps[2].response.pieces[0], "Hello, ", NULL);
	check_piece(&v->steps[2].response.pieces[1], NULL, "name");
	check_piece(&v->steps[2].response.pieces[2], "!", NULL);

	v = view_named(m, "ping");
	assert_int_equal(v->step_count, 3);
	assert_int_equal(v->steps[1].kind, PORT_STEP_PING);
	assert_int_equal(v->steps[1].line, 29);
	assert_string_equal(v->steps[1].variable, "ip");
	assert_string_equal(v->steps[1].name, "output");
	assert_string_equal(v->steps[1].call, "subprocess.check_output");
	assert_string_equal(v->steps[1].form, "shell");
	check_piece(&v->steps[2].response.pieces[0], NULL, "output");

	v = view_named(m, "calculate");
	assert_int_equal(v->step_count, 3);
	assert_int_equal(v->steps[1].kind, PORT_STEP_CALC);
	assert_string_equal(v->steps[1].call, "eval");
	assert_string_equal(v->steps[1].variable, "expr");
	assert_string_equal(v->steps[1].name, "result");
	assert_int_equal(v->steps[2].kind, PORT_STEP_RETURN);
	check_piece(&v->steps[2].response.pieces[0], NULL, "result");
	port_model_free(m);
}

/* The sample as the Python fixers leave it (commit history of a run). */
static void sample_hardened(void **state)
{
	port_model *m = read_file("tests/fixtures/port/app_hardened.py");
	const port_view *v;

	(void)state;
	assert_int_equal(m->view_count, 3);
	assert_string_equal(m->host_env, "BIND_ADDRESS");
	assert_string_equal(m->host, "127.0.0.1");
	assert_int_equal(m->secret_count, 0);

	v = view_named(m, "ping");
	assert_int_equal(v->step_count, 4);
	assert_int_equal(v->steps[1].kind, PORT_STEP_CHECK);
	assert_int_equal(v->steps[1].test, PORT_TEST_IP);
	assert_false(v->steps[1].respond_when);
	assert_string_equal(v->steps[1].python, "try: ipaddress.ip_address(ip)");
	assert_string_equal(cJSON_GetObjectItem(v->steps[1].response.json, "error")->valuestring,
			    "ip must be an IP address");
	assert_int_equal(v->steps[2].kind, PORT_STEP_PING);
	assert_string_equal(v->steps[2].form, "argv");

	v = view_named(m, "calculate");
	assert_int_equal(v->steps[1].kind, PORT_STEP_CALC);
	/* recognised by shape: one parameter and ast.parse(..., mode="eval") */
	assert_string_equal(v->steps[1].call, "safe_arithmetic");
	port_model_free(m);
}

/* --- constructs ------------------------------------------------------------------- */

static void methods_and_verbs(void **state)
{
	port_model *m = read_text(HEADER
		"@app.route('/a', methods=['GET', 'POST', 'HEAD'])\n"
		"@app.route('/b')\n"
		"def a():\n    return 'a'\n"
		"@app.post('/c')\ndef c():\n    return 'c', 201\n"
		"@app.delete('/d')\ndef d():\n    return ''\n");

	(void)state;
	assert_int_equal(m->view_count, 3);
	assert_int_equal(m->views[0].rule_count, 2);
	assert_int_equal(m->views[0].rules[0].methods, PORT_METHOD_GET | PORT_METHOD_POST);
	assert_string_equal(m->views[0].rules[1].path, "/b");
	assert_int_equal(m->views[1].rules[0].methods, PORT_METHOD_POST);
	assert_int_equal(m->views[1].steps[0].response.status, 201);
	assert_int_equal(m->views[2].rules[0].methods, PORT_METHOD_DELETE);
	assert_int_equal(m->views[2].steps[0].response.piece_count, 1);
	assert_int_equal(m->views[2].steps[0].response.pieces[0].len, 0);
	port_model_free(m);
}

static void path_parameters(void **state)
{
	port_model *m = read_text(HEADER
		"@app.route('/item/<int:id>/<name>')\n"
		"def item(id, name):\n    return f'{name}'\n");
	const port_view *v = &m->views[0];

	(void)state;
	assert_int_equal(v->step_count, 3);
	assert_int_equal(v->steps[0].source, PORT_SOURCE_PATH);
	assert_string_equal(v->steps[0].name, "id");
	assert_string_equal(v->steps[0].converter, "int");
	assert_string_equal(v->steps[1].name, "name");
	assert_string_equal(v->steps[1].converter, "string");
	port_model_free(m);
}

static void parameter_forms(void **state)
{
	port_model *m = read_text(HEADER
		"@app.route('/')\ndef a():\n"
		"    x = request.args['x']\n"
		"    y = request.args.get('y', default='d')\n"
		"    z = request.form.get('z', '')\n"
		"    return f'{x}{y}{z}'\n");
	const port_view *v = &m->views[0];

	(void)state;
	assert_int_equal(v->step_count, 4);
	assert_null(v->steps[0].fallback);
	assert_string_equal(v->steps[1].fallback, "d");
	assert_int_equal(v->steps[2].source, PORT_SOURCE_FORM);
	assert_string_equal(v->steps[2].fallback, "");
	assert_int_equal(v->steps[3].response.piece_count, 3);
	port_model_free(m);
}

static void checks(void **state)
{
	port_model *m = read_text(HEADER
		"@app.route('/')\ndef a():\n"
		"    n = request.args.get('n', '1')\n"
		"    if not n.isdigit():\n        return 'digits', 400\n"
		"    if len(n) > 8:\n        return jsonify({'error': 'long', 'max': 8}), 400\n"
		"    if n not in ('1', '2'):\n        return 'no', 403\n"
		"    if n in ['9']:\n        return 'nine'\n"
		"    return n\n");
	const port_view *v = &m->views[0];

	(void)state;
	assert_int_equal(v->step_count, 6);
	assert_int_equal(v->steps[1].test, PORT_TEST_ISDIGIT);
	assert_false(v->steps[1].respond_when);
	assert_int_equal(v->steps[2].test, PORT_TEST_LENGTH);
	assert_string_equal(v->steps[2].op, ">");
	assert_int_equal(v->steps[2].bound, 8);
	assert_true(v->steps[2].respond_when);
	assert_int_equal(cJSON_GetObjectItem(v->steps[2].response.json, "max")->valueint, 8);
	assert_int_equal(v->steps[3].test, PORT_TEST_IN);
	assert_false(v->steps[3].respond_when);
	assert_string_equal(v->steps[3].values[0], "1");
	assert_string_equal(v->steps[3].values[1], "2");
	assert_null(v->steps[3].values[2]);
	assert_int_equal(v->steps[3].response.status, 403);
	assert_true(v->steps[4].respond_when);
	port_model_free(m);
}

static void sink_forms(void **state)
{
	port_model *m = read_text(
		"import os, ast, subprocess as sp\n" HEADER
		"@app.route('/a')\ndef a():\n"
		"    ip = request.args.get('ip', '::1')\n"
		"    return os.popen('ping -c 1 ' + ip).read()\n"
		"@app.route('/b')\ndef b():\n"
		"    ip = request.args.get('ip', '::1')\n"
		"    os.system(f'/usr/bin/ping -c 1 {ip}')\n"
		"    return 'done'\n"
		"@app.route('/c')\ndef c():\n"
		"    ip = request.args.get('ip', '::1')\n"
		"    out = sp.check_output(('/bin/ping', '-c', '1', ip), timeout=5)\n"
		"    return out.decode()\n"
		"@app.route('/d')\ndef d():\n"
		"    e = request.args.get('e', '1')\n"
		"    v = ast.literal_eval(e)\n"
		"    return f'= {v}'\n");

	(void)state;
	assert_int_equal(m->view_count, 4);
	assert_string_equal(m->views[0].steps[1].call, "os.popen");
	assert_string_equal(m->views[1].steps[1].call, "os.system");
	assert_null(m->views[1].steps[1].response.pieces);
	assert_string_equal(m->views[2].steps[1].call, "subprocess.check_output");
	assert_string_equal(m->views[2].steps[1].form, "argv");
	assert_string_equal(m->views[3].steps[1].call, "ast.literal_eval");
	check_piece(&m->views[3].steps[2].response.pieces[1], NULL, "v");
	port_model_free(m);
}

static void fstring_escapes(void **state)
{
	port_model *m = read_text(HEADER
		"@app.route('/')\ndef a():\n"
		"    n = request.args.get('n', 'x')\n"
		"    return f'{{{n}}}\\t100%\\n'\n");
	const port_response *r = &m->views[0].steps[1].response;

	(void)state;
	assert_int_equal(r->piece_count, 3);
	check_piece(&r->pieces[0], "{", NULL);
	check_piece(&r->pieces[1], NULL, "n");
	check_piece(&r->pieces[2], "}\t100%\n", NULL);
	port_model_free(m);
}

static void json_schema(void **state)
{
	port_model *m = read_file("tests/fixtures/port/app_hardened.py");
	char *json = port_model_to_json(m);
	cJSON *root = cJSON_Parse(json), *ping, *step;

	(void)state;
	assert_non_null(root);
	assert_int_equal(cJSON_GetObjectItem(root, "schema")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(root, "source")->valuestring, "app.py");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "bind"), "host_env")
			    ->valuestring, "BIND_ADDRESS");
	ping = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "views"), 1);
	assert_string_equal(cJSON_GetObjectItem(ping, "function")->valuestring, "ping");
	step = cJSON_GetArrayItem(cJSON_GetObjectItem(ping, "steps"), 2);
	assert_string_equal(cJSON_GetObjectItem(step, "kind")->valuestring, "ping");
	assert_string_equal(cJSON_GetObjectItem(step, "input")->valuestring, "ip");
	assert_string_equal(cJSON_GetObjectItem(step, "result")->valuestring, "output");
	assert_int_equal(cJSON_GetObjectItem(step, "line")->valueint, 92);
	/* two-space indentation, no tabs */
	assert_null(strchr(json, '\t'));
	assert_non_null(strstr(json, "\n  \"views\": ["));
	cJSON_Delete(root);
	free(json);
	port_model_free(m);
}

/* --- refusals --------------------------------------------------------------------- */

static void refuse_fixture(const char *path, const char *expected)
{
	source *src = NULL;
	port_model *m = NULL;

	assert_int_equal(source_load(&src, path, 1 << 20), 0);
	assert_int_equal(port_model_read(&m, path, src->text, src->len), RM_ENOTFOUND);
	if (strncmp(rm_error_last(), expected, strlen(expected)) != 0)
		fail_msg("expected '%s...', got '%s'", expected, rm_error_last());
	source_free(src);
}

static void refuse_loop_database(void **state)
{
	(void)state;
	refuse_fixture("tests/fixtures/port/loop_db.py",
		       "tests/fixtures/port/loop_db.py:12: a 'for' loop is not supported by the port: ");
}

static void refuse_template_file(void **state)
{
	(void)state;
	refuse_fixture("tests/fixtures/port/template_file.py",
		       "tests/fixtures/port/template_file.py:10: the call "
		       "'render_template_string(\"<p>Hello {{ name }}</p>\", name=name)' "
		       "is not supported by the port: ");
}

static void refuse_constructs(void **state)
{
	static const struct { const char *body, *message; } cases[] = {
		{ "    with open('f') as f:\n        return f.read()\n",
		  "app.py:5: a 'with' block is not supported" },
		{ "    x = request.args.get('x')\n    return x\n",
		  "app.py:5: request.args.get() without a default (the value would be None) is not supported" },
		{ "    x = request.args.get('x', '')\n    if x:\n        return 'y'\n    return x\n",
		  "app.py:6: the condition 'x' is not supported" },
		{ "    x = request.args.get('x', '')\n    return subprocess.check_output(['ls', x])\n",
		  "app.py:7: the command '" },
		{ "    x = request.args.get('x', '')\n    x = request.args.get('y', '')\n    return x\n",
		  "app.py:6: assigning 'x' a second time is not supported" },
		{ "    x = request.args.get('x', '')\n    if x.isalnum():\n        return 'a'\n",
		  "app.py:5: a view that can end without 'return'" },
		{ "    return COUNTER\n",
		  "app.py:8: the module-level name 'COUNTER' in a view is not supported" },
		{ "    x = request.args.get('x', '')\n    return str(eval(x + '1'))\n",
		  "app.py:6: the call 'eval(x + '1')' (an evaluator is ported only" },
		{ "    x = request.args.get('x', '')\n    if x.isalnum():\n        return 'a'\n    else:\n        return 'b'\n",
		  "app.py:8: an 'elif' or 'else' branch is not supported" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = NULL;

		assert_true(asprintf(&text, "%s@app.route('/')\ndef a():\n%s", HEADER,
				     cases[i].body) > 0);
		if (strstr(cases[i].body, "COUNTER")) {
			free(text);
			assert_true(asprintf(&text, "%sCOUNTER = 0\ndef a():\n    pass\n"
					     "@app.route('/')\ndef b():\n%s", HEADER,
					     cases[i].body) > 0);
		}
		if (strstr(cases[i].body, "subprocess")) {
			free(text);
			assert_true(asprintf(&text, "import subprocess\n%s@app.route('/')\n"
					     "def a():\n%s", HEADER, cases[i].body) > 0);
		}
		if (strncmp(refuse(text), cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("case %zu: expected '%s...', got '%s'", i, cases[i].message,
				 rm_error_last());
		free(text);
	}
}

static void refuse_module_state(void **state)
{
	(void)state;
	assert_string_equal(refuse(HEADER "db = connect()\n"),
			    "app.py:3: module-level assignment 'db = connect()' is not supported by "
			    "the port: the port covers query parameters with defaults, "
			    "isalnum/isdigit/len/in checks, ipaddress.ip_address, literal and "
			    "f-string responses, jsonify of literals, a `ping -c 1` command and "
			    "arithmetic eval (docs/porting.md); rewrite the view with those, or "
			    "keep the hardened Python service");
	check_prefix(refuse(HEADER "@app.before_request\ndef f():\n    return 'x'\n"),
		     "app.py:3: the decorator '@app.before_request' is not supported");
	check_prefix(refuse("from flask import Flask\n"), "app.py:1: no Flask object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_before),
		cmocka_unit_test(sample_hardened),
		cmocka_unit_test(methods_and_verbs),
		cmocka_unit_test(path_parameters),
		cmocka_unit_test(parameter_forms),
		cmocka_unit_test(checks),
		cmocka_unit_test(sink_forms),
		cmocka_unit_test(fstring_escapes),
		cmocka_unit_test(json_schema),
		cmocka_unit_test(refuse_loop_database),
		cmocka_unit_test(refuse_template_file),
		cmocka_unit_test(refuse_constructs),
		cmocka_unit_test(refuse_module_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
