/*
 * Planning the port (port.h): find the Flask app and the container files
 * in the tree, read the app into the model, generate the C service and
 * its container files, and split the change into four commits that each
 * leave the tree scannable.
 */
#include "port/port.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "error.h"
#include "port/port_gen.h"
#include "port/port_model.h"
#include "port/port_runtime.h"
#include "source.h"

#define MAX_APP_BYTES (1024 * 1024)
#define DOCKERFILE "Dockerfile"
#define COMPOSE_FILE "docker-compose.yml"

enum { STEP_MODEL, STEP_SOURCE, STEP_CONTAINER, STEP_REMOVE, STEP_COUNT };

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Loads root/name; *out is NULL (and 0 returned) when the file is absent. */
static int load_optional(source **out, const char *root, const char *name)
{
	char *path = rm_xasprintf("%s/%s", root, name);
	int error = source_load(out, path, MAX_APP_BYTES);

	free(path);
	if (error == RM_ENOTFOUND) {
		*out = NULL;
		rm_error_clear();
		return 0;
	}
	return error;
}

/*
 * Finds the Python file at the top of the tree that creates the Flask
 * object.  Returns 0 with the name in *out (the caller frees it), or
 * RM_ENOTFOUND with the reason.
 */
static int find_app(char **out, const char *root)
{
	DIR *dir = opendir(root);
	struct dirent *entry;
	char *found = NULL;
	int error = 0;

	*out = NULL;
	if (!dir) {
		rm_error_set("cannot open the tree '%s' to find the Flask app", root);
		return RM_EIO;
	}
	while ((entry = readdir(dir))) {
		source *src = NULL;

		if (!has_suffix(entry->d_name, ".py") || entry->d_name[0] == '.')
			continue;
		if ((error = load_optional(&src, root, entry->d_name)) < 0)
			break;
		if (src && strstr(src->text, "Flask(")) {
			/* Two apps are rejected.  readdir() returns no fixed order,
			 * so the message names the smaller name first. */
			if (found) {
				rm_error_set("%s:1: a second Flask app next to '%s' is not supported "
					     "by the port: port one service per tree, or keep the "
					     "hardened Python service",
					     strcmp(found, entry->d_name) < 0 ? entry->d_name : found,
					     strcmp(found, entry->d_name) < 0 ? found : entry->d_name);
				source_free(src);
				error = RM_ENOTFOUND;
				break;
			}
			found = rm_xstrdup(entry->d_name);
		}
		source_free(src);
	}
	closedir(dir);
	if (error < 0) {
		free(found);
		return error;
	}
	if (!found) {
		rm_error_set("'%s' has no Python file at its top that creates a Flask app "
			     "(`Flask(__name__)`): nothing to port", root);
		return RM_ENOTFOUND;
	}
	*out = found;
	return 0;
}

/* Returns the name of the Compose service built from this tree (the
 * first with `build`), or NULL; the caller frees it. */
static char *built_service(const source *compose)
{
	compose_file *file = NULL;
	char *name = NULL;

	if (compose_load(&file, compose) < 0)
		return NULL;
	for (size_t i = 0; i < file->service_count && !name; i++)
		if (file->services[i].build)
			name = rm_xstrdup(file->services[i].name);
	compose_free(file);
	return name;
}

/* --- which findings a step resolves ------------------------------------------------ */

static size_t count_rule(const finding_list *list, const char *path, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < list->count; i++)
		if ((!path || strcmp(list->items[i].path, path) == 0) &&
		    strcmp(list->items[i].rule->id, rule) == 0)
			n++;
	return n;
}

static void add_rule(port_step *step, const char *id)
{
	size_t n = 0;

	while (step->rules[n]) {
		if (strcmp(step->rules[n], id) == 0)
			return;
		n++;
	}
	/* NOTE: more than seven resolved rules are cut from the list (the
	 * commit still resolves them); no step of the sample comes close */
	if (n < sizeof(step->rules) / sizeof(step->rules[0]) - 1)
		step->rules[n] = id;
}

/*
 * Fills step->rules with the rules that have fewer findings in the
 * step's files after it than in `scan`: every finding of a deleted file,
 * and those a replaced file no longer has (rescanned in memory).
 */
static void find_resolved(port_step *step, const scan_result *scan)
{
	scan_config cfg;

	scan_config_init(&cfg);
	cfg.jobs = 1;
	for (size_t i = 0; i < step->plan.file_count; i++) {
		const fix_file *file = &step->plan.files[i];
		scan_result after = { 0 };
		target kind;
		int error;

		if (scan_classify(file->path, file->content, file->content ? file->len : 0,
				  &kind) < 0)
			continue;
		if (file->content) {
			source *src = source_from_bytes(file->path, file->content, file->len);

			error = scan_source(&after, src, kind, &cfg);
			source_free(src);
			/* a file that no longer parses resolves nothing */
			if (error < 0 || after.errors_count > 0) {
				scan_result_free(&after);
				continue;
			}
		}
		for (size_t j = 0; j < scan->findings.count; j++) {
			const finding *f = &scan->findings.items[j];

			if (strcmp(f->path, file->path) == 0 &&
			    count_rule(&after.findings, NULL, f->rule->id) <
			    count_rule(&scan->findings, file->path, f->rule->id))
				add_rule(step, f->rule->id);
		}
		scan_result_free(&after);
	}
}

