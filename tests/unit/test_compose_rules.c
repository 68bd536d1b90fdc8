/* Compose rules RC201-RC215: catches and catches-not for each rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer.h"
#include "error.h"

#define FIXTURES "tests/fixtures/compose/"

/* One service that passes every rule, one key per line so a test can
 * drop a key and add its own lines. */
static const char *hardened_lines[] = {
	"    build: .",
	"    ports: [\"127.0.0.1:8080:8080\"]",
	"    read_only: true",
	"    security_opt: [\"no-new-privileges:true\"]",
	"    cap_drop: [ALL]",
	"    mem_limit: 256m",
	"    cpus: \"0.5\"",
	"    pids_limit: 100",
	"    healthcheck: {test: [\"CMD\", \"/app/check\"], interval: 30s}",
	"    environment: {DB_USER: app}",
};

/*
 * Builds "services:\n  app:\n" with the hardened keys, leaving out the
 * key `omit` (NULL for none) and appending `extra` (lines indented for
 * the service's keys, or NULL).  The caller frees the result.
 */
static char *service_text(const char *omit, const char *extra)
{
	size_t cap = 4096, used = 0;
	char *text = malloc(cap);

	used += (size_t)snprintf(text, cap, "services:\n  app:\n");
	for (size_t i = 0; i < sizeof(hardened_lines) / sizeof(hardened_lines[0]); i++) {
		const char *line = hardened_lines[i];

		if (omit && strncmp(line + 4, omit, strlen(omit)) == 0 &&
		    line[4 + strlen(omit)] == ':')
			continue;
		used += (size_t)snprintf(text + used, cap - used, "%s\n", line);
	}
	if (extra)
		used += (size_t)snprintf(text + used, cap - used, "%s", extra);
	assert_true(used < cap);
	return text;
}

typedef struct result {
	source *src;
	finding_list findings;
	file_metrics metrics;
} result;

static void analyze_text(result *r, const char *text, const scan_config *cfg)
{
	scan_config defaults;

	if (!cfg) {
		scan_config_init(&defaults);
		cfg = &defaults;
	}
	memset(r, 0, sizeof(*r));
	r->src = source_from_bytes("docker-compose.yml", text, strlen(text));
	assert_int_equal(compose_analyzer.analyze(NULL, r->src, cfg,
						  &r->findings, &r->metrics),
			 RM_OK);
}

static void result_free(result *r)
{
	finding_list_clear(&r->findings);
	source_free(r->src);
}

static size_t count_rule(const result *r, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		n += strcmp(r->findings.items[i].rule->id, id) == 0;
	return n;
}

/* Returns the n-th finding of rule `id`; fails the test when absent. */
static const finding *nth_finding(const result *r, const char *id, size_t n)
{
	for (size_t i = 0; i < r->findings.count; i++)
		if (strcmp(r->findings.items[i].rule->id, id) == 0 && n-- == 0)
			return &r->findings.items[i];
	fail_msg("no finding %s", id);
	return NULL;
}

/* The flagged text of a finding, as a new string. */
static char *flagged(const result *r, const finding *f)
{
	return strndup(r->src->text + f->start_byte, f->end_byte - f->start_byte);
}

static void assert_flagged(const result *r, const char *id, size_t n,
			   const char *want)
{
	char *text = flagged(r, nth_finding(r, id, n));

	assert_string_equal(text, want);
	free(text);
}

/* Checks that `text` gets exactly `count` findings, all of rule `id`. */
static void expect_only(result *r, const char *text, const char *id,
			size_t count)
{
	analyze_text(r, text, NULL);
	assert_int_equal(count_rule(r, id), count);
	assert_int_equal(r->findings.count, count);
}

static void rules_hardened_clean(void **state)
{
	result r;
	char *text = service_text(NULL, NULL);
	source *src = NULL;

	(void)state;
	expect_only(&r, text, "RC201", 0);
	result_free(&r);
	free(text);

	assert_int_equal(source_load(&src, FIXTURES "hardened.yml", 1 << 20), RM_OK);
	expect_only(&r, src->text, "RC201", 0);
	result_free(&r);
	source_free(src);
}

