/* daemon.json: loader positions, bad input, and rules RJ301-RJ306. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer.h"
#include "daemon/daemon.h"
#include "error.h"

#define FIXTURES "tests/fixtures/daemon/"

typedef struct result {
	source *src;
	finding_list findings;
	file_metrics metrics;
} result;

static void analyze_source(result *r, source *src)
{
	scan_config cfg;

	scan_config_init(&cfg);
	memset(r, 0, sizeof(*r));
	r->src = src;
	assert_int_equal(daemon_analyzer.analyze(NULL, src, &cfg, &r->findings,
						 &r->metrics), RM_OK);
}

static void analyze_text(result *r, const char *text)
{
	analyze_source(r, source_from_bytes("daemon.json", text, strlen(text)));
}

static void result_free(result *r)
{
	finding_list_clear(&r->findings);
	source_free(r->src);
}

static const finding *find_rule(const result *r, const char *id)
{
	for (size_t i = 0; i < r->findings.count; i++)
		if (strcmp(r->findings.items[i].rule->id, id) == 0)
			return &r->findings.items[i];
	return NULL;
}

static void assert_flagged(const result *r, const char *id, const char *want)
{
	const finding *f = find_rule(r, id);
	char *text;

	assert_non_null(f);
	text = strndup(r->src->text + f->start_byte, f->end_byte - f->start_byte);
	assert_string_equal(text, want);
	free(text);
}

static const char *load_invalid(const char *text)
{
	source *src = source_from_bytes("daemon.json", text, strlen(text));
	daemon_file *file = (daemon_file *)1;

	rm_error_clear();
	assert_int_equal(daemon_load(&file, src), RM_EINVALID);
	assert_null(file);
	source_free(src);
	return rm_error_last();
}

static void daemon_key_ranges(void **state)
{
	source *src = NULL;
	daemon_file *file = NULL;
	const daemon_key *key;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "hardened.json", 1 << 20), RM_OK);
	assert_int_equal(daemon_load(&file, src), RM_OK);
	assert_int_equal(file->key_count, 7);
	assert_int_equal(file->open_brace, 0);
	assert_int_equal(src->text[file->close_brace], '}');
	assert_int_equal(file->close_brace, src->len - 2);

	key = daemon_find_key(file, "icc");
	assert_non_null(key);
	assert_int_equal(key->key_start, (size_t)(strstr(src->text, "\"icc\"") - src->text));
	assert_int_equal(key->key_end, key->key_start + 5);
	assert_memory_equal(src->text + key->value_start, "false", 5);
	assert_int_equal(key->value_end, key->value_start + 5);

	/* A nested object's range covers all of it. */
	key = daemon_find_key(file, "log-opts");
	assert_int_equal(src->text[key->value_start], '{');
	assert_int_equal(src->text[key->value_end - 1], '}');
	assert_int_equal(key->value_end, file->close_brace - 1);
	assert_null(daemon_find_key(file, "debug"));
	daemon_free(file);
	source_free(src);
}

static void daemon_tricky_strings(void **state)
{
	/* Braces inside strings, an escaped quote and an escaped key name. */
	static const char text[] =
		"{\"a\": \"x\\\"}{\", \"\\u0069cc\": true, \"b\": [1, {\"c\": \"]\"}], \"d\": null}";
	source *src = source_from_bytes("daemon.json", text, strlen(text));
	daemon_file *file = NULL;
	const daemon_key *key;

	(void)state;
	assert_int_equal(daemon_load(&file, src), RM_OK);
	assert_int_equal(file->key_count, 4);
	key = daemon_find_key(file, "icc");
	assert_non_null(key);
	assert_int_equal(key->value_start, (size_t)(strstr(text, "true") - text));
	key = daemon_find_key(file, "b");
	assert_int_equal(key->value_end, (size_t)(strstr(text, ", \"d\"") - text));
	key = daemon_find_key(file, "d");
	assert_int_equal(key->value_end - key->value_start, 4);
	daemon_free(file);
	source_free(src);
}

static void daemon_invalid_input(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("{\n  \"icc\": false,\n  \"live-restore\": true,\n}\n");
	assert_non_null(strstr(message, "invalid daemon.json 'daemon.json' at line 4:"));
	message = load_invalid("{\n  \"icc\": false\n  \"live-restore\": true\n}\n");
	assert_non_null(strstr(message, "at line 3:"));
	message = load_invalid("{\"icc\": false // comment\n}");
	assert_non_null(strstr(message, "at line 1:"));
	message = load_invalid("[1, 2]");
	assert_non_null(strstr(message, "at line 1:1: the top level must be a JSON object"));
	message = load_invalid("{\"icc\": false,\n \"icc\": true}");
	assert_non_null(strstr(message, "at line 2:2: key \"icc\" is given twice (first at line 1)"));
	message = load_invalid("{} {}");
	assert_non_null(strstr(message, "invalid daemon.json"));
}

