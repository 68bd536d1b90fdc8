/*
 * Tests for the security report on small repositories built here with the
 * audit API: a baseline, a fix commit, a port commit that fixes two
 * findings, and the records.  Each test checks values written into the
 * commits (trailers, bodies, Compose files, JSON records) come out in the
 * right section, escaped, and identical on a second run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "error.h"
#include "report.h"

static char dir[] = "/tmp/test-report-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char *path = rm_xasprintf("%s/%s", dir, name);
	char *slash = strrchr(path, '/');
	FILE *f;

	*slash = '\0';
	mkdir(path, 0755);
	*slash = '/';
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void commit(audit_repo *repo, const char *message)
{
	assert_int_equal(audit_commit_all(repo, message, NULL), 0);
}

static const char compose_before[] =
	"services:\n"
	"  web:\n"
	"    build: .\n"
	"    ports:\n"
	"      - \"8080:80\"\n"
	"    networks: [front, back]\n"
	"  db:\n"
	"    image: postgres:13\n"
	"    networks: [back]\n"
	"networks:\n"
	"  front:\n"
	"  back:\n";

static const char compose_after[] =
	"services:\n"
	"  web:\n"
	"    build: .\n"
	"    read_only: true\n"
	"    ports:\n"
	"      - \"127.0.0.1:8080:80\"\n"
	"    networks: [front, back]\n"
	"  db:\n"
	"    image: postgres:13\n"
	"    user: \"999\"\n"
	"    networks: [back]\n"
	"networks:\n"
	"  front:\n"
	"  back:\n"
	"    internal: true\n";

/* Builds the sample history in `dir`; with `records`, the last commit
 * holds the scans, the manual list and the end-to-end checks. */
static void build_history(bool fixes, bool records)
{
	audit_repo *repo = NULL;

	assert_non_null(mkdtemp(dir));
	setenv("SOURCE_DATE_EPOCH", "1764892800", 1);
	assert_int_equal(audit_open(&repo, dir, &(audit_identity){
		.author = "remediate <remediate@localhost>" }), 0);

	write_file("app.py", "import os\nos.system('ping ' + ip)\n");
	write_file("Dockerfile", "FROM python:3.13-alpine\nCMD [\"python\", \"app.py\"]\n");
	write_file("docker-compose.yml", compose_before);
	commit(repo, "Import the service as found, before hardening\n\n"
		     "This commit is an unmodified copy.\n");

	if (fixes) {
		write_file("app.py", "import subprocess\nsubprocess.run(['ping', ip])\n");
		commit(repo, "Run ping without a shell in app.py (B605)\n\n"
			     "os.system ran a | pipe and *globs* through the shell.\n\n"
			     "The command is now the list `['ping', ip]`, so no\nshell parses it.\n\n"
			     "Rule: B605\nCWE: CWE-78\nSeverity: HIGH\nConfidence: HIGH\n"
			     "Location: app.py:2:1\nVerified: rescan of app.py shows no B605 here; no new finding\n");

		write_file("service.json", "{\"routes\": []}\n");
		write_file("Dockerfile", "FROM python:3.13-alpine\nUSER app\nCMD [\"python\", \"app.py\"]\n");
		write_file("docker-compose.yml", compose_after);
		commit(repo, "Port the service to C\n\n"
			     "The C service has no shell and no eval.\n\n"
			     "Rule: B307\nCWE: CWE-78\nSeverity: MEDIUM\nLocation: app.py:9:5\n"
			     "Rule: RC201\nCWE: CWE-1327\nSeverity: MEDIUM\nLocation: docker-compose.yml:5:9\n"
			     "Step: port\n");
	}

	if (records) {
		write_file(".remediate/scan-before.json",
			   "{\"results\": [\n"
			   " {\"test_id\": \"B605\", \"filename\": \"app.py\", \"issue_severity\": \"HIGH\", \"issue_text\": \"shell\", \"line_number\": 2, \"col_offset\": 0},\n"
			   " {\"test_id\": \"B307\", \"filename\": \"app.py\", \"issue_severity\": \"MEDIUM\", \"issue_text\": \"eval\", \"line_number\": 9, \"col_offset\": 4},\n"
			   " {\"test_id\": \"RC201\", \"filename\": \"docker-compose.yml\", \"issue_severity\": \"MEDIUM\", \"issue_text\": \"port\", \"line_number\": 5, \"col_offset\": 8},\n"
			   " {\"test_id\": \"B404\", \"filename\": \"app.py\", \"issue_severity\": \"LOW\", \"issue_text\": \"import\", \"line_number\": 1, \"col_offset\": 0}]}\n");
		write_file(".remediate/scan-after.json",
			   "{\"results\": [\n"
			   " {\"test_id\": \"RC202\", \"filename\": \"docker-compose.yml\", \"issue_severity\": \"MEDIUM\", \"issue_text\": \"no <memory> limit\", \"line_number\": 7, \"col_offset\": 2},\n"
			   " {\"test_id\": \"B404\", \"filename\": \"app.py\", \"issue_severity\": \"LOW\", \"issue_text\": \"import\", \"line_number\": 1, \"col_offset\": 0}]}\n");
		write_file(".remediate/manual.json",
			   "{\"manual\": [\n"
			   " {\"rule\": \"B404\", \"path\": \"app.py\", \"line\": 1, \"column\": 1, \"severity\": \"LOW\", \"message\": \"import\", \"reason\": \"no automatic fix exists for B404; Review it.\", \"recommendation\": \"Review it.\"},\n"
			   " {\"rule\": \"RC202\", \"path\": \"docker-compose.yml\", \"line\": 7, \"column\": 3, \"severity\": \"MEDIUM\", \"message\": \"no limit\", \"reason\": \"the image is not known\", \"recommendation\": \"Set `mem_limit`.\"}]}\n");
		write_file(".remediate/verification.json",
			   "{\"checks\": [{\"name\": \"GET / answers 200\", \"passed\": true, \"detail\": \"Hello, World!\"},\n"
			   " {\"name\": \"ping injection\", \"passed\": false}]}\n");
		commit(repo, "Record the scans before and after hardening\n\nThe findings went from 4 to 2.\n");
	}
	audit_repo_free(repo);
	unsetenv("SOURCE_DATE_EPOCH");
}

