/*
 * The daemon.json fixers (RJ3xx) and the hardened daemon.json.
 *
 * Each fixer sets one setting of an existing daemon.json.  A wrong value
 * is replaced where it is written.  A missing key is added after the
 * last key in the file's own layout (one line per key with its
 * indentation, or all on one line), so the rest of the file keeps its
 * bytes.
 * userns-remap (RJ302) is never switched on in an existing file, because
 * it moves dockerd to a new storage directory and changes the owner of
 * every file a container writes; fix_daemon_hardened writes it only into
 * a new daemon.json, where no containers depend on the old mapping yet.
 *
 * A daemon.json in a repository is a template: it takes effect when it
 * is installed as /etc/docker/daemon.json and dockerd is restarted.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon/daemon.h"
#include "edit.h"
#include "error.h"
#include "fixers/fix_daemon.h"
#include "fixers/fixers.h"

/* A key with a JSON value: `value` (compact JSON text) or `members`. */
typedef struct json_member {
	const char *key;
	const char *value;
	const struct json_member *members;
	size_t member_count;
} json_member;

static const json_member log_limits[] = {
	{ "max-size", "\"10m\"", NULL, 0 },
	{ "max-file", "\"3\"", NULL, 0 },
};

/* What each rule explains in its commit. */
typedef struct setting {
	const char *rule;
	json_member member;
	const char *subject;       /* imperative, without the file */
	const char *problem;
	const char *change;        /* what it does and what it can break */
} setting;

static const setting settings[] = {
	{
		"RJ301", { "icc", "false", NULL, 0 },
		"Turn off inter-container traffic",
		"Inter-container communication on the default bridge network was on, so every container started there could reach every port of the others, and one compromised container could attack its neighbours.",
		"\"icc\": false makes containers on the default bridge reach each other only through published ports or legacy links. Networks that Compose or `docker network create` make have their own setting and are not affected, so Compose services still talk over their networks. It breaks containers started with plain `docker run` that talk to each other by address on the default bridge; put them on a user-defined network.",
	},
	{
		"RJ302", { "userns-remap", "\"default\"", NULL, 0 },
		NULL, NULL,
		"\"userns-remap\": \"default\" makes dockerd create the user dockremap and map root in every container to an unprivileged range of host UIDs from /etc/subuid, so a process that escapes a container is not root on the host. It changes the most: dockerd keeps images and containers in a new directory for the mapping (/var/lib/docker/UID.GID), so existing images must be pulled again; host files and volumes owned by the old UIDs become unreadable inside containers until their owner is changed; and --privileged, --pid=host and --network=host need --userns=host.",
	},
	{
		"RJ303", { "live-restore", "true", NULL, 0 },
		"Enable live restore",
		"Live restore was off, so stopping or upgrading dockerd stopped every container, and a daemon restart was an outage of the service.",
		"\"live-restore\": true keeps standalone containers running while dockerd is stopped or restarted; it does not apply to Swarm services. While dockerd is down nobody reads the containers' output, so a container that writes more than the pipe buffer (64 KiB by default) blocks until dockerd is back.",
	},
	{
		"RJ304", { "userland-proxy", "false", NULL, 0 },
		"Turn off the userland proxy",
		"The userland proxy was on, so every published port was forwarded by a docker-proxy process in user space: more code listening on the network than the kernel's NAT rules that do the same job.",
		"\"userland-proxy\": false leaves the forwarding of published ports to iptables (or nftables) NAT rules, including connections from the host's own loopback address. It breaks published ports on hosts where dockerd cannot install those rules, for example with \"iptables\": false.",
	},
	{
		"RJ305", { "no-new-privileges", "true", NULL, 0 },
		"Forbid new privileges by default",
		"Containers could gain privileges by default: in any container whose own settings did not forbid it, a setuid or setgid program or one with file capabilities could raise the privileges of an attacker's process.",
		"\"no-new-privileges\": true sets no-new-privileges for every container, so the kernel ignores setuid and setgid bits and file capabilities when a container's processes execute a program. It breaks containers that rely on such programs, such as sudo, su, or ping installed setuid; a root process that switches to another user (gosu, su-exec) keeps working.",
	},
	{
		"RJ306", { "log-opts", NULL, log_limits, 2 },
		"Limit the size of container logs",
		"Container logs could grow without limit: the json-file logging driver keeps every line unless max-size is set, so a chatty or attacked container could fill the host's disk.",
		"The json-file driver now keeps at most 3 files of 10 MB per container and rotates older lines away, so keep logs that must last elsewhere (a remote logging driver or a log shipper). `docker logs` shows only what the files still hold. The setting applies to containers created after dockerd restarts.",
	},
};

