/*
 * Tests for the Markdown output shared by the report and `scan --format
 * markdown`: inline escaping (md_out.h), the writer's table for the
 * hand-built writer sample, and the CWE name table of the report, which
 * must name every CWE the rule catalog uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "rule.h"
#include "writers/md_out.h"
#include "writers/writers.h"
#include "../fixtures/writers/sample.h"

/* Returns what `write` printed for `text` and `flags`; caller frees. */
static char *render(void (*write)(FILE *, const char *, int),
		    const char *text, int flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	write(out, text, flags);
	fclose(out);
	return buf;
}

static void expect(void (*write)(FILE *, const char *, int),
		   const char *text, int flags, const char *want)
{
	char *got = render(write, text, flags);

	assert_string_equal(got, want);
	free(got);
}

static void test_escape_punctuation(void **state)
{
	(void)state;
	expect(md_put_str, "*args, _x_, [a](b), <b>, &amp; ~x~ a|b \\", 0,
	       "\\*args, \\_x\\_, \\[a\\](b), \\<b\\>, \\&amp; \\~x\\~ a|b \\\\");
	expect(md_put_str, "a|b", MD_TABLE, "a\\|b");
}

static void test_escape_lines_and_controls(void **state)
{
	(void)state;
	expect(md_put_str, "one\ntwo\r\n\tthree\x01", 0, "one two   three ");
	/* A lone continuation byte is not UTF-8: U+FFFD replaces it. */
	expect(md_put_str, "caf\xc3\xa9 \x80", 0, "caf\xc3\xa9 \xef\xbf\xbd");
}

static void test_code_spans_kept(void **state)
{
	(void)state;
	expect(md_put_str, "set `read_only: true` *now*", MD_KEEP_CODE,
	       "set `read_only: true` \\*now\\*");
	expect(md_put_str, "run `a | b` here", MD_KEEP_CODE | MD_TABLE,
	       "run `a \\| b` here");
	/* An unmatched backtick is literal. */
	expect(md_put_str, "don`t", MD_KEEP_CODE, "don\\`t");
	expect(md_put_str, "``x`", MD_KEEP_CODE, "\\`\\`x\\`");
	expect(md_put_str, "`x`", 0, "\\`x\\`");
}

static void test_code_fence_length(void **state)
{
	(void)state;
	expect(md_put_code_str, "plain", 0, "`plain`");
	expect(md_put_code_str, "a`b", 0, "``a`b``");
	expect(md_put_code_str, "`x`", 0, "`` `x` ``");
	expect(md_put_code_str, "a|b", MD_TABLE, "`a\\|b`");
	expect(md_put_code_str, "", 0, "`\"\"`");
}

static void test_writer_sample(void **state)
{
	scan_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	sample_result(&r);
	assert_int_equal(writer_markdown(out, &r), 0);
	fclose(out);
	assert_string_equal(buf,
		"| Severity | Confidence | Rule | CWE | Location | Issue |\n"
		"| --- | --- | --- | --- | --- | --- |\n"
		"| HIGH | HIGH | [B602](https://bandit.readthedocs.io/en/1.9.4/plugins/b602_subprocess_popen_with_shell_equals_true.html) subprocess\\_popen\\_with\\_shell\\_equals\\_true | [CWE-78](https://cwe.mitre.org/data/definitions/78.html) | `app.py:5:12` | subprocess call with shell=True identified, security issue. `return subprocess.check_output(\"ping -c 1 \" + host,` |\n"
		"| LOW | MEDIUM | [B105](https://bandit.readthedocs.io/en/1.9.4/plugins/b105_hardcoded_password_string.html) hardcoded\\_password\\_string | [CWE-259](https://cwe.mitre.org/data/definitions/259.html) | `app.py:9:33` | Possible hardcoded password: 'hunter2' `greeting = \"h\xc3\xa9llo\"; password = \"hunter2\"` |\n"
		"| MEDIUM | HIGH | RD901 user\\_root | [CWE-250](https://cwe.mitre.org/data/definitions/250.html) | `docker files/Dockerfile:2:1` | The container runs as root. `USER root` |\n"
		"\n"
		"3 findings (1 HIGH, 1 MEDIUM, 1 LOW) in 3 files scanned, 11 lines of code.\n"
		"\n"
		"Skipped file:\n"
		"\n"
		"- `broken.py`: syntax error while parsing AST from file\n");
	free(buf);
	scan_result_free(&r);
}

static void test_writer_no_findings(void **state)
{
	scan_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	memset(&r, 0, sizeof(r));
	r.files_scanned = 1;
	assert_int_equal(writer_markdown(out, &r), 0);
	fclose(out);
	assert_string_equal(buf, "0 findings (0 HIGH, 0 MEDIUM, 0 LOW) in 1 file scanned, 0 lines of code.\n");
	free(buf);
}

static void test_cwe_names_cover_catalog(void **state)
{
	size_t count;
	const rule *rules = catalog_rules(&count);

	(void)state;
	for (size_t i = 0; i < count; i++)
		if (rules[i].cwe > 0 && !report_cwe_name(rules[i].cwe))
			fail_msg("rule %s uses CWE-%d, which report_cwe.c does not name",
				 rules[i].id, rules[i].cwe);
	assert_string_equal(report_cwe_name(78),
			    "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')");
	assert_null(report_cwe_name(0));
	assert_null(report_cwe_name(999999));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_punctuation),
		cmocka_unit_test(test_escape_lines_and_controls),
		cmocka_unit_test(test_code_spans_kept),
		cmocka_unit_test(test_code_fence_length),
		cmocka_unit_test(test_writer_sample),
		cmocka_unit_test(test_writer_no_findings),
		cmocka_unit_test(test_cwe_names_cover_catalog),
	};

	(void)sample_expect_golden;  /* the writer sample's helper, unused here */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
