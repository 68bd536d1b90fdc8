/*
 * Tests for the RD1xx Dockerfile rules, run through dockerfile_analyzer
 * as the scan driver runs them.  Each rule has cases it must catch and
 * cases it must not, written as inline Dockerfiles.  Further tests cover
 * the sample service's Dockerfile, a hardened one, rule selection and
 * rejected input.  The scan date is fixed with SOURCE_DATE_EPOCH to 2026-12-04
 * unless a test sets another date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "dockerfile/dockerfile.h"
#include "error.h"
#include "scan.h"

#define DATE_2026_12_04 "1796342400"

typedef struct scanned {
	source *src;
	finding_list findings;
	file_metrics metrics;
	int error;
} scanned;

static scanned scan_with(const char *text, const scan_config *cfg)
{
	scanned s;

	memset(&s, 0, sizeof(s));
	s.src = source_from_bytes("Dockerfile", text, strlen(text));
	s.error = dockerfile_analyzer.analyze(NULL, s.src, cfg, &s.findings,
					      &s.metrics);
	return s;
}

static scanned scan_text(const char *text)
{
	scan_config cfg;

	scan_config_init(&cfg);
	return scan_with(text, &cfg);
}

static void scanned_free(scanned *s)
{
	finding_list_clear(&s->findings);
	source_free(s->src);
}

/* Returns the first finding of rule `id`, or NULL. */
static const finding *find(const scanned *s, const char *id)
{
	for (size_t i = 0; i < s->findings.count; i++)
		if (strcmp(s->findings.items[i].rule->id, id) == 0)
			return &s->findings.items[i];
	return NULL;
}

static size_t count_rule(const scanned *s, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < s->findings.count; i++)
		n += strcmp(s->findings.items[i].rule->id, id) == 0;
	return n;
}

/* Asserts that `text` yields at least one finding of rule `id`. */
#define assert_catches(id, text) check_rule(id, text, true, __LINE__)
#define assert_catches_not(id, text) check_rule(id, text, false, __LINE__)

static void check_rule(const char *id, const char *text, bool expected,
		       int line)
{
	scanned s = scan_text(text);
	size_t n;

	if (s.error != RM_OK)
		fail_msg("line %d: analyze failed: %s", line, rm_error_last());
	n = count_rule(&s, id);
	if (expected && n == 0)
		fail_msg("line %d: %s missed:\n%s", line, id, text);
	if (!expected && n != 0)
		fail_msg("line %d: %s reported '%s' on:\n%s", line, id,
			 find(&s, id)->message, text);
	scanned_free(&s);
}

static int fix_date(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", DATE_2026_12_04, 1);
	return 0;
}

/* --- RD101 ------------------------------------------------------------- */

static void user_missing_or_root(void **state)
{
	(void)state;
	assert_catches("RD101", "FROM alpine:3.22\nRUN true\n");
	assert_catches("RD101", "FROM alpine:3.22\nUSER root\n");
	assert_catches("RD101", "FROM alpine:3.22\nUSER 0:0\n");
	assert_catches("RD101", "FROM alpine:3.22\nUSER app\nRUN x\nUSER root:wheel\n");
	assert_catches("RD101", "FROM scratch\nCOPY app /app\n");
	/* A USER in the build stage does not carry into a new image. */
	assert_catches("RD101", "FROM alpine:3.22 AS build\nUSER app\n"
				"FROM alpine:3.22\nCOPY --from=build /a /a\n");

	assert_catches_not("RD101", "FROM alpine:3.22\nUSER app\n");
	assert_catches_not("RD101", "FROM alpine:3.22\nUSER root\nRUN x\nUSER 10001:10001\n");
	assert_catches_not("RD101", "FROM alpine:3.22\nUSER rooted\n");
	assert_catches_not("RD101", "FROM alpine:3.22 AS base\nUSER 1000\n"
				    "FROM base\nRUN x\n");
	assert_catches_not("RD101", "FROM gcr.io/distroless/python3-debian12:nonroot\n"
				    "COPY app /app\n");
	assert_catches_not("RD101", "FROM alpine:3.22\nARG U=app\nUSER $U\n");
}

