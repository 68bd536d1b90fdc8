/*
 * Tests for the Dockerfile fixers (RD101-RD108).  Each case runs the
 * real analyzer on an inline Dockerfile, hands the first finding of the
 * rule to the fixer as the pipeline does, and checks the exact edited
 * text.  check_fix() then rescans the result.  The rule must have no
 * finding left, so a second run has nothing to fix, and no other rule
 * may have more findings than before.  Refusals check the reason.  The
 * scan date is 2025-12-05 (SOURCE_DATE_EPOCH) unless a test sets another.
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
#include "scan.h"

#define DATE_2025_12_05 "1764892800"
#define DATE_2026_12_04 "1796342400"
#define SAMPLE_DIR "tests/fixtures/fixers/dockerfile/sample"

/* The build context of tests that need none. */
static const char *root = "tests/fixtures/fixers/dockerfile";

static scan_result scan_text(const char *text)
{
	scan_result result;
	scan_config cfg;
	source *src = source_from_bytes("Dockerfile", text, strlen(text));

	scan_config_init(&cfg);
	assert_int_equal(scan_source(&result, src, TARGET_DOCKERFILE, &cfg), 0);
	source_free(src);
	if (result.errors_count)
		fail_msg("scan failed: %s\n%s", result.errors[0].reason, text);
	return result;
}

static long count_rule(const scan_result *result, const char *id)
{
	long n = 0;

	for (size_t i = 0; i < result->findings.count; i++)
		n += strcmp(result->findings.items[i].rule->id, id) == 0;
	return n;
}

/*
 * Runs the fixer of `id` on the first finding of that rule in `text`,
 * with `context` as the tree root.  Returns the fixer's code; *plan is
 * filled on success and must be released.
 */
static int run_fixer(fix *plan, const char *context, const char *id,
		     const char *text)
{
	scan_result result = scan_text(text);
	source *src = source_from_bytes("Dockerfile", text, strlen(text));
	const finding *f = NULL;
	fix_context ctx;
	int error;

	for (size_t i = 0; i < result.findings.count && !f; i++)
		if (strcmp(result.findings.items[i].rule->id, id) == 0)
			f = &result.findings.items[i];
	if (!f)
		fail_msg("no %s finding in:\n%s", id, text);
	assert_non_null(fixer_find(id));

	memset(plan, 0, sizeof(*plan));
	ctx.root = context;
	ctx.finding = f;
	ctx.src = src;
	ctx.scan = &result;
	rm_error_clear();
	error = fixer_find(id)->plan(plan, &ctx);
	scan_result_free(&result);
	source_free(src);
	return error;
}

/*
 * Asserts that the fixer of `id` turns `before` into `expected`, that
 * the commit text is complete, and that a rescan shows no finding of
 * `id` and no rule with more findings than before.
 */
#define check_fix(context, id, before, expected) \
	check_fix_at(context, id, before, expected, __LINE__)

static void check_fix_at(const char *context, const char *id,
			 const char *before, const char *expected, int line)
{
	size_t count;
	const rule *rules = catalog_rules(&count);
	const fix_file *file;
	scan_result old_scan, new_scan;
	fix plan;
	int error = run_fixer(&plan, context, id, before);

	if (error != 0)
		fail_msg("line %d: %s fixer failed (%d): %s", line, id, error,
			 rm_error_last());
	file = fix_get_file(&plan, "Dockerfile");
	assert_non_null(file);
	assert_int_equal(plan.file_count, 1);
	if (strcmp(file->content, expected) != 0)
		fail_msg("line %d: %s fixer wrote:\n%s\nexpected:\n%s", line, id,
			 file->content, expected);
	assert_non_null(plan.subject);
	assert_non_null(strstr(plan.subject, id));
	assert_non_null(plan.problem);
	assert_non_null(plan.change);

	old_scan = scan_text(before);
	new_scan = scan_text(file->content);
	if (count_rule(&new_scan, id) != 0)
		fail_msg("line %d: %s still reported after the fix:\n%s", line,
			 id, file->content);
	for (size_t r = 0; r < count; r++)
		if (count_rule(&new_scan, rules[r].id) > count_rule(&old_scan, rules[r].id))
			fail_msg("line %d: the %s fix added a %s finding:\n%s", line,
				 id, rules[r].id, file->content);
	scan_result_free(&old_scan);
	scan_result_free(&new_scan);
	fix_release(&plan);
}

