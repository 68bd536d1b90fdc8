/*
 * The daemon.json analyzer: loads the file (daemon.h) and runs the RJ3xx
 * rules of daemon/rules.def.  A setting with a bad value is reported at
 * that value; a setting that is missing is reported at line 1, because
 * there is no text to point at.
 */
#include "daemon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "error.h"

typedef struct check_context {
	const source *src;
	const scan_config *cfg;
	const daemon_file *file;
	finding_list *out;
} check_context;

static void report(check_context *ctx, const char *id, size_t start,
		   size_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(check_context *ctx, const char *id, size_t start,
		   size_t end, const char *fmt, ...)
{
	const rule *r;
	char *message = NULL;
	finding *f;
	va_list ap;

	if (!scan_rule_enabled(ctx->cfg, id))
		return;
	r = catalog_find(id);
	if (!r) {
		fprintf(stderr, "remediate: internal error: rule '%s' is not in the catalog\n",
			id);
		abort();
	}
	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	va_end(ap);
	f = finding_add(ctx->out, r, ctx->src, start, end, "%s",
			message ? message : r->message);
	free(message);
	finding_fill_code(f, ctx->src, ctx->cfg->context_lines);
}

/* Reports a missing key on the first line of the file. */
static void report_missing(check_context *ctx, const char *id,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_missing(check_context *ctx, const char *id,
			   const char *fmt, ...)
{
	size_t len = 0;
	char *message = NULL;
	va_list ap;

	if (ctx->src->line_count)
		source_line(ctx->src, 1, &len);
	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	va_end(ap);
	report(ctx, id, 0, len, "%s", message ? message : "");
	free(message);
}

static void report_value(check_context *ctx, const char *id,
			 const daemon_key *key, const char *message)
{
	report(ctx, id, key->value_start, key->value_end, "%s", message);
}

/* Checks a boolean setting that must have the value `wanted`. */
static void check_bool(check_context *ctx, const char *id, const char *name,
		       bool wanted, const char *missing, const char *wrong)
{
	const daemon_key *key = daemon_find_key(ctx->file, name);

	if (!key) {
		report_missing(ctx, id, "%s", missing);
		return;
	}
	if (wanted ? cJSON_IsTrue(key->value) : cJSON_IsFalse(key->value))
		return;
	report_value(ctx, id, key, wrong);
}

static void check_userns_remap(check_context *ctx)
{
	const daemon_key *key = daemon_find_key(ctx->file, "userns-remap");

	if (!key) {
		report_missing(ctx, "RJ302",
			       "User namespace remapping is not enabled: \"userns-remap\" is not set.");
		return;
	}
	if (cJSON_IsString(key->value) && key->value->valuestring[0])
		return;
	report_value(ctx, "RJ302", key,
		     "User namespace remapping is not enabled: \"userns-remap\" is not a user name.");
}

/* A max-size of -1 (the json-file default) means no limit. */
static bool max_size_given(const cJSON *opts)
{
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(opts, "max-size");

	return cJSON_IsString(size) && size->valuestring[0] &&
	       strcmp(size->valuestring, "-1") != 0;
}

static bool max_size_unlimited(const cJSON *opts)
{
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(opts, "max-size");

	return cJSON_IsString(size) && strcmp(size->valuestring, "-1") == 0;
}

/*
 * json-file (the default driver) keeps logs without limit unless max-size
 * is set; max-file alone has no effect.  The local driver rotates at
 * 20 MB x 5 files unless max-size is -1.  Other drivers send the logs
 * elsewhere and are not checked.
 */
static void check_log_size(check_context *ctx)
{
	const daemon_key *driver_key = daemon_find_key(ctx->file, "log-driver");
	const daemon_key *opts_key = daemon_find_key(ctx->file, "log-opts");
	const cJSON *opts = opts_key ? opts_key->value : NULL;
	const char *driver = "json-file";
	bool unlimited;

	if (driver_key && cJSON_IsString(driver_key->value))
		driver = driver_key->value->valuestring;
	if (strcmp(driver, "json-file") == 0)
		unlimited = !max_size_given(opts);
	else if (strcmp(driver, "local") == 0)
		unlimited = max_size_unlimited(opts);
	else
		return;
	if (!unlimited)
		return;

	if (opts_key)
		report_value(ctx, "RJ306", opts_key,
			     "Container logs can grow without limit: \"log-opts\" sets no \"max-size\".");
	else if (driver_key)
		report_value(ctx, "RJ306", driver_key,
			     "Container logs can grow without limit: the json-file driver has no \"max-size\" in \"log-opts\".");
	else
		report_missing(ctx, "RJ306",
			       "Container logs can grow without limit: the default json-file driver has no \"max-size\" in \"log-opts\".");
}

/* Lines that are not blank (JSON has no comments). */
static long count_loc(const source *src)
{
	long loc = 0;

	for (size_t line = 1; line <= src->line_count; line++) {
		size_t len;
		const char *text = source_line(src, (int)line, &len);

		for (size_t i = 0; i < len; i++) {
			if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
				loc++;
				break;
			}
		}
	}
	return loc;
}

static int analyze(void *state, const source *src, const scan_config *cfg,
		   finding_list *out, file_metrics *metrics)
{
	daemon_file *file = NULL;
	check_context ctx = { .src = src, .cfg = cfg, .out = out };
	int error;

	(void)state;
	metrics->loc = count_loc(src);
	if ((error = daemon_load(&file, src)) < 0)
		return error;
	ctx.file = file;

	check_bool(&ctx, "RJ301", "icc", false,
		   "Containers on the default bridge can talk to each other: \"icc\" is not set to false.",
		   "Containers on the default bridge can talk to each other: \"icc\" is not false.");
	check_userns_remap(&ctx);
	check_bool(&ctx, "RJ303", "live-restore", true,
		   "Live restore is not enabled: \"live-restore\" is not set.",
		   "Live restore is not enabled: \"live-restore\" is not true.");
	check_bool(&ctx, "RJ304", "userland-proxy", false,
		   "The userland proxy is enabled: \"userland-proxy\" is not set to false.",
		   "The userland proxy is enabled: \"userland-proxy\" is not false.");
	check_bool(&ctx, "RJ305", "no-new-privileges", true,
		   "Containers may gain new privileges: \"no-new-privileges\" is not set.",
		   "Containers may gain new privileges: \"no-new-privileges\" is not true.");
	check_log_size(&ctx);

	daemon_free(file);
	return RM_OK;
}

const analyzer daemon_analyzer = {
	.target = TARGET_DAEMON,
	.analyze = analyze,
};
