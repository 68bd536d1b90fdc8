/*
 * SARIF 2.1.0 writer (OASIS Static Analysis Results Interchange Format),
 * for code-scanning dashboards and editors.  The log has one run whose
 * driver lists the rules that have results; skipped files go into the
 * run's invocation as notifications.  See writers.h for the mapping.
 */
#include "writers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json_out.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"

static const char *sarif_level(level severity)
{
	switch (severity) {
	case LEVEL_HIGH: return "error";
	case LEVEL_MEDIUM: return "warning";
	case LEVEL_LOW: return "note";
	default: return "none";
	}
}

/* GitHub code scanning reads "security-severity" (a score from 0.0 to
 * 10.0 as a string) to rank alerts; 7.0 and up shows as high, 4.0 to 6.9
 * as medium, below 4.0 as low. */
static const char *security_severity(level severity)
{
	switch (severity) {
	case LEVEL_HIGH: return "8.0";
	case LEVEL_MEDIUM: return "5.0";
	case LEVEL_LOW: return "2.0";
	default: return "0.0";
	}
}

static const char *precision(level confidence)
{
	switch (confidence) {
	case LEVEL_HIGH: return "high";
	case LEVEL_MEDIUM: return "medium";
	default: return "low";
	}
}

/*
 * Returns a newly allocated URI for a path: percent-encoded, "./"
 * prefixes removed, absolute paths as file:// URIs.  Only RFC 3986's
 * unreserved characters and "/" stay as they are, which also keeps a
 * ":" in the first segment from reading as a scheme.
 */
static char *path_to_uri(const char *path, bool *relative)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len, used = 0;
	char *uri;

	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	*relative = path[0] != '/';
	len = strlen(path);
	uri = rm_xmalloc(len * 3 + sizeof("file://"));
	if (!*relative) {
		memcpy(uri, "file://", 7);
		used = 7;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			uri[used++] = (char)c;
		} else {
			uri[used++] = '%';
			uri[used++] = hex[c >> 4];
			uri[used++] = hex[c & 15];
		}
	}
	uri[used] = '\0';
	return uri;
}

static void write_artifact_location(jout *w, const char *path)
{
	bool relative;
	char *uri = path_to_uri(path, &relative);

	jout_key(w, "artifactLocation");
	jout_begin_object(w);
	jout_key_string(w, "uri", uri);
	if (relative)
		jout_key_string(w, "uriBaseId", SRCROOT);
	jout_end_object(w);
	free(uri);
}

/* Converts a 0-based byte column to SARIF's 1-based code-point column,
 * reading the line from the code excerpt; without it, bytes are used. */
static int sarif_column(const finding *f, int line, int byte_col)
{
	size_t len;
	const char *text = writer_code_line(f, line, &len);

	if (byte_col < 0)
		byte_col = 0;
	if (!text)
		return byte_col + 1;
	return jout_code_points(text, len, (size_t)byte_col) + 1;
}

/*
 * Builds the flagged text (the region's snippet) from the excerpt.
 * Returns a newly allocated string, or NULL when the excerpt does not
 * cover the whole region.  Lines are joined with "\n".
 */
static char *region_snippet(const finding *f, int end_line)
{
	size_t cap = 64, used = 0;
	char *out = rm_xmalloc(cap);

	for (int line = f->line; line <= end_line; line++) {
		size_t len, from = 0, to;
		const char *text = writer_code_line(f, line, &len);

		/* A line the excerpt cut short gives no snippet rather than a
		 * wrong one. */
		if (!text || (line == f->line && f->col > 0 && (size_t)f->col > len) ||
		    (line == end_line && f->end_col > 0 && (size_t)f->end_col > len)) {
			free(out);
			return NULL;
		}
		to = len;
		if (line == f->line && f->col > 0)
			from = (size_t)f->col < len ? (size_t)f->col : len;
		if (line == end_line && (size_t)f->end_col < len)
			to = f->end_col > 0 ? (size_t)f->end_col : 0;
		if (to < from)
			to = from;
		if (used + (to - from) + 2 > cap) {
			cap = (used + (to - from) + 2) * 2;
			out = rm_xrealloc(out, cap);
		}
		memcpy(out + used, text + from, to - from);
		used += to - from;
		if (line < end_line)
			out[used++] = '\n';
	}
	out[used] = '\0';
	return out;
}