/* Asserts that the fixer of `id` refuses `text` with RM_ENOTFOUND and
 * a reason containing `reason`. */
#define check_refusal(context, id, text, reason) \
	check_refusal_at(context, id, text, reason, __LINE__)

static void check_refusal_at(const char *context, const char *id,
			     const char *text, const char *reason, int line)
{
	fix plan;
	int error = run_fixer(&plan, context, id, text);

	if (error != RM_ENOTFOUND)
		fail_msg("line %d: %s fixer returned %d, not RM_ENOTFOUND, on:\n%s",
			 line, id, error, text);
	if (!strstr(rm_error_last(), reason))
		fail_msg("line %d: reason '%s' lacks '%s'", line, rm_error_last(),
			 reason);
	assert_int_equal(plan.file_count, 0);
	fix_release(&plan);
}

static int set_date(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", DATE_2025_12_05, 1);
	return 0;
}

/* --- RD101 --------------------------------------------------------------- */

static void user_alpine(void **state)
{
	(void)state;
	check_fix(root, "RD101",
		  "FROM python:3.13-alpine\n"
		  "WORKDIR /app\n"
		  "COPY . .\n"
		  "EXPOSE 5000\n"
		  "CMD [\"python\", \"app.py\"]\n",
		  "FROM python:3.13-alpine\n"
		  "WORKDIR /app\n"
		  "COPY . .\n"
		  "EXPOSE 5000\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\n"
		  "USER app\n"
		  "CMD [\"python\", \"app.py\"]\n");
}

static void user_debian(void **state)
{
	(void)state;
	check_fix(root, "RD101",
		  "FROM python:3.13-slim\n"
		  "CMD [\"python\"]\n",
		  "FROM python:3.13-slim\n"
		  "RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app\n"
		  "USER app\n"
		  "CMD [\"python\"]\n");
	check_fix(root, "RD101",
		  "FROM ubuntu:24.04\n"
		  "ENTRYPOINT [\"/bin/true\"]\n",
		  "FROM ubuntu:24.04\n"
		  "RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app\n"
		  "USER app\n"
		  "ENTRYPOINT [\"/bin/true\"]\n");
}

static void user_placement(void **state)
{
	(void)state;
	/* Above the comment that belongs to CMD, below a continued RUN. */
	check_fix(root, "RD101",
		  "FROM alpine:3.22\n"
		  "RUN apk add --no-cache curl \\\n"
		  "    && true\n"
		  "\n"
		  "# start the service\n"
		  "CMD [\"curl\"]\n",
		  "FROM alpine:3.22\n"
		  "RUN apk add --no-cache curl \\\n"
		  "    && true\n"
		  "\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\n"
		  "USER app\n"
		  "# start the service\n"
		  "CMD [\"curl\"]\n");

	/* A RUN after CMD still needs root, so the USER goes last, after
	 * a last line without a line ending. */
	check_fix(root, "RD101",
		  "FROM alpine:3.22\n"
		  "CMD [\"sh\"]\n"
		  "RUN true",
		  "FROM alpine:3.22\n"
		  "CMD [\"sh\"]\n"
		  "RUN true\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\n"
		  "USER app\n");

	/* Only the final stage gets the user. */
	check_fix(root, "RD101",
		  "FROM alpine:3.22 AS build\n"
		  "RUN true\n"
		  "FROM alpine:3.22\n"
		  "COPY --from=build /a /a\n",
		  "FROM alpine:3.22 AS build\n"
		  "RUN true\n"
		  "FROM alpine:3.22\n"
		  "COPY --from=build /a /a\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\n"
		  "USER app\n");
}

