/*
 * Tests for the Compose fixers (RC2xx) and the unused-service search.
 * They check the exact edited text for small inputs, rescan every result
 * with the real analyzer (finding gone, no other rule grows), check
 * idempotence and the cases left to a person, and run
 * `docker-compose config` on edited files when docker-compose exists.
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
#include "fixers/fix_compose.h"
#include "scan.h"
#include "tree.h"

#define FIXTURES "tests/fixtures/fixers/compose/"
#define PATH "docker-compose.yml"

static const char sample[] =
	"version: \"3.8\"\n"
	"\n"
	"services:\n"
	"  web:\n"
	"    build: .\n"
	"    ports:\n"
	"      - \"15000:5000\"\n"
	"    depends_on:\n"
	"      - db\n"
	"    networks:\n"
	"      - frontend\n"
	"      - backend\n"
	"\n"
	"  db:\n"
	"    image: postgres:13\n"
	"    environment:\n"
	"      POSTGRES_USER: admin\n"
	"      POSTGRES_PASSWORD: password123\n"
	"      POSTGRES_DB: appdb\n"
	"    networks:\n"
	"      - backend\n"
	"\n"
	"networks:\n"
	"  frontend:\n"
	"  backend:\n";

/* --- helpers --------------------------------------------------------------- */

static char root[64];

