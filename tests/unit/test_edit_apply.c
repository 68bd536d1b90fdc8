/*
 * Tests for byte-range edits: conflict rules, application order, and
 * that bytes outside the edited ranges come out unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "edit.h"
#include "error.h"

static const char sample[] =
	"import subprocess\n"
	"def ping(ip):\n"
	"    # keep this comment\n"
	"    return subprocess.call('ping ' + ip, shell=True)\n";

/* Applies `list` to `sample` and returns the result; the test frees it. */
static char *apply_to_sample(const edit_list *list)
{
	char *out = NULL;
	size_t out_len = 0;

	assert_int_equal(edit_apply(&out, &out_len, sample, strlen(sample),
				    list), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), out_len);
	return out;
}

static void overlap_rejected(void **state)
{
	edit_list list = {0};

	(void)state;
	assert_int_equal(edit_list_add(&list, 10, 20, "x"), 0);

	/* Ranges sharing at least one byte, in both directions. */
	assert_int_equal(edit_list_add(&list, 15, 25, "y"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "[15, 25)"));
	assert_non_null(strstr(rm_error_last(), "[10, 20)"));
	assert_int_equal(edit_list_add(&list, 5, 11, "y"), RM_EINVALID);
	assert_int_equal(edit_list_add(&list, 12, 13, "y"), RM_EINVALID);
	assert_int_equal(edit_list_add(&list, 0, 40, "y"), RM_EINVALID);
	assert_int_equal(edit_list_add(&list, 10, 20, "y"), RM_EINVALID);

	/* An insertion strictly inside a replaced range. */
	assert_int_equal(edit_list_add(&list, 15, 15, "y"), RM_EINVALID);

	/* Two insertions at one offset have no defined order. */
	assert_int_equal(edit_list_add(&list, 30, 30, "a"), 0);
	assert_int_equal(edit_list_add(&list, 30, 30, "b"), RM_EINVALID);

	/* start after end */
	assert_int_equal(edit_list_add(&list, 9, 3, "y"), RM_EINVALID);

	/* Rejections left the list as it was. */
	assert_int_equal(list.count, 2);
	edit_list_clear(&list);
}

static void adjacent_edits_accepted(void **state)
{
	edit_list list = {0};
	char *out;

	(void)state;
	/* "import" = [0, 6), " " = [6, 7), "subprocess" = [7, 17). */
	assert_int_equal(edit_list_add(&list, 7, 17, "shlex"), 0);
	assert_int_equal(edit_list_add(&list, 0, 6, "IMPORT"), 0);
	assert_int_equal(edit_list_add(&list, 6, 7, "_"), 0);
	/* Insertions touching the ends of a replaced range. */
	assert_int_equal(edit_list_add(&list, 0, 0, "<"), 0);
	assert_int_equal(edit_list_add(&list, 17, 17, ">"), 0);

	out = apply_to_sample(&list);
	assert_string_equal(out, "<IMPORT_shlex>\ndef ping(ip):\n"
			    "    # keep this comment\n"
			    "    return subprocess.call('ping ' + ip, shell=True)\n");
	free(out);
	edit_list_clear(&list);
}

static void order_independent(void **state)
{
	/* The same three edits, added in every order, give one result. */
	static const size_t orders[6][3] = {
		{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0},
	};
	const char *call = strstr(sample, "subprocess.call");
	const char *shell = strstr(sample, ", shell=True");
	struct { size_t start, end; const char *text; } edits[3] = {
		{ 7, 17, "subprocess, shlex" },
		{ (size_t)(call - sample), (size_t)(call - sample) + 15,
		  "subprocess.run" },
		{ (size_t)(shell - sample), (size_t)(shell - sample) + 12, "" },
	};
	const char *expected =
		"import subprocess, shlex\n"
		"def ping(ip):\n"
		"    # keep this comment\n"
		"    return subprocess.run('ping ' + ip)\n";

	(void)state;
	for (size_t o = 0; o < 6; o++) {
		edit_list list = {0};
		char *out;

		for (size_t k = 0; k < 3; k++) {
			size_t i = orders[o][k];

			assert_int_equal(edit_list_add(&list, edits[i].start,
						       edits[i].end,
						       edits[i].text), 0);
		}
		for (size_t k = 1; k < list.count; k++)
			assert_true(list.items[k - 1].start < list.items[k].start);
		out = apply_to_sample(&list);
		assert_string_equal(out, expected);
		free(out);
		edit_list_clear(&list);
	}
}