static void user_keeps_bytes(void **state)
{
	(void)state;
	/* CRLF line endings, a heredoc and the backtick escape directive. */
	check_fix(root, "RD101",
		  "# escape=`\r\n"
		  "FROM alpine:3.22\r\n"
		  "RUN echo a `\r\n"
		  "    b\r\n"
		  "COPY <<EOF /etc/motd\r\n"
		  "CMD x\r\n"
		  "EOF\r\n"
		  "CMD [\"sh\"]\r\n",
		  "# escape=`\r\n"
		  "FROM alpine:3.22\r\n"
		  "RUN echo a `\r\n"
		  "    b\r\n"
		  "COPY <<EOF /etc/motd\r\n"
		  "CMD x\r\n"
		  "EOF\r\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\r\n"
		  "USER app\r\n"
		  "CMD [\"sh\"]\r\n");
}

static void user_root_last(void **state)
{
	(void)state;
	/* The user the stage had before root comes back. */
	check_fix(root, "RD101",
		  "FROM alpine:3.22\n"
		  "USER 10001:10001\n"
		  "RUN true\n"
		  "USER root\n"
		  "RUN apk add --no-cache curl\n"
		  "CMD [\"curl\"]\n",
		  "FROM alpine:3.22\n"
		  "USER 10001:10001\n"
		  "RUN true\n"
		  "USER root\n"
		  "RUN apk add --no-cache curl\n"
		  "USER 10001:10001\n"
		  "CMD [\"curl\"]\n");

	/* Without one a user is created after the USER root. */
	check_fix(root, "RD101",
		  "FROM alpine:3.22\n"
		  "USER root\n",
		  "FROM alpine:3.22\n"
		  "USER root\n"
		  "RUN addgroup -S app && adduser -S -G app -H -D app\n"
		  "USER app\n");
}

static void user_name_taken(void **state)
{
	(void)state;
	check_fix(root, "RD101",
		  "FROM alpine:3.22\n"
		  "RUN addgroup -S app\n"
		  "CMD [\"sh\"]\n",
		  "FROM alpine:3.22\n"
		  "RUN addgroup -S app\n"
		  "RUN addgroup -S appuser && adduser -S -G appuser -H -D appuser\n"
		  "USER appuser\n"
		  "CMD [\"sh\"]\n");
}

static void user_refusals(void **state)
{
	(void)state;
	check_refusal(root, "RD101",
		      "FROM gcr.io/distroless/python3-debian12:debug\nCMD [\"x\"]\n",
		      "cannot tell how to create a user in base image 'gcr.io/distroless/python3-debian12:debug'");
	check_refusal(root, "RD101", "FROM scratch\nCOPY app /app\n",
		      "cannot tell how to create a user");
	check_refusal(root, "RD101", "FROM fedora:41\nCMD [\"x\"]\n",
		      "only Alpine and Debian or Ubuntu based images");
	check_refusal(root, "RD101",
		      "FROM alpine:3.22\nSHELL [\"pwsh\", \"-c\"]\nCMD [\"x\"]\n",
		      "SHELL instruction");
	check_refusal(root, "RD101",
		      "FROM alpine:3.22\nRUN adduser -D app && adduser -D appuser && adduser -D service\n",
		      "already users or groups");
}

/* --- RD102 --------------------------------------------------------------- */

#define PROBE(port) \
	"HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 " \
	"CMD [\"python\", \"-c\", \"import http.client, sys; " \
	"c = http.client.HTTPConnection('127.0.0.1', " port ", timeout=2); " \
	"c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)\"]\n"

static void healthcheck_python(void **state)
{
	(void)state;
	check_fix(root, "RD102",
		  "FROM python:3.13-alpine\n"
		  "EXPOSE 5000\n"
		  "USER app\n"
		  "CMD [\"python\", \"app.py\"]\n",
		  "FROM python:3.13-alpine\n"
		  "EXPOSE 5000\n"
		  "USER app\n"
		  PROBE("5000")
		  "CMD [\"python\", \"app.py\"]\n");

	/* The first TCP port; UDP ports and variables are skipped. */
	check_fix(root, "RD102",
		  "FROM python:3.13-slim AS base\n"
		  "EXPOSE 53/udp $PORT 8080/tcp 9090\n"
		  "FROM base\n"
		  "RUN true\n",
		  "FROM python:3.13-slim AS base\n"
		  "EXPOSE 53/udp $PORT 8080/tcp 9090\n"
		  "FROM base\n"
		  "RUN true\n"
		  PROBE("8080"));
}