/* A tree with the sample's Dockerfile, which the healthcheck reads. */
static int make_root(void **state)
{
	char *text = NULL, *path;
	size_t len;

	(void)state;
	strcpy(root, "/tmp/test-fixers-compose-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	if (tree_read_file(&text, &len, FIXTURES "Dockerfile") < 0)
		return -1;
	path = rm_xasprintf("%s/Dockerfile", root);
	tree_write_file(path, text, len);
	free(path);
	free(text);
	return 0;
}

static int remove_root(void **state)
{
	(void)state;
	tree_remove(root);
	return 0;
}

static void scan_text(scan_result *out, const char *path, const char *text)
{
	source *src = source_from_bytes(path, text, strlen(text));
	scan_config cfg;
	target kind;

	assert_int_equal(scan_classify(path, text, strlen(text), &kind), RM_OK);
	scan_config_init(&cfg);
	assert_int_equal(scan_source(out, src, kind, &cfg), RM_OK);
	source_free(src);
}

static long count_rule(const scan_result *r, const char *rule)
{
	long n = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		if (strcmp(r->findings.items[i].rule->id, rule) == 0)
			n++;
	return n;
}

/*
 * Runs the fixer of `rule` on the `nth` finding of that rule in `text`.
 * Returns the fixer's result, with the plan in *out.
 */
static int plan_nth(fix *out, const char *text, const char *rule, int nth)
{
	scan_result scan;
	source *src = source_from_bytes(PATH, text, strlen(text));
	const finding *f = NULL;
	fix_context ctx;
	int error;

	scan_text(&scan, PATH, text);
	for (size_t i = 0; i < scan.findings.count && !f; i++)
		if (strcmp(scan.findings.items[i].rule->id, rule) == 0 && nth-- == 0)
			f = &scan.findings.items[i];
	assert_non_null(f);
	assert_non_null(fixer_find(rule));
	memset(out, 0, sizeof(*out));
	ctx = (fix_context){ .root = root, .finding = f, .src = src, .scan = &scan };
	rm_error_clear();
	error = fixer_find(rule)->plan(out, &ctx);
	scan_result_free(&scan);
	source_free(src);
	return error;
}

static const char *planned(const fix *plan, const char *path)
{
	const fix_file *file = fix_get_file(plan, path);

	assert_non_null(file);
	return file->content;
}

/* The rescan of `after` has fewer findings of `rule` than `before` and
 * no more of any other rule, and the file still parses. */
static void assert_verified(const char *path, const char *before,
			    const char *after, const char *rule_id)
{
	scan_result a, b;
	size_t count;
	const rule *rules = catalog_rules(&count);

	scan_text(&b, path, before);
	scan_text(&a, path, after);
	assert_int_equal(a.errors_count, 0);
	assert_true(count_rule(&a, rule_id) < count_rule(&b, rule_id));
	for (size_t i = 0; i < count; i++) {
		if (count_rule(&a, rules[i].id) > count_rule(&b, rules[i].id))
			fail_msg("rule %s grew from %ld to %ld", rules[i].id,
				 count_rule(&b, rules[i].id),
				 count_rule(&a, rules[i].id));
	}
	scan_result_free(&a);
	scan_result_free(&b);
}

/* Plans the first finding of `rule`, checks it, and returns the new text
 * of the Compose file (the test frees it). */
static char *fix_first(const char *text, const char *rule)
{
	fix plan;
	char *out;

	assert_int_equal(plan_nth(&plan, text, rule, 0), RM_OK);
	assert_non_null(plan.subject);
	assert_non_null(plan.problem);
	assert_non_null(plan.change);
	out = rm_xstrdup(planned(&plan, PATH));
	assert_verified(PATH, text, out, rule);
	fix_release(&plan);
	return out;
}

/* Fixes findings of `rule` until none is left or the fixer declines;
 * returns the final text and the number of declined findings. */
static char *fix_rule(const char *text, const char *rule, int *declined)
{
	char *current = rm_xstrdup(text);

	*declined = 0;
	for (int round = 0; round < 20; round++) {
		scan_result scan;
		long n;
		fix plan;

		scan_text(&scan, PATH, current);
		n = count_rule(&scan, rule);
		scan_result_free(&scan);
		if (n <= *declined)
			break;
		if (plan_nth(&plan, current, rule, *declined) != RM_OK) {
			(*declined)++;
			fix_release(&plan);
			continue;
		}
		free(current);
		current = rm_xstrdup(planned(&plan, PATH));
		fix_release(&plan);
	}
	return current;
}

/* Runs `docker-compose config` on the text when docker-compose exists. */
static void assert_compose_config(const char *text)
{
	char *path = rm_xasprintf("%s/%s", root, PATH);
	char *cmd;

	if (system("command -v docker-compose >/dev/null 2>&1") != 0) {
		free(path);
		return;
	}
	tree_write_file(path, text, strlen(text));
	cmd = rm_xasprintf("docker-compose -f '%s' config -q 2>&1", path);
	if (system(cmd) != 0)
		fail_msg("docker-compose config rejects:\n%s", text);
	unlink(path);
	free(cmd);
	free(path);
}

static bool contains(const char *text, const char *needle)
{
	return text && strstr(text, needle) != NULL;
}

/* --- RC201 ----------------------------------------------------------------- */

static void port_short_form(void **state)
{
	char *out;

	(void)state;
	out = fix_first(sample, "RC201");
	assert_true(contains(out, "      - \"127.0.0.1:15000:5000\"\n    depends_on:"));
	assert_int_equal(strlen(out), strlen(sample) + strlen("127.0.0.1:"));
	assert_compose_config(out);
	free(out);
}

static void port_forms(void **state)
{
	static const char text[] =
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    ports:\n"
		"      - 8080:80\n"
		"      - '9000'\n"
		"      - \"0.0.0.0:443:443/tcp\"\n"
		"      - target: 53\n"
		"        published: 5353\n"
		"        protocol: udp\n";
	static const char expected[] =
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    ports:\n"
		"      - 127.0.0.1:8080:80\n"
		"      - '127.0.0.1::9000'\n"
		"      - \"127.0.0.1:443:443/tcp\"\n"
		"      - \"127.0.0.1:5353:53/udp\"\n";
	int declined;
	char *out;

	(void)state;
	out = fix_rule(text, "RC201", &declined);
	assert_int_equal(declined, 0);
	assert_string_equal(out, expected);
	assert_compose_config(out);
	free(out);
}

static void port_long_form_with_mode(void **state)
{
	static const char text[] =
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    ports:\n"
		"      - target: 80\n"
		"        published: 8080\n"
		"        mode: host\n";
	char *out;

	(void)state;
	out = fix_first(text, "RC201");
	assert_string_equal(out,
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    ports:\n"
		"      - target: 80\n"
		"        published: 8080\n"
		"        mode: host\n"
		"        host_ip: 127.0.0.1\n");
	free(out);
}

/* --- RC202, RC203, RC204 --------------------------------------------------- */

static void limits_web_and_db(void **state)
{
	char *a, *b, *c, *d;

	(void)state;
	a = fix_first(sample, "RC202");
	assert_true(contains(a, "      - backend\n    mem_limit: 256m\n\n  db:"));
	b = fix_first(a, "RC203");
	assert_true(contains(b, "    mem_limit: 256m\n    cpus: \"0.5\"\n\n  db:"));
	c = fix_first(b, "RC204");
	assert_true(contains(c, "    cpus: \"0.5\"\n    pids_limit: 100\n\n  db:"));

	/* postgres gets room for its default shared_buffers and
	 * max_connections. */
	d = fix_first(c, "RC202");
	assert_true(contains(d, "      - backend\n    mem_limit: 512m\n\nnetworks:"));
	assert_compose_config(d);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void limits_replace_unlimited(void **state)
{
	static const char text[] =
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    mem_limit: 0  # unlimited\n"
		"    pids_limit: -1\n"
		"    cpus: '0'\n";
	char *a, *b, *c;

	(void)state;
	a = fix_first(text, "RC202");
	b = fix_first(a, "RC203");
	c = fix_first(b, "RC204");
	assert_string_equal(c,
		"services:\n"
		"  app:\n"
		"    image: nginx\n"
		"    mem_limit: 256m  # unlimited\n"
		"    pids_limit: 100\n"
		"    cpus: '0.5'\n");
	free(a);
	free(b);
	free(c);
}

static void limits_idempotent(void **state)
{
	const char *rules[] = { "RC202", "RC203", "RC204" };
	char *text = rm_xstrdup(sample);

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		int declined;
		char *next = fix_rule(text, rules[i], &declined);
		scan_result scan;

		assert_int_equal(declined, 0);
		scan_text(&scan, PATH, next);
		assert_int_equal(count_rule(&scan, rules[i]), 0);
		scan_result_free(&scan);
		free(text);
		text = next;
	}
	free(text);
}

/* --- RC206 ----------------------------------------------------------------- */

static void nnp_forms(void **state)
{
	static const char text[] =
		"services:\n"
		"  a:\n"
		"    image: nginx\n"
		"  b:\n"
		"    image: nginx\n"
		"    security_opt: [seccomp=unconfined]\n"
		"  c:\n"
		"    image: nginx\n"
		"    security_opt:\n"
		"      - 'no-new-privileges:false'\n";
	static const char expected[] =
		"services:\n"
		"  a:\n"
		"    image: nginx\n"
		"    security_opt:\n"
		"      - 'no-new-privileges:true'\n"
		"  b:\n"
		"    image: nginx\n"
		"    security_opt: [seccomp=unconfined, 'no-new-privileges:true']\n"
		"  c:\n"
		"    image: nginx\n"
		"    security_opt:\n"
		"      - 'no-new-privileges:true'\n";
	int declined;
	char *out;

	(void)state;
	out = fix_rule(text, "RC206", &declined);
	assert_int_equal(declined, 0);
	assert_string_equal(out, expected);
	free(out);
}

/* --- RC205, RC208 ---------------------------------------------------------- */

static void read_only_built_service(void **state)
{
	char *out;

	(void)state;
	out = fix_first(sample, "RC205");
	assert_true(contains(out, "      - backend\n    read_only: true\n    tmpfs:\n      - /tmp\n\n  db:"));
	assert_compose_config(out);
	free(out);
}

static void read_only_postgres_declined(void **state)
{
	fix plan;

	(void)state;
	/* The second RC205 finding is db's. */
	assert_int_equal(plan_nth(&plan, sample, "RC205", 1), RM_ENOTFOUND);
	assert_int_equal(plan.file_count, 0);
	assert_true(contains(rm_error_last(), "/var/run/postgresql"));
	assert_true(contains(rm_error_last(), "Recommendation:"));
	fix_release(&plan);
}

static void cap_drop_built_service(void **state)
{
	char *out;
	fix plan;

	(void)state;
	out = fix_first(sample, "RC208");
	assert_true(contains(out, "      - backend\n    cap_drop:\n      - ALL\n\n  db:"));
	assert_compose_config(out);
	free(out);

	assert_int_equal(plan_nth(&plan, sample, "RC208", 1), RM_ENOTFOUND);
	assert_true(contains(rm_error_last(), "SETUID, SETGID, CHOWN, DAC_OVERRIDE and FOWNER"));
	fix_release(&plan);
}

static void cap_drop_low_port(void **state)
{
	static const char text[] =
		"services:\n"
		"  web: {build: ., ports: [\"127.0.0.1:80:80\"]}\n";
	char *out;

	(void)state;
	out = fix_first(text, "RC208");
	assert_string_equal(out,
		"services:\n"
		"  web: {build: ., ports: [\"127.0.0.1:80:80\"], cap_drop: [ALL], cap_add: [NET_BIND_SERVICE]}\n");
	free(out);
}

/* --- RC214 ----------------------------------------------------------------- */

static void secret_postgres_file(void **state)
{
	fix plan;
	const char *compose;

	(void)state;
	assert_int_equal(plan_nth(&plan, sample, "RC214", 0), RM_OK);
	compose = planned(&plan, PATH);
	assert_true(contains(compose,
		"      POSTGRES_USER: admin\n"
		"      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n"
		"      POSTGRES_DB: appdb\n"
		"    networks:\n"
		"      - backend\n"
		"    secrets:\n"
		"      - postgres_password\n"
		"\n"
		"networks:\n"
		"  frontend:\n"
		"  backend:\n"
		"\n"
		"secrets:\n"
		"  postgres_password:\n"
		"    file: ./secrets/postgres_password.txt\n"));
	assert_verified(PATH, sample, compose, "RC214");
	assert_compose_config(compose);

	assert_string_equal(planned(&plan, ".gitignore"),
			    "# Secrets and local settings that must not be committed.\n"
			    "secrets/*.txt\n");
	assert_string_equal(planned(&plan, ".dockerignore"), "secrets/\n");
	assert_non_null(planned(&plan, "secrets/postgres_password.txt.example"));

	/* The old value is written nowhere: not in a file, not in the
	 * commit message. */
	for (size_t i = 0; i < plan.file_count; i++)
		assert_false(contains(plan.files[i].content, "password123"));
	assert_false(contains(plan.subject, "password123"));
	assert_false(contains(plan.problem, "password123"));
	assert_false(contains(plan.change, "password123"));
	assert_true(contains(plan.change, "leaked"));
	fix_release(&plan);
}

static void secret_env_file(void **state)
{
	static const char text[] =
		"services:\n"
		"  worker:\n"
		"    image: example/worker:1\n"
		"    environment:\n"
		"      - QUEUE=jobs\n"
		"      - API_TOKEN=abc123\n";
	fix plan;
	const char *compose;
	char *path;

	(void)state;
	/* An existing .gitignore gets the line appended. */
	path = rm_xasprintf("%s/.gitignore", root);
	tree_write_file(path, "*.pyc", 5);
	assert_int_equal(plan_nth(&plan, text, "RC214", 0), RM_OK);
	unlink(path);
	free(path);

	compose = planned(&plan, PATH);
	assert_string_equal(compose,
		"services:\n"
		"  worker:\n"
		"    image: example/worker:1\n"
		"    environment:\n"
		"      - QUEUE=jobs\n"
		"    env_file: .env\n");
	assert_verified(PATH, text, compose, "RC214");
	assert_string_equal(planned(&plan, ".env.example"),
			    "# Copy this file to .env and fill in the values; .env is not committed.\n"
			    "API_TOKEN=\n");
	assert_string_equal(planned(&plan, ".gitignore"), "*.pyc\n.env\n");
	assert_null(fix_get_file(&plan, ".dockerignore"));
	for (size_t i = 0; i < plan.file_count; i++)
		assert_false(contains(plan.files[i].content, "abc123"));
	fix_release(&plan);
}

static void secret_only_variable(void **state)
{
	static const char text[] =
		"services:\n"
		"  worker:\n"
		"    image: example/worker:1\n"
		"    environment:\n"
		"      API_TOKEN: \"abc123\"\n"
		"    env_file: [common.env]\n";
	char *out;

	(void)state;
	/* docker-compose rejects an empty environment, so the key goes. */
	out = fix_first(text, "RC214");
	assert_string_equal(out,
		"services:\n"
		"  worker:\n"
		"    image: example/worker:1\n"
		"    env_file: [common.env, .env]\n");
	free(out);
}

/* --- RC215 ----------------------------------------------------------------- */

static void healthcheck_python(void **state)
{
	char *out;

	(void)state;
	out = fix_first(sample, "RC215");
	assert_true(contains(out,
		"      - backend\n"
		"    healthcheck:\n"
		"      test: [\"CMD\", \"python\", \"-c\", \"import sys, http.client as h; c = h.HTTPConnection('127.0.0.1', 5000, timeout=3); c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)\"]\n"
		"      interval: 30s\n"
		"      timeout: 5s\n"
		"      retries: 3\n"
		"      start_period: 10s\n"
		"\n"
		"  db:\n"));
	assert_compose_config(out);
	free(out);
}

static void healthcheck_without_dockerfile(void **state)
{
	static const char text[] =
		"services:\n"
		"  api:\n"
		"    build: ./missing\n";
	fix plan;

	(void)state;
	assert_int_equal(plan_nth(&plan, text, "RC215", 0), RM_ENOTFOUND);
	assert_true(contains(rm_error_last(), "'missing/Dockerfile'"));
	fix_release(&plan);
}

/* --- manual work ----------------------------------------------------------- */

static void dangerous_settings_declined(void **state)
{
	static const char text[] =
		"services:\n"
		"  tool:\n"
		"    image: example/tool\n"
		"    privileged: true\n"
		"    network_mode: host\n"
		"    pid: host\n"
		"    ipc: host\n"
		"    cap_add: [SYS_ADMIN]\n"
		"    volumes:\n"
		"      - /var/run/docker.sock:/var/run/docker.sock\n";
	const char *rules[] = { "RC207", "RC209", "RC210", "RC211", "RC212", "RC213" };

	(void)state;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		fix plan;

		assert_int_equal(plan_nth(&plan, text, rules[i], 0), RM_ENOTFOUND);
		assert_int_equal(plan.file_count, 0);
		assert_true(contains(rm_error_last(), rules[i]));
		assert_true(contains(rm_error_last(), "'tool'"));
		assert_true(contains(rm_error_last(), "Recommendation:"));
		fix_release(&plan);
	}
}

