/*
 * The Markdown security report (report.h): seven sections written from
 * what report_data.c reads out of the hardened tree.  Every value comes
 * from a commit (its trailers, body, changed files and time) or from a
 * record in .remediate/; the rule catalog adds descriptions and the
 * threat mapping.  Text from those sources is escaped (md_out.h) so it
 * cannot change the document's structure.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "report_internal.h"
#include "writers/md_out.h"

/* Files named in the steps table before "and N more". */
#define STEP_FILES_SHOWN 6

static const char *const target_titles[] = {
	[TARGET_PYTHON] = "Python code",
	[TARGET_DOCKERFILE] = "Dockerfile",
	[TARGET_COMPOSE] = "Compose",
	[TARGET_DAEMON] = "Daemon configuration",
};

/* --- small pieces --------------------------------------------------------- */

static void put_commit(FILE *out, const audit_commit *c)
{
	fprintf(out, "`%s`", c->short_id);
}

/* Writes "[CWE-78](link) Name" from a "CWE-78" trailer (or the rule's
 * CWE when the trailer is missing). */
static void put_cwe(FILE *out, const char *trailer, const rule *r, int flags)
{
	int id = 0;
	const char *name;

	if (trailer && strncasecmp(trailer, "CWE-", 4) == 0)
		id = atoi(trailer + 4);
	else if (r)
		id = r->cwe;
	if (id <= 0) {
		fputs("no CWE", out);
		return;
	}
	fprintf(out, "[CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)", id, id);
	name = report_cwe_name(id);
	if (name) {
		fputc(' ', out);
		md_put_str(out, name, flags);
	}
}

/* Writes an ATT&CK technique ("T1059.006 Command and Scripting ...")
 * with a link to its page on attack.mitre.org. */
static void put_attack(FILE *out, const char *technique)
{
	char id[16] = "";
	size_t n = 0;

	if (!technique) {
		fputs("none mapped", out);
		return;
	}
	while (n < sizeof(id) - 1 && (technique[n] == 'T' || technique[n] == '.' ||
				      (technique[n] >= '0' && technique[n] <= '9')))
		n++;
	if (n < 2 || technique[0] != 'T') {
		md_put_str(out, technique, MD_TABLE);
		return;
	}
	memcpy(id, technique, n);
	id[n] = '\0';
	fprintf(out, "[%s](https://attack.mitre.org/techniques/", id);
	for (char *p = id; *p; p++)
		fputc(*p == '.' ? '/' : *p, out);
	fputs("/)", out);
	md_put_str(out, technique + n, MD_TABLE);
}

static void put_counts_row(FILE *out, const char *label, const report_scan *s)
{
	if (!s->present) {
		fprintf(out, "| %s | not recorded | | | |\n", label);
		return;
	}
	fprintf(out, "| %s | %ld | %ld | %ld | %ld |\n", label,
		s->severity[LEVEL_HIGH], s->severity[LEVEL_MEDIUM],
		s->severity[LEVEL_LOW], s->total);
}

static void put_location(FILE *out, const char *path, int line, int col, int flags)
{
	char *loc = rm_xasprintf("%s:%d:%d", path, line, col);

	md_put_code_str(out, loc, flags);
	free(loc);
}

/* Writes the files a commit changed: "adds `a`; changes `b`". */
static void put_changes(FILE *out, const audit_commit *c)
{
	static const struct {
		char status;
		const char *first, *later;  /* opening the sentence, or not */
	} verbs[] = {
		{ 'A', "Adds", "adds" }, { 'M', "Changes", "changes" },
		{ 'D', "Deletes", "deletes" },
		{ 'T', "Changes the type of", "changes the type of" },
	};
	size_t shown = 0;
	bool first_group = true;

	if (c->change_count == 0) {
		fputs("Changes no file.", out);
		return;
	}
	for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
		bool first = true;

		for (size_t i = 0; i < c->change_count; i++) {
			if (c->changes[i].status != verbs[v].status)
				continue;
			if (shown == STEP_FILES_SHOWN) {
				shown++;
				continue;
			}
			if (shown > STEP_FILES_SHOWN)
				continue;
			if (first) {
				fprintf(out, "%s%s ", first_group ? "" : "; ",
					first_group ? verbs[v].first : verbs[v].later);
				first_group = false;
				first = false;
			} else {
				fputs(", ", out);
			}
			md_put_code_str(out, c->changes[i].path, MD_TABLE);
			shown++;
		}
	}
	if (shown > STEP_FILES_SHOWN)
		fprintf(out, " and %zu more", c->change_count - STEP_FILES_SHOWN);
	fputc('.', out);
}