static void healthcheck_refusals(void **state)
{
	(void)state;
	check_refusal(root, "RD102", "FROM python:3.13\nCMD [\"python\"]\n",
		      "exposes no TCP port");
	check_refusal(root, "RD102", "FROM python:3.13\nEXPOSE 53/udp\n",
		      "exposes no TCP port");
	check_refusal(root, "RD102", "FROM node:22\nEXPOSE 3000\n",
		      "no known probe command for base image 'node:22'");
	check_refusal(root, "RD102",
		      "FROM python:3.13\nEXPOSE 80\nHEALTHCHECK NONE\n",
		      "HEALTHCHECK NONE");
}

/* --- RD103 --------------------------------------------------------------- */

/* Writes `len` bytes to dir/name. */
static void write_file(const char *dir, const char *name, const char *data,
		       size_t len)
{
	char path[512];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	file = fopen(path, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(data, 1, len, file), len);
	fclose(file);
}

static void add_to_copy(void **state)
{
	char dir[] = "/tmp/test-fixers-dockerfile-XXXXXX";
	char tar[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "app.conf", "listen 80\n", 10);
	write_file(dir, "b.conf", "x\n", 2);
	memset(tar, 0, sizeof(tar));
	memcpy(tar + 257, "ustar", 5);
	write_file(dir, "bundle", tar, sizeof(tar));
	write_file(dir, "notes", "\x1f\x8b\x08", 3);

	check_fix(dir, "RD103",
		  "FROM alpine:3.22\n"
		  "ADD --chown=1:1 app.conf /etc/\n",
		  "FROM alpine:3.22\n"
		  "COPY --chown=1:1 app.conf /etc/\n");
	check_fix(dir, "RD103",
		  "from alpine:3.22\n"
		  "add [\"app.conf\", \"/b.conf\", \"/etc/\"]\n",
		  "from alpine:3.22\n"
		  "copy [\"app.conf\", \"/b.conf\", \"/etc/\"]\n");
	check_fix(dir, "RD103",
		  "FROM alpine:3.22\n"
		  "ADD *.conf /etc/\n",
		  "FROM alpine:3.22\n"
		  "COPY *.conf /etc/\n");
	check_fix(dir, "RD103",
		  "FROM alpine:3.22\n"
		  "ADD <<EOF /etc/motd\n"
		  "hello\n"
		  "EOF\n",
		  "FROM alpine:3.22\n"
		  "COPY <<EOF /etc/motd\n"
		  "hello\n"
		  "EOF\n");

	/* ADD unpacks by content, whatever the name. */
	check_refusal(dir, "RD103", "FROM alpine:3.22\nADD bundle /opt/\n",
		      "'bundle' of 'Dockerfile' is an archive");
	check_refusal(dir, "RD103", "FROM alpine:3.22\nADD notes /opt/\n",
		      "'notes' of 'Dockerfile' is an archive");
	check_refusal(dir, "RD103", "FROM alpine:3.22\nADD missing.txt /opt/\n",
		      "is not in the build context");
	check_refusal(dir, "RD103", "FROM alpine:3.22\nADD ../x /opt/\n",
		      "contains '..'");

	unlink(strcat(strcpy(tar, dir), "/app.conf"));
	unlink(strcat(strcpy(tar, dir), "/b.conf"));
	unlink(strcat(strcpy(tar, dir), "/bundle"));
	unlink(strcat(strcpy(tar, dir), "/notes"));
	rmdir(dir);
}

/* --- RD104 --------------------------------------------------------------- */

/* Asserts that no commit text of the fix of `text` contains `value`. */
static void assert_value_hidden(const char *text, const char *value)
{
	fix plan;

	assert_int_equal(run_fixer(&plan, root, "RD104", text), 0);
	assert_null(strstr(plan.subject, value));
	assert_null(strstr(plan.problem, value));
	assert_null(strstr(plan.change, value));
	fix_release(&plan);
}

