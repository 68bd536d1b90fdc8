/*
 * The pipeline's commits: the baseline, one verified fix at a time, and
 * the final record of the scans and of the work left for a person.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "error.h"
#include "fixer.h"
#include "pipeline_internal.h"
#include "tree.h"
#include "writers/writers.h"

#define RECORD_DIR ".remediate"
#define REDACTED_MESSAGE \
	"Possible hard-coded credential; the value is not recorded here."

/* --- commit messages ------------------------------------------------------ */

/* Lists the findings of a scan by severity and by rule, for the body of
 * the baseline commit. */
static char *describe_scan(const scan_result *scan)
{
	size_t count;
	const rule *rules = catalog_rules(&count);
	char *text;

	text = rm_xasprintf("The scan of this copy found %zu findings: %ld HIGH, %ld MEDIUM and %ld LOW severity.",
			    scan->findings.count,
			    scan->severity_totals[LEVEL_HIGH],
			    scan->severity_totals[LEVEL_MEDIUM],
			    scan->severity_totals[LEVEL_LOW]);
	{
		char *joined = rm_xasprintf("%s\n\nBy rule:", text);
		free(text);
		text = joined;
	}
	for (size_t r = 0; r < count; r++) {
		long n = 0;
		for (size_t i = 0; i < scan->findings.count; i++)
			if (scan->findings.items[i].rule == &rules[r])
				n++;
		if (n == 0)
			continue;
		char *item = rm_xasprintf("\n- %s %s (%s): %ld", rules[r].id,
					  rules[r].name,
					  level_name(rules[r].severity), n);
		char *joined = rm_xasprintf("%s%s", text, item);
		free(text);
		free(item);
		text = joined;
	}
	return text;
}

static int commit(pipeline_state *st, audit_message *msg, char id[AUDIT_ID_SIZE])
{
	char *text = audit_message_format(msg);
	int error = RM_OK;

	id[0] = '\0';
	if (st->repo)
		error = audit_commit_all(st->repo, text, id);
	/* A dry run prints each planned commit once, in
	 * pipeline_commit_plan or commit_baseline, and writes nothing. */
	free(text);
	return error;
}

static int commit_baseline(pipeline_state *st)
{
	audit_message *msg = NULL;
	char id[AUDIT_ID_SIZE];
	char *intro, *findings;
	int error;

	error = audit_message_new(&msg, "Import the service as found, before hardening");
	if (error < 0)
		return error;
	intro = rm_xasprintf("This commit is an unmodified copy of '%s'. The later commits fix the findings of the scan below one at a time, then add a hardened daemon.json, port the service to C unless --keep-python was given, and record the scans.",
			     st->opt->before);
	findings = describe_scan(&st->baseline);
	error = audit_message_add_paragraph(msg, intro);
	if (error == RM_OK)
		error = audit_message_add_paragraph(msg, findings);
	if (error == RM_OK)
		error = commit(st, msg, id);
	if (error == RM_OK)
		fprintf(st->opt->log, "baseline: %zu findings (%s%.7s)\n",
			st->baseline.findings.count,
			st->repo ? "commit " : "dry run", id);
	free(intro);
	free(findings);
	audit_message_free(msg);
	return error;
}

/* --- picking the next finding --------------------------------------------- */

static int compare_order(const void *a, const void *b, void *arg)
{
	const finding *items = arg;
	const finding *x = &items[*(const size_t *)a];
	const finding *y = &items[*(const size_t *)b];
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

static bool was_attempted(const pipeline_state *st, const char *key)
{
	for (size_t i = 0; i < st->attempted_count; i++)
		if (strcmp(st->attempted[i], key) == 0)
			return true;
	return false;
}

/* Returns the index of the next finding to work on, or -1 when every
 * finding has been tried; *key receives its identity. */
static long pick_next(pipeline_state *st, const scan_result *scan, char **key)
{
	size_t n = scan->findings.count;
	size_t *order = rm_xcalloc(n, sizeof(size_t));
	long pick = -1;

	*key = NULL;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(size_t), compare_order, scan->findings.items);
	for (size_t i = 0; i < n && pick < 0; i++) {
		char *k = pipeline_finding_key(scan, order[i]);
		if (was_attempted(st, k)) {
			free(k);
			continue;
		}
		pick = (long)order[i];
		*key = k;
	}
	free(order);
	return pick;
}