static void rules_sample_file(void **state)
{
	source *src = NULL;
	result r;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "sample.yml", 1 << 20), RM_OK);
	analyze_text(&r, src->text, NULL);
	assert_int_equal(count_rule(&r, "RC201"), 1);
	assert_int_equal(count_rule(&r, "RC202"), 2);
	assert_int_equal(count_rule(&r, "RC203"), 2);
	assert_int_equal(count_rule(&r, "RC204"), 2);
	assert_int_equal(count_rule(&r, "RC205"), 2);
	assert_int_equal(count_rule(&r, "RC206"), 2);
	assert_int_equal(count_rule(&r, "RC208"), 2);
	assert_int_equal(count_rule(&r, "RC214"), 1);
	assert_int_equal(count_rule(&r, "RC215"), 1);
	assert_int_equal(r.findings.count, 15);

	assert_flagged(&r, "RC201", 0, "\"15000:5000\"");
	assert_int_equal(nth_finding(&r, "RC201", 0)->line, 7);
	assert_int_equal(nth_finding(&r, "RC201", 0)->col, 8);
	assert_flagged(&r, "RC214", 0, "password123");
	assert_int_equal(nth_finding(&r, "RC214", 0)->line, 18);
	assert_string_equal(nth_finding(&r, "RC214", 0)->message,
			    "Possible hard-coded secret in environment variable 'POSTGRES_PASSWORD' of service 'db'.");
	/* Missing settings point at the service's name. */
	assert_flagged(&r, "RC202", 0, "web");
	assert_flagged(&r, "RC202", 1, "db");
	assert_int_equal(nth_finding(&r, "RC202", 1)->line, 14);
	/* Only `web` is built here; `db`'s image may bring a HEALTHCHECK. */
	assert_flagged(&r, "RC215", 0, "web");

	assert_string_equal(nth_finding(&r, "RC201", 0)->code,
			    "6     ports:\n7       - \"15000:5000\"\n8     depends_on:\n");
	assert_int_equal(r.metrics.loc, 22);
	result_free(&r);
	source_free(src);
}

static void rules_skip_respected(void **state)
{
	source *src = NULL;
	scan_config cfg;
	const char *skip[] = { "RC202", "RC214", NULL };
	const char *only[] = { "RC201", NULL };
	result r;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "sample.yml", 1 << 20), RM_OK);
	scan_config_init(&cfg);
	cfg.skip = skip;
	analyze_text(&r, src->text, &cfg);
	assert_int_equal(count_rule(&r, "RC202"), 0);
	assert_int_equal(count_rule(&r, "RC214"), 0);
	assert_int_equal(count_rule(&r, "RC203"), 2);
	result_free(&r);

	scan_config_init(&cfg);
	cfg.tests = only;
	analyze_text(&r, src->text, &cfg);
	assert_int_equal(r.findings.count, 1);
	assert_int_equal(count_rule(&r, "RC201"), 1);
	result_free(&r);
	source_free(src);
}

static void rc201_ports(void **state)
{
	static const struct { const char *ports; size_t count; } cases[] = {
		{ "    ports: [\"8080:80\"]\n", 1 },
		{ "    ports: [\"80\"]\n", 1 },
		{ "    ports: [3000]\n", 1 },
		{ "    ports: [\"0.0.0.0:80:80\"]\n", 1 },
		{ "    ports: [\"8000-8010:8000-8010/udp\", \"127.0.0.1:90:90\"]\n", 1 },
		{ "    ports:\n      - target: 80\n        published: 8080\n", 1 },
		{ "    ports: [\"127.0.0.1:80:80\"]\n", 0 },
		{ "    ports: [\"[::1]:80:80\"]\n", 0 },
		{ "    ports: [\"${BIND_IP}:80:80\"]\n", 0 },
		{ "    ports:\n      - target: 80\n        host_ip: 127.0.0.1\n", 0 },
		{ "    ports: []\n", 0 },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("ports", cases[i].ports);

		expect_only(&r, text, "RC201", cases[i].count);
		result_free(&r);
		free(text);
	}
}