static void anchored_setting_declined(void **state)
{
	static const char text[] =
		"x-opts: &opts\n"
		"  security_opt: [seccomp=unconfined]\n"
		"services:\n"
		"  a:\n"
		"    <<: *opts\n"
		"    image: nginx\n";
	fix plan;

	(void)state;
	assert_int_equal(plan_nth(&plan, text, "RC206", 0), RM_ENOTFOUND);
	assert_true(contains(rm_error_last(), "anchor"));
	fix_release(&plan);
}

/* --- the whole sample ------------------------------------------------------ */

/* Fixes every finding in file order, as the pipeline does one at a time,
 * and compares with the reviewed result. */
static void sample_all_fixed(void **state)
{
	char *current = rm_xstrdup(sample), *expected = NULL;
	size_t len;
	int declined = 0;

	(void)state;
	for (int round = 0; round < 40; round++) {
		scan_result scan;
		bool progress = false;

		scan_text(&scan, PATH, current);
		for (size_t i = 0; i < scan.findings.count && !progress; i++) {
			const char *rule = scan.findings.items[i].rule->id;
			int nth = 0;
			fix plan;

			for (size_t j = 0; j < i; j++)
				if (strcmp(scan.findings.items[j].rule->id, rule) == 0)
					nth++;
			if (plan_nth(&plan, current, rule, nth) == RM_OK) {
				assert_verified(PATH, current, planned(&plan, PATH), rule);
				free(current);
				current = rm_xstrdup(planned(&plan, PATH));
				progress = true;
			}
			fix_release(&plan);
		}
		declined = (int)scan.findings.count;
		scan_result_free(&scan);
		if (!progress)
			break;
	}
	/* Left: the read-only root and the capabilities of postgres. */
	assert_int_equal(declined, 2);
	assert_int_equal(tree_read_file(&expected, &len, FIXTURES "sample.fixed.yml"), RM_OK);
	assert_string_equal(current, expected);
	assert_compose_config(current);
	free(expected);
	free(current);
}

