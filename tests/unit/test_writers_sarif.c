/* SARIF 2.1.0 writer: golden output, URIs, columns, rule indexes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "fixtures/writers/sample.h"
#include "writers/writers.h"

static char *sarif_of(const scan_result *r, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *file = open_memstream(&buf, &size);

	assert_int_equal(writer_sarif(file, r, "0.1.0"), RM_OK);
	fclose(file);
	if (len)
		*len = size;
	return buf;
}

static cJSON *get(const cJSON *object, const char *path)
{
	/* Follows a dotted path of keys and [n] indexes: "runs[0].tool". */
	char buf[256], *save = NULL, *part;
	const cJSON *node = object;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part && node;
	     part = strtok_r(NULL, ".", &save)) {
		char *bracket = strchr(part, '[');
		if (bracket)
			*bracket = '\0';
		if (*part)
			node = cJSON_GetObjectItemCaseSensitive(node, part);
		if (bracket && node)
			node = cJSON_GetArrayItem(node, atoi(bracket + 1));
	}
	assert_non_null(node);
	return (cJSON *)node;
}

static void sarif_sample_golden(void **state)
{
	scan_result r;
	size_t len;
	char *out;

	(void)state;
	sample_result(&r);
	out = sarif_of(&r, &len);
	sample_expect_golden("sample.sarif", out, len);
	free(out);
	scan_result_free(&r);
}

static void sarif_empty_result(void **state)
{
	scan_result r = { 0 };
	size_t len;
	char *out;

	(void)state;
	out = sarif_of(&r, &len);
	sample_expect_golden("empty.sarif", out, len);
	free(out);
}

/* Each result's ruleIndex points at its rule, rules are sorted by id and
 * listed once, and levels follow the finding's severity. */
static void sarif_rules_and_levels(void **state)
{
	scan_result r;
	cJSON *root, *rules, *results, *item;
	char *out;

	(void)state;
	sample_result(&r);
	out = sarif_of(&r, NULL);
	root = cJSON_Parse(out);
	assert_non_null(root);

	rules = get(root, "runs[0].tool.driver.rules");
	assert_int_equal(cJSON_GetArraySize(rules), 3);
	assert_string_equal(get(rules, "[0].id")->valuestring, "B105");
	assert_string_equal(get(rules, "[1].id")->valuestring, "B602");
	assert_string_equal(get(rules, "[2].id")->valuestring, "RD901");
	assert_string_equal(get(rules, "[1].properties.tags[1]")->valuestring,
			    "external/cwe/cwe-78");
	assert_string_equal(get(rules, "[1].helpUri")->valuestring,
			    sample_rules[0].more_info);
	/* No helpUri for a rule without a public page. */
	assert_null(cJSON_GetObjectItemCaseSensitive(get(rules, "[2]"), "helpUri"));

	results = get(root, "runs[0].results");
	cJSON_ArrayForEach(item, results) {
		cJSON *rl = cJSON_GetArrayItem(rules, get(item, "ruleIndex")->valueint);
		assert_non_null(rl);
		assert_string_equal(get(item, "ruleId")->valuestring,
				    get(rl, "id")->valuestring);
	}
	assert_string_equal(get(results, "[0].level")->valuestring, "error");
	assert_string_equal(get(results, "[1].level")->valuestring, "note");
	assert_string_equal(get(results, "[2].level")->valuestring, "warning");

	cJSON_Delete(root);
	free(out);
	scan_result_free(&r);
}

/* Regions: 1-based code-point columns, an exclusive end column, and the
 * flagged text as the snippet, also across two lines. */
static void sarif_regions(void **state)
{
	scan_result r;
	cJSON *root, *region;
	char *out;

	(void)state;
	sample_result(&r);
	out = sarif_of(&r, NULL);
	root = cJSON_Parse(out);
	assert_non_null(root);

	/* B602 spans "subprocess.check_output(...," to "shell=True)". */
	region = get(root, "runs[0].results[0].locations[0].physicalLocation.region");
	assert_int_equal(get(region, "startLine")->valueint, 5);
	assert_int_equal(get(region, "startColumn")->valueint, 12);
	assert_int_equal(get(region, "endLine")->valueint, 6);
	assert_int_equal(get(region, "endColumn")->valueint, 47);
	assert_string_equal(get(region, "snippet.text")->valuestring,
		"subprocess.check_output(\"ping -c 1 \" + host,\n"
		"                                   shell=True)");

	/* B105 sits after "h\xc3\xa9llo": byte column 32, code-point column 31
	 * (both 0-based), so startColumn is 32. */
	assert_int_equal(r.findings.items[1].col, 32);
	region = get(root, "runs[0].results[1].locations[0].physicalLocation.region");
	assert_int_equal(get(region, "startLine")->valueint, 9);
	assert_int_equal(get(region, "startColumn")->valueint, 32);
	assert_int_equal(get(region, "endColumn")->valueint, 41);
	assert_string_equal(get(region, "snippet.text")->valuestring, "\"hunter2\"");

	cJSON_Delete(root);
	free(out);
	scan_result_free(&r);
}