/* Finds the baseline finding with the same identity, for the Location
 * trailer, which names the place in the untouched copy. */
static const finding *baseline_match(const pipeline_state *st, const char *key)
{
	for (size_t i = 0; i < st->baseline.findings.count; i++) {
		char *k = pipeline_finding_key(&st->baseline, i);
		bool same = strcmp(k, key) == 0;
		free(k);
		if (same)
			return &st->baseline.findings.items[i];
	}
	return NULL;
}

static bool quotes_secret(const rule *r);

void pipeline_add_manual(pipeline_state *st, const char *key,
			 const finding *f, const finding *at, const char *reason)
{
	manual_item *item;

	st->manual = rm_xrealloc(st->manual, (st->manual_count + 1) *
					     sizeof(manual_item));
	item = &st->manual[st->manual_count++];
	item->key = rm_xstrdup(key);
	item->rule_id = rm_xstrdup(f->rule->id);
	item->path = rm_xstrdup(at->path);
	item->line = at->line;
	item->col = at->col + 1;
	item->severity = rm_xstrdup(level_name(f->severity));
	/* manual.json is part of the hardened tree: keep secrets out of it. */
	item->message = rm_xstrdup(quotes_secret(f->rule) ? REDACTED_MESSAGE
							  : f->message);
	item->reason = rm_xstrdup(reason);
	/* The reason is printed once, in the list of manual work at the end,
	 * where a finding that a later step resolves (the port removes the
	 * Python findings) no longer appears. */
	fprintf(st->opt->log, "not fixed yet: %s at %s:%d (listed at the end unless a later step resolves it)\n",
		f->rule->id, at->path, at->line);
}

char *pipeline_location(const pipeline_state *st, const scan_result *scan,
			size_t index)
{
	char *key = pipeline_finding_key(scan, index);
	const finding *at = baseline_match(st, key);
	char *location;

	if (!at)
		at = &scan->findings.items[index];
	location = rm_xasprintf("%s:%d:%d", at->path, at->line, at->col + 1);
	free(key);
	return location;
}

static void add_manual(pipeline_state *st, const char *key, const finding *f,
		       const char *reason)
{
	const finding *at = baseline_match(st, key);

	pipeline_add_manual(st, key, f, at ? at : f, reason);
}

/* --- verifying a plan ----------------------------------------------------- */

static long count_rule(const finding_list *list, const rule *r, const char *path)
{
	long n = 0;

	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].rule == r &&
		    (!path || strcmp(list->items[i].path, path) == 0))
			n++;
	return n;
}

static bool is_expected(const fix *plan, const finding *g)
{
	for (size_t i = 0; i < sizeof(plan->expected_new) / sizeof(plan->expected_new[0]); i++)
		if (plan->expected_new[i] &&
		    strcmp(plan->expected_new[i], g->rule->id) == 0 &&
		    g->severity <= LEVEL_LOW)
			return true;
	return false;
}

/*
 * Rescans every file the plan changes and decides whether to accept it.
 * With a finding, its rule must have fewer findings in its file; without
 * one (a step such as writing daemon.json) only the no-new-findings check
 * applies.  Returns true and sets *verified to the text of the Verified
 * trailer, or returns false and sets *reason.  Both are newly allocated.
 */