static const setting *setting_for(const char *rule)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].rule, rule) == 0)
			return &settings[i];
	return NULL;
}

/* --- strings --------------------------------------------------------------- */

static void append(char **text, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends formatted text to *text, which may be NULL. */
static void append(char **text, const char *fmt, ...)
{
	char *piece = NULL, *joined;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&piece, fmt, ap) < 0) {
		fprintf(stderr, "remediate: out of memory\n");
		abort();
	}
	va_end(ap);
	joined = rm_xasprintf("%s%s", *text ? *text : "", piece);
	free(piece);
	free(*text);
	*text = joined;
}

/* --- layout ---------------------------------------------------------------- */

/* How an object's members are laid out: one per line with `indent`, or
 * all on one line. */
typedef struct json_style {
	const char *newline;
	char *indent;              /* owned */
	bool one_line;
} json_style;

static bool is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The layout of the object whose first member's key starts at
 * `first_key` (0 when it has none) and whose brace is at `open`. */
static void detect_style(json_style *st, const source *src, size_t open,
			 size_t first_key)
{
	size_t line;

	st->newline = edit_newline(src->text, src->len);
	st->one_line = false;
	if (!first_key) {
		st->indent = rm_xstrdup("  ");
		return;
	}
	line = edit_line_start(src->text, src->len, first_key);
	if (line <= open) {
		st->one_line = true;
		st->indent = rm_xstrdup("");
		return;
	}
	st->indent = rm_xstrndup(src->text + line, first_key - line);
	for (const char *p = st->indent; *p; p++)
		if (*p != ' ' && *p != '\t') {
			free(st->indent);
			st->indent = rm_xstrdup("  ");
			break;
		}
}

/* Renders a member's value; nested objects get one more indent level
 * than `depth`. */
static char *render_value(const json_member *m, const json_style *st, int depth)
{
	char *out = NULL;

	if (m->value)
		return rm_xstrdup(m->value);
	append(&out, "{");
	for (size_t i = 0; i < m->member_count; i++) {
		char *inner = render_value(&m->members[i], st, depth + 1);

		if (st->one_line) {
			append(&out, "%s\"%s\": %s", i ? ", " : "", m->members[i].key,
			       inner);
		} else {
			append(&out, "%s%s", i ? "," : "", st->newline);
			for (int d = 0; d <= depth; d++)
				append(&out, "%s", st->indent);
			append(&out, "\"%s\": %s", m->members[i].key, inner);
		}
		free(inner);
	}
	if (!st->one_line) {
		append(&out, "%s", st->newline);
		for (int d = 0; d < depth; d++)
			append(&out, "%s", st->indent);
	}
	append(&out, "}");
	return out;
}

/* "\"key\": value" for a member of an object at nesting `depth`. */
static char *render_member(const json_member *m, const json_style *st, int depth)
{
	char *value = render_value(m, st, depth);
	char *out = rm_xasprintf("\"%s\": %s", m->key, value);

	free(value);
	return out;
}

/* The separator before a member appended after the last one. */
static char *separator(const json_style *st, int depth)
{
	char *out = NULL;

	if (st->one_line)
		return rm_xstrdup(", ");
	append(&out, ",%s", st->newline);
	for (int d = 0; d < depth; d++)
		append(&out, "%s", st->indent);
	return out;
}

/* --- members of a nested object ------------------------------------------- */

typedef struct json_span {
	size_t key_start, value_start, value_end;
	char *name;
} json_span;

static size_t skip_space(const char *text, size_t end, size_t at)
{
	while (at < end && is_json_space(text[at]))
		at++;
	return at;
}

static size_t skip_string(const char *text, size_t end, size_t at)
{
	for (at++; at < end; at++) {
		if (text[at] == '\\')
			at++;
		else if (text[at] == '"')
			return at + 1;
	}
	return end;
}

