/*
 * What the report reads from the hardened tree: the history (through
 * audit.h, the only libgit2 user), the fixed findings from the commit
 * trailers, and the records of the last commit in .remediate/: the two
 * scans in Bandit's JSON, the list of findings left for a person, and the
 * optional end-to-end check results.
 *
 * Records are read from the HEAD commit; a record that HEAD lacks is read
 * from the work tree instead, so results added after the last commit
 * (such as verification.json) are still reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"
#include "report_internal.h"

/* --- commits -------------------------------------------------------------- */

bool report_has_step(const audit_commit *c, const char *step)
{
	for (size_t i = 0; i < c->trailer_count; i++)
		if (strcasecmp(c->trailers[i].key, "Step") == 0 &&
		    strcasecmp(c->trailers[i].value, step) == 0)
			return true;
	return false;
}

void report_date(char buf[16], const audit_commit *c)
{
	time_t t = (time_t)(c->time + (long long)c->offset_minutes * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
}

/* Returns the lines of one paragraph as one new line of text. */
static char *unwrap(const char *text, size_t len)
{
	char *out = rm_xmalloc(len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

char **report_paragraphs(const audit_commit *c, size_t *count)
{
	const char *p = c->body;
	char **out = NULL;

	*count = 0;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *para = unwrap(p, len);

		if (*para) {
			out = rm_xrealloc(out, (*count + 1) * sizeof(char *));
			out[(*count)++] = para;
		} else {
			free(para);
		}
		p += len;
		while (*p == '\n')
			p++;
	}
	return out;
}

void report_strings_free(char **strings, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}

/* Splits the trailers of every commit into fixed findings. */
static void collect_fixes(report_data *d)
{
	for (size_t i = 0; i < d->log_count; i++) {
		const audit_commit *c = &d->log[i];
		bool port = report_has_step(c, "port");
		report_fix *cur = NULL;

		if (port)
			d->port_commits++;
		for (size_t t = 0; t < c->trailer_count; t++) {
			const char *key = c->trailers[t].key;
			const char *value = c->trailers[t].value;

			if (strcasecmp(key, "Rule") == 0) {
				d->fixes = rm_xrealloc(d->fixes, (d->fix_count + 1) *
								 sizeof(report_fix));
				cur = &d->fixes[d->fix_count++];
				memset(cur, 0, sizeof(*cur));
				cur->commit = c;
				cur->rule_id = value;
				cur->rule = catalog_find(value);
				cur->by_port = port;
			} else if (!cur) {
				continue;
			} else if (strcasecmp(key, "CWE") == 0) {
				cur->cwe = value;
			} else if (strcasecmp(key, "Severity") == 0) {
				cur->severity = value;
			} else if (strcasecmp(key, "Confidence") == 0) {
				cur->confidence = value;
			} else if (strcasecmp(key, "Location") == 0) {
				cur->location = value;
			} else if (strcasecmp(key, "Verified") == 0) {
				cur->verified = value;
			}
		}
	}
}

/* --- records -------------------------------------------------------------- */

/* Reads .remediate/NAME from HEAD, else from the work tree.  Returns 0,
 * RM_ENOTFOUND when neither has it, or another error. */
static int read_record(char **out, report_data *d, const char *name)
{
	char *rel = rm_xasprintf(REPORT_RECORD_DIR "/%s", name);
	char *path = NULL;
	size_t len;
	FILE *file;
	int error;

	*out = NULL;
	error = audit_read_file(out, &len, d->repo, "HEAD", rel);
	if (error != RM_ENOTFOUND)
		goto done;

	path = rm_xasprintf("%s/%s", audit_workdir(d->repo), rel);
	file = fopen(path, "rb");
	if (!file) {
		if (errno == ENOENT) {
			error = RM_ENOTFOUND;
		} else {
			rm_error_set("cannot read '%s': %s", path, strerror(errno));
			error = RM_EIO;
		}
		goto done;
	}
	{
		size_t cap = 4096, n = 0, got;
		char *buf = rm_xmalloc(cap + 1);

		while ((got = fread(buf + n, 1, cap - n, file)) > 0) {
			n += got;
			if (n == cap) {
				cap *= 2;
				buf = rm_xrealloc(buf, cap + 1);
			}
		}
		buf[n] = '\0';
		if (ferror(file)) {
			rm_error_set("cannot read '%s': %s", path, strerror(errno));
			free(buf);
			error = RM_EIO;
		} else {
			*out = buf;
			error = RM_OK;
		}
		fclose(file);
	}
done:
	free(rel);
	free(path);
	return error;
}

static int malformed(const char *name, const char *what)
{
	rm_error_set("malformed record '" REPORT_RECORD_DIR "/%s': %s: regenerate the tree with 'remediate BEFORE AFTER'",
		     name, what);
	return RM_EINVALID;
}

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int get_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static void item_free(report_item *it)
{
	free(it->rule_id);
	free(it->path);
	free(it->message);
	free(it->reason);
	free(it->recommendation);
}

/* Reads one of the scans in Bandit's JSON. */
static int load_scan(report_scan *out, report_data *d, const char *name)
{
	const cJSON *results, *r;
	cJSON *root = NULL;
	char *text = NULL;
	int error;

	error = read_record(&text, d, name);
	if (error == RM_ENOTFOUND)
		return RM_OK;
	if (error < 0)
		return error;
	root = cJSON_Parse(text);
	results = cJSON_GetObjectItemCaseSensitive(root, "results");
	if (!cJSON_IsArray(results)) {
		error = malformed(name, root ? "no 'results' list" : "not JSON");
		goto done;
	}
	out->present = true;
	{
		const cJSON *errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
		const cJSON *e;

		cJSON_ArrayForEach(e, errors) {
			const char *file = get_string(e, "filename");

			if (!file)
				continue;
			out->unscanned = rm_xrealloc(out->unscanned,
						     (out->unscanned_count + 1) * sizeof(char *));
			out->unscanned[out->unscanned_count++] = rm_xstrdup(file);
		}
	}
	cJSON_ArrayForEach(r, results) {
		const char *id = get_string(r, "test_id");
		const char *path = get_string(r, "filename");
		const char *sev = get_string(r, "issue_severity");
		const char *msg = get_string(r, "issue_text");
		report_item *it;
		level lv = LEVEL_UNDEFINED;

		if (!id || !path || !sev || !msg || level_parse(&lv, sev) < 0) {
			error = malformed(name, "a result lacks test_id, filename, issue_severity or issue_text");
			goto done;
		}
		out->items = rm_xrealloc(out->items, (out->count + 1) * sizeof(report_item));
		it = &out->items[out->count++];
		memset(it, 0, sizeof(*it));
		it->rule_id = rm_xstrdup(id);
		it->path = rm_xstrdup(path);
		it->line = get_int(r, "line_number");
		it->col = get_int(r, "col_offset") + 1;
		it->severity = lv;
		it->message = rm_xstrdup(msg);
		out->severity[lv]++;
		out->total++;
	}
done:
	cJSON_Delete(root);
	free(text);
	return error;
}

static int compare_items(const void *a, const void *b)
{
	const report_item *x = a, *y = b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule_id, y->rule_id);
}

static int load_manual(report_data *d)
{
	const char *name = "manual.json";
	const cJSON *list, *m;
	cJSON *root = NULL;
	char *text = NULL;
	int error;

	error = read_record(&text, d, name);
	if (error == RM_ENOTFOUND)
		return RM_OK;
	if (error < 0)
		return error;
	root = cJSON_Parse(text);
	list = cJSON_GetObjectItemCaseSensitive(root, "manual");
	if (!cJSON_IsArray(list)) {
		error = malformed(name, root ? "no 'manual' list" : "not JSON");
		goto done;
	}
	d->have_manual = true;
	cJSON_ArrayForEach(m, list) {
		const char *id = get_string(m, "rule");
		const char *path = get_string(m, "path");
		const char *sev = get_string(m, "severity");
		const char *msg = get_string(m, "message");
		const char *reason = get_string(m, "reason");
		const char *rec = get_string(m, "recommendation");
		report_item *it;
		level lv = LEVEL_UNDEFINED;

		if (!id || !path || !sev || !msg || !reason ||
		    level_parse(&lv, sev) < 0) {
			error = malformed(name, "an entry lacks rule, path, severity, message or reason");
			goto done;
		}
		d->manual = rm_xrealloc(d->manual, (d->manual_count + 1) * sizeof(report_item));
		it = &d->manual[d->manual_count++];
		memset(it, 0, sizeof(*it));
		it->rule_id = rm_xstrdup(id);
		it->path = rm_xstrdup(path);
		it->line = get_int(m, "line");
		it->col = get_int(m, "column");
		it->severity = lv;
		it->message = rm_xstrdup(msg);
		it->reason = rm_xstrdup(reason);
		it->recommendation = rm_xstrdup(rec ? rec : "");
	}
	if (d->manual_count > 1)
		qsort(d->manual, d->manual_count, sizeof(report_item), compare_items);
done:
	cJSON_Delete(root);
	free(text);
	return error;
}

static int load_verification(report_data *d)
{
	const char *name = "verification.json";
	char *text = NULL;
	int error;

	error = read_record(&text, d, name);
	if (error == RM_ENOTFOUND)
		return RM_OK;
	if (error < 0)
		return error;
	d->verification = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(d->verification, "checks")))
		return malformed(name, d->verification ? "no 'checks' list" : "not JSON");
	return RM_OK;
}