bool pipeline_verify(const scan_result *current, const finding *f,
		     const fix *plan, char **verified, char **reason)
{
	char *residual = NULL;
	bool gone_checked = false;

	*verified = NULL;
	*reason = NULL;
	for (size_t i = 0; i < plan->file_count; i++) {
		const fix_file *file = &plan->files[i];
		scan_result after;
		scan_config cfg;
		target kind;
		source *src;

		if (!file->content ||
		    scan_classify(file->path, file->content, file->len, &kind) < 0)
			continue;
		src = source_from_bytes(file->path, file->content, file->len);
		scan_config_init(&cfg);
		scan_source(&after, src, kind, &cfg);
		source_free(src);

		if (after.errors_count > 0) {
			*reason = rm_xasprintf("the edited '%s' is no longer valid: %s",
					       file->path, after.errors[0].reason);
			scan_result_free(&after);
			free(residual);
			return false;
		}
		if (f && strcmp(file->path, f->path) == 0) {
			gone_checked = true;
			if (count_rule(&after.findings, f->rule, NULL) >=
			    count_rule(&current->findings, f->rule, f->path)) {
				*reason = rm_xasprintf("the rescan of '%s' still shows %s",
						       file->path, f->rule->id);
				scan_result_free(&after);
				free(residual);
				return false;
			}
		}
		for (size_t j = 0; j < after.findings.count; j++) {
			const finding *g = &after.findings.items[j];
			long now = count_rule(&after.findings, g->rule, NULL);
			long before = count_rule(&current->findings, g->rule, file->path);

			if (now <= before)
				continue;
			if (is_expected(plan, g)) {
				char *item = rm_xasprintf("%s (%s)", g->rule->id,
							  level_name(g->severity));
				if (!residual) {
					residual = item;
				} else if (!strstr(residual, item)) {
					char *joined = rm_xasprintf("%s and %s", residual, item);
					free(residual);
					free(item);
					residual = joined;
				} else {
					free(item);
				}
				continue;
			}
			*reason = rm_xasprintf("the edit adds a %s finding to '%s' at line %d: %s",
					       g->rule->id, file->path, g->line,
					       g->message);
			scan_result_free(&after);
			free(residual);
			return false;
		}
		scan_result_free(&after);
	}
	if (f && !gone_checked) {
		*reason = rm_xasprintf("the plan does not change '%s', where the finding is",
				       f->path);
		free(residual);
		return false;
	}
	if (!f)
		*verified = rm_xstrdup("rescan of the changed files shows no new finding");
	else if (residual)
		*verified = rm_xasprintf("rescan of %s shows no %s here; no new finding but the expected %s",
					 f->path, f->rule->id, residual);
	else
		*verified = rm_xasprintf("rescan of %s shows no %s here; no new finding",
					 f->path, f->rule->id);
	free(residual);
	return true;
}

/* --- applying a plan ------------------------------------------------------ */

static int write_plan(const pipeline_state *st, const fix *plan)
{
	for (size_t i = 0; i < plan->file_count; i++) {
		const fix_file *file = &plan->files[i];
		char *path = rm_xasprintf("%s/%s", st->root, file->path);
		int error = RM_OK;

		/* Fixers name files relative to the root; refuse anything that
		 * could step outside it. */
		if (file->path[0] == '/' || strstr(file->path, "..")) {
			rm_error_set("a fixer named the path '%s' outside the tree", file->path);
			error = RM_EINVALID;
		} else if (!file->content) {
			if (unlink(path) < 0 && errno != ENOENT) {
				rm_error_set("cannot remove '%s': %s", path, strerror(errno));
				error = RM_EIO;
			}
		} else {
			char *slash = strrchr(path, '/');
			if (slash && slash > path + strlen(st->root)) {
				*slash = '\0';
				mkdir(path, 0755);
				*slash = '/';
			}
			error = tree_write_file(path, file->content, file->len);
		}
		free(path);
		if (error < 0)
			return error;
	}
	return RM_OK;
}

/*
 * Writes a plan's files and commits them.  Each of the `count` findings
 * gets its group of trailers (Rule, CWE, Severity, Confidence, Location),
 * so one commit can resolve several findings, as the port does.  `step`,
 * when set, adds a Step trailer for work that is not a fix of a finding.
 * `locations[i]` is "path:line:column" of findings[i] in the baseline.
 */
/* Returns a copy of `text` with control characters, which a file name may
 * contain, replaced by '?' so a subject or trailer stays on one line. */
