/*
 * Tests for the code generation of the port (remediate/port/port_gen.c,
 * port_container.c, port_runtime.c) and for port_plan() on a copy of the
 * sample: the exact C of each construct, the generated service compiling
 * with its own Makefile and hardening flags, container files that pass
 * the tool's own rules, and refusals with the file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "port/port.h"
#include "port/port_gen.h"
#include "port/port_model.h"
#include "port/port_runtime.h"
#include "scan.h"
#include "source.h"

#define HEADER "from flask import Flask, jsonify, request\napp = Flask(__name__)\n"

static port_model *model_of(const char *text)
{
	port_model *m = NULL;

	if (port_model_read(&m, "app.py", text, strlen(text)) != 0)
		fail_msg("port_model_read: %s", rm_error_last());
	return m;
}

static char *main_of(const char *text)
{
	port_model *m = model_of(text);
	char *out = NULL;

	if (port_gen_main(&out, m) != 0)
		fail_msg("port_gen_main: %s", rm_error_last());
	port_model_free(m);
	return out;
}

static void contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("expected to find:\n%s\nin:\n%s", needle, haystack);
}

static char *read_all(const char *path)
{
	source *src = NULL;
	char *text;

	assert_int_equal(source_load(&src, path, 1 << 20), 0);
	text = strdup(src->text);
	source_free(src);
	return text;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (char *p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* --- the C of each construct ------------------------------------------------------- */

static void handler_index(void **state)
{
	char *c = main_of(HEADER
		"@app.route('/')\ndef index():\n"
		"    name = request.args.get('name', 'World')\n"
		"    if not name.isalnum():\n"
		"        return jsonify({'error': 'name must be alphanumeric'}), 400\n"
		"    return f'Hello, {name}! 100%'\n");

	(void)state;
	contains(c,
		"/* app.py:4: def index(), serving / */\n"
		"static int handle_index(struct svc_request *req)\n"
		"{\n"
		"\t/* app.py:5: name = request.args.get('name', 'World') */\n"
		"\tsize_t name_len;\n"
		"\tconst char *name = svc_http_arg(req, \"name\", \"World\", &name_len);\n"
		"\n"
		"\t/* app.py:6: if not name.isalnum(): */\n"
		"\tif (!validate_isalnum(name, name_len))\n"
		"\t\treturn svc_http_respond_error(req, 400, \"name must be alphanumeric\");\n"
		"\n"
		"\t/* app.py:8: return f'Hello, {name}! 100%' */\n"
		"\treturn svc_http_respond_textf(req, 200, \"Hello, %.*s! 100%%\", (int)name_len, name);\n"
		"}\n");
	contains(c, "\t{ \"/\", SVC_HTTP_GET, handle_index },\n");
	/* no module the views do not use */
	assert_null(strstr(c, "calc.h"));
	assert_null(strstr(c, "ping.h"));
	free(c);
}

static void handler_checks(void **state)
{
	char *c = main_of(HEADER
		"@app.route('/n', methods=['GET', 'POST'])\ndef n():\n"
		"    n = request.args['n']\n"
		"    unused = request.args.get('u', 'x')\n"
		"    if len(n) >= 9:\n        return jsonify({'error': 'long', 'max': 8}), 400\n"
		"    if n not in ('1', '2?'):\n        return 'no', 403\n"
		"    return n\n");

	(void)state;
	contains(c, "\tconst char *n = svc_http_arg(req, \"n\", NULL, &n_len);\n\n"
		 "\tif (n == NULL)\n\t\treturn svc_http_respond_page(req, 400);\n");
	contains(c, "\t(void)unused;  /* read but not used by the view */\n");
	contains(c, "\tif (validate_length(n, n_len) < 0 || (validate_length(n, n_len) >= 9))\n"
		 "\t\treturn svc_http_respond_json(req, 400, "
		 "cJSON_Parse(\"{\\\"error\\\":\\\"long\\\",\\\"max\\\":8}\"));\n");
	contains(c, "\tif (!validate_in_list(n, n_len, (const char *const[]){ \"1\", \"2\\?\", NULL }))\n"
		 "\t\treturn svc_http_respond_textf(req, 403, \"no\");\n");
	contains(c, "\t{ \"/n\", SVC_HTTP_GET | SVC_HTTP_POST, handle_n },\n");
	free(c);
}

