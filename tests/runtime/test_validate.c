/*
 * Checks validate.c against answers taken from /usr/bin/python3 (3.11).
 *
 * The table of cases below was checked with str.isalnum(), str.isdigit()
 * and len() on the decoded strings.  `test_validate --dump` prints the
 * code point ranges the C functions accept, in the format of
 * dump_python_ranges.py, so the Makefile can compare all 1,114,112 code
 * points with the running interpreter.
 */
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int failures;
static int checks;

#define CHECK(cond, ...) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

struct text_case {
	const char *text;
	size_t len;
	bool alnum;
	bool digit;
	long length;    /* Python's len(), or -1 for invalid UTF-8 */
};

#define CASE(s, alnum, digit, length) { s, sizeof(s) - 1, alnum, digit, length }

static const struct text_case cases[] = {
	CASE("abc123", true, false, 6),
	CASE("World", true, false, 5),
	CASE("123", true, true, 3),
	CASE("", false, false, 0),
	CASE("a b", false, false, 3),
	CASE("_", false, false, 1),
	CASE("-1", false, false, 2),
	CASE("a;id", false, false, 4),
	CASE("\xc3\xa9", true, false, 1),                 /* é */
	CASE("\xc2\xbd", true, false, 1),                 /* ½ */
	CASE("\xc2\xb2", true, true, 1),                  /* ² */
	CASE("\xd9\xa1\xd9\xa2\xd9\xa3", true, true, 3),  /* ١٢٣ */
	CASE("\xe6\xbc\xa2\xe5\xad\x97", true, false, 2), /* 漢字 */
	CASE("\xf0\x9f\x98\x80", false, false, 1),        /* 😀 */
	CASE("\xe2\x85\xab", true, false, 1),             /* Ⅻ */
	CASE("\xc7\x85", true, false, 1),                 /* ǅ */
	CASE("\xef\xbd\x81", true, false, 1),             /* fullwidth a */
	CASE("\xf0\x9d\x9f\x98", true, true, 1),          /* 𝟘 */
	CASE("abc\0", false, false, 4),                   /* NUL from %00 */
	CASE("\xff", false, false, -1),
	CASE("ab\xc3", false, false, -1),                 /* truncated é */
	CASE("\xc0\xaf", false, false, -1),               /* overlong '/' */
	CASE("\xe0\x80\xaf", false, false, -1),           /* overlong '/' */
	CASE("\xed\xa0\x80", false, false, -1),           /* surrogate U+D800 */
	CASE("\xf4\x90\x80\x80", false, false, -1),       /* U+110000 */
	CASE("\xc3\xa9\x80", false, false, -1),           /* stray continuation */
};

static void check_cases(void)
{
	static const char *const allowed[] = { "get", "put", "\xc3\xa9", NULL };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct text_case *c = &cases[i];

		CHECK(validate_isalnum(c->text, c->len) == c->alnum, "case %zu: isalnum", i);
		CHECK(validate_isdigit(c->text, c->len) == c->digit, "case %zu: isdigit", i);
		CHECK(validate_length(c->text, c->len) == c->length, "case %zu: length %ld, expected %ld",
			i, validate_length(c->text, c->len), c->length);
	}

	CHECK(validate_length_between("abc", 3, 1, 3), "3 in 1..3");
	CHECK(!validate_length_between("abcd", 4, 1, 3), "4 in 1..3");
	CHECK(!validate_length_between("", 0, 1, 3), "0 in 1..3");
	CHECK(validate_length_between("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 1, 3), "3 code points in 6 bytes");
	CHECK(!validate_length_between("\xff", 1, 0, 3), "invalid UTF-8 has no length");

	CHECK(validate_in_list("get", 3, allowed), "get in list");
	CHECK(validate_in_list("\xc3\xa9", 2, allowed), "é in list");
	CHECK(!validate_in_list("ge", 2, allowed), "prefix in list");
	CHECK(!validate_in_list("gett", 4, allowed), "longer in list");
	CHECK(!validate_in_list("get\0", 4, allowed), "embedded NUL in list");
	CHECK(!validate_in_list("GET", 3, allowed), "case differs");
}

static size_t encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Prints "first last" lines for each run of code points where `check` holds. */
static void dump(const char *name, bool (*check)(const char *, size_t))
{
	long start = -1;

	printf("%s\n", name);
	for (unsigned cp = 0; cp <= 0x110000; cp++) {
		char buf[4];
		bool ok = cp < 0x110000 && check(buf, encode(cp, buf));

		if (ok && start < 0)
			start = cp;
		if (!ok && start >= 0) {
			printf("%lx %x\n", start, cp - 1);
			start = -1;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
		dump("isalnum", validate_isalnum);
		dump("isdigit", validate_isdigit);
		return 0;
	}
	check_cases();
	printf("test_validate: %d checks, %d failures\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