static void secret_env(void **state)
{
	(void)state;
	check_fix(root, "RD104",
		  "FROM alpine:3.22\n"
		  "ENV API_TOKEN=abc123\n"
		  "CMD [\"sh\"]\n",
		  "FROM alpine:3.22\n"
		  "CMD [\"sh\"]\n");
	check_fix(root, "RD104",
		  "FROM alpine:3.22\n"
		  "ENV A=1 DB_PASSWORD=\"p w\" B=2\n",
		  "FROM alpine:3.22\n"
		  "ENV A=1 B=2\n");
	check_fix(root, "RD104",
		  "FROM alpine:3.22\n"
		  "ENV DB_PASSWORD=x \\\n"
		  "    B=2\n",
		  "FROM alpine:3.22\n"
		  "ENV B=2\n");
	check_fix(root, "RD104",
		  "FROM alpine:3.22\n"
		  "ENV SECRET_KEY s3cr3t value\n",
		  "FROM alpine:3.22\n");
	assert_value_hidden("FROM alpine:3.22\nENV API_TOKEN=abc123\n", "abc123");
}

static void secret_arg(void **state)
{
	(void)state;
	check_fix(root, "RD104",
		  "ARG API_KEY='abc123'\n"
		  "FROM alpine:3.22\n",
		  "ARG API_KEY\n"
		  "FROM alpine:3.22\n");
	assert_value_hidden("FROM alpine:3.22\nARG API_KEY=abc123\n", "abc123");
}

static void secret_refusals(void **state)
{
	(void)state;
	check_refusal(root, "RD104",
		      "FROM alpine:3.22\nENV DB_PASSWORD=x\nRUN echo ${DB_PASSWORD}\n",
		      "uses ENV 'DB_PASSWORD' in other instructions");
	check_refusal(root, "RD104",
		      "ARG API_TOKEN=x\nFROM alpine:3.22\nARG API_TOKEN\n",
		      "uses ARG 'API_TOKEN'");
	check_refusal(root, "RD104",
		      "FROM alpine:3.22\nENV A_TOKEN=x B=$A_TOKEN\n",
		      "uses ENV 'A_TOKEN'");
	check_refusal(root, "RD104",
		      "FROM alpine:3.22\nENV A=1 \\\n# note\n    API_TOKEN=x\n",
		      "a comment line sits inside");
}

/* --- RD105 and RD106 ----------------------------------------------------- */

static void unpinned_refused(void **state)
{
	(void)state;
	check_refusal(root, "RD105", "FROM python\n",
		      "for example python:3.13, the newest release with a year of support left");
	check_refusal(root, "RD105", "FROM debian:latest\n",
		      "for example debian:trixie");
	check_refusal(root, "RD105", "FROM node\n",
		      "the base image 'node' in 'Dockerfile' names no release");
}

static void eol_python(void **state)
{
	fix plan;

	(void)state;
	check_fix(root, "RD106",
		  "FROM python:3.9-alpine\n",
		  "FROM python:3.13-alpine\n");
	check_fix(root, "RD106",
		  "FROM --platform=linux/amd64 python:3.9.18-slim-bullseye AS build\n"
		  "FROM build\n",
		  "FROM --platform=linux/amd64 python:3.13-slim-trixie AS build\n"
		  "FROM build\n");
	/* A supported CPython stays; the expired Alpine branch moves. */
	check_fix(root, "RD106",
		  "FROM python:3.12-alpine3.19\n",
		  "FROM python:3.12-alpine3.22\n");

	/* The body names the pins the new interpreter must be tested with. */
	assert_int_equal(run_fixer(&plan, SAMPLE_DIR, "RD106",
				   "FROM python:3.9-alpine\n"), 0);
	assert_string_equal(plan.subject,
			    "Move the base image of Dockerfile to python:3.13-alpine (RD106)");
	assert_non_null(strstr(plan.change, "requirements.txt pins Flask==2.2.2, Werkzeug==2.2.2"));
	assert_non_null(strstr(plan.change, "CPython 3.14 is newer but came out less than a year"));
	assert_non_null(strstr(plan.problem, "CPython 3.9 reached end of life on 2025-10-31"));
	fix_release(&plan);
}