static void rc201_long_form_range(void **state)
{
	char *text = service_text("ports", "    ports:\n"
					   "      - target: 80\n"
					   "        host_ip: 0.0.0.0\n"
					   "      - target: 81\n"
					   "        published: \"8081\"\n");
	result r;

	(void)state;
	expect_only(&r, text, "RC201", 2);
	assert_flagged(&r, "RC201", 0, "0.0.0.0");
	assert_flagged(&r, "RC201", 1, "target: 81\n        published: \"8081\"");
	assert_string_equal(nth_finding(&r, "RC201", 1)->message,
			    "Port 81 of service 'app' is published on every host interface.");
	result_free(&r);
	free(text);
}

static void rc202_memory(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text("mem_limit", NULL);
	expect_only(&r, text, "RC202", 1);
	assert_flagged(&r, "RC202", 0, "app");
	assert_int_equal(nth_finding(&r, "RC202", 0)->line, 2);
	result_free(&r);
	free(text);

	text = service_text("mem_limit", "    mem_limit: 0\n");
	expect_only(&r, text, "RC202", 1);
	assert_flagged(&r, "RC202", 0, "0");
	result_free(&r);
	free(text);

	text = service_text("mem_limit", "    deploy:\n      resources:\n        limits:\n          memory: 128M\n");
	expect_only(&r, text, "RC202", 0);
	result_free(&r);
	free(text);
}

static void rc203_cpu(void **state)
{
	static const struct { const char *extra; size_t count; } cases[] = {
		{ NULL, 1 },
		{ "    cpus: 0\n", 1 },
		{ "    cpu_shares: 512\n", 0 },
		{ "    cpu_quota: 50000\n", 0 },
		{ "    deploy: {resources: {limits: {cpus: \"0.25\"}}}\n", 0 },
		{ "    deploy: {resources: {reservations: {cpus: \"0.25\"}}}\n", 1 },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("cpus", cases[i].extra);

		expect_only(&r, text, "RC203", cases[i].count);
		result_free(&r);
		free(text);
	}
}

