/*
 * Tests for the Python analyzer's rules.  Each case runs a small source
 * through python_analyzer.analyze and compares the findings, written as
 * "ID line:col SEVERITY/CONFIDENCE" in output order, and the nosec
 * metrics.  The expected values of the B-rule cases were produced by
 * running Bandit 1.9.4 on the same sources; the cases named star_import
 * and rp401_* are our own behaviour (Bandit leaves star-imported names
 * unresolved and has no RP401).
 */
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
#include "python/python.h"

typedef struct rule_case {
	const char *name;
	const char *source;
	const char *expected;   /* one "ID line:col SEV/CONF\n" per finding */
	long nosec;
	long skipped_tests;
} rule_case;

static const rule_case cases[] = {
	{ "b101_assert",
	  "assert x\n",
	  "B101 1:0 LOW/HIGH\n",
	  0, 0 },
	{ "b101_not",
	  "x = 1\n"
	  "if not x:\n"
	  "    raise ValueError(x)\n",
	  "",
	  0, 0 },
	{ "b102_exec",
	  "exec(code)\n",
	  "B102 1:0 MEDIUM/HIGH\n",
	  0, 0 },
	{ "b102_not_attr",
	  "builtins.exec(code)\n",
	  "",
	  0, 0 },
	{ "b104_literal",
	  "HOST = '0.0.0.0'\n",
	  "B104 1:7 MEDIUM/MEDIUM\n",
	  0, 0 },
	{ "b104_not_substring",
	  "HOST = '0.0.0.0:80'\n"
	  "\"0.0.0.0\"\n",
	  "",
	  0, 0 },
	{ "b104_fstring",
	  "HOST = f\"0.0.0.0\"\n",
	  "B104 1:7 MEDIUM/MEDIUM\n",
	  0, 0 },
	{ "b105_assign",
	  "password = 'hunter2'\n",
	  "B105 1:11 LOW/MEDIUM\n",
	  0, 0 },
	{ "b105_attr_chain",
	  "a = self.db_password = 'x'\n",
	  "B105 1:23 LOW/MEDIUM\n",
	  0, 0 },
	{ "b105_dict_key",
	  "conf = {'password': 'x', 'apikey': 'y'}\n",
	  "B105 1:8 LOW/MEDIUM\n",
	  0, 0 },
	{ "b105_subscript",
	  "d['api_token'] = 'v'\n",
	  "B105 1:2 LOW/MEDIUM\n",
	  0, 0 },
	{ "b105_compare",
	  "if password == 'x':\n"
	  "    pass\n",
	  "B105 1:15 LOW/MEDIUM\n",
	  0, 0 },
	{ "b105_not",
	  "mypassword = 'x'\n"
	  "PASSWORD: str = 'y'\n"
	  "password += 'z'\n"
	  "x = d['password']\n",
	  "",
	  0, 0 },
	{ "b106_kwarg",
	  "login(user, password='p')\n",
	  "B106 1:0 LOW/MEDIUM\n",
	  0, 0 },
	{ "b106_multiline",
	  "login(\n"
	  "    user,\n"
	  "    password=\n"
	  "        'p')\n",
	  "B106 4:0 LOW/MEDIUM\n",
	  0, 0 },
	{ "b106_not",
	  "login(user, password=f'p', passwordHash='x')\n",
	  "",
	  0, 0 },
	{ "b107_default",
	  "def f(a, passwd='s'):\n"
	  "    pass\n",
	  "B107 1:0 LOW/MEDIUM\n",
	  0, 0 },
	{ "b107_not",
	  "def f(password=None):\n"
	  "    pass\n"
	  "async def g(password='x'):\n"
	  "    pass\n"
	  "def h(*, token='k'):\n"
	  "    pass\n",
	  "",
	  0, 0 },
	{ "b110_bare",
	  "try:\n"
	  "    f()\n"
	  "except:\n"
	  "    pass\n",
	  "B110 3:0 LOW/HIGH\n",
	  0, 0 },
	{ "b110_exception_as",
	  "try:\n"
	  "    f()\n"
	  "except Exception as e:\n"
	  "    pass\n",
	  "B110 3:0 LOW/HIGH\n",
	  0, 0 },
	{ "b110_not_typed",
	  "try:\n"
	  "    f()\n"
	  "except ValueError:\n"
	  "    pass\n",
	  "",
	  0, 0 },
	{ "b201_debug",
	  "import flask\n"
	  "app.run(debug=True)\n",
	  "B201 2:0 HIGH/MEDIUM\n",
	  0, 0 },
	{ "b201_not",
	  "import flask\n"
	  "app.run(debug=False)\n"
	  "other.run(debug=True)\n",
	  "B201 3:0 HIGH/MEDIUM\n",
	  0, 0 },
	{ "b201_no_flask",
	  "app.run(debug=True)\n",
	  "",
	  0, 0 },
	{ "b307_eval",
	  "eval(expr)\n",
	  "B307 1:0 MEDIUM/HIGH\n",
	  0, 0 },
	{ "b307_not",
	  "ast.literal_eval(expr)\n",
	  "",
	  0, 0 },
	{ "b404_import",
	  "import subprocess\n",
	  "B404 1:0 LOW/HIGH\n",
	  0, 0 },
	{ "b404_from",
	  "from subprocess import run\n",
	  "B404 1:0 LOW/HIGH\n",
	  0, 0 },
	{ "b404_dunder_import",
	  "__import__('subprocess')\n",
	  "B404 1:0 LOW/HIGH\n",
	  0, 0 },
	{ "b404_not",
	  "import os\n",
	  "",
	  0, 0 },
	{ "b602_variable",
	  "import subprocess\n"
	  "subprocess.Popen(cmd, shell=True)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b602_literal",
	  "import subprocess\n"
	  "subprocess.call('ls -l', shell=True)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 LOW/HIGH\n"
	  "B607 2:0 LOW/HIGH\n",
	  0, 0 },
	{ "b602_multiline",
	  "import subprocess\n"
	  "subprocess.run(\n"
	  "    cmd,\n"
	  "    shell=True,\n"
	  ")\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 4:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b602_alias",
	  "import subprocess as sp\n"
	  "sp.Popen(c, shell=True)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b602_from_alias",
	  "from subprocess import Popen as P\n"
	  "P(c, shell=1)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b602_falsy",
	  "import subprocess\n"
	  "subprocess.Popen(c, shell=0)\n"
	  "subprocess.Popen(c, shell='')\n"
	  "subprocess.Popen(c, shell=[])\n"
	  "subprocess.Popen(c, shell=None)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B603 2:0 LOW/HIGH\n"
	  "B603 3:0 LOW/HIGH\n"
	  "B603 4:0 LOW/HIGH\n"
	  "B603 5:0 LOW/HIGH\n",
	  0, 0 },
	{ "b602_truthy",
	  "import subprocess\n"
	  "subprocess.Popen(c, shell='x')\n"
	  "subprocess.Popen(c, shell=())\n"
	  "subprocess.Popen(c, shell=flag)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n"
	  "B602 3:0 HIGH/HIGH\n"
	  "B602 4:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b602_no_positional",
	  "import subprocess\n"
	  "subprocess.Popen(shell=True)\n",
	  "B404 1:0 LOW/HIGH\n",
	  0, 0 },
	{ "b603_list",
	  "import subprocess\n"
	  "subprocess.check_output(['/bin/ls', '-l'])\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B603 2:0 LOW/HIGH\n",
	  0, 0 },
	{ "b604_other",
	  "foo(cmd, shell=True)\n",
	  "B604 1:0 MEDIUM/LOW\n",
	  0, 0 },
	{ "b604_not",
	  "foo(cmd, shell=False)\n",
	  "",
	  0, 0 },
	{ "b605_system",
	  "import os\n"
	  "os.system(cmd)\n",
	  "B605 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b605_literal",
	  "import os\n"
	  "os.system('/bin/ls')\n",
	  "B605 2:0 LOW/HIGH\n",
	  0, 0 },
	{ "b605_from_alias",
	  "from os import system as run\n"
	  "run(cmd)\n",
	  "B605 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "b605_no_args",
	  "import os\n"
	  "os.system()\n",
	  "",
	  0, 0 },
	{ "b606_exec",
	  "import os\n"
	  "os.execv('/bin/ls', args)\n",
	  "B606 2:0 LOW/MEDIUM\n",
	  0, 0 },
	{ "b607_partial",
	  "import os\n"
	  "os.popen('ls')\n",
	  "B605 2:0 LOW/HIGH\n"
	  "B607 2:0 LOW/HIGH\n",
	  0, 0 },
	{ "b607_list",
	  "import subprocess\n"
	  "subprocess.check_call(['ls', '-l'])\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B603 2:0 LOW/HIGH\n"
	  "B607 2:0 LOW/HIGH\n",
	  0, 0 },
	{ "b607_not_full",
	  "import subprocess\n"
	  "subprocess.check_call(['./x'])\n"
	  "subprocess.check_call('C:\\\\x')\n"
	  "subprocess.check_call('\\\\x')\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B603 2:0 LOW/HIGH\n"
	  "B603 3:0 LOW/HIGH\n"
	  "B603 4:0 LOW/HIGH\n",
	  0, 0 },
	{ "star_import",
	  "from subprocess import *\n"
	  "Popen(c, shell=True)\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "rp401_ipv6",
	  "HOST = '::'\n",
	  "RP401 1:7 MEDIUM/MEDIUM\n",
	  0, 0 },
	{ "rp401_empty_bind",
	  "s.bind(('', 8080))\n",
	  "RP401 1:8 MEDIUM/MEDIUM\n",
	  0, 0 },
	{ "rp401_not",
	  "s.connect(('', 80))\n"
	  "HOST = '::1'\n",
	  "",
	  0, 0 },
	{ "nosec_blanket",
	  "import subprocess  # nosec\n",
	  "",
	  1, 0 },
	{ "nosec_id",
	  "import subprocess\n"
	  "subprocess.Popen(c, shell=True)  # nosec B602\n",
	  "B404 1:0 LOW/HIGH\n",
	  0, 1 },
	{ "nosec_other_id",
	  "import subprocess\n"
	  "subprocess.Popen(c, shell=True)  # nosec B607\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B602 2:0 HIGH/HIGH\n",
	  0, 0 },
	{ "nosec_comma_no_space",
	  "import subprocess  # nosec B602,B404\n"
	  "import subprocess  # nosec B404,B602\n",
	  "B404 2:0 LOW/HIGH\n",
	  0, 1 },
	{ "nosec_range",
	  "import subprocess\n"
	  "subprocess.Popen(c,  # nosec\n"
	  "    shell=True)\n",
	  "B404 1:0 LOW/HIGH\n",
	  1, 0 },
	{ "nosec_case",
	  "import subprocess  # NOSEC\n"
	  "import subprocess  # reviewed, nosec\n"
	  "import subprocess  # ok # nosec\n",
	  "B404 1:0 LOW/HIGH\n"
	  "B404 2:0 LOW/HIGH\n",
	  1, 0 },
	{ "nosec_name",
	  "assert x  # nosec assert_used\n",
	  "",
	  0, 1 },
};