/* --- 1. summary ----------------------------------------------------------- */

static void write_summary(FILE *out, const report_data *d)
{
	const audit_commit *base = &d->log[0];
	const audit_commit *head = &d->log[d->log_count - 1];
	char first[16], last[16];

	report_date(first, base);
	report_date(last, head);

	fputs("# Security report\n\n", out);
	fprintf(out, "This report is made by `remediate report` from the git history of the hardened tree: %zu commit%s from ",
		d->log_count, d->log_count == 1 ? "" : "s");
	put_commit(out, base);
	fprintf(out, " (%s) to ", first);
	put_commit(out, head);
	fprintf(out, " (%s).  Each fix below is one of those commits; its trailers (`Rule`, `CWE`, `Severity`, `Location`, `Verified`) and body are the source of the tables, and the scans come from `" REPORT_RECORD_DIR "/`.\n\n",
		last);

	fputs("## 1. Summary\n\n", out);
	fputs("| Scan | HIGH | MEDIUM | LOW | Total |\n| --- | ---: | ---: | ---: | ---: |\n", out);
	put_counts_row(out, "Before hardening", &d->before);
	put_counts_row(out, "After hardening", &d->after);
	fputc('\n', out);

	fprintf(out, "- **Input:** the %zu file%s imported as found in ", base->change_count,
		base->change_count == 1 ? "" : "s");
	put_commit(out, base);
	fputs(" (", out);
	md_put_str(out, base->subject, 0);
	fputs(")", out);
	for (size_t i = 0; i < base->change_count && i < 12; i++) {
		fputs(i ? ", " : ": ", out);
		md_put_code_str(out, base->changes[i].path, 0);
	}
	if (base->change_count > 12)
		fprintf(out, " and %zu more", base->change_count - 12);
	fputs(".\n", out);

	fprintf(out, "- **Fixed automatically:** %zu finding%s", d->fix_count,
		d->fix_count == 1 ? "" : "s");
	{
		size_t commits = 0;
		for (size_t i = 0; i < d->log_count; i++)
			for (size_t k = 0; k < d->fix_count; k++)
				if (d->fixes[k].commit == &d->log[i]) {
					commits++;
					break;
				}
		fprintf(out, " in %zu commit%s (section 3).\n", commits,
			commits == 1 ? "" : "s");
	}
	if (d->have_manual)
		fprintf(out, "- **Left for manual work:** %zu finding%s (section 4).\n",
			d->manual_count, d->manual_count == 1 ? "" : "s");
	else
		fputs("- **Left for manual work:** not recorded (`" REPORT_RECORD_DIR "/manual.json` is missing).\n",
		      out);

	if (d->after.unscanned_count > 0) {
		fprintf(out, "- **Not scanned:** %zu file%s could not be analyzed, so %s findings are unknown and this report is incomplete:",
			d->after.unscanned_count,
			d->after.unscanned_count == 1 ? "" : "s",
			d->after.unscanned_count == 1 ? "its" : "their");
		for (size_t i = 0; i < d->after.unscanned_count; i++) {
			fputs(i ? ", " : " ", out);
			md_put_code_str(out, d->after.unscanned[i], 0);
		}
		fputs(" (the reasons are in `" REPORT_RECORD_DIR "/scan-after.json`).\n", out);
	}

	fputs("- **Port to C:** ", out);
	if (d->port_commits > 0)
		fprintf(out, "done: %zu commit%s the trailer `Step: port`%s.\n",
			d->port_commits, d->port_commits == 1 ? " carries" : "s carry",
			d->has_service_json ? ", and the service model `service.json` is in the tree" : "");
	else if (d->has_service_json)
		fputs("done: the service model `service.json` is in the tree.\n", out);
	else
		fputs("not done: no commit carries `Step: port` and the tree has no `service.json`, so the service is still the hardened Python code.\n",
		      out);
	fputc('\n', out);
}

/* --- 2. steps ------------------------------------------------------------- */