/* --- loading -------------------------------------------------------------- */

int report_data_load(report_data *out, const char *after)
{
	char reason[512] = "";
	bool ours = false;
	char *text = NULL;
	size_t len;
	int error;

	memset(out, 0, sizeof(*out));
	error = audit_open_existing(&out->repo, after);
	if (error == RM_ENOTFOUND) {
		char detail[512];
		snprintf(detail, sizeof(detail), "%s", rm_error_last());
		rm_error_set("cannot report on '%s': %s: give the folder that 'remediate BEFORE AFTER' wrote",
			     after, detail);
		return RM_ENOTFOUND;
	}
	if (error < 0)
		return error;

	error = audit_made_by_tool(out->repo, &ours, reason, sizeof(reason));
	if (error < 0)
		return error;
	if (!ours) {
		rm_error_set("cannot report on '%s': it was not written by remediate (%s): give the folder that 'remediate BEFORE AFTER' wrote",
			     after, reason);
		return RM_EINVALID;
	}

	error = audit_log(out->repo, &out->log, &out->log_count);
	if (error < 0)
		return error;
	collect_fixes(out);

	error = audit_read_file(&text, &len, out->repo, "HEAD", "service.json");
	free(text);
	if (error == RM_OK)
		out->has_service_json = true;
	else if (error != RM_ENOTFOUND)
		return error;

	if ((error = load_scan(&out->before, out, "scan-before.json")) < 0 ||
	    (error = load_scan(&out->after, out, "scan-after.json")) < 0 ||
	    (error = load_manual(out)) < 0 ||
	    (error = load_verification(out)) < 0)
		return error;
	rm_error_clear();
	return RM_OK;
}

static void scan_free(report_scan *s)
{
	for (size_t i = 0; i < s->unscanned_count; i++)
		free(s->unscanned[i]);
	free(s->unscanned);
	for (size_t i = 0; i < s->count; i++)
		item_free(&s->items[i]);
	free(s->items);
}

void report_data_free(report_data *d)
{
	scan_free(&d->before);
	scan_free(&d->after);
	for (size_t i = 0; i < d->manual_count; i++)
		item_free(&d->manual[i]);
	free(d->manual);
	cJSON_Delete(d->verification);
	free(d->fixes);
	audit_log_free(d->log, d->log_count);
	audit_repo_free(d->repo);
	memset(d, 0, sizeof(*d));
}