static void handler_sinks(void **state)
{
	char *c = main_of("import subprocess\n" HEADER
		"@app.route('/ping')\ndef ping():\n"
		"    ip = request.args.get('ip', '127.0.0.1')\n"
		"    output = subprocess.check_output(f'ping -c 1 {ip}', shell=True)\n"
		"    return output\n"
		"@app.route('/calc')\ndef calc():\n"
		"    expr = request.args.get('expr', '1+1')\n"
		"    return str(eval(expr))\n");

	(void)state;
	contains(c, "#include \"calc.h\"\n#include \"http.h\"\n#include \"ping.h\"\n");
	contains(c,
		"\t/* ping_once() takes an IP literal only, where the shell took anything */\n"
		"\tif (!ping_is_address(ip, ip_len))\n"
		"\t\treturn svc_http_respond_error(req, 400, \"ip must be an IPv4 or IPv6 address\");\n"
		"\n"
		"\t/* app.py:7: output = subprocess.check_output(f'ping -c 1 {ip}', shell=True)\n"
		"\t * one ICMP echo in-process, without a shell or a ping binary */\n"
		"\tchar output[PING_REPORT_SIZE];\n"
		"\n"
		"\tif (ping_once(output, sizeof(output), ip, ip_len, PING_DEFAULT_TIMEOUT_MS) != PING_OK)\n"
		"\t\treturn svc_http_respond_error(req, 500, output);\n"
		"\n"
		"\t/* app.py:8: return output */\n"
		"\treturn svc_http_respond_textf(req, 200, \"%s\", output);\n");
	contains(c,
		"\tstruct calc_value result_value;\n"
		"\tchar result[CALC_FORMAT_SIZE], result_error[CALC_ERROR_SIZE];\n"
		"\n"
		"\tif (calc_eval(&result_value, expr, expr_len, result_error, sizeof(result_error)) != CALC_OK)\n"
		"\t\treturn svc_http_respond_error(req, 400, result_error);\n"
		"\tcalc_format(result, sizeof(result), &result_value);\n");
	free(c);
}

static void c_keyword_names(void **state)
{
	char *c = main_of(HEADER
		"@app.route('/')\ndef a():\n"
		"    int = request.args.get('int', '1')\n"
		"    return f'{int}'\n");

	(void)state;
	contains(c, "\tconst char *int_ = svc_http_arg(req, \"int\", \"1\", &int__len);\n");
	contains(c, "(int)int__len, int_);\n");
	free(c);
}

static void refuse_runtime_gaps(void **state)
{
	port_model *m = model_of(HEADER "@app.route('/item/<int:id>')\ndef item(id):\n"
				 "    return 'x'\n");
	char *c = NULL;

	(void)state;
	assert_int_equal(port_gen_main(&c, m), RM_ENOTFOUND);
	assert_null(c);
	contains(rm_error_last(), "app.py:3: the path parameter in '/item/<int:id>' is not "
		 "supported by the port: the C runtime matches exact paths only");
	port_model_free(m);

	m = model_of(HEADER "@app.post('/f')\ndef f():\n    v = request.form.get('v', '')\n"
		     "    return v\n");
	assert_int_equal(port_gen_main(&c, m), RM_ENOTFOUND);
	contains(rm_error_last(), "app.py:5: request.form is not supported by the port");
	port_model_free(m);
}

/* --- the generated service builds ------------------------------------------------- */

static void sample_service_compiles(void **state)
{
	source *src = NULL;
	port_model *m = NULL;
	port_runtime_file files[PORT_RUNTIME_FILE_COUNT];
	char dir[] = "/tmp/test_port_gen.XXXXXX", *c = NULL, *makefile, *command;
	unsigned modules;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(source_load(&src, "tests/fixtures/port/app_hardened.py", 1 << 20), 0);
	assert_int_equal(port_model_read(&m, "app.py", src->text, src->len), 0);
	assert_int_equal(port_gen_main(&c, m), 0);
	modules = port_gen_modules(m);
	assert_int_equal(modules, PORT_USES_CALC | PORT_USES_PING);
	makefile = port_gen_makefile(modules);
	contains(makefile, "-fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE");
	contains(makefile, "LDFLAGS := -pie -Wl,-z,relro,-z,now\n");
	contains(makefile, "-Wall -Wextra -Werror");
	contains(makefile, "SRCS    := main.c runtime/http.c runtime/validate.c runtime/calc.c runtime/ping.c\n");

	write_file(dir, "main.c", c, strlen(c));
	write_file(dir, "Makefile", makefile, strlen(makefile));
	port_runtime_files(files);
	for (size_t i = 0; i < PORT_RUNTIME_FILE_COUNT; i++) {
		char name[128];

		snprintf(name, sizeof(name), "runtime/%s", files[i].name);
		write_file(dir, name, files[i].text, files[i].len);
	}
	assert_true(asprintf(&command, "make -s -C %s BUILD=%s/build >%s/make.log 2>&1 && "
			     "test -x %s/build/service", dir, dir, dir, dir) > 0);
	if (system(command) != 0) {
		char log[600];
		char *text;

		snprintf(log, sizeof(log), "%s/make.log", dir);
		text = read_all(log);
		fail_msg("the generated service does not build:\n%s", text);
	}
	free(command);
	assert_true(asprintf(&command, "rm -rf %s", dir) > 0);
	assert_int_equal(system(command), 0);
	free(command);
	free(makefile);
	free(c);
	port_model_free(m);
	source_free(src);
}

