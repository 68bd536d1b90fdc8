/*
 * The RC215 fixer: adds a healthcheck to a Compose service built from
 * this repository.  The probe runs the service's own interpreter, read
 * from the Dockerfile of the build context, so the image needs no extra
 * tool such as curl: for a Python service it is a one-line http.client
 * request to the container port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "error.h"
#include "fixers/fix_compose.h"
#include "fixers/fix_compose_util.h"

/* Facts about the image, read from its Dockerfile. */
typedef struct image_facts {
	char *dockerfile;        /* path relative to the tree root */
	char *python;            /* the interpreter to run, or NULL */
	int expose;              /* first EXPOSEd port, or 0 */
	int healthcheck_line;    /* line of a HEALTHCHECK, or 0 */
} image_facts;

static void facts_free(image_facts *facts)
{
	free(facts->dockerfile);
	free(facts->python);
}

/* True for "python", "python3" and "python3.N", with or without a path. */
static bool is_python(const char *program)
{
	const char *base = strrchr(program, '/');

	base = base ? base + 1 : program;
	if (strncmp(base, "python", 6) != 0)
		return false;
	base += 6;
	if (*base == '\0')
		return true;
	if (*base++ != '3')
		return false;
	if (*base == '\0')
		return true;
	if (*base++ != '.' || !*base)
		return false;
	return strspn(base, "0123456789") == strlen(base);
}

/* The first word of an instruction's command: argv[0] in exec form, the
 * first blank-separated word in shell form; the caller frees it. */
static char *first_word(const df_instruction *ins)
{
	const char *text;

	if (ins->form == DF_FORM_EXEC)
		return ins->argc ? rm_xstrdup(ins->argv[0]) : NULL;
	text = ins->operands ? ins->operands : "";
	text += strspn(text, " \t");
	return text[0] ? rm_xstrndup(text, strcspn(text, " \t")) : NULL;
}

static void read_stage(image_facts *facts, const df_file *df)
{
	const df_stage *stage = df_final_stage(df);
	const df_instruction *entrypoint = NULL, *cmd = NULL;
	char *program = NULL;

	if (!stage)
		return;
	for (size_t i = stage->from; i < stage->end; i++) {
		const df_instruction *ins = &df->instructions[i];

		if (strcmp(ins->keyword, "ENTRYPOINT") == 0)
			entrypoint = ins;
		else if (strcmp(ins->keyword, "CMD") == 0)
			cmd = ins;
		else if (strcmp(ins->keyword, "EXPOSE") == 0 && !facts->expose)
			facts->expose = atoi(ins->operands ? ins->operands : "");
		else if (strcmp(ins->keyword, "HEALTHCHECK") == 0)
			facts->healthcheck_line =
				ins->operands && strncmp(ins->operands, "NONE", 4) == 0 ?
				0 : ins->line;
	}
	/* An entrypoint script often runs the CMD, so look at both. */
	for (int i = 0; i < 2 && !facts->python; i++) {
		const df_instruction *ins = i == 0 ? entrypoint : cmd;

		program = ins ? first_word(ins) : NULL;
		if (program && is_python(program))
			facts->python = program;
		else
			free(program);
	}
	if (facts->python)
		return;
	if (stage->name) {
		const char *base = strrchr(stage->name, '/');

		base = base ? base + 1 : stage->name;
		if (strcmp(base, "python") == 0)
			facts->python = rm_xstrdup("python");
	}
}

/* Joins the parts of a relative path, dropping "." and empty parts.
 * Returns NULL for an absolute path, a URL or a ".." part. */
static char *join_relative(const char *const *parts, size_t count)
{
	fix_compose_text out = { 0 };

	for (size_t i = 0; i < count; i++) {
		const char *p = parts[i];

		if (!p || !*p)
			continue;
		if (p[0] == '/' || strstr(p, "://") || strstr(p, "..")) {
			fix_compose_text_free(&out);
			return NULL;
		}
		while (*p) {
			size_t n = strcspn(p, "/");

			if (n && !(n == 1 && p[0] == '.'))
				fix_compose_text_addf(&out, "%s%.*s", out.len ? "/" : "",
						      (int)n, p);
			p += n;
			p += strspn(p, "/");
		}
	}
	return fix_compose_text_take(&out);
}

