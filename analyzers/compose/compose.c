/*
 * The Compose analyzer: loads a docker-compose file (compose.h) and runs
 * the RC2xx rules of compose/rules.def over each service.
 *
 * A rule that finds a setting missing reports the service's name key.  A
 * rule that finds a bad value reports that value, which, through an
 * alias or a `<<` merge, may sit in an anchored mapping elsewhere in the
 * file.
 */
#include "compose.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyzer.h"
#include "error.h"

typedef struct check_context {
	const source *src;
	const scan_config *cfg;
	finding_list *out;
} check_context;

static finding *report(check_context *ctx, const char *id, size_t start,
		       size_t end, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Appends a finding unless the rule is deselected; returns it or NULL. */
static finding *report(check_context *ctx, const char *id, size_t start,
		       size_t end, const char *fmt, ...)
{
	const rule *r;
	char *message = NULL;
	finding *f;
	va_list ap;

	if (!scan_rule_enabled(ctx->cfg, id))
		return NULL;
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
	return f;
}

static size_t key_start(const compose_service *svc)
{
	return svc->key->start;
}

static size_t key_end(const compose_service *svc)
{
	return svc->key->end;
}

/* --- RC201: ports on every interface --------------------------------------- */

static bool all_interfaces(const char *host_ip)
{
	return !host_ip || strcmp(host_ip, "0.0.0.0") == 0 ||
	       strcmp(host_ip, "::") == 0;
}

static void check_ports(check_context *ctx, const compose_service *svc)
{
	for (size_t i = 0; i < svc->port_count; i++) {
		const compose_port *port = &svc->ports[i];
		const compose_node *where = port->host_ip_node ?
			port->host_ip_node : port->node;

		if (!all_interfaces(port->host_ip))
			continue;
		if (port->node->kind == COMPOSE_SCALAR)
			report(ctx, "RC201", where->start, where->end,
			       "Port '%s' of service '%s' is published on every host interface.",
			       port->node->text, svc->name);
		else
			report(ctx, "RC201", where->start, where->end,
			       "Port %s of service '%s' is published on every host interface.",
			       port->target ? port->target : "(no target)",
			       svc->name);
	}
}

/* --- RC202, RC203, RC204: resource limits ---------------------------------- */

/* How a limit's value is written. */
typedef enum limit_syntax {
	LIMIT_INTEGER,  /* pids_limit, cpu_shares, cpu_quota */
	LIMIT_BYTES,    /* mem_limit: bytes, or a size such as 256m or 1.5g */
	LIMIT_DECIMAL,  /* cpus: a decimal such as 0.5 */
} limit_syntax;

typedef enum limit_state {
	LIMIT_ABSENT,
	LIMIT_SET,        /* a number above 0 */
	LIMIT_UNLIMITED,  /* 0 or below, which Docker takes as no limit */
	LIMIT_INVALID,    /* not a number in the syntax, or out of range */
} limit_state;

/* Moves *p past an optional sign and a run of digits, an optional point
 * and more digits.  Returns false when there is no digit. */
static bool skip_number(const char **p, bool fraction)
{
	bool digits = false;

	if (**p == '+' || **p == '-')
		(*p)++;
	for (; isdigit((unsigned char)**p); (*p)++)
		digits = true;
	if (fraction && **p == '.')
		for ((*p)++; isdigit((unsigned char)**p); (*p)++)
			digits = true;
	return digits;
}

/*
 * Reads a byte size in the syntax of RAMInBytes in github.com/docker/
 * go-units (size.go), which Docker uses for memory sizes.  The syntax is
 * digits with an optional fraction, an optional space, an optional unit
 * k, m, g, t or p (powers of 1024), an optional "i" and an optional "b",
 * in any case.  Returns false for any other text.
 */
static bool read_bytes(const char *text, double *value)
{
	static const char units[] = "kmgtp";
	const char *p = text, *unit;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return false;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	*value = strtod(text, NULL);
	if (*p == ' ')
		p++;
	if (*p && (unit = strchr(units, tolower((unsigned char)*p)))) {
		for (const char *u = units; u <= unit; u++)
			*value *= 1024;
		p++;
	}
	if (*p == 'i' || *p == 'I')
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	return *p == '\0';
}

/* Classifies a limit's value.  *reason is set for LIMIT_INVALID. */
static limit_state limit_parse(const compose_node *node, limit_syntax syntax,
			       const char **reason)
{
	const char *p = node ? node->text : NULL;
	double value;

	*reason = NULL;
	if (compose_is_null(node))
		return LIMIT_ABSENT;
	if (node->kind != COMPOSE_SCALAR || !p) {
		*reason = "not a number";
		return LIMIT_INVALID;
	}

	/* A plain integer means the same in every syntax.  Values beyond a
	 * signed 64-bit integer are rejected as out of range. */
	if (skip_number(&p, false) && *p == '\0') {
		long long integer;

		errno = 0;
		integer = strtoll(node->text, NULL, 10);
		if (errno == ERANGE) {
			*reason = "out of range";
			return LIMIT_INVALID;
		}
		return integer > 0 ? LIMIT_SET : LIMIT_UNLIMITED;
	}

	p = node->text;
	switch (syntax) {
	case LIMIT_INTEGER:
		*reason = "not a whole number";
		return LIMIT_INVALID;
	case LIMIT_DECIMAL:
		if (!skip_number(&p, true) || *p != '\0') {
			*reason = "not a decimal number such as 0.5";
			return LIMIT_INVALID;
		}
		value = strtod(node->text, NULL);
		break;
	case LIMIT_BYTES:
	default:
		if (!read_bytes(node->text, &value)) {
			*reason = "not a byte size such as 268435456 or 256m";
			return LIMIT_INVALID;
		}
		break;
	}
	if (!(value < 9223372036854775808.0)) {
		*reason = "out of range";
		return LIMIT_INVALID;
	}
	return value > 0 ? LIMIT_SET : LIMIT_UNLIMITED;
}

static bool limit_given(const compose_node *node, limit_syntax syntax)
{
	const char *reason;

	return limit_parse(node, syntax, &reason) == LIMIT_SET;
}

/* One place a limit can be written. */
typedef struct limit_value {
	const compose_node *node;
	limit_syntax syntax;
} limit_value;

/*
 * Reports rule `id` for a service when none of its `count` values sets a
 * limit.  The finding goes on the first value that is unlimited or
 * invalid, or on the service's name when no value is present.  Only the
 * first `located` values can carry the finding, because the fixer
 * replaces a value only under those keys.
 */
static void report_limit(check_context *ctx, const compose_service *svc,
			 const char *id, const limit_value *values,
			 size_t count, size_t located, const char *what)
{
	for (size_t i = 0; i < count; i++)
		if (limit_given(values[i].node, values[i].syntax))
			return;

	for (size_t i = 0; i < located; i++) {
		const compose_node *node = values[i].node;
		const char *reason;
		limit_state state = limit_parse(node, values[i].syntax, &reason);
		int shown;

		if (state == LIMIT_UNLIMITED) {
			report(ctx, id, node->start, node->end,
			       "Service '%s' sets no %s (%s means unlimited).",
			       svc->name, what, node->text);
			return;
		}
		if (state != LIMIT_INVALID)
			continue;
		if (node->kind != COMPOSE_SCALAR || !node->text) {
			report(ctx, id, node->start, node->end,
			       "Service '%s' has no %s: its value is invalid (%s).",
			       svc->name, what, reason);
			return;
		}

		/* Show at most 40 bytes of the value, cut at a character. */
		shown = (int)strnlen(node->text, 40);
		while (node->text[shown] && shown > 0 &&
		       ((unsigned char)node->text[shown] & 0xC0) == 0x80)
			shown--;
		report(ctx, id, node->start, node->end,
		       "Service '%s' has no %s: the value '%.*s%s' is invalid (%s).",
		       svc->name, what, shown, node->text,
		       node->text[shown] ? "..." : "", reason);
		return;
	}
	report(ctx, id, key_start(svc), key_end(svc),
	       "Service '%s' has no %s.", svc->name, what);
}

static void check_limits(check_context *ctx, const compose_service *svc)
{
	const limit_value memory[] = {
		{ svc->mem_limit, LIMIT_BYTES }, { svc->deploy_memory, LIMIT_BYTES },
	};
	const limit_value cpu[] = {
		{ svc->cpus, LIMIT_DECIMAL }, { svc->deploy_cpus, LIMIT_DECIMAL },
		{ svc->cpu_shares, LIMIT_INTEGER }, { svc->cpu_quota, LIMIT_INTEGER },
	};
	const limit_value pids[] = {
		{ svc->pids_limit, LIMIT_INTEGER }, { svc->deploy_pids, LIMIT_INTEGER },
	};

	report_limit(ctx, svc, "RC202", memory, 2, 2, "memory limit");
	report_limit(ctx, svc, "RC203", cpu, 4, 2, "CPU limit");
	report_limit(ctx, svc, "RC204", pids, 2, 2, "limit on the number of processes");
}

/* --- RC205, RC206: read-only root and no-new-privileges -------------------- */

static void check_read_only(check_context *ctx, const compose_service *svc)
{
	if (compose_bool(svc->read_only) == 1)
		return;
	if (compose_is_null(svc->read_only))
		report(ctx, "RC205", key_start(svc), key_end(svc),
		       "Service '%s' has a writable root filesystem: 'read_only' is not set.",
		       svc->name);
	else
		report(ctx, "RC205", svc->read_only->start, svc->read_only->end,
		       "Service '%s' has a writable root filesystem: 'read_only' is '%s'.",
		       svc->name, svc->read_only->kind == COMPOSE_SCALAR ?
				  svc->read_only->text : "(not a boolean)");
}

/* Returns 1 for "no-new-privileges" set to true, 0 for it set to false,
 * -1 for another option.  Docker accepts ':' or '=' before the value. */
static int no_new_privileges_option(const compose_node *item)
{
	static const char prefix[] = "no-new-privileges";
	const char *text;

	if (item->kind != COMPOSE_SCALAR ||
	    strncasecmp(item->text, prefix, sizeof(prefix) - 1) != 0)
		return -1;
	text = item->text + sizeof(prefix) - 1;
	if (*text == '\0')
		return 1;
	if (*text != ':' && *text != '=')
		return -1;
	return strcasecmp(text + 1, "true") == 0 ? 1 : 0;
}

static void check_no_new_privileges(check_context *ctx,
				    const compose_service *svc)
{
	const compose_node *opts = svc->security_opt;
	const compose_node *disabled = NULL;

	for (size_t i = 0; opts && opts->kind == COMPOSE_SEQUENCE &&
			   i < opts->item_count; i++) {
		int value = no_new_privileges_option(opts->items[i]);

		if (value == 1)
			return;
		if (value == 0)
			disabled = opts->items[i];
	}
	if (disabled)
		report(ctx, "RC206", disabled->start, disabled->end,
		       "Service '%s' turns no-new-privileges off.", svc->name);
	else
		report(ctx, "RC206", key_start(svc), key_end(svc),
		       "Service '%s' does not set no-new-privileges.", svc->name);
}

/* --- RC207, RC208, RC209: privileges and capabilities ---------------------- */

static void check_privileged(check_context *ctx, const compose_service *svc)
{
	if (compose_bool(svc->privileged) == 1)
		report(ctx, "RC207", svc->privileged->start, svc->privileged->end,
		       "Service '%s' runs as a privileged container.", svc->name);
}

/* Capabilities that give a container power over the host kernel, its
 * devices or other processes. */
static const char *dangerous_caps[] = {
	"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE",
	"SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "DAC_READ_SEARCH", "MAC_ADMIN",
	"MAC_OVERRIDE", "BPF", "PERFMON",
};

static bool is_dangerous_cap(const char *name)
{
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	for (size_t i = 0; i < sizeof(dangerous_caps) / sizeof(dangerous_caps[0]); i++)
		if (strcasecmp(name, dangerous_caps[i]) == 0)
			return true;
	return false;
}

static void check_capabilities(check_context *ctx, const compose_service *svc)
{
	const compose_node *drop = svc->cap_drop;
	const compose_node *add = svc->cap_add;

	if (compose_is_null(drop))
		report(ctx, "RC208", key_start(svc), key_end(svc),
		       "Service '%s' keeps Docker's default capabilities: no 'cap_drop'.",
		       svc->name);
	else if (drop->kind == COMPOSE_SEQUENCE && drop->item_count == 0)
		report(ctx, "RC208", drop->start, drop->end,
		       "Service '%s' keeps Docker's default capabilities: 'cap_drop' is empty.",
		       svc->name);

	for (size_t i = 0; add && add->kind == COMPOSE_SEQUENCE &&
			   i < add->item_count; i++) {
		const compose_node *cap = add->items[i];

		if (cap->kind == COMPOSE_SCALAR && is_dangerous_cap(cap->text))
			report(ctx, "RC209", cap->start, cap->end,
			       "Service '%s' adds the capability %s.", svc->name,
			       cap->text);
	}
}

/* --- RC210: the Docker socket ---------------------------------------------- */

static void check_docker_socket(check_context *ctx, const compose_service *svc)
{
	for (size_t i = 0; i < svc->mount_count; i++) {
		const compose_mount *mount = &svc->mounts[i];

		if (mount->source && strstr(mount->source, "docker.sock"))
			report(ctx, "RC210", mount->node->start, mount->node->end,
			       "Service '%s' mounts the Docker socket '%s'.",
			       svc->name, mount->source);
	}
	if (compose_bool(svc->use_api_socket) == 1)
		report(ctx, "RC210", svc->use_api_socket->start,
		       svc->use_api_socket->end,
		       "Service '%s' gets the Docker API socket through 'use_api_socket'.",
		       svc->name);
}

/* --- RC211, RC212, RC213: host namespaces ---------------------------------- */

static void check_namespaces(check_context *ctx, const compose_service *svc)
{
	if (compose_text_is(svc->network_mode, "host"))
		report(ctx, "RC211", svc->network_mode->start,
		       svc->network_mode->end,
		       "Service '%s' shares the host's network namespace.",
		       svc->name);
	if (compose_text_is(svc->pid, "host"))
		report(ctx, "RC212", svc->pid->start, svc->pid->end,
		       "Service '%s' shares the host's process namespace.",
		       svc->name);
	if (compose_text_is(svc->ipc, "host"))
		report(ctx, "RC213", svc->ipc->start, svc->ipc->end,
		       "Service '%s' shares the host's IPC namespace.", svc->name);
}

/* --- RC214: literal secrets in the environment ----------------------------- */

static bool contains_nocase(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (; *text; text++)
		if (strncasecmp(text, word, n) == 0)
			return true;
	return false;
}

static bool ends_with_nocase(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);

	return n >= m && strcasecmp(text + n - m, suffix) == 0;
}