static size_t skip_value(const char *text, size_t end, size_t at)
{
	int depth = 0;

	if (at < end && text[at] == '"')
		return skip_string(text, end, at);
	if (at < end && text[at] != '{' && text[at] != '[') {
		while (at < end && !is_json_space(text[at]) &&
		       !strchr(",}]", text[at]))
			at++;
		return at;
	}
	while (at < end) {
		char c = text[at];

		if (c == '"') {
			at = skip_string(text, end, at);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return at + 1;
		at++;
	}
	return end;
}

/* Lists the members of the object text[start, end) (cJSON has already
 * accepted the text, so it is well formed).  Returns the count. */
static size_t scan_members(json_span **out, const char *text, size_t start,
			   size_t end)
{
	size_t count = 0, at = skip_space(text, end, start + 1);

	*out = NULL;
	while (at < end && text[at] == '"') {
		json_span span;
		size_t key_end = skip_string(text, end, at);

		span.key_start = at;
		span.name = rm_xstrndup(text + at + 1, key_end - at - 2);
		at = skip_space(text, end, key_end);
		at = skip_space(text, end, at + 1);   /* the colon */
		span.value_start = at;
		span.value_end = skip_value(text, end, at);
		*out = rm_xrealloc(*out, (count + 1) * sizeof(**out));
		(*out)[count++] = span;
		at = skip_space(text, end, span.value_end);
		if (at < end && text[at] == ',')
			at = skip_space(text, end, at + 1);
	}
	return count;
}

static void spans_free(json_span *spans, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(spans[i].name);
	free(spans);
}

/* --- planning edits -------------------------------------------------------- */

typedef struct daemon_plan {
	const source *src;
	const daemon_file *df;
	json_style style;
	edit_list edits;
	char *appended;            /* members to add after the last key */
	char **changed;            /* keys set, for the commit body */
	size_t changed_count;
} daemon_plan;

static void note_change(daemon_plan *p, const char *key)
{
	p->changed = rm_xrealloc(p->changed, (p->changed_count + 1) * sizeof(char *));
	p->changed[p->changed_count++] = rm_xstrdup(key);
}

static void plan_init(daemon_plan *p, const source *src, const daemon_file *df)
{
	memset(p, 0, sizeof(*p));
	p->src = src;
	p->df = df;
	detect_style(&p->style, src, df->open_brace,
		     df->key_count ? df->keys[0].key_start : 0);
}

static void plan_free(daemon_plan *p)
{
	edit_list_clear(&p->edits);
	free(p->appended);
	free(p->style.indent);
	for (size_t i = 0; i < p->changed_count; i++)
		free(p->changed[i]);
	free(p->changed);
}

/* Queues a member for the end of the top-level object. */
static void add_member(daemon_plan *p, const json_member *m)
{
	char *member = render_member(m, &p->style, 1);

	append(&p->appended, "%s%s", p->appended ? "\x1f" : "", member);
	free(member);
	note_change(p, m->key);
}

/* Sets a top-level scalar member to m->value unless it has that value. */
static int want_scalar(daemon_plan *p, const json_member *m)
{
	const daemon_key *key = daemon_find_key(p->df, m->key);
	cJSON *expected;
	bool same;
	int error;

	if (!key) {
		add_member(p, m);
		return RM_OK;
	}
	expected = cJSON_Parse(m->value);
	same = expected && cJSON_Compare(key->value, expected, true);
	cJSON_Delete(expected);
	if (same)
		return RM_OK;
	error = edit_list_add(&p->edits, key->value_start, key->value_end, m->value);
	if (error == RM_OK)
		note_change(p, m->key);
	return error;
}

/* Sets max-size (and max-file next to it) in log-opts for the json-file
 * driver, or turns "-1" back into a limit for the local driver. */
static int want_log_limit(daemon_plan *p)
{
	const daemon_key *driver = daemon_find_key(p->df, "log-driver");
	const daemon_key *opts = daemon_find_key(p->df, "log-opts");
	const json_member *limits = &setting_for("RJ306")->member;
	const char *name = driver && cJSON_IsString(driver->value) ?
			   driver->value->valuestring : "json-file";
	json_span *spans = NULL;
	size_t count, last_end = 0;
	int error = RM_OK;
	bool changed = false;
	char *inner = NULL;

	if (strcmp(name, "json-file") != 0 && strcmp(name, "local") != 0)
		return RM_OK;
	if (!opts) {
		if (strcmp(name, "json-file") == 0)
			add_member(p, limits);
		return RM_OK;
	}
	if (!cJSON_IsObject(opts->value) ||
	    opts->value_end - opts->value_start < 2) {
		char *value = render_value(limits, &p->style, 1);

		error = edit_list_add(&p->edits, opts->value_start, opts->value_end,
				      value);
		free(value);
		note_change(p, "log-opts");
		return error;
	}

	count = scan_members(&spans, p->src->text, opts->value_start,
			     opts->value_end);
	for (size_t i = 0; i < sizeof(log_limits) / sizeof(log_limits[0]) &&
			   error == RM_OK; i++) {
		const json_member *m = &log_limits[i];
		const json_span *have = NULL;
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(opts->value, m->key);

		for (size_t j = 0; j < count; j++)
			if (strcmp(spans[j].name, m->key) == 0)
				have = &spans[j];
		if (strcmp(name, "local") == 0) {
			/* The local driver rotates by default; only -1 turns
			 * that off.  20m is its default size. */
			if (have && strcmp(m->key, "max-size") == 0 &&
			    cJSON_IsString(item) && strcmp(item->valuestring, "-1") == 0) {
				error = edit_list_add(&p->edits, have->value_start,
						      have->value_end, "\"20m\"");
				changed = true;
			}
			continue;
		}
		if (have && strcmp(m->key, "max-size") == 0 && cJSON_IsString(item) &&
		    item->valuestring[0] && strcmp(item->valuestring, "-1") != 0)
			continue;
		if (have && strcmp(m->key, "max-file") == 0)
			continue;
		if (have) {
			error = edit_list_add(&p->edits, have->value_start,
					      have->value_end, m->value);
			changed = true;
			continue;
		}
		append(&inner, "%s\"%s\": %s", inner ? "\x1f" : "", m->key, m->value);
	}

	/* New members go after the last one, in the object's own layout; an
	 * empty object is rewritten whole. */
	if (error == RM_OK && inner) {
		json_style st;
		char *text = NULL, *sep;

		detect_style(&st, p->src, opts->value_start,
			     count ? spans[0].key_start : 0);
		if (!count) {
			char *value = render_value(limits, &p->style, 1);

			error = edit_list_add(&p->edits, opts->value_start,
					      opts->value_end, value);
			free(value);
		} else {
			/* Nested members indent like the first one. */
			sep = st.one_line ? rm_xstrdup(", ") :
					    rm_xasprintf(",%s%s", st.newline, st.indent);
			last_end = spans[count - 1].value_end;
			for (char *part = inner; part; ) {
				char *next = strchr(part, '\x1f');

				append(&text, "%s%.*s", sep,
				       next ? (int)(next - part) : (int)strlen(part), part);
				part = next ? next + 1 : NULL;
			}
			error = edit_list_add(&p->edits, last_end, last_end, text);
			free(sep);
		}
		free(text);
		free(st.indent);
	}
	if (error == RM_OK && (inner || changed))
		note_change(p, "log-opts");
	free(inner);
	spans_free(spans, count);
	return error;
}

/* Applies the queued edits; *out is the new text of the file. */
static int plan_apply(daemon_plan *p, char **out, size_t *out_len)
{
	const daemon_file *df = p->df;
	int error;

	*out = NULL;
	if (p->appended && df->key_count) {
		char *sep = separator(&p->style, 1), *text = NULL;

		for (char *part = p->appended; part; ) {
			char *next = strchr(part, '\x1f');

			append(&text, "%s%.*s", sep,
			       next ? (int)(next - part) : (int)strlen(part), part);
			part = next ? next + 1 : NULL;
		}
		error = edit_list_add(&p->edits, df->keys[df->key_count - 1].value_end,
				      df->keys[df->key_count - 1].value_end, text);
		free(text);
		free(sep);
		if (error < 0)
			return error;
	} else if (p->appended) {
		/* An empty object, or a file of white space only: write the
		 * object whole. */
		char *text = NULL;
		size_t start = df->open_brace, end = df->close_brace + 1;

		append(&text, "{");
		for (char *part = p->appended; part; ) {
			char *next = strchr(part, '\x1f');

			append(&text, "%s%s%s%.*s", part == p->appended ? "" : ",",
			       p->style.newline, p->style.indent,
			       next ? (int)(next - part) : (int)strlen(part), part);
			part = next ? next + 1 : NULL;
		}
		append(&text, "%s}", p->style.newline);
		if (df->open_brace == df->close_brace) {
			start = 0;
			end = p->src->len;
			append(&text, "%s", p->style.newline);
		}
		error = edit_list_add(&p->edits, start, end, text);
		free(text);
		if (error < 0)
			return error;
	}
	return edit_apply(out, out_len, p->src->text, p->src->len, &p->edits);
}

/* --- the per-rule fixers --------------------------------------------------- */

static int plan_setting(fix *out, const fix_context *ctx)
{
	const setting *s = setting_for(ctx->finding->rule->id);
	daemon_file *df = NULL;
	daemon_plan p;
	char *text = NULL;
	size_t len = 0;
	int error;

	if ((error = daemon_load(&df, ctx->src)) < 0)
		return error;
	plan_init(&p, ctx->src, df);
	if (strcmp(s->rule, "RJ306") == 0)
		error = want_log_limit(&p);
	else
		error = want_scalar(&p, &s->member);
	if (error == RM_OK && p.changed_count == 0) {
		rm_error_set("'%s' already sets %s as %s requires: nothing to change",
			     ctx->finding->path, s->member.key, s->rule);
		error = RM_ENOTFOUND;
	}
	if (error == RM_OK)
		error = plan_apply(&p, &text, &len);
	if (error == RM_OK) {
		fix_set_file(out, ctx->finding->path, text, len);
		out->subject = rm_xasprintf("%s in %s (%s)", s->subject,
					    ctx->finding->path, s->rule);
		out->problem = rm_xstrdup(s->problem);
		out->change = rm_xasprintf("%s The file is a template: it takes effect when installed as /etc/docker/daemon.json and dockerd is restarted.",
					   s->change);
	}
	free(text);
	plan_free(&p);
	daemon_free(df);
	return error;
}

static int reject_userns_remap(fix *out, const fix_context *ctx)
{
	(void)out;
	rm_error_set("\"userns-remap\" is not switched on automatically in '%s': dockerd then keeps images and containers in a new directory (/var/lib/docker/UID.GID), so existing images must be pulled again, and host files and volumes owned by the old UIDs become unreadable inside containers. Recommendation: set \"userns-remap\": \"default\" during a maintenance window, pull the images again, change the owner of bind-mounted paths and volumes to the remapped range from /etc/subuid, and run services that need --privileged or the host's namespaces with --userns=host",
		     ctx->finding->path);
	return RM_ENOTFOUND;
}

const fixer daemon_fixers[] = {
	{ "RJ301", plan_setting },
	{ "RJ302", reject_userns_remap },
	{ "RJ303", plan_setting },
	{ "RJ304", plan_setting },
	{ "RJ305", plan_setting },
	{ "RJ306", plan_setting },
	{ NULL, NULL },
};

/* --- the hardened daemon.json ---------------------------------------------- */

static int compare_paths(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t dx = 0, dy = 0;

	for (const char *p = x; *p; p++)
		dx += *p == '/';
	for (const char *p = y; *p; p++)
		dy += *p == '/';
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x, y);
}