static int read_image_facts(image_facts *facts, const fix_context *ctx,
			    const compose_service *svc)
{
	const compose_node *build = svc->build;
	const char *context = ".", *dockerfile = "Dockerfile";
	char *dir, *path;
	source *src = NULL;
	df_file *df = NULL;
	int error;

	memset(facts, 0, sizeof(*facts));
	if (build->kind == COMPOSE_SCALAR) {
		context = build->text;
	} else if (build->kind == COMPOSE_MAPPING) {
		const compose_node *c = compose_get(build, "context");
		const compose_node *d = compose_get(build, "dockerfile");

		if (c && c->kind == COMPOSE_SCALAR && !compose_is_null(c))
			context = c->text;
		if (d && d->kind == COMPOSE_SCALAR && !compose_is_null(d))
			dockerfile = d->text;
	}
	dir = rm_xstrndup(ctx->finding->path,
			  strrchr(ctx->finding->path, '/') ?
			  (size_t)(strrchr(ctx->finding->path, '/') - ctx->finding->path) : 0);
	{
		const char *parts[] = { dir, context, dockerfile };

		facts->dockerfile = join_relative(parts, 3);
	}
	free(dir);
	if (!facts->dockerfile) {
		rm_error_set("the build context '%s' of service '%s' is outside the tree, so its Dockerfile cannot be read to choose a probe: add a healthcheck by hand",
			     context, svc->name);
		return RM_ENOTFOUND;
	}

	path = rm_xasprintf("%s/%s", ctx->root, facts->dockerfile);
	error = source_load(&src, path, 1 << 20);
	free(path);
	if (error < 0) {
		rm_error_set("cannot read '%s', the Dockerfile of service '%s', to choose a probe: add a healthcheck that exercises the service by hand",
			     facts->dockerfile, svc->name);
		return RM_ENOTFOUND;
	}
	error = df_parse(&df, src);
	if (error < 0) {
		char detail[256];

		snprintf(detail, sizeof(detail), "%s", rm_error_last());
		rm_error_set("cannot parse '%s', the Dockerfile of service '%s': %s: fix it, then add a healthcheck",
			     facts->dockerfile, svc->name, detail);
		source_free(src);
		return RM_ENOTFOUND;
	}
	read_stage(facts, df);
	df_file_free(df);
	source_free(src);
	return RM_OK;
}

/* The container port the service listens on: the target of its first
 * published port, else the Dockerfile's first EXPOSE; 0 when unknown. */
static int service_port(const compose_service *svc, const image_facts *facts)
{
	for (size_t i = 0; i < svc->port_count; i++)
		if (svc->ports[i].target && atoi(svc->ports[i].target) > 0)
			return atoi(svc->ports[i].target);
	return facts->expose;
}

/* Compose file formats before 3.4 (2.3 in the 2.x line) reject
 * `start_period`; a file without `version` follows the Compose
 * Specification, which has it. */
static bool has_start_period(const compose_file *file)
{
	const compose_node *version = compose_get(file->root, "version");
	int major, minor = 0;

	if (compose_is_null(version) || version->kind != COMPOSE_SCALAR)
		return true;
	if (sscanf(version->text, "%d.%d", &major, &minor) < 1)
		return false;
	return (major == 2 && minor >= 3) || (major == 3 && minor >= 4) ||
	       major > 3;
}