static void user_ranges(void **state)
{
	const char *text = "FROM alpine:3.22 AS build\nRUN make\n"
			   "FROM alpine:3.22\nUSER root\n";
	scanned s = scan_text(text);
	const finding *f = find(&s, "RD101");

	(void)state;
	assert_non_null(f);
	assert_int_equal(f->start_byte, strlen("FROM alpine:3.22 AS build\nRUN make\n"
					       "FROM alpine:3.22\n"));
	assert_int_equal(f->end_byte, strlen(text) - 1);
	assert_int_equal(f->line, 4);
	assert_string_equal(f->message,
			    "the last USER of the final stage is 'root', so the container runs as root");
	assert_string_equal(f->code, "3 FROM alpine:3.22\n4 USER root\n");
	scanned_free(&s);

	/* A missing USER points at the FROM of the final stage. */
	s = scan_text("FROM alpine:3.22 AS build\nUSER app\nFROM python:3.13\nRUN x\n");
	f = find(&s, "RD101");
	assert_non_null(f);
	assert_int_equal(f->line, 3);
	assert_int_equal(f->start_byte, strlen("FROM alpine:3.22 AS build\nUSER app\n"));
	assert_int_equal(f->end_byte, f->start_byte + strlen("FROM python:3.13"));
	assert_string_equal(f->message,
			    "the final stage (FROM python:3.13) sets no USER, so the container runs as root");
	scanned_free(&s);
}

/* --- RD102 ------------------------------------------------------------- */

static void healthcheck_missing(void **state)
{
	(void)state;
	assert_catches("RD102", "FROM alpine:3.22\nUSER app\n");
	assert_catches("RD102", "FROM alpine:3.22\nHEALTHCHECK NONE\n");
	assert_catches("RD102", "FROM alpine:3.22 AS build\nHEALTHCHECK CMD true\n"
				"FROM alpine:3.22\n");

	assert_catches_not("RD102", "FROM alpine:3.22\nHEALTHCHECK CMD wget -q -O- http://127.0.0.1/\n");
	assert_catches_not("RD102", "FROM alpine:3.22\nHEALTHCHECK --interval=5s \\\n"
				    "  CMD [\"/app\", \"--health\"]\n");
	assert_catches_not("RD102", "FROM alpine:3.22 AS base\nHEALTHCHECK CMD true\n"
				    "FROM base\n");
}

/* --- RD103 ------------------------------------------------------------- */

static void add_where_copy_serves(void **state)
{
	scanned s;

	(void)state;
	assert_catches("RD103", "FROM alpine:3.22\nADD app.py /app/\n");
	assert_catches("RD103", "FROM alpine:3.22\nADD --chown=app a b /dst/\n");
	assert_catches("RD103", "FROM alpine:3.22\nADD [\"a b.txt\", \"/dst/\"]\n");
	assert_catches("RD103", "FROM alpine:3.22\nADD <<EOF /etc/motd\nhello\nEOF\n");

	assert_catches_not("RD103", "FROM alpine:3.22\nADD https://example.com/x.bin /x\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nADD rootfs.tar.xz /\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nADD app.py vendor.tgz /app/\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nADD git@github.com:o/r.git /src\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nADD --checksum=sha256:00 x /x\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nADD $SRC /dst\n");
	assert_catches_not("RD103", "FROM alpine:3.22\nCOPY app.py /app/\n");

	s = scan_text("FROM alpine:3.22\nADD app.py /app/\n");
	assert_string_equal(find(&s, "RD103")->message,
			    "ADD of local 'app.py' neither downloads nor unpacks anything: use COPY");
	assert_int_equal(find(&s, "RD103")->start_byte, 17);
	assert_int_equal(find(&s, "RD103")->end_byte, 33);
	scanned_free(&s);
}

/* --- RD104 ------------------------------------------------------------- */

static void secrets_in_env_and_arg(void **state)
{
	scanned s;

	(void)state;
	assert_catches("RD104", "FROM alpine:3.22\nENV DB_PASSWORD=hunter2\n");
	assert_catches("RD104", "FROM alpine:3.22\nARG GITHUB_TOKEN=ghp_abc\n");
	assert_catches("RD104", "ARG NPM_TOKEN=abc\nFROM alpine:3.22\n");
	assert_catches("RD104", "FROM alpine:3.22\nENV SECRET_KEY s3cr3t value\n");
	assert_catches("RD104", "FROM alpine:3.22\nENV A=1 AWS_SECRET_ACCESS_KEY=\"x y\"\n");
	assert_catches("RD104", "FROM alpine:3.22\nENV OPENAI_API_KEY=sk-1\n");
	assert_catches("RD104", "FROM alpine:3.22\nENV mysqlpassword=x\n");

	assert_catches_not("RD104", "FROM alpine:3.22\nENV PASSWORD_FILE=/run/secrets/db\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nARG API_KEY\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nENV PASSWORD=\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nARG TOKEN\nENV TOKEN=$TOKEN\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nENV TOKEN=${TOKEN}\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nENV TOKENIZERS_PARALLELISM=false\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nENV GPG_KEY=A035C8C19219BA82\n");
	assert_catches_not("RD104", "FROM alpine:3.22\nLABEL password=x\n");

	/* The message names the variable but never shows its value. */
	s = scan_text("FROM alpine:3.22\nENV DB_PASSWORD=hunter2\n");
	assert_string_equal(find(&s, "RD104")->message,
			    "possible secret: ENV sets 'DB_PASSWORD' to a literal value, which is stored in the image configuration");
	assert_null(strstr(find(&s, "RD104")->message, "hunter2"));
	assert_int_equal(find(&s, "RD104")->confidence, LEVEL_MEDIUM);
	scanned_free(&s);
}

