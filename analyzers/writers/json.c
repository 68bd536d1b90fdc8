/*
 * Bandit-compatible JSON writer.  The output is byte for byte what
 * Python's json.dumps(report, indent=2, sort_keys=True) prints for
 * Bandit's report of the same findings, plus a final newline.  Every
 * object's keys are written in code-point order, which for UTF-8 strings
 * is strcmp() order.
 */
#include "writers.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "json_out.h"

#define CWE_LINK "https://cwe.mitre.org/data/definitions/%d.html"

/* The metric counters of one file or of "_totals". */
typedef struct counts {
	long loc, nosec, skipped_tests;
	long severity[4], confidence[4];
} counts;

static void write_counts(jout *w, const counts *c)
{
	/* Sorted: upper-case keys first, then HIGH < LOW < MEDIUM < UNDEFINED. */
	static const level order[] = {
		LEVEL_HIGH, LEVEL_LOW, LEVEL_MEDIUM, LEVEL_UNDEFINED,
	};
	char key[32];

	jout_begin_object(w);
	for (size_t i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "CONFIDENCE.%s", level_name(order[i]));
		jout_key_int(w, key, c->confidence[order[i]]);
	}
	for (size_t i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "SEVERITY.%s", level_name(order[i]));
		jout_key_int(w, key, c->severity[order[i]]);
	}
	jout_key_int(w, "loc", c->loc);
	jout_key_int(w, "nosec", c->nosec);
	jout_key_int(w, "skipped_tests", c->skipped_tests);
	jout_end_object(w);
}

static void file_counts(counts *out, const file_metrics *m)
{
	out->loc = m->loc;
	out->nosec = m->nosec;
	out->skipped_tests = m->skipped_tests;
	memcpy(out->severity, m->severity, sizeof(out->severity));
	memcpy(out->confidence, m->confidence, sizeof(out->confidence));
}

static int compare_metric_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Writes "metrics".  Bandit sums the file entries into "_totals", and so
 * do we for loc, nosec and skipped_tests.  The level counts come from the
 * scan's own totals, which the scan driver counts over the same findings.
 * The "_totals" key sorts between upper- and lower-case file names, so it
 * is sorted together with them.
 */
static void write_metrics(jout *w, const scan_result *r)
{
	size_t n = r->metrics_count;
	const char **keys = rm_xcalloc(n + 1, sizeof(*keys));
	static const char totals_key[] = "_totals";
	counts totals = { 0 };

	for (size_t i = 0; i < n; i++) {
		keys[i] = r->metrics[i].path;
		totals.loc += r->metrics[i].loc;
		totals.nosec += r->metrics[i].nosec;
		totals.skipped_tests += r->metrics[i].skipped_tests;
	}
	memcpy(totals.severity, r->severity_totals, sizeof(totals.severity));
	memcpy(totals.confidence, r->confidence_totals,
	       sizeof(totals.confidence));
	keys[n] = totals_key;
	qsort(keys, n + 1, sizeof(*keys), compare_metric_keys);

	jout_begin_object(w);
	for (size_t k = 0; k <= n; k++) {
		counts c;

		/* Compared by pointer, so a file named "_totals" stays a file. */
		if (keys[k] == totals_key) {
			c = totals;
		} else {
			/* Find the entry by pointer: paths may repeat in
			 * principle, pointers do not. */
			size_t i = 0;
			while (r->metrics[i].path != keys[k])
				i++;
			file_counts(&c, &r->metrics[i]);
		}
		jout_key(w, keys[k]);
		write_counts(w, &c);
	}
	jout_end_object(w);
	free(keys);
}

static void write_errors(jout *w, const scan_result *r)
{
	jout_begin_array(w);
	for (size_t i = 0; i < r->errors_count; i++) {
		jout_begin_object(w);
		jout_key_string(w, "filename", r->errors[i].path);
		jout_key_string(w, "reason", r->errors[i].reason);
		jout_end_object(w);
	}
	jout_end_array(w);
}

static void write_more_info(jout *w, const rule *rl)
{
	char *link;

	if (rl->more_info) {
		jout_key_string(w, "more_info", rl->more_info);
		return;
	}
	/* Our own rules have no public page: link the rule's section in
	 * this repository's docs, whose anchors are the lowercase ids. */
	link = rm_xasprintf("docs/rules.md#%s", rl->id);
	for (char *p = strchr(link, '#'); *p; p++)
		*p = (char)tolower((unsigned char)*p);
	jout_key_string(w, "more_info", link);
	free(link);
}

static void write_result(jout *w, const finding *f)
{
	int first = f->range_first, last = f->range_last;

	jout_begin_object(w);
	jout_key_string(w, "code", f->code ? f->code : "");
	jout_key_int(w, "col_offset", f->col);
	jout_key_int(w, "end_col_offset", f->end_col);
	jout_key_string(w, "filename", f->path);
	jout_key_string(w, "issue_confidence", level_name(f->confidence));

	jout_key(w, "issue_cwe");
	jout_begin_object(w);
	if (f->rule->cwe > 0) {
		char link[80];
		snprintf(link, sizeof(link), CWE_LINK, f->rule->cwe);
		jout_key_int(w, "id", f->rule->cwe);
		jout_key_string(w, "link", link);
	}
	jout_end_object(w);

	jout_key_string(w, "issue_severity", level_name(f->severity));
	jout_key_string(w, "issue_text", f->message);
	jout_key_int(w, "line_number", f->line);

	jout_key(w, "line_range");
	jout_begin_array(w);
	if (first <= 0 || last < first)
		first = last = f->line;
	for (int line = first; line <= last; line++)
		jout_int(w, line);
	jout_end_array(w);

	write_more_info(w, f->rule);
	jout_key_string(w, "test_id", f->rule->id);
	jout_key_string(w, "test_name", f->rule->name);
	jout_end_object(w);
}

int writer_json(FILE *out, const scan_result *r, const char *generated_at)
{
	char now[32];
	jout w;

	if (!generated_at) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
		generated_at = now;
	}

	jout_init(&w, out, JOUT_ASCII);
	jout_begin_object(&w);
	jout_key(&w, "errors");
	write_errors(&w, r);
	jout_key_string(&w, "generated_at", generated_at);
	jout_key(&w, "metrics");
	write_metrics(&w, r);
	jout_key(&w, "results");
	jout_begin_array(&w);
	for (size_t i = 0; i < r->findings.count; i++)
		write_result(&w, &r->findings.items[i]);
	jout_end_array(&w);
	jout_end_object(&w);
	fputc('\n', out);

	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		rm_error_set("cannot write the JSON report: %s",
			     errno ? strerror(errno) : "output error");
		return RM_EIO;
	}
	return RM_OK;
}