/* --- the steps --------------------------------------------------------------------- */

static void plan_model(fix *plan, const port_model *model, const char *json)
{
	fix_set_file(plan, "service.json", json, strlen(json));
	plan->subject = rm_xstrdup("Describe the Flask service in service.json");
	plan->problem = rm_xasprintf(
		"The service runs %s on Flask, which the hardening so far could only "
		"patch: every request still goes through a Python interpreter and the "
		"libraries it loads, and the image carries both. Porting it to a small C "
		"service needs an exact description of what each view does.",
		model->source);
	plan->change = rm_xasprintf(
		"service.json records what the port read out of %s: %zu view%s with "
		"their URL rules and methods, the parameters with their defaults, the "
		"checks and the responses they send, the commands and evaluations they "
		"run, and the bind address and port. Each step keeps the Python line it "
		"comes from, so the generated C can be checked against the app line by "
		"line. docs/porting.md describes the schema and the subset of Flask the "
		"port reads; anything outside it stops the port with the file and line, "
		"and the hardened Python service is kept.",
		model->source, model->view_count, model->view_count == 1 ? "" : "s");
}

static void plan_source(fix *plan, const port_model *model, const char *main_c)
{
	port_runtime_file files[PORT_RUNTIME_FILE_COUNT];
	unsigned modules = port_gen_modules(model);
	char *makefile = port_gen_makefile(modules);

	fix_set_file(plan, PORT_SERVICE_DIR "/main.c", main_c, strlen(main_c));
	fix_set_file(plan, PORT_SERVICE_DIR "/Makefile", makefile, strlen(makefile));
	free(makefile);
	port_runtime_files(files);
	for (size_t i = 0; i < PORT_RUNTIME_FILE_COUNT; i++) {
		char *path;

		if (files[i].module && !(files[i].module & modules))
			continue;
		path = rm_xasprintf(PORT_SERVICE_DIR "/runtime/%s", files[i].name);
		fix_set_file(plan, path, files[i].text, files[i].len);
		free(path);
	}

	plan->subject = rm_xstrdup("Generate the C service from service.json");
	plan->problem = rm_xasprintf(
		"Even with the Python fixes, every request to %s runs in a Python "
		"interpreter with Flask and Werkzeug%s%s, so the service stays only as "
		"safe as all of them.",
		model->source,
		modules & PORT_USES_PING ? ", a ping runs the system ping binary through "
		"subprocess" : "",
		modules & PORT_USES_CALC ? ", and the arithmetic goes through Python's own "
		"parser" : "");
	plan->change = rm_xstrdup(
		"service/main.c has one handler per view of service.json, statement by "
		"statement, with a comment quoting each Python line it replaces. It is "
		"built on the runtime in service/runtime/, copied unchanged from "
		"remediate: HTTP on libmicrohttpd with Flask's status codes, content "
		"types and error pages, jsonify()'s JSON, input checks with Python's "
		"Unicode tables, a ping that sends one ICMP echo over an unprivileged "
		"datagram socket (no shell, no binary, no CAP_NET_RAW) after checking "
		"that the address is an IP literal, and a bounded parser for Python "
		"arithmetic in place of the evaluator. service/Makefile builds it with "
		"-Wall -Wextra -Werror, stack protection, _FORTIFY_SOURCE, PIE and full "
		"RELRO. Valid requests get the same status, type and body as from Flask; "
		"an invalid address or expression gets 400 with a JSON error.");
}