static void write_region(jout *w, const finding *f)
{
	int end_line = f->end_line >= f->line ? f->end_line : f->line;
	int start_col = f->col_chars >= 0 ? f->col_chars + 1 :
			sarif_column(f, f->line, f->col);
	int end_col = f->end_col_chars >= 0 && end_line == f->end_line ?
		      f->end_col_chars + 1 : sarif_column(f, end_line, f->end_col);
	char *snippet;

	if (end_line == f->line && end_col < start_col)
		end_col = start_col;

	jout_key(w, "region");
	jout_begin_object(w);
	jout_key_int(w, "startLine", f->line);
	jout_key_int(w, "startColumn", start_col);
	jout_key_int(w, "endLine", end_line);
	jout_key_int(w, "endColumn", end_col);
	snippet = region_snippet(f, end_line);
	if (snippet) {
		jout_key(w, "snippet");
		jout_begin_object(w);
		jout_key_string(w, "text", snippet);
		jout_end_object(w);
		free(snippet);
	}
	jout_end_object(w);
}

static void write_text_object(jout *w, const char *key, const char *text)
{
	jout_key(w, key);
	jout_begin_object(w);
	jout_key_string(w, "text", text);
	jout_end_object(w);
}

static void write_rule(jout *w, const rule *rl)
{
	bool has_url = rl->more_info &&
		       (strncmp(rl->more_info, "https://", 8) == 0 ||
			strncmp(rl->more_info, "http://", 7) == 0);

	jout_begin_object(w);
	jout_key_string(w, "id", rl->id);
	jout_key_string(w, "name", rl->name);
	write_text_object(w, "shortDescription", rl->message);
	write_text_object(w, "fullDescription",
			  rl->description ? rl->description : rl->message);
	if (rl->remedy)
		write_text_object(w, "help", rl->remedy);
	if (has_url)
		jout_key_string(w, "helpUri", rl->more_info);

	jout_key(w, "defaultConfiguration");
	jout_begin_object(w);
	jout_key_string(w, "level", sarif_level(rl->severity));
	jout_end_object(w);

	jout_key(w, "properties");
	jout_begin_object(w);
	jout_key(w, "tags");
	jout_begin_array(w);
	jout_string(w, "security");
	if (rl->cwe > 0) {
		/* The tag form GitHub code scanning reads CWE ids from. */
		char tag[48];
		snprintf(tag, sizeof(tag), "external/cwe/cwe-%d", rl->cwe);
		jout_string(w, tag);
	}
	jout_end_array(w);
	jout_key_string(w, "precision", precision(rl->confidence));
	jout_key_string(w, "security-severity",
			security_severity(rl->severity));
	jout_end_object(w);
	jout_end_object(w);
}

static int compare_rule_ids(const void *a, const void *b)
{
	return strcmp((*(const rule *const *)a)->id,
		      (*(const rule *const *)b)->id);
}

/* Collects the distinct rules of the findings, sorted by id.  Returns a
 * newly allocated array and stores its length in *count. */
static const rule **used_rules(const scan_result *r, size_t *count)
{
	const rule **rules = rm_xcalloc(r->findings.count + 1, sizeof(*rules));
	size_t n = 0;

	for (size_t i = 0; i < r->findings.count; i++) {
		const rule *rl = r->findings.items[i].rule;
		size_t k = 0;

		while (k < n && rules[k] != rl)
			k++;
		if (k == n)
			rules[n++] = rl;
	}
	qsort(rules, n, sizeof(*rules), compare_rule_ids);
	*count = n;
	return rules;
}

