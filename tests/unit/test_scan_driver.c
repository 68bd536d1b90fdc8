/*
 * Tests for the scan driver: file classification, rule selection, the
 * directory walk (exclusions, links, errors) and the independence of the
 * output from the number of threads.
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
#include "scan.h"

static char *make_tree(void)
{
	char templ[] = "/tmp/remediate-scan-test-XXXXXX";
	char *root = mkdtemp(templ);

	assert_non_null(root);
	return strdup(root);
}

static void write_file(const char *root, const char *name, const char *text)
{
	char path[512];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

static void remove_tree(const char *root)
{
	char command[600];

	snprintf(command, sizeof(command), "rm -rf '%s'", root);
	assert_int_equal(system(command), 0);
}

static target classify(const char *path, const char *head)
{
	target kind = (target)-1;

	if (scan_classify(path, head, head ? strlen(head) : 0, &kind) < 0)
		return (target)-1;
	return kind;
}

static void classify_by_name(void **state)
{
	(void)state;
	assert_int_equal(classify("app.py", NULL), TARGET_PYTHON);
	assert_int_equal(classify("gui.pyw", NULL), TARGET_PYTHON);
	assert_int_equal(classify("x/Dockerfile", NULL), TARGET_DOCKERFILE);
	assert_int_equal(classify("Dockerfile.prod", NULL), TARGET_DOCKERFILE);
	assert_int_equal(classify("web.dockerfile", NULL), TARGET_DOCKERFILE);
	assert_int_equal(classify("Containerfile", NULL), TARGET_DOCKERFILE);
	assert_int_equal(classify("docker-compose.yml", NULL), TARGET_COMPOSE);
	assert_int_equal(classify("docker-compose.prod.yaml", NULL), TARGET_COMPOSE);
	assert_int_equal(classify("compose.yaml", NULL), TARGET_COMPOSE);
	assert_int_equal(classify("etc/daemon.json", NULL), TARGET_DAEMON);
}

static void classify_rejects_others(void **state)
{
	(void)state;
	assert_int_equal((int)classify("README.md", NULL), -1);
	assert_int_equal((int)classify("config.json", NULL), -1);
	assert_int_equal((int)classify("docker-compose.txt", NULL), -1);
	assert_int_equal((int)classify("app.py.orig", NULL), -1);
	/* A shebang counts only for files without an extension. */
	assert_int_equal((int)classify("run.sh", "#!/usr/bin/env python3\n"), -1);
}

static void classify_shebang(void **state)
{
	(void)state;
	assert_int_equal(classify("bin/tool", "#!/usr/bin/env python3\nimport os\n"),
			 TARGET_PYTHON);
	assert_int_equal(classify("bin/tool", "#!/usr/bin/python\n"), TARGET_PYTHON);
	assert_int_equal((int)classify("bin/tool", "#!/bin/sh\n# python\n"), -1);
	assert_int_equal((int)classify("bin/tool", "print('x')\n"), -1);
}

static void rule_selection(void **state)
{
	scan_config cfg;
	const char *skip[] = { "B101", NULL };
	const char *tests[] = { "B101", "B602", NULL };

	(void)state;
	scan_config_init(&cfg);
	assert_true(scan_rule_enabled(&cfg, "B101"));
	cfg.skip = skip;
	assert_false(scan_rule_enabled(&cfg, "B101"));
	assert_true(scan_rule_enabled(&cfg, "B602"));
	cfg.tests = tests;
	assert_false(scan_rule_enabled(&cfg, "B101"));
	assert_true(scan_rule_enabled(&cfg, "B602"));
	assert_false(scan_rule_enabled(&cfg, "B307"));
}

static void walk_excludes_and_links(void **state)
{
	char *root = make_tree();
	char path[512], link[512];
	scan_config cfg;
	scan_result result;
	const char *paths[1];

	(void)state;
	write_file(root, "app.py", "eval(x)\n");
	snprintf(path, sizeof(path), "%s/.git", root);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(root, ".git/hook.py", "eval(x)\n");
	snprintf(path, sizeof(path), "%s/node_modules", root);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(root, "node_modules/dep.py", "eval(x)\n");
	/* A link to a directory is not followed, so a walk cannot loop. */
	snprintf(link, sizeof(link), "%s/loop", root);
	assert_int_equal(symlink(".", link), 0);
	/* A link to a file is scanned under its own name, as Bandit does. */
	write_file(root, "node_modules/target.py", "exec(x)\n");
	snprintf(link, sizeof(link), "%s/linked.py", root);
	assert_int_equal(symlink("node_modules/target.py", link), 0);
	/* A folder with pyvenv.cfg is a virtual environment and is skipped. */
	snprintf(path, sizeof(path), "%s/env", root);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(root, "env/pyvenv.cfg", "home = /usr/bin\n");
	write_file(root, "env/site.py", "eval(x)\n");

	scan_config_init(&cfg);
	cfg.jobs = 1;
	paths[0] = root;
	assert_int_equal(scan_paths(&result, paths, 1, &cfg), 0);
	assert_int_equal(result.files_scanned, 2);
	assert_int_equal(result.findings.count, 2);
	assert_string_equal(result.findings.items[0].rule->id, "B307");
	assert_non_null(strstr(result.findings.items[0].path, "/app.py"));
	assert_string_equal(result.findings.items[1].rule->id, "B102");
	assert_non_null(strstr(result.findings.items[1].path, "/linked.py"));
	assert_int_equal(result.errors_count, 0);
	scan_result_free(&result);
	remove_tree(root);
	free(root);
}