static void daemon_deep_nesting(void **state)
{
	/* cJSON stops at 1000 levels; deeper input is an error, not a crash. */
	size_t depth = 100000;
	char *text = malloc(depth * 2 + 16);
	const char *message;

	(void)state;
	strcpy(text, "{\"a\": ");
	memset(text + 6, '[', depth);
	memset(text + 6 + depth, ']', depth);
	strcpy(text + 6 + 2 * depth, "}");
	message = load_invalid(text);
	assert_non_null(strstr(message, "at line 1:1006: arrays and objects nested deeper than 1000 levels"));
	free(text);
}

static void daemon_nesting_limit(void **state)
{
	/* The root object and 999 arrays make 1000 levels, which cJSON reads. */
	size_t depth = 999;
	char *text = malloc(depth * 2 + 16);
	source *src;
	daemon_file *file = NULL;

	(void)state;
	strcpy(text, "{\"a\": ");
	memset(text + 6, '[', depth);
	memset(text + 6 + depth, ']', depth);
	strcpy(text + 6 + 2 * depth, "}");
	src = source_from_bytes("daemon.json", text, strlen(text));
	assert_int_equal(daemon_load(&file, src), RM_OK);
	assert_int_equal(file->key_count, 1);
	daemon_free(file);
	source_free(src);
	free(text);
}

static void daemon_bad_escapes(void **state)
{
	const char *message;

	(void)state;
	message = load_invalid("{\"a\": \"\\ud800\"}");
	assert_non_null(strstr(message, "at line 1:8: lone UTF-16 surrogate \\ud800 in a string"));
	message = load_invalid("{\"a\": \"\\udc00\\ud800\"}");
	assert_non_null(strstr(message, "lone UTF-16 surrogate \\udc00"));
	/* A high surrogate followed by a high one is still lone. */
	message = load_invalid("{\"a\": \"\\ud800\\ud800\"}");
	assert_non_null(strstr(message, "lone UTF-16 surrogate \\ud800"));
	message = load_invalid("{\"a\": \"x\\qy\"}");
	assert_non_null(strstr(message, "at line 1:9: invalid escape \\q in a string"));
}

static void daemon_surrogate_pair(void **state)
{
	static const char text[] = "{\"a\": \"\\ud83d\\ude00\"}";
	source *src = source_from_bytes("daemon.json", text, strlen(text));
	daemon_file *file = NULL;

	(void)state;
	assert_int_equal(daemon_load(&file, src), RM_OK);
	assert_string_equal(cJSON_GetStringValue(file->keys[0].value), "\xF0\x9F\x98\x80");
	daemon_free(file);
	source_free(src);
}

static void daemon_many_keys(void **state)
{
	/* 200,000 distinct keys, then one that repeats key 70,000.  Comparing
	 * every pair took minutes at this size; sorting takes milliseconds. */
	size_t count = 200000, len = 0;
	char *text = malloc(count * 24 + 64);
	const char *message;
	source *src;
	daemon_file *file = NULL;

	(void)state;
	text[len++] = '{';
	for (size_t i = 0; i < count; i++)
		len += (size_t)sprintf(text + len, "%s\"k%zu\": %zu", i ? ",\n" : "", i, i);
	strcpy(text + len, "}");
	src = source_from_bytes("daemon.json", text, strlen(text));
	assert_int_equal(daemon_load(&file, src), RM_OK);
	assert_int_equal(file->key_count, count);
	assert_non_null(daemon_find_key(file, "k199999"));
	daemon_free(file);
	source_free(src);

	strcpy(text + len, ",\n\"k70000\": 1, \"k5\": 2}");
	message = load_invalid(text);
	assert_non_null(strstr(message, "at line 200001:1: key \"k70000\" is given twice (first at line 70001)"));
	free(text);
}

static void daemon_white_space_only(void **state)
{
	/* dockerd trims white space and takes an empty file as all defaults,
	 * so the loader does the same. */
	static const char *texts[] = { "", " \n\t\r\n", "\xEF\xBB\xBF  \n" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		source *src = source_from_bytes("daemon.json", texts[i], strlen(texts[i]));
		daemon_file *file = NULL;

		assert_int_equal(daemon_load(&file, src), RM_OK);
		assert_int_equal(file->key_count, 0);
		assert_true(cJSON_IsObject(file->root));
		daemon_free(file);
		source_free(src);
	}
}

static void daemon_hardened_clean(void **state)
{
	source *src = NULL;
	result r;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "hardened.json", 1 << 20), RM_OK);
	analyze_source(&r, src);
	assert_int_equal(r.findings.count, 0);
	assert_int_equal(r.metrics.loc, 12);
	result_free(&r);
}