static void remove_history(void)
{
	char *cmd;

	if (strstr(dir, "XXXXXX"))
		return;
	cmd = rm_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	strcpy(dir, "/tmp/test-report-XXXXXX");
}

/* Removes the repository of a test, also when the test failed. */
static int teardown(void **state)
{
	(void)state;
	remove_history();
	return 0;
}

/* Returns the report of `dir`; *error receives report_write's code. */
static char *report(int *error)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	*error = report_write(out, dir);
	fclose(out);
	return buf;
}

static void expect_in(const char *text, const char *needle)
{
	if (!strstr(text, needle)) {
		/* cmocka cuts long messages: the whole report goes to a file. */
		FILE *f = fopen("/tmp/test_report_render.md", "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		fail_msg("the report (in /tmp/test_report_render.md) lacks: %s", needle);
	}
}

static void test_full_history(void **state)
{
	char *text, *again;
	int error;

	(void)state;
	build_history(true, true);
	text = report(&error);
	assert_int_equal(error, 0);

	/* 1. counts from the scans, fixes from trailers, the port */
	expect_in(text, "| Before hardening | 1 | 2 | 1 | 4 |\n");
	expect_in(text, "| After hardening | 0 | 1 | 1 | 2 |\n");
	expect_in(text, "- **Fixed automatically:** 3 findings in 2 commits (section 3).\n");
	expect_in(text, "- **Left for manual work:** 2 findings (section 4).\n");
	expect_in(text, "- **Port to C:** done: 1 commit carries the trailer `Step: port`, and the service model `service.json` is in the tree.\n");

	/* 2. one row per commit, the port commit marked */
	expect_in(text, "| Port the service to C (port to C) | Fixes B307 (MEDIUM) at `app.py:9:5`; fixes RC201 (MEDIUM) at `docker-compose.yml:5:9`. Adds `service.json`; changes `Dockerfile`, `docker-compose.yml`. |");

	/* 3. the body as rationale, escaped for a table cell */
	expect_in(text, "| [CWE-78](https://cwe.mitre.org/data/definitions/78.html) Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection') (B605, HIGH) | `app.py:2:1` | Run ping without a shell in app.py (B605) | **Problem:** os.system ran a \\| pipe and \\*globs\\* through the shell. **Change:** The command is now the list `['ping', ip]`, so no shell parses it. |");
	expect_in(text, "| Port the service to C (fixed by the port to C) |");
	expect_in(text, "### Compose\n\n| Vulnerability | Location | Fix | Rationale | Commit |\n");
	expect_in(text, "[CWE-1327](https://cwe.mitre.org/data/definitions/1327.html) Binding to an Unrestricted IP Address (RC201, MEDIUM)");
	expect_in(text, "No finding in the daemon configuration was fixed automatically.");

	/* 4. highest severity first; the recommendation is not repeated */
	assert_true(strstr(text, "- **MEDIUM RC202**") < strstr(text, "- **LOW B404**"));
	expect_in(text, "*Why not fixed:* no automatic fix exists for B404.\n\n  *Recommendation:* Review it.\n");
	expect_in(text, "*Recommendation:* Set `mem_limit`.\n");

	/* 5. the architecture at both commits and what changed */
	expect_in(text, "    outside -->|\"0.0.0.0:8080 → 80\"| s0\n");
	expect_in(text, "    local -->|\"127.0.0.1:8080 → 80\"| s0\n");
	expect_in(text, "| web | built from . | app (from Dockerfile) | read-only | `127.0.0.1:8080 → 80` | front, back (internal) |");
	expect_in(text, "| db | image postgres:13 | 999 (from compose) | writable | none | back (internal) |");
	expect_in(text, "removes from the attack surface: the port `0.0.0.0:8080 → 80` of `web` that any network could reach; write access to the root filesystem of `web`; the image's default user, root unless the image says otherwise, as the user of `web` (now `app`); the image's default user, root unless the image says otherwise, as the user of `db` (now `999`); the route out of the host from network `back` (now internal).");

	/* 6. the rescan and the end-to-end checks */
	expect_in(text, "has 2 findings: 0 HIGH, 1 MEDIUM and 1 LOW.  This HIGH or MEDIUM finding is left:");
	expect_in(text, "| MEDIUM | RC202 | `docker-compose.yml:7:3` | no \\<memory\\> limit |");
	expect_in(text, "| GET / answers 200 | passed | Hello, World! |\n| ping injection | **failed** |  |\n");

	/* 7. the catalog's mapping, with ATT&CK links */
	expect_in(text, "| B605 at `app.py:2:1` | ");
	expect_in(text, "](https://attack.mitre.org/techniques/");

	/* Deterministic: the same tree gives the same bytes. */
	again = report(&error);
	assert_int_equal(error, 0);
	assert_string_equal(text, again);
	free(again);
	free(text);
	remove_history();
}

static void test_no_fixes_no_records(void **state)
{
	char *text;
	int error;

	(void)state;
	build_history(false, false);
	text = report(&error);
	assert_int_equal(error, 0);
	expect_in(text, "| Before hardening | not recorded | | | |\n");
	expect_in(text, "- **Fixed automatically:** 0 findings in 0 commits (section 3).\n");
	expect_in(text, "- **Port to C:** not done:");
	expect_in(text, "No finding in the Python code was fixed automatically.");
	expect_in(text, "Not recorded: the tree has no `.remediate/manual.json`.");
	expect_in(text, "The Compose file is the same at both commits");
	expect_in(text, "No end-to-end check results are recorded");
	expect_in(text, "No finding was fixed automatically, so there is nothing to map.\n");
	free(text);
	remove_history();
}

static void test_bad_input(void **state)
{
	char *text;
	int error;

	(void)state;
	assert_non_null(mkdtemp(dir));
	text = report(&error);
	assert_int_equal(error, RM_ENOTFOUND);
	assert_non_null(strstr(rm_error_last(), "no git repository"));
	free(text);
	remove_history();

	build_history(false, false);
	write_file(".remediate/scan-after.json", "{\"results\": [{\"test_id\": 1}]}");
	text = report(&error);
	assert_int_equal(error, RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "scan-after.json"));
	free(text);
	remove_history();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_full_history, teardown),
		cmocka_unit_test_teardown(test_no_fixes_no_records, teardown),
		cmocka_unit_test_teardown(test_bad_input, teardown),
	};

	/* No user identity or git settings of the machine leak in. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