/* Collects the paths (relative to `root`) of files named daemon.json. */
static void find_daemon_files(char ***paths, size_t *count, const char *root,
			      const char *rel, int depth)
{
	char *dir = rel[0] ? rm_xasprintf("%s/%s", root, rel) : rm_xstrdup(root);
	DIR *d = depth < 32 ? opendir(dir) : NULL;
	struct dirent *entry;

	while (d && (entry = readdir(d))) {
		const char *name = entry->d_name;
		char *child, *full;
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    strcmp(name, ".git") == 0 || strcmp(name, ".remediate") == 0)
			continue;
		child = rel[0] ? rm_xasprintf("%s/%s", rel, name) : rm_xstrdup(name);
		full = rm_xasprintf("%s/%s", root, child);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			find_daemon_files(paths, count, root, child, depth + 1);
		} else if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
			   strcmp(name, "daemon.json") == 0) {
			*paths = rm_xrealloc(*paths, (*count + 1) * sizeof(char *));
			(*paths)[(*count)++] = child;
			child = NULL;
		}
		free(child);
		free(full);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* The body paragraph that explains every setting written. */
static char *explain(char **keys, size_t count, bool with_userns)
{
	char *out = NULL;

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const setting *s = &settings[i];
		bool listed = strcmp(s->rule, "RJ302") == 0 && with_userns;

		for (size_t k = 0; k < count && !listed; k++)
			listed = strcmp(keys[k], s->member.key) == 0;
		if (listed)
			append(&out, "%s%s", out ? " " : "", s->change);
	}
	return out ? out : rm_xstrdup("");
}

