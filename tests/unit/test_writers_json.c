/* Bandit-compatible JSON writer: golden output, escapes, metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "fixtures/writers/sample.h"
#include "writers/writers.h"

#define STAMP "2024-01-02T03:04:05Z"

/* Writes r as JSON into a new string (caller frees) and checks rc. */
static char *json_of(const scan_result *r, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *file = open_memstream(&buf, &size);

	assert_int_equal(writer_json(file, r, STAMP), RM_OK);
	fclose(file);
	if (len)
		*len = size;
	return buf;
}

static void json_sample_golden(void **state)
{
	scan_result r;
	size_t len;
	char *out;

	(void)state;
	sample_result(&r);
	out = json_of(&r, &len);
	sample_expect_golden("sample.json", out, len);
	free(out);
	scan_result_free(&r);
}

static void json_empty_result(void **state)
{
	static const char want[] =
		"{\n"
		"  \"errors\": [],\n"
		"  \"generated_at\": \"" STAMP "\",\n"
		"  \"metrics\": {\n"
		"    \"_totals\": {\n"
		"      \"CONFIDENCE.HIGH\": 0,\n"
		"      \"CONFIDENCE.LOW\": 0,\n"
		"      \"CONFIDENCE.MEDIUM\": 0,\n"
		"      \"CONFIDENCE.UNDEFINED\": 0,\n"
		"      \"SEVERITY.HIGH\": 0,\n"
		"      \"SEVERITY.LOW\": 0,\n"
		"      \"SEVERITY.MEDIUM\": 0,\n"
		"      \"SEVERITY.UNDEFINED\": 0,\n"
		"      \"loc\": 0,\n"
		"      \"nosec\": 0,\n"
		"      \"skipped_tests\": 0\n"
		"    }\n"
		"  },\n"
		"  \"results\": []\n"
		"}\n";
	scan_result r = { 0 };
	char *out;

	(void)state;
	out = json_of(&r, NULL);
	assert_string_equal(out, want);
	free(out);
}

/* Quotes, backslashes, control characters, non-ASCII (two-byte, and
 * four-byte as a surrogate pair) and DEL, written as Python's json.dumps
 * writes the same text, and an invalid byte, written as U+FFFD. */
static void json_escapes(void **state)
{
	const char *text = "x = 1\n";
	source *src = source_from_bytes("dir/it's \"q\".py", text, strlen(text));
	source *bad = source_from_bytes("bad\xffname.py", text, strlen(text));
	scan_result r = { 0 };
	cJSON *doc, *result;
	char *out;

	(void)state;
	finding_add(&r.findings, &sample_rules[0], src, 0, 1, "%s",
		    "say \"hi\" \\ \x01\t\n\xc3\xa9 \xf0\x9f\x98\x80 \x7f /");
	finding_add(&r.findings, &sample_rules[2], bad, 0, 1, NULL);
	out = json_of(&r, NULL);

	assert_non_null(strstr(out,
		"\"issue_text\": \"say \\\"hi\\\" \\\\ \\u0001\\t\\n\\u00e9 \\ud83d\\ude00 \\u007f /\""));
	assert_non_null(strstr(out, "\"filename\": \"dir/it's \\\"q\\\".py\""));
	/* The invalid byte becomes U+FFFD, not Bandit's lone surrogate
	 * \udcff, which JSON readers such as cJSON reject. */
	assert_non_null(strstr(out, "\"filename\": \"bad\\ufffdname.py\""));
	assert_null(strstr(out, "\\udc"));
	/* so cJSON, which `scan -b` and `remediate report` use, reads it. */
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	result = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "results"), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(result, "filename")),
			    "bad\xef\xbf\xbdname.py");
	cJSON_Delete(doc);
	/* A finding without an excerpt still has a "code" string. */
	assert_non_null(strstr(out, "\"code\": \"\""));
	/* Our own rules link to their section of docs/rules.md. */
	assert_non_null(strstr(out, "\"more_info\": \"docs/rules.md#rd901\""));

	free(out);
	finding_list_clear(&r.findings);
	source_free(src);
	source_free(bad);
}

/* Per-file level counts come from the metrics, which count findings that
 * the level filters removed from the results. */
static void json_metrics_before_filters(void **state)
{
	scan_result r;
	cJSON *root, *app, *results, *item;
	int low_results = 0;
	char *out;

	(void)state;
	sample_result(&r);
	out = json_of(&r, NULL);
	root = cJSON_Parse(out);
	assert_non_null(root);

	app = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "metrics"), "app.py");
	assert_non_null(app);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(app, "SEVERITY.LOW")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(app, "nosec")->valueint, 1);

	results = cJSON_GetObjectItemCaseSensitive(root, "results");
	cJSON_ArrayForEach(item, results) {
		const char *sev = cJSON_GetObjectItemCaseSensitive(item, "issue_severity")->valuestring;
		if (strcmp(sev, "LOW") == 0)
			low_results++;
	}
	assert_int_equal(low_results, 1);
	assert_int_equal(cJSON_GetArraySize(results), 3);

	cJSON_Delete(root);
	free(out);
	scan_result_free(&r);
}

/* Every catalog rule renders with its own id, name and a more_info link;
 * this follows the catalog as it grows. */
static void json_catalog_rules(void **state)
{
	const char *text = "line one\nline two\n";
	source *src = source_from_bytes("f.py", text, strlen(text));
	size_t count, reported = 0;
	const rule *rules = catalog_rules(&count);
	scan_result r = { 0 };
	cJSON *root, *item;
	char *out;
	size_t i = 0;

	(void)state;
	for (size_t k = 0; k < count; k++) {
		if (rules[k].retired)
			continue;
		finding_add(&r.findings, &rules[k], src, 0, 4, NULL);
		reported++;
	}
	out = json_of(&r, NULL);
	root = cJSON_Parse(out);
	assert_non_null(root);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "results")),
			 reported);

	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		const finding *f = &r.findings.items[i++];
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(item, "test_id")->valuestring,
				    f->rule->id);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(item, "test_name")->valuestring,
				    f->rule->name);
		assert_true(strlen(cJSON_GetObjectItemCaseSensitive(item, "more_info")->valuestring) > 0);
	}

	cJSON_Delete(root);
	free(out);
	finding_list_clear(&r.findings);
	source_free(src);
}

static void json_write_failure(void **state)
{
	scan_result r;
	FILE *file = fopen("/dev/full", "w");

	(void)state;
	if (!file)
		skip();
	sample_result(&r);
	assert_int_equal(writer_json(file, &r, STAMP), RM_EIO);
	assert_non_null(strstr(rm_error_last(), "cannot write the JSON report"));
	fclose(file);
	scan_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_sample_golden),
		cmocka_unit_test(json_empty_result),
		cmocka_unit_test(json_escapes),
		cmocka_unit_test(json_metrics_before_filters),
		cmocka_unit_test(json_catalog_rules),
		cmocka_unit_test(json_write_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