int fix_compose_healthcheck(fix *out, const fix_context *ctx)
{
	fix_compose_doc doc;
	const compose_service *svc;
	image_facts facts = { 0 };
	char *probe = NULL, *quoted[4] = { 0 };
	int port, error;

	error = fix_compose_doc_open(&doc, ctx->src);
	if (error < 0)
		goto done;
	svc = fix_compose_service_of(doc.file, ctx->finding);
	if (!svc) {
		rm_error_set("cannot find the service of the RC215 finding at '%s' line %d",
			     ctx->finding->path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!compose_is_null(svc->healthcheck)) {
		rm_error_set("the healthcheck of service '%s' is turned off on purpose, so it is not replaced automatically. Recommendation: remove `disable: true` or the NONE test and give it a test that exercises the service",
			     svc->name);
		error = RM_ENOTFOUND;
		goto done;
	}
	if ((error = read_image_facts(&facts, ctx, svc)) < 0)
		goto done;
	port = service_port(svc, &facts);
	if (!facts.python || port <= 0) {
		rm_error_set("no probe is known for service '%s': %s. Recommendation: add a healthcheck whose test calls the service with a program its image contains",
			     svc->name, !facts.python ?
			     "its Dockerfile does not run a Python interpreter" :
			     "neither its ports nor its Dockerfile name the container port");
		error = RM_ENOTFOUND;
		goto done;
	}

	/* Any HTTP status below 500 counts as healthy, so a service whose
	 * "/" returns 404 is not reported as broken. */
	probe = rm_xasprintf("import sys, http.client as h; c = h.HTTPConnection('127.0.0.1', %d, timeout=3); c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)",
			     port);
	quoted[0] = fix_compose_quote(&doc, "CMD");
	quoted[1] = fix_compose_quote(&doc, facts.python);
	quoted[2] = fix_compose_quote(&doc, "-c");
	quoted[3] = fix_compose_quote(&doc, probe);
	{
		const char *test[] = { quoted[0], quoted[1], quoted[2], quoted[3] };
		fix_compose_entry children[] = {
			{ .key = "test", .items = test, .item_count = 4, .flow_items = true },
			{ .key = "interval", .scalar = "30s" },
			{ .key = "timeout", .scalar = "5s" },
			{ .key = "retries", .scalar = "3" },
			{ .key = "start_period", .scalar = "10s" },
		};
		fix_compose_entry entry = {
			.key = "healthcheck", .children = children,
			.child_count = has_start_period(doc.file) ? 5 : 4,
		};

		error = fix_compose_add_entries(&doc, svc->body,
						fix_compose_key_column(&doc, svc),
						&entry, 1);
	}
	if (error < 0 || (error = fix_compose_doc_finish(&doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Add a healthcheck to %s in %s (RC215)",
				    svc->name, ctx->finding->path);
	/* An image HEALTHCHECK (often added by the Dockerfile fixer earlier in
	 * the same run) already works at run time; the Compose entry states
	 * the same probe where the other runtime limits of the service are,
	 * so the rule that reads only the Compose file is satisfied too. */
	if (facts.healthcheck_line)
		out->problem = rm_xasprintf(
			"Service '%s' is built from this repository and its Compose entry had no healthcheck. Its image declares one ('%s' line %d), but a reader of the Compose file could not see it, and a Compose file used with another image would run unchecked.",
			svc->name, facts.dockerfile, facts.healthcheck_line);
	else
		out->problem = rm_xasprintf(
			"Service '%s' is built from this repository and had no healthcheck in the Compose file or in '%s', so Docker reported it as running even when it had hung or stopped answering, and nothing could react to that.",
			svc->name, facts.dockerfile);
	out->change = rm_xasprintf(
		"The service now has a healthcheck that runs its own interpreter, %s, to send GET / to port %d inside the container every 30 seconds; a response with a status below 500 within 3 seconds counts as healthy, three failures in a row as unhealthy. http.client from Python's standard library was chosen because the image already has it, while curl or wget may be missing. Plain Compose does not restart an unhealthy container by itself: the state shows in `docker ps` and lets `depends_on` with `condition: service_healthy` wait for the service. The check costs one short Python process per interval; raise the interval if that matters.",
		facts.python, port);

done:
	free(probe);
	for (size_t i = 0; i < 4; i++)
		free(quoted[i]);
	facts_free(&facts);
	fix_compose_doc_free(&doc);
	return error;
}
