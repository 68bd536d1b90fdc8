/*
 * Tests for the daemon.json fixers (RJ3xx) and fix_daemon_hardened: the
 * exact edited text in the file's own layout, a rescan with the real
 * analyzer, idempotence, and the refusal of userns-remap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "fixer.h"
#include "fixers/fix_daemon.h"
#include "scan.h"
#include "tree.h"

#define PATH "daemon.json"

static char root[64];

static int make_root(void **state)
{
	(void)state;
	strcpy(root, "/tmp/test-fixers-daemon-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
	(void)state;
	tree_remove(root);
	return 0;
}

static void scan_text(scan_result *out, const char *text)
{
	source *src = source_from_bytes(PATH, text, strlen(text));
	scan_config cfg;

	scan_config_init(&cfg);
	assert_int_equal(scan_source(out, src, TARGET_DAEMON, &cfg), RM_OK);
	source_free(src);
}

static long count_rule(const scan_result *r, const char *rule_id)
{
	long n = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		if (strcmp(r->findings.items[i].rule->id, rule_id) == 0)
			n++;
	return n;
}

/* Runs the fixer of `rule_id` on its first finding in `text`. */
static int plan_rule(fix *out, const char *text, const char *rule_id)
{
	scan_result scan;
	source *src = source_from_bytes(PATH, text, strlen(text));
	const finding *f = NULL;
	fix_context ctx;
	int error;

	scan_text(&scan, text);
	for (size_t i = 0; i < scan.findings.count && !f; i++)
		if (strcmp(scan.findings.items[i].rule->id, rule_id) == 0)
			f = &scan.findings.items[i];
	assert_non_null(f);
	memset(out, 0, sizeof(*out));
	ctx = (fix_context){ .root = root, .finding = f, .src = src, .scan = &scan };
	rm_error_clear();
	error = fixer_find(rule_id)->plan(out, &ctx);
	scan_result_free(&scan);
	source_free(src);
	return error;
}

/* Fixes the first finding of `rule_id`, checks the rescan (the finding
 * is gone, no rule grows, the file parses) and returns the new text. */
static char *fix_first(const char *text, const char *rule_id)
{
	scan_result before, after;
	size_t count;
	const rule *rules = catalog_rules(&count);
	const fix_file *file;
	fix plan;
	char *out;

	assert_int_equal(plan_rule(&plan, text, rule_id), RM_OK);
	assert_non_null(plan.subject);
	assert_true(strstr(plan.subject, rule_id) != NULL);
	file = fix_get_file(&plan, PATH);
	assert_non_null(file);
	out = rm_xstrdup(file->content);
	fix_release(&plan);

	scan_text(&before, text);
	scan_text(&after, out);
	assert_int_equal(after.errors_count, 0);
	assert_int_equal(count_rule(&after, rule_id), count_rule(&before, rule_id) - 1);
	for (size_t i = 0; i < count; i++)
		assert_true(count_rule(&after, rules[i].id) <=
			    count_rule(&before, rules[i].id));
	scan_result_free(&before);
	scan_result_free(&after);
	return out;
}

static const char weak[] =
	"{\n"
	"  \"icc\": true,\n"
	"  \"live-restore\": false,\n"
	"  \"log-opts\": {\"max-file\": \"3\"}\n"
	"}\n";

static void icc_replaced(void **state)
{
	char *out;

	(void)state;
	out = fix_first(weak, "RJ301");
	assert_string_equal(out,
		"{\n"
		"  \"icc\": false,\n"
		"  \"live-restore\": false,\n"
		"  \"log-opts\": {\"max-file\": \"3\"}\n"
		"}\n");
	free(out);
}

static void missing_keys_added(void **state)
{
	char *a, *b;

	(void)state;
	a = fix_first(weak, "RJ304");
	b = fix_first(a, "RJ305");
	assert_string_equal(b,
		"{\n"
		"  \"icc\": true,\n"
		"  \"live-restore\": false,\n"
		"  \"log-opts\": {\"max-file\": \"3\"},\n"
		"  \"userland-proxy\": false,\n"
		"  \"no-new-privileges\": true\n"
		"}\n");
	free(a);
	free(b);
}

static void log_size_in_nested_object(void **state)
{
	char *out;

	(void)state;
	out = fix_first(weak, "RJ306");
	assert_string_equal(out,
		"{\n"
		"  \"icc\": true,\n"
		"  \"live-restore\": false,\n"
		"  \"log-opts\": {\"max-file\": \"3\", \"max-size\": \"10m\"}\n"
		"}\n");
	free(out);
}