static int plan_new_file(fix *out)
{
	static const char content[] =
		"{\n"
		"  \"icc\": false,\n"
		"  \"userns-remap\": \"default\",\n"
		"  \"live-restore\": true,\n"
		"  \"userland-proxy\": false,\n"
		"  \"no-new-privileges\": true,\n"
		"  \"log-driver\": \"json-file\",\n"
		"  \"log-opts\": {\n"
		"    \"max-size\": \"10m\",\n"
		"    \"max-file\": \"3\"\n"
		"  }\n"
		"}\n";
	char *keys[] = { "icc", "live-restore", "userland-proxy",
			 "no-new-privileges", "log-opts" };
	char *why = explain(keys, 5, true);

	fix_set_file(out, "daemon.json", content, sizeof(content) - 1);
	out->subject = rm_xstrdup("Add a hardened daemon.json for the Docker host");
	out->problem = rm_xstrdup(
		"The tree had no daemon.json, so the host's dockerd ran with its defaults: containers on the default bridge could reach each other, root in a container was root on the host, a daemon restart stopped every container, containers could gain privileges through setuid programs, and their logs could fill the disk.");
	out->change = rm_xasprintf(
		"daemon.json sets each of these explicitly. %s The file is a template: install it as /etc/docker/daemon.json and restart dockerd. Because it changes the whole host, read what each setting can break before installing it.",
		why);
	free(why);
	return RM_OK;
}