typedef struct run_result {
	int status;
	finding_list findings;
	file_metrics metrics;
} run_result;

/* Runs the analyzer on `text` as file "t.py" with `cfg` (defaults when
 * NULL); the caller clears result->findings. */
static void run(run_result *result, const char *text, const scan_config *cfg)
{
	scan_config defaults;
	source *src = source_from_bytes("t.py", text, strlen(text));
	void *state = python_analyzer.thread_new();

	if (!cfg) {
		scan_config_init(&defaults);
		cfg = &defaults;
	}
	memset(result, 0, sizeof(*result));
	assert_non_null(state);
	result->status = python_analyzer.analyze(state, src, cfg,
						 &result->findings,
						 &result->metrics);
	finding_list_sort(&result->findings);
	python_analyzer.thread_free(state);
	source_free(src);
}

/* Formats the findings like rule_case.expected, prefixed by the case
 * name so that a failed comparison names its case. */
static char *describe(const char *name, const finding_list *list)
{
	size_t cap = 4096, used = 0;
	char *out = rm_xmalloc(cap);

	used += (size_t)snprintf(out, cap, "%s:\n", name);
	for (size_t i = 0; i < list->count; i++) {
		const finding *f = &list->items[i];

		used += (size_t)snprintf(out + used, cap - used, "%s %d:%d %s/%s\n",
					 f->rule->id, f->line, f->col,
					 level_name(f->severity),
					 level_name(f->confidence));
		assert_true(used < cap);
	}
	return out;
}