static void deletion_empty_replacement(void **state)
{
	const char *comment = strstr(sample, "    # keep");
	size_t start = (size_t)(comment - sample);
	size_t end = start + strlen("    # keep this comment\n");
	edit_list list = {0};
	char *out;

	(void)state;
	assert_int_equal(edit_list_add(&list, start, end, NULL), 0);
	out = apply_to_sample(&list);
	assert_string_equal(out, "import subprocess\ndef ping(ip):\n"
			    "    return subprocess.call('ping ' + ip, shell=True)\n");
	free(out);
	edit_list_clear(&list);
}

static void insert_at_both_ends(void **state)
{
	size_t len = strlen(sample);
	edit_list list = {0};
	char *out;

	(void)state;
	assert_int_equal(edit_list_add(&list, len, len, "ping('127.0.0.1')\n"), 0);
	assert_int_equal(edit_list_add(&list, 0, 0, "#!/usr/bin/env python3\n"), 0);
	out = apply_to_sample(&list);
	assert_int_equal(strncmp(out, "#!/usr/bin/env python3\n", 23), 0);
	assert_memory_equal(out + 23, sample, len);
	assert_string_equal(out + 23 + len, "ping('127.0.0.1')\n");
	free(out);
	edit_list_clear(&list);
}

static void untouched_bytes_identical(void **state)
{
	/* Binary content with NUL bytes and CRLF: only [4, 6) changes. */
	static const char text[] = "ab\r\n\0\xff\r\ncd\0";
	size_t len = sizeof(text) - 1;
	edit_list list = {0};
	char *out = NULL;
	size_t out_len = 0;

	(void)state;
	assert_int_equal(edit_list_add_bytes(&list, 4, 6, "X\0Y", 3), 0);
	assert_int_equal(edit_apply(&out, &out_len, text, len, &list), 0);
	assert_int_equal(out_len, len + 1);
	assert_memory_equal(out, text, 4);
	assert_memory_equal(out + 4, "X\0Y", 3);
	assert_memory_equal(out + 7, text + 6, len - 6);
	free(out);

	/* An empty list copies the input exactly. */
	edit_list_clear(&list);
	assert_int_equal(edit_apply(&out, &out_len, text, len, &list), 0);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, text, len);
	free(out);
}

static void edit_past_end_rejected(void **state)
{
	edit_list list = {0};
	char *out = (char *)"unchanged";
	size_t out_len = 7;

	(void)state;
	assert_int_equal(edit_list_add(&list, 3, 100, "x"), 0);
	assert_int_equal(edit_apply(&out, &out_len, "short", 5, &list),
			 RM_EINVALID);
	assert_null(out);
	assert_int_equal(out_len, 0);
	assert_non_null(strstr(rm_error_last(), "5 bytes"));
	edit_list_clear(&list);
}

static void line_helpers(void **state)
{
	const char *text = "a\n  b = 1\r\n\tc\nlast";
	size_t len = strlen(text);
	size_t b = 4;    /* the 'b' */
	size_t c = 12;   /* the 'c' */

	(void)state;
	assert_int_equal(edit_line_start(text, len, b), 2);
	assert_int_equal(edit_line_end(text, len, b), 9);   /* the '\r' */
	assert_int_equal(edit_line_end(text, len, 10), 9);  /* from the '\n' */
	assert_int_equal(edit_line_next(text, len, b), 11);
	assert_int_equal(edit_indent_len(text, len, b), 2);
	assert_int_equal(edit_indent_len(text, len, c), 1);
	assert_int_equal(edit_line_start(text, len, 0), 0);
	assert_int_equal(edit_line_end(text, len, 0), 1);
	assert_int_equal(edit_line_end(text, len, len - 1), len);
	assert_int_equal(edit_line_next(text, len, len - 1), len);
	assert_int_equal(edit_line_start(text, len, len), 14);
	assert_int_equal(edit_indent_len(text, len, len), 0);

	assert_string_equal(edit_newline("x\r\ny\n", 5), "\r\n");
	assert_string_equal(edit_newline("x\ny\r\n", 5), "\n");
	assert_string_equal(edit_newline("no newline", 10), "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overlap_rejected),
		cmocka_unit_test(adjacent_edits_accepted),
		cmocka_unit_test(order_independent),
		cmocka_unit_test(deletion_empty_replacement),
		cmocka_unit_test(insert_at_both_ends),
		cmocka_unit_test(untouched_bytes_identical),
		cmocka_unit_test(edit_past_end_rejected),
		cmocka_unit_test(line_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