static void rc204_pids(void **state)
{
	static const struct { const char *extra; size_t count; const char *flag; } cases[] = {
		{ NULL, 1, "app" },
		{ "    pids_limit: -1\n", 1, "-1" },
		{ "    deploy: {resources: {limits: {pids: 50}}}\n", 0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("pids_limit", cases[i].extra);

		expect_only(&r, text, "RC204", cases[i].count);
		if (cases[i].flag)
			assert_flagged(&r, "RC204", 0, cases[i].flag);
		result_free(&r);
		free(text);
	}
}

/* Limit values: numbers above 0 are limits, 0 and below mean unlimited,
 * and anything else is invalid, so the rule still fires on it. */
static void limits_parsed_values(void **state)
{
	static const struct {
		const char *omit, *id, *extra;
		size_t count;
		const char *message;    /* part of the message, or NULL */
	} cases[] = {
		/* RC204: pids_limit and deploy.resources.limits.pids */
		{ "pids_limit", "RC204", "    pids_limit: 100\n", 0, NULL },
		{ "pids_limit", "RC204", "    pids_limit: \"100\"\n", 0, NULL },
		{ "pids_limit", "RC204", "    pids_limit: +7\n", 0, NULL },
		{ "pids_limit", "RC204", "    pids_limit: 0\n", 1, "(0 means unlimited)" },
		{ "pids_limit", "RC204", "    pids_limit: -5\n", 1, "(-5 means unlimited)" },
		{ "pids_limit", "RC204", "    pids_limit: abc\n", 1,
		  "the value 'abc' is invalid (not a whole number)" },
		{ "pids_limit", "RC204", "    pids_limit: -99999999999999999999\n", 1,
		  "the value '-99999999999999999999' is invalid (out of range)" },
		{ "pids_limit", "RC204", "    pids_limit: 99999999999999999999\n", 1,
		  "is invalid (out of range)" },
		{ "pids_limit", "RC204", "    pids_limit: 1.5\n", 1, "(not a whole number)" },
		{ "pids_limit", "RC204", "    pids_limit: [1]\n", 1,
		  "its value is invalid (not a number)" },
		{ "pids_limit", "RC204", "    pids_limit: \"\"\n", 1, "(not a whole number)" },
		{ "pids_limit", "RC204", "    deploy: {resources: {limits: {pids: x}}}\n", 1,
		  "the value 'x' is invalid" },
		/* RC202: mem_limit and deploy.resources.limits.memory */
		{ "mem_limit", "RC202", "    mem_limit: 268435456\n", 0, NULL },
		{ "mem_limit", "RC202", "    mem_limit: 256m\n", 0, NULL },
		{ "mem_limit", "RC202", "    mem_limit: 1.5GiB\n", 0, NULL },
		{ "mem_limit", "RC202", "    mem_limit: 512 kb\n", 0, NULL },
		{ "mem_limit", "RC202", "    mem_limit: 100b\n", 0, NULL },
		{ "mem_limit", "RC202", "    mem_limit: 0m\n", 1, "(0m means unlimited)" },
		{ "mem_limit", "RC202", "    mem_limit: -1\n", 1, "(-1 means unlimited)" },
		{ "mem_limit", "RC202", "    mem_limit: lots\n", 1,
		  "the value 'lots' is invalid (not a byte size such as 268435456 or 256m)" },
		{ "mem_limit", "RC202", "    mem_limit: 256x\n", 1, "is invalid" },
		{ "mem_limit", "RC202", "    mem_limit: -256m\n", 1, "is invalid" },
		{ "mem_limit", "RC202", "    mem_limit: 1.m\n", 1, "is invalid" },
		{ "mem_limit", "RC202", "    mem_limit: 1.2.3m\n", 1, "is invalid" },
		{ "mem_limit", "RC202", "    mem_limit: 99999999p\n", 1, "(out of range)" },
		{ "mem_limit", "RC202", "    deploy: {resources: {limits: {memory: 0}}}\n", 1,
		  "(0 means unlimited)" },
		/* RC203: cpus and deploy.resources.limits.cpus */
		{ "cpus", "RC203", "    cpus: 0.5\n", 0, NULL },
		{ "cpus", "RC203", "    cpus: \".25\"\n", 0, NULL },
		{ "cpus", "RC203", "    cpus: 2\n", 0, NULL },
		{ "cpus", "RC203", "    cpus: 0.0\n", 1, "(0.0 means unlimited)" },
		{ "cpus", "RC203", "    cpus: half\n", 1,
		  "the value 'half' is invalid (not a decimal number such as 0.5)" },
		{ "cpus", "RC203", "    cpus: 1e3\n", 1, "is invalid" },
		{ "cpus", "RC203", "    cpus: nan\n", 1, "is invalid" },
		{ "cpus", "RC203", "    cpu_shares: many\n", 1, "Service 'app' has no CPU limit." },
		{ "cpus", "RC203", "    cpu_quota: 50000\n", 0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text(cases[i].omit, cases[i].extra);

		analyze_text(&r, text, NULL);
		if (count_rule(&r, cases[i].id) != cases[i].count)
			fail_msg("%s: %zu findings of %s, expected %zu", cases[i].extra,
				 count_rule(&r, cases[i].id), cases[i].id, cases[i].count);
		assert_int_equal(r.findings.count, cases[i].count);
		if (cases[i].message &&
		    !strstr(nth_finding(&r, cases[i].id, 0)->message, cases[i].message))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].extra,
				 nth_finding(&r, cases[i].id, 0)->message, cases[i].message);
		result_free(&r);
		free(text);
	}
}