static void test_rules_table(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const rule_case *c = &cases[i];
		run_result r;
		char *actual, *expected;

		run(&r, c->source, NULL);
		assert_int_equal(r.status, 0);
		actual = describe(c->name, &r.findings);
		expected = rm_xasprintf("%s:\n%s", c->name, c->expected);
		assert_string_equal(actual, expected);
		if (r.metrics.nosec != c->nosec || r.metrics.skipped_tests != c->skipped_tests)
			fail_msg("%s: nosec %ld skipped_tests %ld, expected %ld and %ld",
				 c->name, r.metrics.nosec, r.metrics.skipped_tests,
				 c->nosec, c->skipped_tests);
		free(actual);
		free(expected);
		finding_list_clear(&r.findings);
	}
}

/* Finds the only finding of rule `id`; fails when there is not exactly one. */
static const finding *only(const run_result *r, const char *id)
{
	const finding *hit = NULL;

	for (size_t i = 0; i < r->findings.count; i++) {
		if (strcmp(r->findings.items[i].rule->id, id) != 0)
			continue;
		assert_null(hit);
		hit = &r->findings.items[i];
	}
	assert_non_null(hit);
	return hit;
}

static void test_string_line_range(void **unused)
{
	run_result r;
	const finding *f;

	(void)unused;
	/* A string constant is reported on its own line with its parent
	 * node's line range (Bandit 1.9.4 reports line 2, range [1, 3]). */
	run(&r, "serve(\n    '0.0.0.0',\n    8080)\n", NULL);
	f = only(&r, "B104");
	assert_int_equal(f->line, 2);
	assert_int_equal(f->col, 4);
	assert_int_equal(f->range_first, 1);
	assert_int_equal(f->range_last, 3);
	assert_int_equal(f->end_col, 13);
	assert_int_equal(f->start_byte, 11);
	assert_int_equal(f->end_byte, 20);
	finding_list_clear(&r.findings);
}