static void missing_path_is_an_error(void **state)
{
	scan_config cfg;
	scan_result result;
	const char *paths[] = { "/nonexistent/remediate/path" };

	(void)state;
	scan_config_init(&cfg);
	assert_int_equal(scan_paths(&result, paths, 1, &cfg), 0);
	assert_int_equal(result.files_scanned, 0);
	assert_int_equal(result.errors_count, 1);
	assert_string_equal(result.errors[0].path, "/nonexistent/remediate/path");
	assert_string_equal(result.errors[0].reason, "no such file or directory");
	scan_result_free(&result);
}

static void thresholds_filter_after_counting(void **state)
{
	char *root = make_tree();
	scan_config cfg;
	scan_result result;
	const char *paths[1];

	(void)state;
	/* B101 is LOW, B307 MEDIUM, B602 HIGH. */
	write_file(root, "a.py",
		   "import subprocess\nassert x\neval(y)\n"
		   "subprocess.call(z, shell=True)\n");
	scan_config_init(&cfg);
	cfg.min_severity = LEVEL_MEDIUM;
	paths[0] = root;
	assert_int_equal(scan_paths(&result, paths, 1, &cfg), 0);
	assert_int_equal(result.findings.count, 2);
	assert_string_equal(result.findings.items[0].rule->id, "B307");
	assert_string_equal(result.findings.items[1].rule->id, "B602");
	/* Totals are taken before the filter, as Bandit's metrics are. */
	assert_int_equal(result.severity_totals[LEVEL_LOW], 2);
	assert_int_equal(result.severity_totals[LEVEL_MEDIUM], 1);
	assert_int_equal(result.severity_totals[LEVEL_HIGH], 1);
	assert_int_equal(result.metrics_count, 1);
	assert_int_equal(result.metrics[0].severity[LEVEL_LOW], 2);
	scan_result_free(&result);
	remove_tree(root);
	free(root);
}

/* Renders the findings as one string so two results can be compared. */
static char *render(const scan_result *result)
{
	size_t cap = 1 << 16, used = 0;
	char *out = malloc(cap);

	out[0] = '\0';
	for (size_t i = 0; i < result->findings.count; i++) {
		const finding *f = &result->findings.items[i];
		used += (size_t)snprintf(out + used, cap - used, "%s:%d:%d:%s\n",
					 f->path, f->line, f->col, f->rule->id);
		assert_true(used < cap);
	}
	return out;
}

static void output_independent_of_threads(void **state)
{
	char *root = make_tree();
	scan_config cfg;
	scan_result one, many;
	const char *paths[1];
	char *a, *b;

	(void)state;
	for (int i = 0; i < 40; i++) {
		char name[32], text[128];
		snprintf(name, sizeof(name), "m%02d.py", i);
		snprintf(text, sizeof(text), "import os\nassert %d\nos.system(cmd%d)\n", i, i);
		write_file(root, name, text);
	}
	paths[0] = root;
	scan_config_init(&cfg);
	cfg.jobs = 1;
	assert_int_equal(scan_paths(&one, paths, 1, &cfg), 0);
	cfg.jobs = 4;
	assert_int_equal(scan_paths(&many, paths, 1, &cfg), 0);
	assert_int_equal(one.findings.count, 80);
	a = render(&one);
	b = render(&many);
	assert_string_equal(a, b);
	free(a);
	free(b);
	scan_result_free(&one);
	scan_result_free(&many);
	remove_tree(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify_by_name),
		cmocka_unit_test(classify_rejects_others),
		cmocka_unit_test(classify_shebang),
		cmocka_unit_test(rule_selection),
		cmocka_unit_test(walk_excludes_and_links),
		cmocka_unit_test(missing_path_is_an_error),
		cmocka_unit_test(thresholds_filter_after_counting),
		cmocka_unit_test(output_independent_of_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