/* A long invalid value is cut short in the message, at a character. */
static void limits_long_value(void **state)
{
	char extra[200];
	result r;
	char *text;

	(void)state;
	/* 39 ASCII bytes, then é (two bytes) across the 40-byte cut. */
	snprintf(extra, sizeof(extra), "    pids_limit: \"%s\xc3\xa9%s\"\n",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb");
	text = service_text("pids_limit", extra);
	expect_only(&r, text, "RC204", 1);
	assert_non_null(strstr(nth_finding(&r, "RC204", 0)->message,
			       "the value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is invalid"));
	result_free(&r);
	free(text);
}

static void rc205_read_only(void **state)
{
	static const struct { const char *extra; size_t count; const char *flag; } cases[] = {
		{ NULL, 1, "app" },
		{ "    read_only: false\n", 1, "false" },
		{ "    read_only: \"no\"\n", 1, "\"no\"" },
		{ "    read_only: True\n", 0, NULL },
		{ "    read_only: yes\n", 0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("read_only", cases[i].extra);

		expect_only(&r, text, "RC205", cases[i].count);
		if (cases[i].flag)
			assert_flagged(&r, "RC205", 0, cases[i].flag);
		result_free(&r);
		free(text);
	}
}

static void rc206_no_new_privileges(void **state)
{
	static const struct { const char *extra; size_t count; const char *flag; } cases[] = {
		{ NULL, 1, "app" },
		{ "    security_opt: [\"apparmor=docker-default\"]\n", 1, "app" },
		{ "    security_opt: [\"no-new-privileges:false\"]\n", 1,
		  "\"no-new-privileges:false\"" },
		{ "    security_opt: [no-new-privileges]\n", 0, NULL },
		{ "    security_opt: [\"no-new-privileges=true\"]\n", 0, NULL },
		{ "    security_opt:\n      - label:type:svirt_apache_t\n      - no-new-privileges:true\n",
		  0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("security_opt", cases[i].extra);

		expect_only(&r, text, "RC206", cases[i].count);
		if (cases[i].flag)
			assert_flagged(&r, "RC206", 0, cases[i].flag);
		result_free(&r);
		free(text);
	}
}

static void rc207_privileged(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text(NULL, "    privileged: true\n");
	expect_only(&r, text, "RC207", 1);
	assert_flagged(&r, "RC207", 0, "true");
	assert_false(nth_finding(&r, "RC207", 0)->rule->fixable);
	result_free(&r);
	free(text);

	text = service_text(NULL, "    privileged: false\n");
	expect_only(&r, text, "RC207", 0);
	result_free(&r);
	free(text);
}

static void rc208_cap_drop(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text("cap_drop", NULL);
	expect_only(&r, text, "RC208", 1);
	assert_flagged(&r, "RC208", 0, "app");
	result_free(&r);
	free(text);

	text = service_text("cap_drop", "    cap_drop: []\n");
	expect_only(&r, text, "RC208", 1);
	assert_flagged(&r, "RC208", 0, "[]");
	result_free(&r);
	free(text);

	text = service_text("cap_drop", "    cap_drop:\n      - NET_RAW\n");
	expect_only(&r, text, "RC208", 0);
	result_free(&r);
	free(text);
}

static void rc209_cap_add(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text(NULL, "    cap_add: [SYS_ADMIN, CHOWN, CAP_NET_ADMIN, sys_ptrace, ALL]\n");
	expect_only(&r, text, "RC209", 4);
	assert_flagged(&r, "RC209", 0, "SYS_ADMIN");
	assert_flagged(&r, "RC209", 1, "CAP_NET_ADMIN");
	assert_flagged(&r, "RC209", 2, "sys_ptrace");
	assert_flagged(&r, "RC209", 3, "ALL");
	result_free(&r);
	free(text);

	text = service_text(NULL, "    cap_add: [NET_BIND_SERVICE, CHOWN]\n");
	expect_only(&r, text, "RC209", 0);
	result_free(&r);
	free(text);
}

static void rc210_docker_socket(void **state)
{
	static const struct { const char *extra; size_t count; const char *flag; } cases[] = {
		{ "    volumes: [\"/var/run/docker.sock:/var/run/docker.sock:ro\"]\n", 1,
		  "\"/var/run/docker.sock:/var/run/docker.sock:ro\"" },
		{ "    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /sock\n",
		  1, "type: bind\n        source: /run/docker.sock\n        target: /sock" },
		{ "    use_api_socket: true\n", 1, "true" },
		{ "    volumes: [\"data:/var/lib/data\", \"./conf:/etc/app:ro\", /tmp/cache]\n",
		  0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text(NULL, cases[i].extra);

		expect_only(&r, text, "RC210", cases[i].count);
		if (cases[i].flag)
			assert_flagged(&r, "RC210", 0, cases[i].flag);
		result_free(&r);
		free(text);
	}
}

static void rc211_to_rc213_namespaces(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text(NULL, "    network_mode: host\n    pid: \"host\"\n    ipc: host\n");
	analyze_text(&r, text, NULL);
	assert_int_equal(r.findings.count, 3);
	assert_flagged(&r, "RC211", 0, "host");
	assert_flagged(&r, "RC212", 0, "\"host\"");
	assert_flagged(&r, "RC213", 0, "host");
	assert_int_equal(nth_finding(&r, "RC212", 0)->line, 14);
	result_free(&r);
	free(text);

	text = service_text(NULL, "    network_mode: bridge\n    pid: service:db\n    ipc: shareable\n");
	expect_only(&r, text, "RC211", 0);
	result_free(&r);
	free(text);
}

static void rc214_literal_secrets(void **state)
{
	static const struct { const char *env; size_t count; const char *flag; } cases[] = {
		{ "    environment:\n      DB_PASSWORD: hunter2\n", 1, "hunter2" },
		{ "    environment:\n      - API_TOKEN=abc123\n", 1, "abc123" },
		{ "    environment:\n      - \"AWS_SECRET_ACCESS_KEY=AKIA/xyz\"\n", 1, "AKIA/xyz" },
		{ "    environment:\n      stripe_key: 'sk_live_1'\n", 1, "'sk_live_1'" },
		{ "    environment:\n      ADMIN_PASSWORD: \"$$literal\"\n", 1, "\"$$literal\"" },
		{ "    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n", 0, NULL },
		{ "    environment:\n      - DB_PASSWORD=$DB_PASSWORD\n", 0, NULL },
		{ "    environment:\n      - DB_PASSWORD\n", 0, NULL },
		{ "    environment:\n      DB_PASSWORD:\n", 0, NULL },
		{ "    environment:\n      DB_PASSWORD: \"\"\n", 0, NULL },
		{ "    environment:\n      DB_PASSWORD_FILE: /run/secrets/db\n", 0, NULL },
		{ "    environment:\n      TOKEN_TTL: 3600\n      SECRET_ROTATION: \"true\"\n", 0, NULL },
		{ "    environment:\n      KEYBOARD: us\n      DB_USER: admin\n", 0, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = service_text("environment", cases[i].env);

		expect_only(&r, text, "RC214", cases[i].count);
		if (cases[i].flag)
			assert_flagged(&r, "RC214", 0, cases[i].flag);
		result_free(&r);
		free(text);
	}
}

static void rc215_healthcheck(void **state)
{
	result r;
	char *text;

	(void)state;
	text = service_text("healthcheck", NULL);
	expect_only(&r, text, "RC215", 1);
	assert_flagged(&r, "RC215", 0, "app");
	assert_int_equal(nth_finding(&r, "RC215", 0)->confidence, LEVEL_MEDIUM);
	result_free(&r);
	free(text);

	/* A registry image may declare its own HEALTHCHECK: not reported. */
	text = service_text("healthcheck", "    image: postgres:16\n");
	{
		char *build = strstr(text, "    build: .\n");

		memmove(build, build + 13, strlen(build + 13) + 1);
	}
	expect_only(&r, text, "RC215", 0);
	result_free(&r);
	free(text);

	text = service_text("healthcheck", "    healthcheck:\n      disable: true\n");
	expect_only(&r, text, "RC215", 1);
	assert_flagged(&r, "RC215", 0, "disable: true");
	assert_int_equal(nth_finding(&r, "RC215", 0)->confidence, LEVEL_HIGH);
	result_free(&r);
	free(text);

	text = service_text("healthcheck", "    healthcheck: {test: [\"NONE\"]}\n");
	expect_only(&r, text, "RC215", 1);
	result_free(&r);
	free(text);
}

static void rules_through_merge_keys(void **state)
{
	source *src = NULL;
	result r;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "anchors.yml", 1 << 20), RM_OK);
	analyze_text(&r, src->text, NULL);
	/* api gets its limits and hardening through `<<`; worker only the
	 * limits, so it lacks read_only, no-new-privileges and cap_drop. */
	assert_int_equal(count_rule(&r, "RC202"), 0);
	assert_int_equal(count_rule(&r, "RC203"), 0);
	assert_int_equal(count_rule(&r, "RC204"), 0);
	assert_int_equal(count_rule(&r, "RC205"), 1);
	assert_flagged(&r, "RC205", 0, "worker");
	assert_int_equal(count_rule(&r, "RC206"), 1);
	assert_int_equal(count_rule(&r, "RC208"), 1);
	/* The long-form port has no host_ip; the short one is bound. */
	assert_int_equal(count_rule(&r, "RC201"), 1);
	assert_flagged(&r, "RC201", 0, "target: 8000\n        published: 8000\n        protocol: tcp");
	assert_int_equal(count_rule(&r, "RC214"), 1);
	assert_flagged(&r, "RC214", 0, "abc123");
	assert_int_equal(r.findings.count, 5);
	result_free(&r);
	source_free(src);
}

static void rules_invalid_file_skipped(void **state)
{
	scan_config cfg;
	finding_list out = { 0 };
	file_metrics metrics = { 0 };
	source *src = source_from_bytes("docker-compose.yml", "services: [a\n", 13);

	(void)state;
	scan_config_init(&cfg);
	assert_int_equal(compose_analyzer.analyze(NULL, src, &cfg, &out, &metrics),
			 RM_EINVALID);
	assert_int_equal(out.count, 0);
	assert_non_null(strstr(rm_error_last(), "'docker-compose.yml' at line 1:14: did not find expected"));
	source_free(src);
}

static void rules_catalog_rows(void **state)
{
	/* No automatic fix where removing the setting can break what the
	 * service was given it for. */
	static const struct { const char *id; bool fixable; } rows[] = {
		{ "RC201", true }, { "RC202", true }, { "RC203", true },
		{ "RC204", true }, { "RC205", true }, { "RC206", true },
		{ "RC207", false }, { "RC208", true }, { "RC209", false },
		{ "RC210", false }, { "RC211", false }, { "RC212", false },
		{ "RC213", false }, { "RC214", true }, { "RC215", true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const rule *r = catalog_find(rows[i].id);

		assert_non_null(r);
		assert_int_equal(r->target, TARGET_COMPOSE);
		assert_int_equal(r->fixable, rows[i].fixable);
		assert_non_null(r->xref);
		assert_non_null(r->message);
		assert_non_null(r->remedy);
		assert_non_null(r->stride);
		assert_non_null(r->attack);
		assert_non_null(r->nist);
	}
	assert_string_equal(catalog_find("RC201")->xref, "CIS 5.14");
	assert_int_equal(catalog_find("RC214")->cwe, 798);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules_hardened_clean),
		cmocka_unit_test(rules_sample_file),
		cmocka_unit_test(rules_skip_respected),
		cmocka_unit_test(rc201_ports),
		cmocka_unit_test(rc201_long_form_range),
		cmocka_unit_test(rc202_memory),
		cmocka_unit_test(rc203_cpu),
		cmocka_unit_test(rc204_pids),
		cmocka_unit_test(limits_parsed_values),
		cmocka_unit_test(limits_long_value),
		cmocka_unit_test(rc205_read_only),
		cmocka_unit_test(rc206_no_new_privileges),
		cmocka_unit_test(rc207_privileged),
		cmocka_unit_test(rc208_cap_drop),
		cmocka_unit_test(rc209_cap_add),
		cmocka_unit_test(rc210_docker_socket),
		cmocka_unit_test(rc211_to_rc213_namespaces),
		cmocka_unit_test(rc214_literal_secrets),
		cmocka_unit_test(rc215_healthcheck),
		cmocka_unit_test(rules_through_merge_keys),
		cmocka_unit_test(rules_invalid_file_skipped),
		cmocka_unit_test(rules_catalog_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