static void test_password_message(void **unused)
{
	run_result r;
	const finding *f;

	(void)unused;
	run(&r, "db_password = 'hunter2'\n", NULL);
	f = only(&r, "B105");
	assert_string_equal(f->message, "Possible hardcoded password: 'hunter2'");
	assert_non_null(f->code);
	assert_string_equal(f->code, "1 db_password = 'hunter2'\n");
	finding_list_clear(&r.findings);
}

static void test_syntax_error(void **unused)
{
	run_result r;

	(void)unused;
	run(&r, "import subprocess\ndef f(:\n    pass\n", NULL);
	assert_int_equal(r.status, RM_EINVALID);
	assert_int_equal(r.findings.count, 0);
	assert_string_equal(rm_error_last(),
			    "syntax error while parsing AST from file: line 2, column 6: invalid syntax (missing token)");
}

static void test_python2_print(void **unused)
{
	run_result r;

	(void)unused;
	run(&r, "import os\nprint \"hello\"\n", NULL);
	assert_int_equal(r.status, RM_EINVALID);
	assert_int_equal(r.findings.count, 0);
	assert_string_equal(rm_error_last(),
			    "syntax error while parsing AST from file: line 2, column 0: Python 2 print statement (missing parentheses in call to 'print')");
}

static void test_python2_forms(void **unused)
{
	static const char *const sources[] = {
		"exec \"x = 1\"\n",
		"if a <> b:\n    pass\n",
		"try:\n    f()\nexcept ValueError, e:\n    pass\n",
		"x = 0777\n",
		"x = 10L\n",
		"x = ur'abc'\n",
		"x = `y`\n",
		"x = b'a' 'b'\n",
	};

	(void)unused;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		run_result r;

		run(&r, sources[i], NULL);
		if (r.status != RM_EINVALID)
			fail_msg("accepted invalid Python 3: %s", sources[i]);
		assert_int_equal(r.findings.count, 0);
	}
}

static void test_python3_valid_forms(void **unused)
{
	static const char *const sources[] = {
		"x = 00\ny = 0_0\nz = 0777j\n",
		"x = rb'a' Rb'b' BR'c'\n",
		"print('a', file=f)\nexec('x')\n",
		"try:\n    f()\nexcept* ValueError:\n    pass\n",
		"match x:\n    case [a, b]:\n        pass\n",
	};

	(void)unused;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		run_result r;

		run(&r, sources[i], NULL);
		if (r.status != 0)
			fail_msg("rejected valid Python 3 (%s): %s", rm_error_last(),
				 sources[i]);
		finding_list_clear(&r.findings);
	}
}

static void test_invalid_utf8(void **unused)
{
	run_result r;

	(void)unused;
	run(&r, "x = '\xe9'\n", NULL);
	assert_int_equal(r.status, RM_EINVALID);
}