static void eol_os_images(void **state)
{
	(void)state;
	check_fix(root, "RD106", "FROM alpine:3.19.1\n", "FROM alpine:3.22\n");
	check_fix(root, "RD106", "FROM debian:10\n", "FROM debian:13\n");
	check_fix(root, "RD106", "FROM docker.io/library/debian:buster-slim\n",
		  "FROM docker.io/library/debian:trixie-slim\n");
	check_fix(root, "RD106", "FROM debian:stretch\n", "FROM debian:trixie\n");
}

static void eol_follows_date(void **state)
{
	(void)state;
	/* A year later 3.14 has settled, and Alpine 3.24 (end of life
	 * 2028-06-01, so out since about mid-2026) has had three months. */
	setenv("SOURCE_DATE_EPOCH", DATE_2026_12_04, 1);
	check_fix(root, "RD106", "FROM python:3.10-alpine3.20\n",
		  "FROM python:3.14-alpine3.24\n");
}

static void eol_refusals(void **state)
{
	(void)state;
	check_refusal(root, "RD106",
		      "FROM python:3.9-alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
		      "is pinned by digest");
	check_refusal(root, "RD106",
		      "ARG PY=3.9\nFROM python:${PY}-alpine\n",
		      "comes from a build argument");
	check_refusal(root, "RD106", "FROM python:3.9rc1-alpine\n",
		      "names a pre-release or build ('3.9rc1')");
}

/* --- RD107 and RD108 ----------------------------------------------------- */

static void pip_cache(void **state)
{
	(void)state;
	check_fix(root, "RD107",
		  "FROM python:3.13\n"
		  "RUN pip install -r requirements.txt\n",
		  "FROM python:3.13\n"
		  "RUN pip install --no-cache-dir -r requirements.txt\n");
	check_fix(root, "RD107",
		  "FROM python:3.13\n"
		  "RUN pip --disable-pip-version-check install a \\\n"
		  "    && python3 -m pip install --no-cache-dir b \\\n"
		  "    && /usr/local/bin/pip3.13 install c\n",
		  "FROM python:3.13\n"
		  "RUN pip --disable-pip-version-check install --no-cache-dir a \\\n"
		  "    && python3 -m pip install --no-cache-dir b \\\n"
		  "    && /usr/local/bin/pip3.13 install --no-cache-dir c\n");
	check_fix(root, "RD107",
		  "FROM python:3.13\n"
		  "RUN [\"pip\", \"install\", \"flask\"]\n",
		  "FROM python:3.13\n"
		  "RUN [\"pip\", \"install\", \"--no-cache-dir\", \"flask\"]\n");
	check_fix(root, "RD107",
		  "FROM python:3.13\n"
		  "RUN <<EOF\n"
		  "pip install flask\n"
		  "EOF\n",
		  "FROM python:3.13\n"
		  "RUN <<EOF\n"
		  "pip install --no-cache-dir flask\n"
		  "EOF\n");
}

static void apk_cache(void **state)
{
	(void)state;
	check_fix(root, "RD108",
		  "FROM alpine:3.22\n"
		  "RUN apk update && apk add curl && apk --quiet add -X http://x jq\n",
		  "FROM alpine:3.22\n"
		  "RUN apk update && apk add --no-cache curl && apk --quiet add --no-cache -X http://x jq\n");
}

/* `--no-cache=VALUE` already satisfies the rule, so only the other
 * command of the instruction gets the option. */
static void apk_cache_valued_option(void **state)
{
	(void)state;
	check_fix(root, "RD108",
		  "FROM alpine:3.22\n"
		  "RUN apk add --no-cache=1 curl && apk add git\n",
		  "FROM alpine:3.22\n"
		  "RUN apk add --no-cache=1 curl && apk add --no-cache git\n");
}

/* --- input the fixers reject ------------------------------------------- */