/* --- RD105 ------------------------------------------------------------- */

static void base_image_untagged_or_latest(void **state)
{
	(void)state;
	assert_catches("RD105", "FROM python\n");
	assert_catches("RD105", "FROM python:latest\n");
	assert_catches("RD105", "FROM registry.example.com:5000/team/app\n");
	assert_catches("RD105", "ARG IMG=python\nFROM ${IMG}\n");

	assert_catches_not("RD105", "FROM python:3.13\n");
	assert_catches_not("RD105", "FROM scratch\n");
	assert_catches_not("RD105", "FROM python:latest@sha256:0123\n");
	assert_catches_not("RD105", "FROM python@sha256:0123\n");
	assert_catches_not("RD105", "FROM python:3.13 AS base\nFROM base\n");
	assert_catches_not("RD105", "ARG IMG\nFROM $IMG\n");
}

/* --- RD106 ------------------------------------------------------------- */

static void base_image_end_of_life(void **state)
{
	scanned s;

	(void)state;
	assert_catches("RD106", "FROM python:3.9-alpine\n");
	assert_catches("RD106", "FROM alpine:3.19\n");
	assert_catches("RD106", "FROM debian:bullseye-slim\n");
	assert_catches("RD106", "FROM python:2.7\n");
	assert_catches("RD106", "ARG PY=3.8\nFROM python:${PY}-slim\n");
	assert_catches("RD106", "FROM python:3.12-alpine3.20\n");

	assert_catches_not("RD106", "FROM python:3.13-alpine3.22\n");
	assert_catches_not("RD106", "FROM python:3.12-slim-bookworm\n");
	assert_catches_not("RD106", "FROM python:3-alpine\n");
	assert_catches_not("RD106", "FROM python:latest\n");
	assert_catches_not("RD106", "FROM node:14\n");

	s = scan_text("FROM python:3.9-alpine\n");
	assert_string_equal(find(&s, "RD106")->message,
			    "base image 'python:3.9-alpine' runs CPython 3.9, which reached end of life on 2025-10-31");
	scanned_free(&s);

	s = scan_text("FROM python:3.10-alpine3.20 AS build\nFROM build\n");
	assert_int_equal(count_rule(&s, "RD106"), 1);
	assert_string_equal(find(&s, "RD106")->message,
			    "base image 'python:3.10-alpine3.20' runs CPython 3.10, which reached end of life on 2026-10-31, "
			    "and Alpine 3.20, which reached end of life on 2026-04-01");
	assert_int_equal(find(&s, "RD106")->end_byte, strlen("FROM python:3.10-alpine3.20 AS build"));
	scanned_free(&s);

	s = scan_text("FROM alpine:3.12\n");
	assert_string_equal(find(&s, "RD106")->message,
			    "base image 'alpine:3.12' runs Alpine 3.12, older than Alpine 3.15, which reached end of life on 2023-11-01");
	scanned_free(&s);
}

static void end_of_life_follows_scan_date(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1735689600", 1);   /* 2025-01-01 */
	assert_catches_not("RD106", "FROM python:3.9-alpine\n");
	assert_catches("RD106", "FROM python:3.8-alpine\n");
	setenv("SOURCE_DATE_EPOCH", "1793318400", 1);   /* 2026-10-30 */
	assert_catches_not("RD106", "FROM python:3.10\n");
	setenv("SOURCE_DATE_EPOCH", "1793404800", 1);   /* 2026-10-31 */
	assert_catches("RD106", "FROM python:3.10\n");
	setenv("SOURCE_DATE_EPOCH", DATE_2026_12_04, 1);
}

/* --- RD107 ------------------------------------------------------------- */