static int plan_container(fix *plan, const port_model *model, const char *root)
{
	source *compose = NULL;
	char *service = NULL, *compose_text = NULL;
	char *dockerfile = port_gen_dockerfile(model);
	int error;

	if ((error = load_optional(&compose, root, COMPOSE_FILE)) < 0)
		goto done;
	if (compose) {
		if (!(service = built_service(compose))) {
			rm_error_set("%s:1: no service builds the app (`build: .`), so the port "
				     "cannot tell which service to replace; add `build: .` to it "
				     "or keep the hardened Python service", COMPOSE_FILE);
			error = RM_ENOTFOUND;
			goto done;
		}
		error = port_gen_compose(&compose_text, COMPOSE_FILE, compose->text, compose->len,
					 service, model->port);
	} else {
		static const char minimal[] = "services:\n  web:\n    build: .\n";

		service = rm_xstrdup("web");
		error = port_gen_compose(&compose_text, COMPOSE_FILE, minimal, sizeof(minimal) - 1,
					 service, model->port);
	}
	if (error < 0)
		goto done;

	{
		char *nginx = port_gen_nginx_conf(service, model->port);

		fix_set_file(plan, "nginx.conf", nginx, strlen(nginx));
		free(nginx);
	}
	fix_set_file(plan, DOCKERFILE, dockerfile, strlen(dockerfile));
	fix_set_file(plan, COMPOSE_FILE, compose_text, strlen(compose_text));
	plan->subject = rm_xstrdup("Replace the Python container files with the C service's");
	plan->problem = rm_xasprintf(
		"The image was built on a Python base image with pip and the whole "
		"interpreter, and Compose published the service's own port, so every "
		"client talked to the application server directly, with no limit on "
		"request size, rate or time in front of it.");
	plan->change = rm_xasprintf(
		"The Dockerfile builds service/ in a debian:bookworm-slim stage with "
		"gcc, make and the -dev packages, and runs the binary in a second "
		"bookworm-slim stage that adds only libmicrohttpd12 and libcjson1 to "
		"Debian's base (no Python, pip or compiler; the base keeps its shell "
		"and apt), as a "
		"system user without a shell, with a HEALTHCHECK that runs the binary's "
		"--healthcheck and an exec-form ENTRYPOINT. In docker-compose.yml the "
		"service '%s' publishes no port and sits on the new internal network "
		"'internal' (no route out), read-only, without capabilities, with "
		"no-new-privileges, memory, CPU and PID limits, a healthcheck and a "
		"restart policy. The new service 'proxy' (nginx-unprivileged, pinned to "
		"1.28.0) is the only published port, on 127.0.0.1:15000, and nginx.conf "
		"limits bodies to 64 KiB, each client to 10 requests a second and 16 "
		"connections, sets client and upstream timeouts, adds security headers "
		"and hides the nginx version. Every other service and the secrets stay "
		"byte for byte as they were. The /ping view needs "
		"net.ipv4.ping_group_range to include the service's group, which Docker "
		"sets in each container's network namespace.",
		service);

done:
	free(dockerfile);
	free(compose_text);
	free(service);
	source_free(compose);
	return error;
}

static void plan_remove(fix *plan, const port_model *model, const char *root)
{
	static const char *const python_files[] = { "requirements.txt", "requirements-dev.txt" };

	fix_set_file(plan, model->source, NULL, 0);
	for (size_t i = 0; i < sizeof(python_files) / sizeof(python_files[0]); i++) {
		source *src = NULL;

		if (load_optional(&src, root, python_files[i]) == 0 && src)
			fix_set_file(plan, python_files[i], NULL, 0);
		source_free(src);
	}
	plan->subject = rm_xasprintf("Remove the Python service");
	plan->problem = rm_xasprintf(
		"%s and its requirements are no longer built or run, but left in the "
		"tree they would still be scanned, reviewed and possibly deployed by "
		"mistake, and their findings (the subprocess import and call) would stay "
		"open.", model->source);
	plan->change = rm_xasprintf(
		"%s and the Python requirements are deleted; the C service in service/ "
		"replaces them, and service.json keeps the description of what the "
		"Python views did. The history keeps the hardened Python version for "
		"reference.", model->source);
}

int port_plan(port_step **out, size_t *count, const char *root, const scan_result *scan)
{
	port_step *steps = NULL;
	port_model *model = NULL;
	source *app = NULL;
	char *app_name = NULL, *json = NULL, *main_c = NULL;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = find_app(&app_name, root)) < 0 ||
	    (error = load_optional(&app, root, app_name)) < 0)
		goto done;
	if ((error = port_model_read(&model, app_name, app->text, app->len)) < 0 ||
	    (error = port_gen_main(&main_c, model)) < 0)
		goto done;
	json = port_model_to_json(model);

	steps = rm_xcalloc(STEP_COUNT, sizeof(*steps));
	plan_model(&steps[STEP_MODEL].plan, model, json);
	plan_source(&steps[STEP_SOURCE].plan, model, main_c);
	if ((error = plan_container(&steps[STEP_CONTAINER].plan, model, root)) < 0)
		goto done;
	plan_remove(&steps[STEP_REMOVE].plan, model, root);
	for (size_t i = 0; i < STEP_COUNT; i++)
		find_resolved(&steps[i], scan);

	*out = steps;
	*count = STEP_COUNT;
	steps = NULL;

done:
	port_steps_free(steps, STEP_COUNT);
	port_model_free(model);
	source_free(app);
	free(app_name);
	free(json);
	free(main_c);
	return error;
}

void port_steps_free(port_step *steps, size_t count)
{
	if (!steps)
		return;
	for (size_t i = 0; i < count; i++)
		fix_release(&steps[i].plan);
	free(steps);
}