/* Runs the fixer of `id` on a hand-made finding at byte `start`. */
static int run_on_finding(const char *id, const char *text, size_t start)
{
	source *src = source_from_bytes("Dockerfile", text, strlen(text));
	finding f;
	fix_context ctx;
	fix plan;
	int error;

	memset(&f, 0, sizeof(f));
	f.rule = catalog_find(id);
	f.path = "Dockerfile";
	f.line = 1;
	f.start_byte = start;
	f.end_byte = start;
	memset(&plan, 0, sizeof(plan));
	ctx.root = root;
	ctx.finding = &f;
	ctx.src = src;
	ctx.scan = NULL;
	error = fixer_find(id)->plan(&plan, &ctx);
	assert_int_equal(plan.file_count, 0);
	fix_release(&plan);
	source_free(src);
	return error;
}

static void invalid_input_rejected(void **state)
{
	(void)state;
	/* A file that no longer parses: no FROM. */
	assert_int_equal(run_on_finding("RD101", "RUN true\n", 0), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "cannot parse 'Dockerfile': line 1"));

	/* A finding that no longer matches an instruction. */
	assert_int_equal(run_on_finding("RD107", "FROM python:3.13\nRUN true\n", 3),
			 RM_ENOTFOUND);
	assert_non_null(strstr(rm_error_last(), "no instruction of 'Dockerfile' starts at line 1"));

	/* A finding on the wrong instruction. */
	assert_int_equal(run_on_finding("RD107", "FROM python:3.13\nRUN true\n", 17),
			 RM_ENOTFOUND);
	assert_non_null(strstr(rm_error_last(), "has no pip install without --no-cache-dir"));
	assert_int_equal(run_on_finding("RD103", "FROM python:3.13\nRUN true\n", 0),
			 RM_ENOTFOUND);
	assert_non_null(strstr(rm_error_last(), "not on an ADD instruction"));
}

/* --- the sample service -------------------------------------------------- */

static char *read_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	char *text;
	long len;

	assert_non_null(file);
	fseek(file, 0, SEEK_END);
	len = ftell(file);
	rewind(file);
	text = calloc((size_t)len + 1, 1);
	assert_int_equal(fread(text, 1, (size_t)len, file), (size_t)len);
	fclose(file);
	return text;
}

/* Applies the fixes in the pipeline's order (severity, line, rule id)
 * and compares with the reviewed result. */
static void sample_hardened(void **state)
{
	static const char *const order[] = { "RD101", "RD106", "RD102", "RD107" };
	char *text = read_file(SAMPLE_DIR "/Dockerfile");
	char *expected = read_file("tests/fixtures/fixers/dockerfile/sample.expected.Dockerfile");
	scan_result before, after;

	(void)state;
	before = scan_text(text);
	assert_int_equal(before.findings.count, 4);
	scan_result_free(&before);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		fix plan;

		assert_int_equal(run_fixer(&plan, SAMPLE_DIR, order[i], text), 0);
		free(text);
		text = strdup(fix_get_file(&plan, "Dockerfile")->content);
		fix_release(&plan);
	}
	assert_string_equal(text, expected);
	after = scan_text(text);
	assert_int_equal(after.findings.count, 0);
	scan_result_free(&after);
	free(text);
	free(expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_alpine),
		cmocka_unit_test(user_debian),
		cmocka_unit_test(user_placement),
		cmocka_unit_test(user_keeps_bytes),
		cmocka_unit_test(user_root_last),
		cmocka_unit_test(user_name_taken),
		cmocka_unit_test(user_refusals),
		cmocka_unit_test(healthcheck_python),
		cmocka_unit_test(healthcheck_refusals),
		cmocka_unit_test(add_to_copy),
		cmocka_unit_test(secret_env),
		cmocka_unit_test(secret_arg),
		cmocka_unit_test(secret_refusals),
		cmocka_unit_test(unpinned_refused),
		cmocka_unit_test(eol_python),
		cmocka_unit_test(eol_os_images),
		cmocka_unit_test_teardown(eol_follows_date, set_date),
		cmocka_unit_test(eol_refusals),
		cmocka_unit_test(pip_cache),
		cmocka_unit_test(apk_cache),
		cmocka_unit_test(apk_cache_valued_option),
		cmocka_unit_test(invalid_input_rejected),
		cmocka_unit_test(sample_hardened),
	};

	return cmocka_run_group_tests(tests, set_date, NULL);
}