int fix_daemon_hardened(fix *out, const char *root)
{
	char **paths = NULL, *full = NULL, *text = NULL;
	size_t count = 0, len = 0;
	source *src = NULL;
	daemon_file *df = NULL;
	daemon_plan p;
	int error;

	find_daemon_files(&paths, &count, root, "", 0);
	if (count == 0) {
		free(paths);
		return plan_new_file(out);
	}
	qsort(paths, count, sizeof(char *), compare_paths);
	full = rm_xasprintf("%s/%s", root, paths[0]);
	if ((error = source_load(&src, full, 1 << 20)) < 0)
		goto done;
	free(src->path);
	src->path = rm_xstrdup(paths[0]);
	if ((error = daemon_load(&df, src)) < 0)
		goto done;

	plan_init(&p, src, df);
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]) &&
			   error == RM_OK; i++) {
		const setting *s = &settings[i];

		if (strcmp(s->rule, "RJ302") == 0)
			continue;
		if (strcmp(s->rule, "RJ306") == 0)
			error = want_log_limit(&p);
		else
			error = want_scalar(&p, &s->member);
	}
	if (error == RM_OK && p.changed_count == 0) {
		rm_error_set("'%s' already has every setting remediate hardens (userns-remap is left to a person)",
			     paths[0]);
		error = RM_ENOTFOUND;
	}
	if (error == RM_OK)
		error = plan_apply(&p, &text, &len);
	if (error == RM_OK) {
		char *why = explain(p.changed, p.changed_count, false);
		bool has_userns = daemon_find_key(df, "userns-remap") != NULL;

		fix_set_file(out, paths[0], text, len);
		out->subject = rm_xasprintf("Harden the Docker daemon settings in %s",
					    paths[0]);
		out->problem = rm_xasprintf(
			"'%s' left %zu of the settings that protect containers from each other and the host at values that do not.",
			paths[0], p.changed_count);
		out->change = rm_xasprintf(
			"%s%s The file takes effect when installed as /etc/docker/daemon.json and dockerd is restarted.",
			why, has_userns ? "" :
			" \"userns-remap\" is not switched on here, because in a daemon that already runs containers it moves dockerd to a new storage directory and changes the owner of the files containers write; plan that switch by hand.");
		free(why);
	}
	free(text);
	plan_free(&p);

done:
	daemon_free(df);
	source_free(src);
	free(full);
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	return error;
}
