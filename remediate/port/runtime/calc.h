/*
 * Bounded evaluator for Python arithmetic expressions.
 *
 * It replaces `str(eval(expr))` in the ported service.  The accepted
 * language is the arithmetic subset of Python 3: int and float literals,
 * unary + and -, the binary operators + - * / // % **, and parentheses.
 * Whenever calc_eval() returns a value, calc_format() prints what Python
 * 3.11 prints for str(eval(expr)).  Python programs outside that subset
 * (names, calls, strings, comparisons, complex results, ints beyond 64
 * bits) are rejected with an error message, never approximated.
 */
#ifndef CALC_H
#define CALC_H

#include <stddef.h>
#include <stdint.h>

#define CALC_MAX_INPUT 256   /* bytes of expression text */
#define CALC_MAX_DEPTH 32    /* nested parentheses, unary operators and ** */
#define CALC_ERROR_SIZE 128  /* error buffer size; a longer message (a long name) is truncated */
#define CALC_FORMAT_SIZE 32  /* buffer size for the max str() of an int64 or a double, plus NUL */

enum {
	CALC_OK = 0,
	CALC_ESYNTAX = -1,   /* not in the accepted language; message has the position */
	CALC_EZERODIV = -2,  /* division or modulo by zero (Python's ZeroDivisionError) */
	CALC_ERANGE = -3,    /* an int result does not fit in 64 bits, or a float ** overflowed */
	CALC_ELIMIT = -4,    /* input longer than CALC_MAX_INPUT or nested deeper than CALC_MAX_DEPTH */
	CALC_EDOMAIN = -5,   /* the Python result would be a complex number */
};

enum calc_type { CALC_INT, CALC_FLOAT };

struct calc_value {
	enum calc_type type;
	union {
		int64_t i;
		double f;
	};
};

/*
 * Evaluates the `len` bytes at `expr` into `*out`.
 *
 * Returns CALC_OK or a negative CALC_E* code.  On failure `err` (when not
 * NULL) receives a lowercase message such as "division by zero" or
 * "unexpected '_' at position 0", truncated to `err_size` bytes.
 */
int calc_eval(struct calc_value *out, const char *expr, size_t len,
	char *err, size_t err_size);

/*
 * Writes str(value) as Python prints it into `buf`: ints in decimal, floats
 * as the shortest text that reads back as the same double ("0.1", "1e+16",
 * "2.0", "inf", "nan").  Returns the length written, or -1 when `size` is
 * smaller than CALC_FORMAT_SIZE.
 */
int calc_format(char *buf, size_t size, const struct calc_value *value);

#endif