static void daemon_missing_keys_line_one(void **state)
{
	static const char *ids[] = { "RJ301", "RJ302", "RJ303", "RJ304", "RJ305", "RJ306" };
	result r;

	(void)state;
	analyze_text(&r, "{\n  \"debug\": false\n}\n");
	assert_int_equal(r.findings.count, 6);
	for (size_t i = 0; i < 6; i++) {
		const finding *f = find_rule(&r, ids[i]);

		assert_non_null(f);
		assert_int_equal(f->line, 1);
		assert_int_equal(f->col, 0);
		assert_non_null(f->code);
	}
	assert_flagged(&r, "RJ301", "{");
	result_free(&r);

	/* An empty file means every default. */
	analyze_text(&r, "\n");
	assert_int_equal(r.findings.count, 6);
	result_free(&r);
}

static void daemon_bad_values(void **state)
{
	source *src = NULL;
	result r;

	(void)state;
	assert_int_equal(source_load(&src, FIXTURES "weak.json", 1 << 20), RM_OK);
	analyze_source(&r, src);
	assert_int_equal(r.findings.count, 6);
	assert_flagged(&r, "RJ301", "true");
	assert_int_equal(find_rule(&r, "RJ301")->line, 2);
	assert_int_equal(find_rule(&r, "RJ301")->col, 9);
	assert_flagged(&r, "RJ303", "false");
	assert_int_equal(find_rule(&r, "RJ303")->line, 3);
	assert_flagged(&r, "RJ306", "{\"max-file\": \"3\"}");
	assert_int_equal(find_rule(&r, "RJ302")->line, 1);
	result_free(&r);

	/* Strings are not booleans to dockerd. */
	analyze_text(&r, "{\"icc\": \"false\", \"userland-proxy\": true, \"no-new-privileges\": 1,"
			 " \"userns-remap\": \"\"}");
	assert_flagged(&r, "RJ301", "\"false\"");
	assert_flagged(&r, "RJ304", "true");
	assert_flagged(&r, "RJ305", "1");
	assert_flagged(&r, "RJ302", "\"\"");
	result_free(&r);
}

static void rj306_log_drivers(void **state)
{
	static const struct { const char *text; bool found; const char *flag; } cases[] = {
		{ "{\"log-driver\": \"json-file\"}", true, "\"json-file\"" },
		{ "{\"log-opts\": {\"max-size\": \"-1\"}}", true, "{\"max-size\": \"-1\"}" },
		{ "{\"log-opts\": {\"max-size\": \"10m\"}}", false, NULL },
		{ "{\"log-driver\": \"local\"}", false, NULL },
		{ "{\"log-driver\": \"local\", \"log-opts\": {\"max-size\": \"-1\"}}", true,
		  "{\"max-size\": \"-1\"}" },
		{ "{\"log-driver\": \"journald\"}", false, NULL },
		{ "{\"log-driver\": \"syslog\", \"log-opts\": {\"syslog-address\": \"udp://127.0.0.1:514\"}}",
		  false, NULL },
	};
	result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		analyze_text(&r, cases[i].text);
		if (cases[i].found) {
			assert_non_null(find_rule(&r, "RJ306"));
			assert_flagged(&r, "RJ306", cases[i].flag);
		} else {
			assert_null(find_rule(&r, "RJ306"));
		}
		result_free(&r);
	}
}

static void daemon_catalog_rows(void **state)
{
	static const char *ids[] = { "RJ301", "RJ302", "RJ303", "RJ304", "RJ305", "RJ306" };

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		const rule *r = catalog_find(ids[i]);

		assert_non_null(r);
		assert_int_equal(r->target, TARGET_DAEMON);
		assert_non_null(r->xref);
		assert_non_null(r->stride);
		assert_non_null(r->attack);
		assert_non_null(r->nist);
	}
	assert_string_equal(catalog_find("RJ301")->xref, "CIS 2.2");
	assert_false(catalog_find("RJ302")->fixable);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(daemon_key_ranges),
		cmocka_unit_test(daemon_tricky_strings),
		cmocka_unit_test(daemon_invalid_input),
		cmocka_unit_test(daemon_deep_nesting),
		cmocka_unit_test(daemon_nesting_limit),
		cmocka_unit_test(daemon_bad_escapes),
		cmocka_unit_test(daemon_surrogate_pair),
		cmocka_unit_test(daemon_many_keys),
		cmocka_unit_test(daemon_white_space_only),
		cmocka_unit_test(daemon_hardened_clean),
		cmocka_unit_test(daemon_missing_keys_line_one),
		cmocka_unit_test(daemon_bad_values),
		cmocka_unit_test(rj306_log_drivers),
		cmocka_unit_test(daemon_catalog_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