static void pip_without_no_cache_dir(void **state)
{
	(void)state;
	assert_catches("RD107", "FROM python:3.13\nRUN pip install flask\n");
	assert_catches("RD107", "FROM python:3.13\nRUN python3 -m pip install flask\n");
	assert_catches("RD107", "FROM python:3.13\nRUN set -e; \\\n  pip3.13 install -r r.txt && echo ok\n");
	assert_catches("RD107", "FROM python:3.13\nRUN /usr/local/bin/pip --quiet install x\n");
	assert_catches("RD107", "FROM python:3.13\nRUN [\"pip\", \"install\", \"x\"]\n");
	assert_catches("RD107", "FROM python:3.13\nRUN <<EOF\nset -e\npip install x\nEOF\n");
	assert_catches("RD107", "FROM python:3.13\nRUN sudo pip install x\n");
	assert_catches("RD107", "FROM python:3.13\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x\n");
	/* ENV in an unrelated stage does not count. */
	assert_catches("RD107", "FROM python:3.13 AS a\nENV PIP_NO_CACHE_DIR=1\n"
				"FROM python:3.13\nRUN pip install x\n");

	assert_catches_not("RD107", "FROM python:3.13\nRUN pip install --no-cache-dir flask\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN pip --no-cache-dir install flask\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN pip install --no-cache x\n");
	assert_catches("RD107", "FROM python:3.13\nRUN pip install --no-c x\n");
	assert_catches_not("RD107", "FROM python:3.13\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n");
	assert_catches_not("RD107", "FROM python:3.13 AS a\nENV PIP_NO_CACHE_DIR=true\n"
				    "FROM a\nRUN pip install x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN PIP_NO_CACHE_DIR=1 pip install x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN pip download x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN echo pip install x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN pipx install x\n");
	assert_catches_not("RD107", "FROM python:3.13\nRUN python3 <<EOF\nimport os\nEOF\n");
}

/* --- RD108 ------------------------------------------------------------- */

static void apk_without_no_cache(void **state)
{
	(void)state;
	assert_catches("RD108", "FROM alpine:3.22\nRUN apk add curl\n");
	assert_catches("RD108", "FROM alpine:3.22\nRUN apk --update add curl\n");
	assert_catches("RD108", "FROM alpine:3.22\nRUN apk update && apk add curl\n");
	assert_catches("RD108", "FROM alpine:3.22\nRUN apk add --no-cache a && apk add b\n");
	assert_catches("RD108", "FROM alpine:3.22\nRUN apk -X http://mirror/x add b\n");

	assert_catches_not("RD108", "FROM alpine:3.22\nRUN apk add --no-cache curl\n");
	assert_catches_not("RD108", "FROM alpine:3.22\nRUN apk --no-cache add curl\n");
	assert_catches_not("RD108", "FROM alpine:3.22\nRUN apk info\n");
	assert_catches_not("RD108", "FROM alpine:3.22\nRUN --mount=type=cache,target=/var/cache/apk apk add x\n");
	assert_catches_not("RD108", "FROM alpine:3.22\nRUN echo \"apk add x\"\n");
}

/* --- whole files ------------------------------------------------------- */

static char *read_fixture(const char *path)
{
	source *src = NULL;
	char *text;

	assert_int_equal(source_load(&src, path, 1 << 20), RM_OK);
	text = rm_xstrdup(src->text);
	source_free(src);
	return text;
}