static char *one_line(const char *text)
{
	char *copy = rm_xstrdup(text);

	for (char *p = copy; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return copy;
}

int pipeline_commit_plan(pipeline_state *st, const fix *plan,
			 const finding *const *findings,
			 const char *const *locations, size_t count,
			 const char *step, const char *verified)
{
	audit_message *msg = NULL;
	char id[AUDIT_ID_SIZE];
	char *subject = one_line(plan->subject);
	int error;

	error = audit_message_new(&msg, subject);
	if (error == RM_OK && plan->problem)
		error = audit_message_add_paragraph(msg, plan->problem);
	if (error == RM_OK && plan->change)
		error = audit_message_add_paragraph(msg, plan->change);
	if (error == RM_OK && plan->expected_reason)
		error = audit_message_add_paragraph(msg, plan->expected_reason);
	for (size_t i = 0; i < count && error == RM_OK; i++) {
		const finding *f = findings[i];
		char cwe[16];

		/* Every fix commit has a CWE trailer, so readers of the
		 * trailers need no special case: "none" marks a rule that no
		 * weakness entry fits. */
		if (f->rule->cwe)
			snprintf(cwe, sizeof(cwe), "CWE-%d", f->rule->cwe);
		else
			snprintf(cwe, sizeof(cwe), "none");
		error = audit_message_add_trailer(msg, "Rule", f->rule->id);
		if (error == RM_OK)
			error = audit_message_add_trailer(msg, "CWE", cwe);
		if (error == RM_OK)
			error = audit_message_add_trailer(msg, "Severity",
							  level_name(f->severity));
		if (error == RM_OK)
			error = audit_message_add_trailer(msg, "Confidence",
							  level_name(f->confidence));
		if (error == RM_OK) {
			char *location = one_line(locations[i]);
			error = audit_message_add_trailer(msg, "Location", location);
			free(location);
		}
	}
	if (error == RM_OK && step)
		error = audit_message_add_trailer(msg, "Step", step);
	if (error == RM_OK)
		error = audit_message_add_trailer(msg, "Verified", verified);
	if (error == RM_OK)
		error = write_plan(st, plan);
	if (error == RM_OK)
		error = commit(st, msg, id);
	if (error == RM_OK)
		fprintf(st->opt->log, "%s: %s (%s%.7s)\n",
			count ? "fixed" : "step", subject,
			st->repo ? "commit " : "dry run", id);
	audit_message_free(msg);
	free(subject);
	return error;
}

static int commit_fix(pipeline_state *st, const char *key, const finding *f,
		      const fix *plan, const char *verified)
{
	const finding *at = baseline_match(st, key);
	char location[512];
	const char *locations[1] = { location };
	const finding *findings[1] = { f };

	if (!at)
		at = f;
	snprintf(location, sizeof(location), "%s:%d:%d", at->path, at->line,
		 at->col + 1);
	return pipeline_commit_plan(st, plan, findings, locations, 1, NULL,
				    verified);
}

/* Tries to fix one finding; a finding that cannot be fixed is recorded as
 * manual work, which is not an error of the run. */
static int fix_one(pipeline_state *st, const scan_result *current,
		   size_t index, const char *key, pipeline_summary *out)
{
	const finding *f = &current->findings.items[index];
	const fixer *fx = fixer_find(f->rule->id);
	fix plan;
	fix_context ctx;
	source *src = NULL;
	char *path, *verified = NULL, *reason = NULL;
	int error;

	if (!fx) {
		char *manual_reason = rm_xasprintf("no automatic fix exists for %s",
					 f->rule->id);
		add_manual(st, key, f, manual_reason);
		free(manual_reason);
		return RM_OK;
	}

	path = rm_xasprintf("%s/%s", st->root, f->path);
	error = source_load(&src, path, 0);
	free(path);
	if (error < 0)
		return error;
	free(src->path);
	src->path = rm_xstrdup(f->path);

	memset(&plan, 0, sizeof(plan));
	ctx.root = st->root;
	ctx.finding = f;
	ctx.src = src;
	ctx.scan = current;
	rm_error_clear();
	error = fx->plan(&plan, &ctx);
	if (error < 0) {
		add_manual(st, key, f, *rm_error_last() ? rm_error_last()
							: "the fixer found no safe change");
		error = RM_OK;
		goto done;
	}
	if (!plan.subject) {
		add_manual(st, key, f, "the fixer returned a plan without a commit subject");
		goto done;
	}
	if (!pipeline_verify(current, f, &plan, &verified, &reason)) {
		char *manual_reason = rm_xasprintf("the automatic fix was rejected: %s", reason);
		add_manual(st, key, f, manual_reason);
		free(manual_reason);
		goto done;
	}
	error = commit_fix(st, key, f, &plan, verified);
	if (error == RM_EINVALID) {
		/* The commit message could not be built (a body line git would
		 * read as a patch, say); nothing was written yet. */
		char *manual_reason = rm_xasprintf("the fix was not committed: %s", rm_error_last());
		add_manual(st, key, f, manual_reason);
		free(manual_reason);
		error = RM_OK;
	} else if (error == RM_OK) {
		out->fixed++;
	}

done:
	free(verified);
	free(reason);
	fix_release(&plan);
	source_free(src);
	return error;
}

/* --- records -------------------------------------------------------------- */

static int write_scan_json(const char *path, const scan_result *scan)
{
	FILE *file = fopen(path, "w");
	char stamp[32];
	int error;

	if (!file) {
		rm_error_set("cannot write '%s': %s", path, strerror(errno));
		return RM_EIO;
	}
	cli_timestamp(stamp, sizeof(stamp));
	error = writer_json(file, scan, stamp);
	if (fclose(file) != 0 && error == RM_OK) {
		rm_error_set("cannot write '%s': %s", path, strerror(errno));
		error = RM_EIO;
	}
	return error;
}

static int write_manual_json(const pipeline_state *st, const char *path)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(root, "manual");
	char *text;
	int error;

	for (size_t i = 0; i < st->manual_count; i++) {
		const manual_item *m = &st->manual[i];
		const rule *r = catalog_find(m->rule_id);
		cJSON *item = cJSON_CreateObject();

		cJSON_AddStringToObject(item, "rule", m->rule_id);
		cJSON_AddStringToObject(item, "path", m->path);
		cJSON_AddNumberToObject(item, "line", m->line);
		cJSON_AddNumberToObject(item, "column", m->col);
		cJSON_AddStringToObject(item, "severity", m->severity);
		cJSON_AddStringToObject(item, "message", m->message);
		/* Fixers that decline give their own recommendation after the
		 * reason; otherwise the rule's remedy is the recommendation. */
		const char *split = strstr(m->reason, " Recommendation: ");
		if (split) {
			char *reason = rm_xstrndup(m->reason, (size_t)(split - m->reason));
			const char *advice = split + strlen(" Recommendation: ");
			char *recommendation = rm_xasprintf("%s%s", advice,
				advice[0] && advice[strlen(advice) - 1] == '.' ? "" : ".");

			cJSON_AddStringToObject(item, "reason", reason);
			cJSON_AddStringToObject(item, "recommendation", recommendation);
			free(reason);
			free(recommendation);
		} else {
			cJSON_AddStringToObject(item, "reason", m->reason);
			cJSON_AddStringToObject(item, "recommendation",
						r && r->remedy ? r->remedy : "");
		}
		cJSON_AddItemToArray(items, item);
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	{
		char *with_newline = rm_xasprintf("%s\n", text);
		error = tree_write_file(path, with_newline, strlen(with_newline));
		free(with_newline);
	}
	cJSON_free(text);
	return error;
}

/*
 * Findings of hard-coded credentials (CWE-259, CWE-798) quote the secret
 * in their excerpt and, for Bandit's B105-B107, in their message.  The
 * records are part of the hardened tree, which must not contain the old
 * secret, so both are replaced before the scans are written.  (The
 * baseline commit still has it: that is the input as found.)
 */
static bool quotes_secret(const rule *r)
{
	return r->cwe == 259 || r->cwe == 798;
}

static void redact_secrets(scan_result *scan)
{
	for (size_t i = 0; i < scan->findings.count; i++) {
		finding *f = &scan->findings.items[i];

		if (!quotes_secret(f->rule))
			continue;
		free(f->code);
		f->code = rm_xasprintf("%d (line not recorded: it contains a secret)\n",
				       f->line);
		free(f->message);
		f->message = rm_xstrdup(REDACTED_MESSAGE);
	}
}

/*
 * Adds to the tree's .gitignore the files that checking the result
 * creates inside it: scripts/verify-after writes verification.json, and
 * the generated service builds into service/build.  They then do not
 * count as uncommitted changes when the pipeline is run again.
 */
static int ignore_local_files(const pipeline_state *st)
{
	static const char *const patterns[] = {
		"/.remediate/verification.json", "/service/build/",
	};
	char *path = rm_xasprintf("%s/.gitignore", st->root);
	char *text = NULL, *joined;
	size_t len = 0;
	int error = tree_read_file(&text, &len, path);

	if (error == RM_ENOTFOUND) {
		text = rm_xstrdup("");
		len = 0;
	} else if (error < 0) {
		free(path);
		return error;
	}
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		if (strstr(text, patterns[i]))
			continue;
		joined = rm_xasprintf("%s%s%s\n", text,
				      len > 0 && text[len - 1] != '\n' ? "\n" : "",
				      patterns[i]);
		free(text);
		text = joined;
		len = strlen(text);
	}
	error = tree_write_file(path, text, len);
	free(text);
	free(path);
	return error;
}