/*
 * Names that usually hold a credential.  A name ending in _FILE is the
 * usual convention for a path to a secret file (POSTGRES_PASSWORD_FILE),
 * not for the secret itself.
 */
static bool is_secret_name(const char *name)
{
	static const char *words[] = {
		"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
		"PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL",
	};

	if (ends_with_nocase(name, "_FILE"))
		return false;
	if (ends_with_nocase(name, "_KEY") || strcasecmp(name, "KEY") == 0)
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (contains_nocase(name, words[i]))
			return true;
	return false;
}

/* True when the value takes part of its text from a variable (`$NAME` or
 * `${NAME...}`), which Compose fills in from the shell or an .env file;
 * `$$` is an escaped dollar sign. */
static bool has_variable(const char *value)
{
	for (const char *p = value; *p; p++) {
		if (*p != '$')
			continue;
		if (p[1] == '$') {
			p++;
			continue;
		}
		if (p[1] == '{' || p[1] == '_' || isalpha((unsigned char)p[1]))
			return true;
	}
	return false;
}

/* Settings such as TOKEN_TTL=3600 or SECRET_ROTATION=true name a secret
 * but hold no credential. */
static bool is_setting_value(const char *value)
{
	static const char *words[] = { "true", "false", "yes", "no", "on", "off" };
	const char *p = value;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(value, words[i]) == 0)
			return true;
	while (*p && isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

static void check_secrets(check_context *ctx, const compose_service *svc)
{
	for (size_t i = 0; i < svc->env_count; i++) {
		const compose_env *var = &svc->env[i];

		if (!var->value || !var->value[0] || !is_secret_name(var->name) ||
		    has_variable(var->value) || is_setting_value(var->value))
			continue;
		report(ctx, "RC214", var->value_start, var->value_end,
		       "Possible hard-coded secret in environment variable '%s' of service '%s'.",
		       var->name, svc->name);
	}
}

/* --- RC215: healthcheck ---------------------------------------------------- */

static bool healthcheck_disabled(const compose_node *check)
{
	const compose_node *test = compose_get(check, "test");

	if (compose_bool(compose_get(check, "disable")) == 1)
		return true;
	if (test && test->kind == COMPOSE_SEQUENCE && test->item_count &&
	    compose_text_is(test->items[0], "NONE"))
		return true;
	return compose_text_is(test, "NONE");
}

/*
 * A service built from this repository needs a healthcheck in the
 * Compose file or a HEALTHCHECK in its Dockerfile; the Dockerfile is not
 * read here (it may not even be part of the scan), so the finding has
 * MEDIUM confidence.  A service that only names a registry image is not
 * reported: whether that image declares a HEALTHCHECK cannot be known
 * from the text.  A healthcheck that is turned off is reported for every
 * service.
 */
static void check_healthcheck(check_context *ctx, const compose_service *svc)
{
	finding *f;

	if (!compose_is_null(svc->healthcheck)) {
		if (!healthcheck_disabled(svc->healthcheck))
			return;
		f = report(ctx, "RC215", svc->healthcheck->start,
			   svc->healthcheck->end,
			   "Service '%s' turns its healthcheck off.", svc->name);
		if (f)
			f->confidence = LEVEL_HIGH;
		return;
	}
	if (!compose_is_null(svc->build))
		report(ctx, "RC215", key_start(svc), key_end(svc),
		       "Service '%s' is built from this repository and has no healthcheck in the Compose file.",
		       svc->name);
}

/* --- the analyzer ---------------------------------------------------------- */

/* Lines that are neither blank nor only a comment. */
static long count_loc(const source *src)
{
	long loc = 0;

	for (size_t line = 1; line <= src->line_count; line++) {
		size_t len, i = 0;
		const char *text = source_line(src, (int)line, &len);

		while (i < len && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r'))
			i++;
		if (i < len && text[i] != '#')
			loc++;
	}
	return loc;
}

static int analyze(void *state, const source *src, const scan_config *cfg,
		   finding_list *out, file_metrics *metrics)
{
	compose_file *file = NULL;
	check_context ctx = { .src = src, .cfg = cfg, .out = out };
	int error;

	(void)state;
	metrics->loc = count_loc(src);
	if ((error = compose_load(&file, src)) < 0)
		return error;

	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];

		check_ports(&ctx, svc);
		check_limits(&ctx, svc);
		check_read_only(&ctx, svc);
		check_no_new_privileges(&ctx, svc);
		check_privileged(&ctx, svc);
		check_capabilities(&ctx, svc);
		check_docker_socket(&ctx, svc);
		check_namespaces(&ctx, svc);
		check_secrets(&ctx, svc);
		check_healthcheck(&ctx, svc);
	}
	compose_free(file);
	return RM_OK;
}

const analyzer compose_analyzer = {
	.target = TARGET_COMPOSE,
	.analyze = analyze,
};