/* The embedded runtime is byte for byte the files in remediate/port/runtime. */
static void runtime_embedded(void **state)
{
	port_runtime_file files[PORT_RUNTIME_FILE_COUNT];

	(void)state;
	port_runtime_files(files);
	for (size_t i = 0; i < PORT_RUNTIME_FILE_COUNT; i++) {
		char path[256];
		source *src = NULL;

		snprintf(path, sizeof(path), "remediate/port/runtime/%s", files[i].name);
		assert_int_equal(source_load(&src, path, 1 << 20), 0);
		if (src->len != files[i].len || memcmp(src->text, files[i].text, src->len) != 0)
			fail_msg("embedded '%s' differs from the file: rebuild remediate", path);
		assert_int_equal(files[i].text[files[i].len], '\0');
		source_free(src);
	}
}

/* --- container files ---------------------------------------------------------------- */

static size_t count_at(const scan_result *r, level min)
{
	size_t n = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		n += r->findings.items[i].severity >= min;
	return n;
}

static scan_result scan_text(const char *path, const char *text, target kind)
{
	scan_result r = { 0 };
	scan_config cfg;
	source *src = source_from_bytes(path, text, strlen(text));

	scan_config_init(&cfg);
	cfg.jobs = 1;
	assert_int_equal(scan_source(&r, src, kind, &cfg), 0);
	assert_int_equal(r.errors_count, 0);
	source_free(src);
	return r;
}

static void dockerfile_passes_rules(void **state)
{
	port_model *m = model_of(HEADER "@app.route('/')\ndef a():\n    return 'a'\n");
	char *dockerfile = port_gen_dockerfile(m);
	scan_result r = scan_text("Dockerfile", dockerfile, TARGET_DOCKERFILE);

	(void)state;
	assert_int_equal(r.findings.count, 0);
	contains(dockerfile, "FROM debian:bookworm-slim AS build\n");
	contains(dockerfile, "libmicrohttpd12 libcjson1");
	contains(dockerfile, "USER app\n");
	contains(dockerfile, "CMD [\"/usr/local/bin/service\", \"--healthcheck\"]\n");
	contains(dockerfile, "ENTRYPOINT [\"/usr/local/bin/service\"]\n");
	scan_result_free(&r);
	free(dockerfile);
	port_model_free(m);
}

static void compose_keeps_other_services(void **state)
{
	char *old = read_all("tests/fixtures/port/docker-compose.hardened.yml");
	char *db = strstr(old, "  db:\n"), *end = strstr(old, "\nnetworks:");
	char *db_block, *out = NULL;
	scan_result r;

	(void)state;
	assert_non_null(db);
	assert_non_null(end);
	db_block = strndup(db, (size_t)(end - db));
	assert_int_equal(port_gen_compose(&out, "docker-compose.yml", old, strlen(old), "web",
					  5000), 0);
	contains(out, db_block);
	contains(out, "  proxy:\n");
	contains(out, "      - \"127.0.0.1:15000:8080\"\n");
	contains(out, "      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n");
	contains(out, "  internal:\n    internal: true\n");
	contains(out, "secrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n");
	/* the C service publishes nothing and is on the internal network only */
	contains(out, "  web:\n    # The C service: reachable only through the proxy on an "
		 "internal network.\n    build: .\n    expose:\n      - \"5000\"\n    networks:\n"
		 "      - internal\n    read_only: true\n");

	r = scan_text("docker-compose.yml", out, TARGET_COMPOSE);
	assert_int_equal(count_at(&r, LEVEL_MEDIUM), 0);
	scan_result_free(&r);
	free(db_block);
	free(out);
	free(old);
}

static void nginx_conf_directives(void **state)
{
	char *conf = port_gen_nginx_conf("web", 5000);

	(void)state;
	contains(conf, "    server_tokens off;\n");
	contains(conf, "    client_max_body_size 64k;\n");
	contains(conf, "    limit_req_zone $binary_remote_addr zone=per_client:10m rate=10r/s;\n");
	contains(conf, "        server web:5000;\n");
	contains(conf, "        listen 8080;\n");
	contains(conf, "        add_header X-Frame-Options \"DENY\" always;\n");
	assert_null(strstr(conf, "\nuser "));
	free(conf);
}