static int commit_records(pipeline_state *st, scan_result *final)
{
	char *dir = rm_xasprintf("%s/" RECORD_DIR, st->root);
	char *before = rm_xasprintf("%s/scan-before.json", dir);
	char *after = rm_xasprintf("%s/scan-after.json", dir);
	char *manual = rm_xasprintf("%s/manual.json", dir);
	audit_message *msg = NULL;
	char id[AUDIT_ID_SIZE];
	char *summary = NULL;
	int error = RM_OK;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		rm_error_set("cannot create '%s': %s", dir, strerror(errno));
		error = RM_EIO;
	}
	redact_secrets(&st->baseline);
	redact_secrets(final);
	if (error == RM_OK)
		error = write_scan_json(before, &st->baseline);
	if (error == RM_OK)
		error = write_scan_json(after, final);
	if (error == RM_OK)
		error = write_manual_json(st, manual);
	if (error == RM_OK)
		error = ignore_local_files(st);
	if (error == RM_OK)
		error = audit_message_new(&msg, "Record the scans before and after hardening");
	if (error == RM_OK) {
		summary = rm_xasprintf(
			"The findings went from %zu to %zu. .remediate/scan-before.json and .remediate/scan-after.json are the full scans in Bandit's JSON format, and .remediate/manual.json lists the %zu findings that need a person, each with the reason and a recommendation. .gitignore now leaves out the files that checking the result creates (.remediate/verification.json, service/build/).",
			st->baseline.findings.count, final->findings.count,
			st->manual_count);
		error = audit_message_add_paragraph(msg, summary);
	}
	if (error == RM_OK)
		error = commit(st, msg, id);
	free(summary);
	audit_message_free(msg);
	free(dir);
	free(before);
	free(after);
	free(manual);
	return error;
}