static void write_steps(FILE *out, const report_data *d)
{
	fputs("## 2. Steps taken\n\n", out);
	fputs("The commits in order, oldest first (`git -C AFTER log --reverse` shows the same).\n\n", out);
	fputs("| # | Commit | Step | What it did |\n| ---: | --- | --- | --- |\n", out);
	for (size_t i = 0; i < d->log_count; i++) {
		const audit_commit *c = &d->log[i];
		bool any_fix = false;

		fprintf(out, "| %zu | ", i + 1);
		put_commit(out, c);
		fputs(" | ", out);
		md_put_str(out, c->subject, MD_TABLE | MD_KEEP_CODE);
		if (report_has_step(c, "port"))
			fputs(" (port to C)", out);
		fputs(" | ", out);

		for (size_t k = 0; k < d->fix_count; k++) {
			const report_fix *f = &d->fixes[k];
			if (f->commit != c)
				continue;
			fputs(any_fix ? "; fixes " : "Fixes ", out);
			md_put_str(out, f->rule_id, MD_TABLE);
			if (f->severity) {
				fputs(" (", out);
				md_put_str(out, f->severity, MD_TABLE);
				fputc(')', out);
			}
			if (f->location) {
				fputs(" at ", out);
				md_put_code_str(out, f->location, MD_TABLE);
			}
			any_fix = true;
		}
		if (any_fix) {
			fputs(". ", out);
		} else if (i == 0) {
			fputs("Imports the service as found", out);
			if (d->before.present)
				fprintf(out, "; the baseline scan found %ld finding%s",
					d->before.total, d->before.total == 1 ? "" : "s");
			fputs(". ", out);
		} else {
			size_t n;
			char **paras = report_paragraphs(c, &n);
			if (n > 0) {
				md_put_str(out, paras[0], MD_TABLE | MD_KEEP_CODE);
				fputc(' ', out);
			}
			report_strings_free(paras, n);
		}
		put_changes(out, c);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

/* --- 3. fixed ------------------------------------------------------------- */

static target fix_target(const report_fix *f)
{
	return f->rule ? f->rule->target : TARGET_PYTHON;
}

static void put_rationale(FILE *out, const audit_commit *c)
{
	static const char *const labels[] = { "Problem:", "Change:" };
	size_t n;
	char **paras = report_paragraphs(c, &n);

	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(' ', out);
		if (n > 1)
			fprintf(out, "**%s** ", i < 2 ? labels[i] : "Note:");
		md_put_str(out, paras[i], MD_TABLE | MD_KEEP_CODE);
	}
	if (n == 0)
		fputs("The commit message has no body.", out);
	report_strings_free(paras, n);
}

/* Returns the commit that added a hardened daemon.json to a tree that
 * had none (`Step: daemon`), or NULL. */
static const audit_commit *daemon_step(const report_data *d)
{
	for (size_t i = 0; i < d->log_count; i++)
		if (report_has_step(&d->log[i], "daemon"))
			return &d->log[i];
	return NULL;
}

static void write_fixed(FILE *out, const report_data *d)
{
	size_t unknown = 0;

	fputs("## 3. Vulnerabilities found and fixed\n\n", out);
	fprintf(out, "%zu finding%s fixed automatically, each verified by a rescan before its commit.  Location is the place in the baseline commit (path:line:column, 1-based), or in the hardened tree for a finding that an earlier fix introduced.  Rationale is the commit body: what was wrong and how it could be exploited, then what changed and why.\n\n",
		d->fix_count, d->fix_count == 1 ? " was" : "s were");

	for (int t = TARGET_PYTHON; t <= TARGET_DAEMON; t++) {
		const audit_commit *daemon = t == TARGET_DAEMON ? daemon_step(d) : NULL;
		size_t rows = 0;

		fprintf(out, "### %s\n\n", target_titles[t]);
		for (size_t k = 0; k < d->fix_count; k++) {
			const report_fix *f = &d->fixes[k];

			if (!f->rule && t == TARGET_PYTHON)
				unknown++;
			if (!f->rule || fix_target(f) != (target)t)
				continue;
			if (rows++ == 0)
				fputs("| Vulnerability | Location | Fix | Rationale | Commit |\n"
				      "| --- | --- | --- | --- | --- |\n", out);
			fputs("| ", out);
			put_cwe(out, f->cwe, f->rule, MD_TABLE);
			fputs(" (", out);
			md_put_str(out, f->rule_id, MD_TABLE);
			if (f->severity) {
				fputs(", ", out);
				md_put_str(out, f->severity, MD_TABLE);
			}
			fputs(") | ", out);
			if (f->location)
				md_put_code_str(out, f->location, MD_TABLE);
			else
				fputs("not recorded", out);
			fputs(" | ", out);
			md_put_str(out, f->commit->subject, MD_TABLE | MD_KEEP_CODE);
			if (f->by_port)
				fputs(" (fixed by the port to C)", out);
			fputs(" | ", out);
			put_rationale(out, f->commit);
			fputs(" | ", out);
			put_commit(out, f->commit);
			fputs(" |\n", out);
		}
		if (rows == 0 && daemon) {
			fputs("No finding in the daemon configuration was fixed: the input has no daemon.json.  Commit ", out);
			put_commit(out, daemon);
			fputs(" (", out);
			md_put_str(out, daemon->subject, MD_KEEP_CODE);
			fputs(") adds a hardened one; section 2 lists it with the other steps.\n\n", out);
		} else if (rows == 0) {
			fprintf(out, "No finding in the %s was fixed automatically.\n\n",
				t == TARGET_DAEMON ? "daemon configuration" :
				t == TARGET_PYTHON ? "Python code" :
				t == TARGET_DOCKERFILE ? "Dockerfile" : "Compose file");
		} else {
			fputc('\n', out);
		}
	}

	if (unknown == 0)
		return;
	fputs("### Rules not in this version's catalog\n\n", out);
	fputs("| Rule | Location | Fix | Commit |\n| --- | --- | --- | --- |\n", out);
	for (size_t k = 0; k < d->fix_count; k++) {
		const report_fix *f = &d->fixes[k];
		if (f->rule)
			continue;
		fputs("| ", out);
		md_put_str(out, f->rule_id, MD_TABLE);
		fputs(" | ", out);
		md_put_str(out, f->location ? f->location : "not recorded", MD_TABLE);
		fputs(" | ", out);
		md_put_str(out, f->commit->subject, MD_TABLE | MD_KEEP_CODE);
		fputs(" | ", out);
		put_commit(out, f->commit);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

/* --- 4. manual ------------------------------------------------------------ */

/* Writes the reason of a manual item.  The pipeline's reason may end
 * with "; " and the recommendation, which the next line shows anyway. */
static void put_reason(FILE *out, const report_item *m)
{
	size_t len = strlen(m->reason), rec = strlen(m->recommendation);

	if (rec > 0 && len > rec + 2 &&
	    strcmp(m->reason + len - rec, m->recommendation) == 0 &&
	    strncmp(m->reason + len - rec - 2, "; ", 2) == 0)
		len -= rec + 2;
	md_put_text(out, m->reason, len, MD_KEEP_CODE);
	if (len < strlen(m->reason))
		fputc('.', out);
}

static void write_manual(FILE *out, const report_data *d)
{
	fputs("## 4. Findings not fixed automatically\n\n", out);
	if (!d->have_manual) {
		fputs("Not recorded: the tree has no `" REPORT_RECORD_DIR "/manual.json`.\n\n", out);
		return;
	}
	if (d->manual_count == 0) {
		fputs("None: every finding was fixed automatically.\n\n", out);
		return;
	}
	fprintf(out, "%zu finding%s need%s a person, highest severity first.  Each gives the reason no automatic fix was applied and what to do.  Locations are in the baseline commit, or in the hardened tree for a finding that an earlier fix introduced.\n\n",
		d->manual_count, d->manual_count == 1 ? "" : "s",
		d->manual_count == 1 ? "s" : "");
	for (size_t i = 0; i < d->manual_count; i++) {
		const report_item *m = &d->manual[i];
		const rule *r = catalog_find(m->rule_id);

		fprintf(out, "- **%s ", level_name(m->severity));
		md_put_str(out, m->rule_id, 0);
		fputs("** ", out);
		if (r) {
			fputs("(", out);
			put_cwe(out, NULL, r, 0);
			fputs(") ", out);
		}
		fputs("at ", out);
		put_location(out, m->path, m->line, m->col, 0);
		fputs(": ", out);
		md_put_str(out, m->message, 0);
		fputs("\n\n  *Why not fixed:* ", out);
		put_reason(out, m);
		fputs("\n\n  *Recommendation:* ", out);
		md_put_str(out, *m->recommendation ? m->recommendation : "none recorded",
			   MD_KEEP_CODE);
		fputs("\n\n", out);
	}
}

/* --- 5. architecture ------------------------------------------------------ */

static int write_architecture(FILE *out, const report_data *d)
{
	const audit_commit *base = &d->log[0];
	const audit_commit *head = &d->log[d->log_count - 1];
	arch_model before, after;
	int error;

	fputs("## 5. Architecture before and after\n\n", out);
	fputs("Drawn from the Compose file at the baseline commit and at the last commit.  Edges from the left are published ports, labelled host address:host port → container port; ports bound to a loopback address are reachable from the host only.  A user shown as *image default* is whatever the image sets, which is root unless the image says otherwise.\n\n",
	      out);
	if ((error = report_arch_load(&before, d->repo, base->short_id)) < 0)
		return error;
	if ((error = report_arch_load(&after, d->repo, head->short_id)) < 0) {
		report_arch_free(&before);
		return error;
	}
	fputs("### Before: ", out);
	put_commit(out, base);
	if (before.path)
		fprintf(out, ", `%s`", before.path);
	fputs("\n\n", out);
	report_arch_write(out, &before);
	fputs("### After: ", out);
	put_commit(out, head);
	if (after.path)
		fprintf(out, ", `%s`", after.path);
	fputs("\n\n", out);
	report_arch_write(out, &after);
	fputs("### What changed\n\n", out);
	report_arch_compare(out, &before, &after);
	report_arch_free(&before);
	report_arch_free(&after);
	return RM_OK;
}

/* --- 6. verification ------------------------------------------------------ */

static void write_check(FILE *out, const cJSON *check)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(check, "name");
	const cJSON *passed = cJSON_GetObjectItemCaseSensitive(check, "passed");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(check, "status");
	const cJSON *detail = cJSON_GetObjectItemCaseSensitive(check, "detail");

	fputs("| ", out);
	md_put_str(out, cJSON_IsString(name) ? name->valuestring : "(unnamed)", MD_TABLE);
	fputs(" | ", out);
	if (cJSON_IsBool(passed))
		fputs(cJSON_IsTrue(passed) ? "passed" : "**failed**", out);
	else if (cJSON_IsString(status))
		md_put_str(out, status->valuestring, MD_TABLE);
	else
		fputs("not given", out);
	fputs(" | ", out);
	if (cJSON_IsString(detail))
		md_put_str(out, detail->valuestring, MD_TABLE | MD_KEEP_CODE);
	fputs(" |\n", out);
}

static void write_verification(FILE *out, const report_data *d)
{
	const cJSON *checks, *c;
	size_t serious = 0;

	fputs("## 6. Verification\n\n", out);
	if (!d->after.present) {
		fputs("The final rescan is not recorded (`" REPORT_RECORD_DIR "/scan-after.json` is missing).\n\n", out);
	} else {
		fprintf(out, "The final rescan of the hardened tree (`" REPORT_RECORD_DIR "/scan-after.json`) has %ld finding%s: %ld HIGH, %ld MEDIUM and %ld LOW.",
			d->after.total, d->after.total == 1 ? "" : "s",
			d->after.severity[LEVEL_HIGH], d->after.severity[LEVEL_MEDIUM],
			d->after.severity[LEVEL_LOW]);
		serious = (size_t)(d->after.severity[LEVEL_HIGH] + d->after.severity[LEVEL_MEDIUM]);
		if (d->after.unscanned_count > 0)
			fprintf(out, "  It is incomplete: %zu file%s could not be analyzed (see the summary).",
				d->after.unscanned_count,
				d->after.unscanned_count == 1 ? "" : "s");
		if (serious == 0) {
			fputs("  No HIGH or MEDIUM finding is left in the files it analyzed.\n\n", out);
		} else {
			if (serious == 1)
				fputs("  This HIGH or MEDIUM finding is left:\n\n", out);
			else
				fprintf(out, "  These %zu HIGH and MEDIUM findings are left:\n\n",
					serious);
			fputs("| Severity | Rule | Location | Finding |\n| --- | --- | --- | --- |\n", out);
			for (int lv = LEVEL_HIGH; lv >= LEVEL_MEDIUM; lv--)
				for (size_t i = 0; i < d->after.count; i++) {
					const report_item *it = &d->after.items[i];
					if (it->severity != (level)lv)
						continue;
					fprintf(out, "| %s | ", level_name(it->severity));
					md_put_str(out, it->rule_id, MD_TABLE);
					fputs(" | ", out);
					put_location(out, it->path, it->line, it->col, MD_TABLE);
					fputs(" | ", out);
					md_put_str(out, it->message, MD_TABLE);
					fputs(" |\n", out);
				}
			fputc('\n', out);
		}
	}

	fputs("### End-to-end checks\n\n", out);
	if (!d->verification) {
		fputs("No end-to-end check results are recorded (`" REPORT_RECORD_DIR "/verification.json` is absent).\n\n", out);
		return;
	}
	checks = cJSON_GetObjectItemCaseSensitive(d->verification, "checks");
	if (cJSON_GetArraySize(checks) == 0) {
		fputs("`" REPORT_RECORD_DIR "/verification.json` lists no checks.\n\n", out);
		return;
	}
	{
		/* scripts/verify-after records the commit it checked; results of
		 * an older tree say nothing about this one. */
		const cJSON *commit = cJSON_GetObjectItemCaseSensitive(d->verification, "commit");
		const audit_commit *head = d->log_count ? &d->log[d->log_count - 1] : NULL;

		if (cJSON_IsString(commit) && head &&
		    strcmp(commit->valuestring, head->id) == 0) {
			fprintf(out, "From `" REPORT_RECORD_DIR "/verification.json`, written by `scripts/verify-after` for the last commit, `%s`:\n\n",
				head->short_id);
		} else if (cJSON_IsString(commit) && head) {
			fputs("From `" REPORT_RECORD_DIR "/verification.json`. **These results are for another commit (", out);
			md_put_code_str(out, commit->valuestring, 0);
			fprintf(out, "), not for the last one, `%s`: run `scripts/verify-after` again.**\n\n",
				head->short_id);
		} else {
			fputs("From `" REPORT_RECORD_DIR "/verification.json` (it does not name the commit it checked):\n\n", out);
		}
	}
	fputs("| Check | Result | Detail |\n| --- | --- | --- |\n", out);
	cJSON_ArrayForEach(c, checks)
		write_check(out, c);
	fputc('\n', out);
}

/* --- 7. threats ----------------------------------------------------------- */

static void write_threats(FILE *out, const report_data *d)
{
	fputs("## 7. Threat mapping\n\n", out);
	if (d->fix_count == 0) {
		fputs("No finding was fixed automatically, so there is nothing to map.\n", out);
		return;
	}
	fputs("Each fixed finding with the threat its rule addresses: the STRIDE category, the MITRE ATT&CK technique an attacker would use, and the NIST SP 800-53 control the fix implements, as the rule catalog gives them.\n\n",
	      out);
	fputs("| Finding | STRIDE | MITRE ATT&CK | NIST SP 800-53 | Commit |\n| --- | --- | --- | --- | --- |\n", out);
	for (size_t k = 0; k < d->fix_count; k++) {
		const report_fix *f = &d->fixes[k];
		const rule *r = f->rule;

		fputs("| ", out);
		md_put_str(out, f->rule_id, MD_TABLE);
		if (f->location) {
			fputs(" at ", out);
			md_put_code_str(out, f->location, MD_TABLE);
		}
		fputs(" | ", out);
		if (!r) {
			fputs("not in the catalog | | |", out);
		} else {
			md_put_str(out, r->stride ? r->stride : "none mapped", MD_TABLE);
			fputs(" | ", out);
			put_attack(out, r->attack);
			fputs(" | ", out);
			md_put_str(out, r->nist ? r->nist : "none mapped", MD_TABLE);
			fputs(" |", out);
		}
		fputc(' ', out);
		put_commit(out, f->commit);
		fputs(" |\n", out);
	}
}

/* --- the report ----------------------------------------------------------- */

int report_write(FILE *out, const char *after)
{
	report_data d;
	int error;

	error = report_data_load(&d, after);
	if (error < 0)
		goto done;

	write_summary(out, &d);
	write_steps(out, &d);
	write_fixed(out, &d);
	write_manual(out, &d);
	if ((error = write_architecture(out, &d)) < 0)
		goto done;
	write_verification(out, &d);
	write_threats(out, &d);

	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		rm_error_set("cannot write the report: %s",
			     errno ? strerror(errno) : "output error");
		error = RM_EIO;
	}
done:
	report_data_free(&d);
	return error;
}
