/* Plain-text writer: golden output, colour, terminal-safe text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fixtures/writers/sample.h"
#include "writers/writers.h"

static char *text_of(const scan_result *r, bool color, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *file = open_memstream(&buf, &size);

	assert_int_equal(writer_text(file, r, color), RM_OK);
	fclose(file);
	if (len)
		*len = size;
	return buf;
}

static void text_sample_golden(void **state)
{
	scan_result r;
	size_t len;
	char *out;

	(void)state;
	sample_result(&r);
	out = text_of(&r, false, &len);
	sample_expect_golden("sample.txt", out, len);
	assert_null(strchr(out, '\033'));
	free(out);
	scan_result_free(&r);
}

static void text_color(void **state)
{
	scan_result r;
	char *out;

	(void)state;
	sample_result(&r);
	out = text_of(&r, true, NULL);
	assert_non_null(strstr(out, "\033[1mapp.py:5:12:\033[0m \033[1;31mHIGH\033[0m B602"));
	assert_non_null(strstr(out, "\033[33mMEDIUM\033[0m RD901"));
	assert_non_null(strstr(out, "\033[36mLOW\033[0m B105"));
	free(out);
	scan_result_free(&r);
}

static void text_empty_result(void **state)
{
	scan_result r = { 0 };
	char *out;

	(void)state;
	out = text_of(&r, false, NULL);
	assert_string_equal(out,
		"Files scanned: 0 (0 lines of code)\n"
		"Findings: 0 (HIGH 0, MEDIUM 0, LOW 0)\n"
		"Skipped files: 0\n");
	free(out);
}

/* A scanned file must not be able to drive the terminal: ESC, other
 * control characters, C1 controls (U+009B is a one-character CSI) and
 * invalid bytes are shown as \xNN; tabs and valid UTF-8 stay. */
static void text_control_chars(void **state)
{
	const char *text = "a\tb = '\xc3\xa9\033[2J\xc2\x9b\xff'\n";
	source *src = source_from_bytes("evil\nname.py", text, strlen(text));
	scan_result r = { 0 };
	finding *f;
	char *out;

	(void)state;
	f = finding_add(&r.findings, &sample_rules[1], src, 0, 1, "%s",
			"bell \a here");
	finding_fill_code(f, src, 3);
	r.errors_count = 1;
	r.errors = rm_xcalloc(1, sizeof(scan_error));
	r.errors[0].path = rm_xstrdup("x\033]0;title\007.py");
	r.errors[0].reason = rm_xstrdup("not valid UTF-8");
	out = text_of(&r, false, NULL);

	assert_non_null(strstr(out, "evil\\x0aname.py:1:1: LOW B105 (confidence MEDIUM) bell \\x07 here\n"));
	assert_non_null(strstr(out, "    a\tb = '\xc3\xa9\\x1b[2J\\xc2\\x9b\\xff'\n"));
	assert_non_null(strstr(out, "    'x\\x1b]0;title\\x07.py': not valid UTF-8\n"));
	assert_null(strchr(out, '\033'));

	free(out);
	scan_result_free(&r);
	source_free(src);
}

/* The excerpt lookup used for the indented source line. */
static void text_code_line(void **state)
{
	finding f = { 0 };
	size_t len = 0;
	const char *line;

	(void)state;
	f.code = "9 nine\n10 ten\n11 \n";
	line = writer_code_line(&f, 10, &len);
	assert_non_null(line);
	assert_int_equal(len, 3);
	assert_memory_equal(line, "ten", 3);
	line = writer_code_line(&f, 11, &len);
	assert_non_null(line);
	assert_int_equal(len, 0);
	assert_null(writer_code_line(&f, 1, &len));
	f.code = NULL;
	assert_null(writer_code_line(&f, 9, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_sample_golden),
		cmocka_unit_test(text_color),
		cmocka_unit_test(text_empty_result),
		cmocka_unit_test(text_control_chars),
		cmocka_unit_test(text_code_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