static void test_latin1_cookie(void **unused)
{
	run_result r;
	const finding *f;

	(void)unused;
	/* Bandit decodes the file as latin-1 and reports 'café'. */
	run(&r, "# -*- coding: latin-1 -*-\npassword = 'caf\xe9'\n", NULL);
	assert_int_equal(r.status, 0);
	f = only(&r, "B105");
	assert_int_equal(f->line, 2);
	assert_int_equal(f->col, 11);
	assert_string_equal(f->message, "Possible hardcoded password: 'caf\xc3\xa9'");
	finding_list_clear(&r.findings);
}

static void test_bom(void **unused)
{
	run_result r;
	const finding *f;

	(void)unused;
	/* Columns on line 1 leave out the byte order mark, as Python's do. */
	run(&r, "\xef\xbb\xbfx = '0.0.0.0'\n", NULL);
	assert_int_equal(r.status, 0);
	f = only(&r, "B104");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->col, 4);
	assert_int_equal(f->start_byte, 7);
	finding_list_clear(&r.findings);
}

static void test_loc(void **unused)
{
	run_result r;

	(void)unused;
	/* Bandit counts lines that are not blank and not comments; lines of
	 * a docstring count. */
	run(&r, "# comment\n\n\"\"\"doc\n\nstring\"\"\"\n  # indented\nx = 1\r\ny = 2", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.metrics.loc, 4);
}

static void test_config_selection(void **unused)
{
	static const char *tests[] = { "B602", NULL };
	static const char *skip[] = { "B404", NULL };
	const char *text = "import subprocess\nsubprocess.Popen(c, shell=True)\neval(x)\n";
	scan_config cfg;
	run_result r;

	(void)unused;
	scan_config_init(&cfg);
	cfg.tests = tests;
	run(&r, text, &cfg);
	assert_int_equal(r.findings.count, 1);
	assert_string_equal(r.findings.items[0].rule->id, "B602");
	finding_list_clear(&r.findings);

	scan_config_init(&cfg);
	cfg.skip = skip;
	run(&r, text, &cfg);
	assert_int_equal(r.findings.count, 2);
	assert_string_equal(r.findings.items[0].rule->id, "B602");
	assert_string_equal(r.findings.items[1].rule->id, "B307");
	finding_list_clear(&r.findings);
}

static void test_ignore_nosec(void **unused)
{
	scan_config cfg;
	run_result r;

	(void)unused;
	scan_config_init(&cfg);
	cfg.ignore_nosec = true;
	run(&r, "import subprocess  # nosec\neval(x)  # nosec B307\n", &cfg);
	assert_int_equal(r.findings.count, 2);
	assert_int_equal(r.metrics.nosec, 0);
	assert_int_equal(r.metrics.skipped_tests, 0);
	finding_list_clear(&r.findings);
}

static void test_parse_helpers(void **unused)
{
	const char *text = "x = ('a\\x41' \"\\u00e9\\n\")\nprint 'y'\n";
	TSTree *tree = NULL;
	py_syntax_info info;
	py_buffer value = { 0 };
	TSNode root, string;

	(void)unused;
	assert_int_equal(py_parse(&tree, text, strlen(text)), 0);
	assert_true(py_tree_has_error(tree));
	assert_true(py_syntax_error(&info, tree, text, strlen(text)));
	assert_int_equal(info.line, 2);
	assert_int_equal(info.col, 0);

	/* module > expression_statement > assignment > parenthesized > concatenated_string */
	root = ts_tree_root_node(tree);
	string = ts_node_named_child(ts_node_named_child(ts_node_named_child(
		ts_node_named_child(root, 0), 0), 1), 0);
	assert_string_equal(ts_node_type(string), "concatenated_string");
	assert_int_equal(py_string_value(&value, string, text), PY_STRING_STR);
	assert_string_equal(value.data, "aA\xc3\xa9\n");
	py_buffer_free(&value);
	ts_tree_delete(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_table),
		cmocka_unit_test(test_string_line_range),
		cmocka_unit_test(test_password_message),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_python2_print),
		cmocka_unit_test(test_python2_forms),
		cmocka_unit_test(test_python3_valid_forms),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_latin1_cookie),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_loc),
		cmocka_unit_test(test_config_selection),
		cmocka_unit_test(test_ignore_nosec),
		cmocka_unit_test(test_parse_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