/* --- unused services ------------------------------------------------------- */

static void write_file(const char *name, const char *text)
{
	char *path = rm_xasprintf("%s/%s", root, name);

	assert_int_equal(tree_write_file(path, text, strlen(text)), RM_OK);
	free(path);
}

static void unused_db_found_and_removed(void **state)
{
	fix_compose_unused_list list;
	fix plan;

	(void)state;
	write_file(PATH, sample);
	write_file("app.py", "# Left over from a database login.\nprint('hi')\n");
	assert_int_equal(fix_compose_unused_services(&list, root, PATH), RM_OK);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].service, "db");
	assert_true(contains(list.items[0].reason, "depends_on of 'web'"));
	fix_compose_unused_list_free(&list);

	memset(&plan, 0, sizeof(plan));
	assert_int_equal(fix_compose_remove_service(&plan, root, PATH, "db"), RM_OK);
	assert_string_equal(plan.subject, "Remove the unused db service from docker-compose.yml");
	assert_string_equal(planned(&plan, PATH),
		"version: \"3.8\"\n"
		"\n"
		"services:\n"
		"  web:\n"
		"    build: .\n"
		"    ports:\n"
		"      - \"15000:5000\"\n"
		"    networks:\n"
		"      - frontend\n"
		"      - backend\n"
		"\n"
		"networks:\n"
		"  frontend:\n"
		"  backend:\n");
	assert_compose_config(planned(&plan, PATH));
	fix_release(&plan);
}