static void sample_service_findings(void **state)
{
	char *text = read_fixture("tests/fixtures/dockerfile/sample.Dockerfile");
	scanned s = scan_text(text);
	const char *expected[] = { "RD101", "RD102", "RD106", "RD107" };

	(void)state;
	assert_int_equal(s.error, RM_OK);
	assert_int_equal(s.findings.count, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(count_rule(&s, expected[i]), 1);
	assert_int_equal(find(&s, "RD101")->line, 1);
	assert_int_equal(find(&s, "RD102")->line, 1);
	assert_int_equal(find(&s, "RD106")->line, 1);
	assert_int_equal(find(&s, "RD107")->line, 6);
	assert_int_equal(find(&s, "RD107")->start_byte,
			 (size_t)(strstr(text, "RUN") - text));
	assert_int_equal(find(&s, "RD107")->end_byte,
			 (size_t)(strstr(text, "requirements.txt\n\n") - text) +
			 strlen("requirements.txt"));
	assert_string_equal(find(&s, "RD107")->message,
			    "'pip install' runs without --no-cache-dir, so pip's cache stays in the image layer");
	assert_int_equal(s.metrics.loc, 7);
	scanned_free(&s);
	free(text);
}

static void hardened_file_clean(void **state)
{
	char *text = read_fixture("tests/fixtures/dockerfile/hardened.Dockerfile");
	scanned s = scan_text(text);

	(void)state;
	assert_int_equal(s.error, RM_OK);
	for (size_t i = 0; i < s.findings.count; i++)
		fail_msg("unexpected %s: %s", s.findings.items[i].rule->id,
			 s.findings.items[i].message);
	assert_int_equal(s.metrics.loc, 15);
	scanned_free(&s);
	free(text);
}

static void rule_selection(void **state)
{
	const char *skip[] = { "RD106", NULL };
	const char *only[] = { "RD107", NULL };
	scan_config cfg;
	scanned s;

	(void)state;
	scan_config_init(&cfg);
	cfg.skip = skip;
	s = scan_with("FROM python:3.9-alpine\nRUN pip install x\n", &cfg);
	assert_int_equal(count_rule(&s, "RD106"), 0);
	assert_int_equal(count_rule(&s, "RD101"), 1);
	scanned_free(&s);

	scan_config_init(&cfg);
	cfg.tests = only;
	s = scan_with("FROM python:3.9-alpine\nRUN pip install x\n", &cfg);
	assert_int_equal(s.findings.count, 1);
	assert_string_equal(s.findings.items[0].rule->id, "RD107");
	scanned_free(&s);
}

static void nosec_comments_suppress(void **state)
{
	const char *text = "# nosec RD102, RD106\n"
			   "FROM python:3.9-alpine\n"
			   "# nosec\n"
			   "# (the cache is removed in a later step)\n"
			   "RUN pip install x\n"
			   "# nosec RD101\n"
			   "ADD app.py /app/\n";
	scan_config cfg;
	scanned s = scan_text(text);

	(void)state;
	/* RD101 reports at the FROM, whose comment names other rules. */
	assert_int_equal(s.findings.count, 2);
	assert_int_equal(count_rule(&s, "RD101"), 1);
	assert_int_equal(count_rule(&s, "RD103"), 1);
	assert_int_equal(s.metrics.skipped_tests, 2);
	assert_int_equal(s.metrics.nosec, 1);
	scanned_free(&s);

	scan_config_init(&cfg);
	cfg.ignore_nosec = true;
	s = scan_with(text, &cfg);
	assert_int_equal(s.findings.count, 5);
	assert_int_equal(s.metrics.nosec, 0);
	scanned_free(&s);

	/* `# nosecret` is not a suppression. */
	assert_catches("RD107", "FROM python:3.13\n# nosecret\nRUN pip install x\n");
}

static void invalid_file_skipped(void **state)
{
	scanned s = scan_text("FROM alpine:3.22\nRUN <<EOF\necho hi\n");

	(void)state;
	assert_int_equal(s.error, RM_EINVALID);
	assert_int_equal(s.findings.count, 0);
	assert_string_equal(rm_error_last(),
			    "line 2: heredoc '<<EOF' is not terminated: add a line 'EOF' after its body");
	scanned_free(&s);
}

static void catalog_rows_complete(void **state)
{
	const char *ids[] = { "RD101", "RD102", "RD103", "RD104", "RD105",
			      "RD106", "RD107", "RD108" };

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const rule *r = catalog_find(ids[i]);

		assert_non_null(r);
		assert_int_equal(r->target, TARGET_DOCKERFILE);
		assert_non_null(r->xref);
		assert_non_null(r->message);
		assert_non_null(r->description);
		assert_non_null(r->remedy);
		assert_non_null(r->stride);
		assert_non_null(r->nist);
		assert_null(r->more_info);
		assert_false(r->retired);
	}
	assert_false(catalog_find("RD105")->fixable);
	assert_true(catalog_find("RD106")->fixable);
	assert_int_equal(catalog_find("RD104")->cwe, 798);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_missing_or_root),
		cmocka_unit_test(user_ranges),
		cmocka_unit_test(healthcheck_missing),
		cmocka_unit_test(add_where_copy_serves),
		cmocka_unit_test(secrets_in_env_and_arg),
		cmocka_unit_test(base_image_untagged_or_latest),
		cmocka_unit_test(base_image_end_of_life),
		cmocka_unit_test(end_of_life_follows_scan_date),
		cmocka_unit_test(pip_without_no_cache_dir),
		cmocka_unit_test(apk_without_no_cache),
		cmocka_unit_test(sample_service_findings),
		cmocka_unit_test(hardened_file_clean),
		cmocka_unit_test(rule_selection),
		cmocka_unit_test(nosec_comments_suppress),
		cmocka_unit_test(invalid_file_skipped),
		cmocka_unit_test(catalog_rows_complete),
	};

	return cmocka_run_group_tests(tests, fix_date, NULL);
}
