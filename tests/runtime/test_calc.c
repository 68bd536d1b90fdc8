/*
 * Checks calc_eval() and calc_format() against Python.
 *
 * calc_cases.txt was written by gen_calc_cases.py with /usr/bin/python3:
 * for each expression, str(eval(expr)) or the exception name.  Where
 * Python returns a value, calc must print the same text; where Python
 * raises, calc must fail with the matching code; rows marked "reject" are
 * valid Python that calc refuses by design and must fail.  A few cases
 * Python cannot evaluate in reasonable time or memory follow in C.
 *
 * Usage: test_calc [calc_cases.txt]
 */
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
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

/* Undoes the escapes of gen_calc_cases.py in place; returns the length. */
static size_t unescape(char *s)
{
	size_t in = 0, out = 0;

	while (s[in] != '\0') {
		char c = s[in++];

		if (c == '\\' && s[in] != '\0') {
			char e = s[in++];

			c = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' :
				e == 'f' ? '\f' : e == '0' ? '\0' : e;
		}
		s[out++] = c;
	}
	s[out] = '\0';
	return out;
}

/* Maps a Python exception name to the code calc must return. */
static int expected_code(const char *exception)
{
	if (strcmp(exception, "ZeroDivisionError") == 0)
		return CALC_EZERODIV;
	if (strcmp(exception, "OverflowError") == 0)
		return CALC_ERANGE;
	return CALC_ESYNTAX; /* SyntaxError, NameError, TypeError, ValueError, IndentationError */
}

static void check_case(int line, char *expr_text, const char *python, const char *flag)
{
	struct calc_value value;
	char err[CALC_ERROR_SIZE], text[CALC_FORMAT_SIZE];
	size_t len = unescape(expr_text);
	int rc = calc_eval(&value, expr_text, len, err, sizeof(err));

	if (flag != NULL && strcmp(flag, "reject") == 0) {
		CHECK(rc < 0, "line %d: '%s' must be rejected, got %s", line, expr_text,
			rc == 0 && calc_format(text, sizeof(text), &value) > 0 ? text : "?");
		CHECK(rc == 0 || err[0] != '\0', "line %d: error without message", line);
		return;
	}
	if (python[0] == '!') {
		CHECK(rc == expected_code(python + 1), "line %d: '%s': expected code %d (%s), got %d (%s)",
			line, expr_text, expected_code(python + 1), python + 1, rc, rc < 0 ? err : "value");
		CHECK(rc == 0 || err[0] != '\0', "line %d: error without message", line);
		return;
	}
	CHECK(rc == CALC_OK, "line %d: '%s' failed: %s", line, expr_text, err);
	if (rc != CALC_OK)
		return;
	CHECK(calc_format(text, sizeof(text), &value) > 0, "line %d: format failed", line);
	CHECK(strcmp(text, python) == 0, "line %d: '%s': python '%s', calc '%s'", line, expr_text, python, text);
}

static int run_fixture(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	int line = 0, cases = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *expr = buf, *python, *flag;

		line++;
		buf[strcspn(buf, "\n")] = '\0';
		python = strchr(expr, '\t');
		if (python == NULL) {
			fprintf(stderr, "%s:%d: missing tab\n", path, line);
			failures++;
			continue;
		}
		*python++ = '\0';
		flag = strchr(python, '\t');
		if (flag != NULL)
			*flag++ = '\0';
		check_case(line, expr, python, flag);
		cases++;
	}
	fclose(f);
	return cases;
}

static void check_error(const char *expr, int code, const char *message)
{
	struct calc_value value;
	char err[CALC_ERROR_SIZE];
	int rc = calc_eval(&value, expr, strlen(expr), err, sizeof(err));

	CHECK(rc == code, "'%.40s': expected code %d, got %d (%s)", expr, code, rc, err);
	CHECK(strstr(err, message) != NULL, "'%.40s': message '%s' lacks '%s'", expr, err, message);
}

/* Cases whose Python value is too big to compute, and calc's own limits. */
static void check_limits(void)
{
	char long_expr[CALC_MAX_INPUT + 2], deep[2 * CALC_MAX_DEPTH + 8], text[CALC_FORMAT_SIZE];
	struct calc_value value;
	int n;

	check_error("2**10**10", CALC_ERANGE, "result too large");
	check_error("7**9223372036854775807", CALC_ERANGE, "result too large");
	check_error("(-2)**9223372036854775807", CALC_ERANGE, "result too large");
	check_error("1/0", CALC_EZERODIV, "division by zero");
	check_error("__import__('os')", CALC_ESYNTAX, "names are not allowed: '__import__' at position 0");
	check_error("1+'a'", CALC_ESYNTAX, "strings are not allowed: quote at position 2");
	check_error("1,2", CALC_ESYNTAX, "unexpected ',' at position 1");
	check_error("(1+2", CALC_ESYNTAX, "'(' at position 0 was never closed");
	check_error("1+", CALC_ESYNTAX, "unexpected end of expression at position 2");
	check_error("1j", CALC_EDOMAIN, "complex numbers are not supported");
	check_error("\xc3\xa9", CALC_ESYNTAX, "unexpected byte 0xc3 at position 0");

	/* exactly CALC_MAX_INPUT bytes pass, one more fails */
	memset(long_expr, ' ', sizeof(long_expr));
	long_expr[0] = '1';
	CHECK(calc_eval(&value, long_expr, CALC_MAX_INPUT, NULL, 0) == CALC_OK, "%d bytes rejected", CALC_MAX_INPUT);
	long_expr[CALC_MAX_INPUT + 1] = '\0';
	check_error(long_expr, CALC_ELIMIT, "expression too long: 257 bytes (max 256)");

	/* CALC_MAX_DEPTH parentheses pass, one more fails */
	n = 0;
	for (int i = 0; i < CALC_MAX_DEPTH; i++)
		deep[n++] = '(';
	deep[n++] = '1';
	for (int i = 0; i < CALC_MAX_DEPTH; i++)
		deep[n++] = ')';
	CHECK(calc_eval(&value, deep, (size_t)n, NULL, 0) == CALC_OK && value.i == 1, "depth %d rejected", CALC_MAX_DEPTH);
	memmove(deep + 1, deep, (size_t)n);
	deep[0] = '(';
	deep[n + 1] = ')';
	deep[n + 2] = '\0';
	check_error(deep, CALC_ELIMIT, "nested too deeply");

	n = 0;
	for (int i = 0; i < CALC_MAX_DEPTH + 1; i++)
		deep[n++] = '-';
	deep[n++] = '1';
	deep[n] = '\0';
	check_error(deep, CALC_ELIMIT, "nested too deeply");

	/* calc_format refuses a buffer that might be too small */
	value.type = CALC_INT;
	value.i = 1;
	CHECK(calc_format(text, CALC_FORMAT_SIZE - 1, &value) == -1, "small buffer accepted");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "tests/runtime/calc_cases.txt";
	int cases = run_fixture(path);

	check_limits();
	if (cases < 0)
		return 1;
	printf("test_calc: %d fixture cases, %d checks, %d failures\n", cases, checks, failures);
	return failures == 0 ? 0 : 1;
}