static void unused_db_mentioned(void **state)
{
	fix_compose_unused_list list;

	(void)state;
	write_file(PATH, sample);
	write_file("app.py", "conn = connect(host='db')\n");
	assert_int_equal(fix_compose_unused_services(&list, root, PATH), RM_OK);
	assert_int_equal(list.count, 0);
	fix_compose_unused_list_free(&list);

	/* "database" is not the word "db". */
	write_file("app.py", "# no database here\n");
	assert_int_equal(fix_compose_unused_services(&list, root, PATH), RM_OK);
	assert_int_equal(list.count, 1);
	fix_compose_unused_list_free(&list);
}

static void unused_resources_removed(void **state)
{
	static const char text[] =
		"services:\n"
		"  app:\n"
		"    build: .\n"
		"    depends_on: [cache, db]\n"
		"  cache:\n"
		"    image: redis:7\n"
		"    volumes:\n"
		"      - cache-data:/data\n"
		"  db:\n"
		"    image: postgres:13\n"
		"volumes:\n"
		"  cache-data:\n";
	fix_compose_unused_list list;
	fix plan;

	(void)state;
	write_file(PATH, text);
	write_file("app.py", "print('no services used')\n");
	assert_int_equal(fix_compose_unused_services(&list, root, PATH), RM_OK);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.items[0].service, "cache");
	assert_string_equal(list.items[1].service, "db");
	fix_compose_unused_list_free(&list);

	memset(&plan, 0, sizeof(plan));
	assert_int_equal(fix_compose_remove_service(&plan, root, PATH, "cache"), RM_OK);
	assert_string_equal(planned(&plan, PATH),
		"services:\n"
		"  app:\n"
		"    build: .\n"
		"    depends_on: [db]\n"
		"  db:\n"
		"    image: postgres:13\n");
	fix_release(&plan);

	assert_int_equal(fix_compose_unused_services(&list, root, "missing.yml"),
			 RM_ENOTFOUND);
	assert_int_equal(list.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(port_short_form),
		cmocka_unit_test(port_forms),
		cmocka_unit_test(port_long_form_with_mode),
		cmocka_unit_test(limits_web_and_db),
		cmocka_unit_test(limits_replace_unlimited),
		cmocka_unit_test(limits_idempotent),
		cmocka_unit_test(nnp_forms),
		cmocka_unit_test(read_only_built_service),
		cmocka_unit_test(read_only_postgres_declined),
		cmocka_unit_test(cap_drop_built_service),
		cmocka_unit_test(cap_drop_low_port),
		cmocka_unit_test(secret_postgres_file),
		cmocka_unit_test(secret_env_file),
		cmocka_unit_test(secret_only_variable),
		cmocka_unit_test(healthcheck_python),
		cmocka_unit_test(healthcheck_without_dockerfile),
		cmocka_unit_test(dangerous_settings_declined),
		cmocka_unit_test(anchored_setting_declined),
		cmocka_unit_test(sample_all_fixed),
		cmocka_unit_test(unused_db_found_and_removed),
		cmocka_unit_test(unused_db_mentioned),
		cmocka_unit_test(unused_resources_removed),
	};

	return cmocka_run_group_tests(tests, make_root, remove_root);
}