/*
 * Removes manual items whose finding a later step resolved, for example
 * the subprocess findings that the port removes with the Python code, so
 * the records list only what is still there.  RC216 items come from the pipeline, not the
 * scan, and always stay: a removed service never gets one.
 */
static void drop_resolved_manual(pipeline_state *st, const scan_result *final)
{
	size_t kept = 0;

	for (size_t i = 0; i < st->manual_count; i++) {
		manual_item *m = &st->manual[i];
		bool present = false;

		if (strcmp(m->rule_id, "RC216") == 0) {
			present = true;
		} else {
			for (size_t j = 0; j < final->findings.count && !present; j++) {
				char *key = pipeline_finding_key(final, j);
				present = strcmp(key, m->key) == 0;
				free(key);
			}
		}
		if (present) {
			st->manual[kept++] = *m;
			continue;
		}
		free(m->key);
		free(m->rule_id);
		free(m->path);
		free(m->severity);
		free(m->message);
		free(m->reason);
	}
	st->manual_count = kept;
}

/* --- the loop ------------------------------------------------------------- */

int pipeline_fix_all(pipeline_state *st, pipeline_summary *out)
{
	scan_result current, final;
	audit_identity who = { .author = st->opt->author };
	long limit;
	int error;

	memset(&final, 0, sizeof(final));
	if (!st->opt->dry_run) {
		error = audit_open(&st->repo, st->root, &who);
		if (error < 0)
			return error;
	}
	error = pipeline_scan_tree(&st->baseline, st->root);
	if (error < 0)
		goto done;
	out->findings_before = (int)st->baseline.findings.count;
	/* A file that cannot be analyzed may hide any finding, so it is
	 * named now and makes the run end with status 1. */
	for (size_t i = 0; i < st->baseline.errors_count; i++) {
		fprintf(st->opt->log, "remediate: could not scan '%s': %s: its findings are unknown, so correct it and run again\n",
			st->baseline.errors[i].path, st->baseline.errors[i].reason);
		out->unscanned++;
	}
	error = commit_baseline(st);
	if (error < 0)
		goto done;

	/* Services that are going away are removed first, so no commit
	 * hardens a service that a later commit deletes. */
	if (st->opt->prune_unused) {
		error = pipeline_scan_tree(&current, st->root);
		if (error == RM_OK)
			error = pipeline_step_unused(st, &current, out);
		scan_result_free(&current);
		if (error < 0)
			goto done;
	}

	/* Every iteration either commits a fix, which removes a finding, or
	 * marks one as tried.  The limit only guards against a fixer that
	 * keeps adding findings of its own. */
	limit = 4 * (long)st->baseline.findings.count + 64;
	for (long round = 0; round < limit; round++) {
		char *key;
		long index;

		error = pipeline_scan_tree(&current, st->root);
		if (error < 0)
			goto done;
		index = pick_next(st, &current, &key);
		if (index < 0) {
			scan_result_free(&current);
			break;
		}
		st->attempted = rm_xrealloc(st->attempted, (st->attempted_count + 1) *
							   sizeof(char *));
		st->attempted[st->attempted_count++] = key;
		error = fix_one(st, &current, (size_t)index, key, out);
		scan_result_free(&current);
		if (error < 0)
			goto done;
	}

	/* The steps after the fix loop each work on a fresh scan.  Without
	 * --prune-unused, unused services are only recommended for removal. */
	if (!st->opt->prune_unused) {
		error = pipeline_scan_tree(&current, st->root);
		if (error == RM_OK)
			error = pipeline_step_unused(st, &current, out);
		scan_result_free(&current);
		if (error < 0)
			goto done;
	}
	error = pipeline_scan_tree(&current, st->root);
	if (error == RM_OK)
		error = pipeline_step_daemon(st, &current);
	scan_result_free(&current);
	if (error < 0)
		goto done;
	if (!st->opt->keep_python && out->unscanned > 0) {
		/* The port reads the same files; its diagnosis of a file that
		 * does not parse would only mislead. */
		fprintf(st->opt->log, "remediate: the port to C was skipped because %d file%s could not be scanned; the hardened Python service is kept\n",
			out->unscanned, out->unscanned == 1 ? "" : "s");
		out->port_stopped = true;
	} else if (!st->opt->keep_python) {
		error = pipeline_step_port(st, out);
		if (error < 0)
			goto done;
	}

	error = pipeline_scan_tree(&final, st->root);
	if (error < 0)
		goto done;
	out->findings_after = (int)final.findings.count;
	drop_resolved_manual(st, &final);
	for (size_t i = 0; i < st->manual_count; i++)
		fprintf(st->opt->log, "left for manual work: %s %s at %s:%d: %s\n",
			st->manual[i].severity, st->manual[i].rule_id,
			st->manual[i].path, st->manual[i].line,
			st->manual[i].reason);
	out->manual = (int)st->manual_count;
	for (size_t i = 0; i < st->manual_count; i++) {
		level sev = LEVEL_UNDEFINED;
		level_parse(&sev, st->manual[i].severity);
		if (sev >= st->opt->threshold)
			out->manual_at_threshold++;
	}
	if (!st->opt->dry_run)
		error = commit_records(st, &final);

done:
	scan_result_free(&final);
	scan_result_free(&st->baseline);
	for (size_t i = 0; i < st->attempted_count; i++)
		free(st->attempted[i]);
	free(st->attempted);
	for (size_t i = 0; i < st->manual_count; i++) {
		manual_item *m = &st->manual[i];
		free(m->key);
		free(m->rule_id);
		free(m->path);
		free(m->severity);
		free(m->message);
		free(m->reason);
	}
	free(st->manual);
	audit_repo_free(st->repo);
	st->repo = NULL;
	return error;
}