/* Paths become percent-encoded URIs: relative ones with a uriBaseId,
 * absolute ones as file:// URIs; "./" prefixes are dropped. */
static void sarif_uris(void **state)
{
	static const struct { const char *path, *uri; bool base; } cases[] = {
		{ "docker files/Dockerfile", "docker%20files/Dockerfile", true },
		{ "./a b/c#d%.py", "a%20b/c%23d%25.py", true },
		{ "/srv/x y.py", "file:///srv/x%20y.py", false },
		{ "\xc3\xa9t\xc3\xa9:1.py", "%C3%A9t%C3%A9%3A1.py", true },
	};
	const char *text = "x = 1\n";
	scan_result r = { 0 };
	cJSON *root;
	size_t len;
	char *out;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		source *src = source_from_bytes(cases[i].path, text, strlen(text));
		finding_add(&r.findings, &sample_rules[0], src, 0, 1, NULL);
		source_free(src);
	}
	out = sarif_of(&r, &len);
	sample_expect_golden("uris.sarif", out, len);
	root = cJSON_Parse(out);
	assert_non_null(root);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[96];
		cJSON *location;

		snprintf(path, sizeof(path),
			 "runs[0].results[%zu].locations[0].physicalLocation.artifactLocation", i);
		location = get(root, path);
		assert_string_equal(get(location, "uri")->valuestring, cases[i].uri);
		if (cases[i].base)
			assert_string_equal(get(location, "uriBaseId")->valuestring, "%SRCROOT%");
		else
			assert_null(cJSON_GetObjectItemCaseSensitive(location, "uriBaseId"));
	}

	cJSON_Delete(root);
	free(out);
	finding_list_clear(&r.findings);
}

/* Strings keep valid UTF-8, escape control characters and replace bytes
 * that are not UTF-8 with U+FFFD, so the log is always valid JSON text. */
static void sarif_escapes(void **state)
{
	const char *text = "x = 1\n";
	source *src = source_from_bytes("a.py", text, strlen(text));
	scan_result r = { 0 };
	cJSON *root;
	size_t len;
	char *out;

	(void)state;
	finding_add(&r.findings, &sample_rules[0], src, 0, 1, "%s",
		    "q\"\\\x01 \xc3\xa9 \xff end");
	out = sarif_of(&r, &len);
	sample_expect_golden("escapes.sarif", out, len);
	assert_non_null(strstr(out,
		"\"text\": \"q\\\"\\\\\\u0001 \xc3\xa9 \xef\xbf\xbd end\""));
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_string_equal(get(root, "runs[0].results[0].message.text")->valuestring,
			    "q\"\\\x01 \xc3\xa9 \xef\xbf\xbd end");

	cJSON_Delete(root);
	free(out);
	finding_list_clear(&r.findings);
	source_free(src);
}

/* Skipped files are notifications of the one invocation. */
static void sarif_skipped_files(void **state)
{
	scan_result r;
	cJSON *root, *note;
	char *out;

	(void)state;
	sample_result(&r);
	out = sarif_of(&r, NULL);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_true(cJSON_IsTrue(get(root, "runs[0].invocations[0].executionSuccessful")));
	note = get(root, "runs[0].invocations[0].toolExecutionNotifications[0]");
	assert_string_equal(get(note, "message.text")->valuestring,
			    "file skipped: syntax error while parsing AST from file");
	assert_string_equal(get(note, "locations[0].physicalLocation.artifactLocation.uri")->valuestring,
			    "broken.py");

	cJSON_Delete(root);
	free(out);
	scan_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sarif_sample_golden),
		cmocka_unit_test(sarif_empty_result),
		cmocka_unit_test(sarif_rules_and_levels),
		cmocka_unit_test(sarif_regions),
		cmocka_unit_test(sarif_uris),
		cmocka_unit_test(sarif_escapes),
		cmocka_unit_test(sarif_skipped_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