static long rule_index(const rule **rules, size_t count, const rule *rl)
{
	for (size_t i = 0; i < count; i++)
		if (rules[i] == rl)
			return (long)i;
	return -1;
}

static void write_result(jout *w, const finding *f, long index)
{
	jout_begin_object(w);
	jout_key_string(w, "ruleId", f->rule->id);
	jout_key_int(w, "ruleIndex", index);
	jout_key_string(w, "level", sarif_level(f->severity));
	write_text_object(w, "message", f->message);

	jout_key(w, "locations");
	jout_begin_array(w);
	jout_begin_object(w);
	jout_key(w, "physicalLocation");
	jout_begin_object(w);
	write_artifact_location(w, f->path);
	write_region(w, f);
	jout_end_object(w);
	jout_end_object(w);
	jout_end_array(w);

	/* Bandit's levels, because `level` folds confidence away. */
	jout_key(w, "properties");
	jout_begin_object(w);
	jout_key_string(w, "confidence", level_name(f->confidence));
	jout_key_string(w, "severity", level_name(f->severity));
	jout_end_object(w);
	jout_end_object(w);
}

static void write_invocation(jout *w, const scan_result *r)
{
	jout_begin_array(w);
	jout_begin_object(w);
	jout_key_bool(w, "executionSuccessful", true);
	jout_key(w, "toolExecutionNotifications");
	jout_begin_array(w);
	for (size_t i = 0; i < r->errors_count; i++) {
		char *text = rm_xasprintf("file skipped: %s",
					  r->errors[i].reason);

		jout_begin_object(w);
		jout_key_string(w, "level", "warning");
		write_text_object(w, "message", text);
		jout_key(w, "locations");
		jout_begin_array(w);
		jout_begin_object(w);
		jout_key(w, "physicalLocation");
		jout_begin_object(w);
		write_artifact_location(w, r->errors[i].path);
		jout_end_object(w);
		jout_end_object(w);
		jout_end_array(w);
		jout_end_object(w);
		free(text);
	}
	jout_end_array(w);
	jout_end_object(w);
	jout_end_array(w);
}

int writer_sarif(FILE *out, const scan_result *r, const char *tool_version)
{
	size_t rule_count;
	const rule **rules = used_rules(r, &rule_count);
	jout w;

	jout_init(&w, out, JOUT_UTF8);
	jout_begin_object(&w);
	jout_key_string(&w, "$schema", SARIF_SCHEMA);
	jout_key_string(&w, "version", "2.1.0");
	jout_key(&w, "runs");
	jout_begin_array(&w);
	jout_begin_object(&w);

	jout_key(&w, "tool");
	jout_begin_object(&w);
	jout_key(&w, "driver");
	jout_begin_object(&w);
	jout_key_string(&w, "name", "remediate");
	if (tool_version)
		jout_key_string(&w, "version", tool_version);
	jout_key(&w, "rules");
	jout_begin_array(&w);
	for (size_t i = 0; i < rule_count; i++)
		write_rule(&w, rules[i]);
	jout_end_array(&w);
	jout_end_object(&w);
	jout_end_object(&w);

	jout_key(&w, "invocations");
	write_invocation(&w, r);
	jout_key_string(&w, "columnKind", "unicodeCodePoints");

	jout_key(&w, "results");
	jout_begin_array(&w);
	for (size_t i = 0; i < r->findings.count; i++) {
		const finding *f = &r->findings.items[i];
		write_result(&w, f, rule_index(rules, rule_count, f->rule));
	}
	jout_end_array(&w);

	jout_end_object(&w);
	jout_end_array(&w);
	jout_end_object(&w);
	fputc('\n', out);
	free(rules);

	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		rm_error_set("cannot write the SARIF log: %s",
			     errno ? strerror(errno) : "output error");
		return RM_EIO;
	}
	return RM_OK;
}