/* --- port_plan on a tree ---------------------------------------------------------- */

static void copy_into(const char *dir, const char *name, const char *from)
{
	char *text = read_all(from);

	write_file(dir, name, text, strlen(text));
	free(text);
}

static void plan_sample(void **state)
{
	char dir[] = "/tmp/test_port_plan.XXXXXX", *command;
	scan_result scan = { 0 };
	port_step *steps = NULL;
	size_t count = 0;
	scan_config cfg;
	const char *paths[1];
	char cwd[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	copy_into(dir, "app.py", "before/app.py");
	copy_into(dir, "Dockerfile", "before/Dockerfile");
	copy_into(dir, "docker-compose.yml", "before/docker-compose.yml");
	copy_into(dir, "requirements.txt", "before/requirements.txt");

	/* paths relative to the tree, as the pipeline scans it */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	scan_config_init(&cfg);
	paths[0] = "app.py";
	assert_int_equal(scan_paths(&scan, paths, 1, &cfg), 0);
	assert_int_equal(chdir(cwd), 0);

	assert_int_equal(port_plan(&steps, &count, dir, &scan), 0);
	assert_int_equal(count, 4);
	assert_string_equal(steps[0].plan.subject, "Describe the Flask service in service.json");
	assert_string_equal(steps[0].plan.files[0].path, "service.json");
	assert_null(steps[0].rules[0]);
	assert_string_equal(steps[1].plan.subject, "Generate the C service from service.json");
	assert_string_equal(steps[1].plan.files[0].path, "service/main.c");
	assert_string_equal(steps[1].plan.files[1].path, "service/Makefile");
	assert_int_equal(steps[1].plan.file_count, 2 + PORT_RUNTIME_FILE_COUNT);
	assert_string_equal(steps[2].plan.subject,
			    "Replace the Python container files with the C service's");
	assert_non_null(fix_get_file(&steps[2].plan, "nginx.conf"));
	assert_non_null(fix_get_file(&steps[2].plan, "Dockerfile"));
	assert_non_null(fix_get_file(&steps[2].plan, "docker-compose.yml"));
	assert_string_equal(steps[3].plan.subject, "Remove the Python service");
	assert_null(fix_get_file(&steps[3].plan, "app.py")->content);
	assert_null(fix_get_file(&steps[3].plan, "requirements.txt")->content);
	/* deleting app.py resolves every finding the scan had in it */
	for (size_t i = 0; i < scan.findings.count; i++) {
		bool listed = false;

		for (size_t j = 0; steps[3].rules[j]; j++)
			listed = listed || strcmp(steps[3].rules[j], scan.findings.items[i].rule->id) == 0;
		if (!listed)
			fail_msg("step 4 does not list %s", scan.findings.items[i].rule->id);
	}
	assert_non_null(steps[3].rules[0]);

	port_steps_free(steps, count);
	scan_result_free(&scan);
	assert_true(asprintf(&command, "rm -rf %s", dir) > 0);
	assert_int_equal(system(command), 0);
	free(command);
}

static void plan_refuses(void **state)
{
	static const struct { const char *fixture, *message; } cases[] = {
		{ "tests/fixtures/port/loop_db.py", "app.py:12: a 'for' loop is not supported by the port: " },
		{ "tests/fixtures/port/template_file.py", "app.py:10: the call 'render_template_string(" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[] = "/tmp/test_port_plan.XXXXXX", *command;
		scan_result scan = { 0 };
		port_step *steps = NULL;
		size_t count = 7;

		assert_non_null(mkdtemp(dir));
		copy_into(dir, "app.py", cases[i].fixture);
		assert_int_equal(port_plan(&steps, &count, dir, &scan), RM_ENOTFOUND);
		assert_null(steps);
		assert_int_equal(count, 0);
		if (strncmp(rm_error_last(), cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("expected '%s...', got '%s'", cases[i].message, rm_error_last());
		assert_true(asprintf(&command, "rm -rf %s", dir) > 0);
		assert_int_equal(system(command), 0);
		free(command);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handler_index),
		cmocka_unit_test(handler_checks),
		cmocka_unit_test(handler_sinks),
		cmocka_unit_test(c_keyword_names),
		cmocka_unit_test(refuse_runtime_gaps),
		cmocka_unit_test(sample_service_compiles),
		cmocka_unit_test(runtime_embedded),
		cmocka_unit_test(dockerfile_passes_rules),
		cmocka_unit_test(compose_keeps_other_services),
		cmocka_unit_test(nginx_conf_directives),
		cmocka_unit_test(plan_sample),
		cmocka_unit_test(plan_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