static void log_opts_added_and_replaced(void **state)
{
	char *a, *b;

	(void)state;
	a = fix_first("{\"log-driver\": \"json-file\"}", "RJ306");
	assert_string_equal(a,
		"{\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}}");
	b = fix_first("{\n\t\"log-opts\": {\n\t\t\"max-size\": \"-1\"\n\t}\n}\n", "RJ306");
	assert_string_equal(b,
		"{\n\t\"log-opts\": {\n\t\t\"max-size\": \"10m\",\n\t\t\"max-file\": \"3\"\n\t}\n}\n");
	free(a);
	free(b);
}

static void empty_objects(void **state)
{
	char *a, *b;

	(void)state;
	a = fix_first("{}\n", "RJ303");
	assert_string_equal(a, "{\n  \"live-restore\": true\n}\n");
	b = fix_first("\n", "RJ301");
	assert_string_equal(b, "{\n  \"icc\": false\n}\n");
	free(a);
	free(b);
}

static void userns_remap_declined(void **state)
{
	fix plan;

	(void)state;
	assert_int_equal(plan_rule(&plan, weak, "RJ302"), RM_ENOTFOUND);
	assert_int_equal(plan.file_count, 0);
	assert_non_null(strstr(rm_error_last(), "/var/lib/docker/UID.GID"));
	assert_non_null(strstr(rm_error_last(), "Recommendation:"));
	fix_release(&plan);
}

/* Every fixable rule, applied until nothing is left to fix, leaves only
 * RJ302. */
static void all_rules_idempotent(void **state)
{
	const char *rules[] = { "RJ301", "RJ303", "RJ304", "RJ305", "RJ306" };
	char *text = rm_xstrdup(weak);
	scan_result scan;

	(void)state;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		char *next = fix_first(text, rules[i]);

		free(text);
		text = next;
	}
	scan_text(&scan, text);
	assert_int_equal(scan.findings.count, 1);
	assert_string_equal(scan.findings.items[0].rule->id, "RJ302");
	scan_result_free(&scan);
	free(text);
}

static void hardened_new_file(void **state)
{
	char *expected = NULL;
	size_t len;
	scan_result scan;
	fix plan;

	(void)state;
	memset(&plan, 0, sizeof(plan));
	assert_int_equal(fix_daemon_hardened(&plan, root), RM_OK);
	assert_int_equal(plan.file_count, 1);
	assert_int_equal(tree_read_file(&expected, &len, "tests/fixtures/daemon/hardened.json"),
			 RM_OK);
	assert_string_equal(fix_get_file(&plan, PATH)->content, expected);
	assert_non_null(strstr(plan.change, "userns-remap"));
	scan_text(&scan, expected);
	assert_int_equal(scan.findings.count, 0);
	scan_result_free(&scan);
	free(expected);
	fix_release(&plan);
}

static void hardened_existing_file(void **state)
{
	char *path = rm_xasprintf("%s/conf/daemon.json", root);
	char *dir = rm_xasprintf("%s/conf", root);
	scan_result scan;
	fix plan;

	(void)state;
	mkdir(dir, 0755);
	assert_int_equal(tree_write_file(path, weak, strlen(weak)), RM_OK);
	memset(&plan, 0, sizeof(plan));
	assert_int_equal(fix_daemon_hardened(&plan, root), RM_OK);
	assert_string_equal(plan.files[0].path, "conf/daemon.json");
	assert_string_equal(plan.files[0].content,
		"{\n"
		"  \"icc\": false,\n"
		"  \"live-restore\": true,\n"
		"  \"log-opts\": {\"max-file\": \"3\", \"max-size\": \"10m\"},\n"
		"  \"userland-proxy\": false,\n"
		"  \"no-new-privileges\": true\n"
		"}\n");
	scan_text(&scan, plan.files[0].content);
	assert_int_equal(scan.findings.count, 1);
	assert_int_equal(count_rule(&scan, "RJ302"), 1);
	scan_result_free(&scan);

	/* Applied once, there is nothing left to do. */
	assert_int_equal(tree_write_file(path, plan.files[0].content,
					 plan.files[0].len), RM_OK);
	fix_release(&plan);
	assert_int_equal(fix_daemon_hardened(&plan, root), RM_ENOTFOUND);
	fix_release(&plan);

	/* A file that does not parse is an error, not a plan. */
	assert_int_equal(tree_write_file(path, "{\"icc\": ", 8), RM_OK);
	assert_int_equal(fix_daemon_hardened(&plan, root), RM_EINVALID);
	fix_release(&plan);
	tree_remove(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icc_replaced),
		cmocka_unit_test(missing_keys_added),
		cmocka_unit_test(log_size_in_nested_object),
		cmocka_unit_test(log_opts_added_and_replaced),
		cmocka_unit_test(empty_objects),
		cmocka_unit_test(userns_remap_declined),
		cmocka_unit_test(hardened_new_file),
		cmocka_unit_test(hardened_existing_file),
		cmocka_unit_test(all_rules_idempotent),
	};

	return cmocka_run_group_tests(tests, make_root, remove_root);
}
