/*
 * Recursive-descent evaluator for the arithmetic subset of Python 3.
 *
 * The grammar follows Python's precedence, lowest first:
 *
 *     expr    := term (('+' | '-') term)*
 *     term    := factor (('*' | '/' | '//' | '%') factor)*
 *     factor  := ('+' | '-') factor | power
 *     power   := primary ['**' factor]
 *     primary := NUMBER | '(' expr ')'
 *
 * so `-2**2` is -(2**2) and `2**3**2` is 2**(3**2).  Values are evaluated
 * while parsing.  Ints are int64_t: where Python would grow a big int we
 * return CALC_ERANGE instead of a wrong result.  Floats follow Python's
 * rules for //, % and **, which differ from C's fmod() and pow().
 *
 * Whitespace is space, tab and form feed anywhere, newlines only inside
 * parentheses or at the end, as in Python.
 * NOTE: Python also accepts leading blank lines, `\` continuations, `#`
 * comments, and INT64_MIN written as a negated 2**63 (the literal
 * -9223372036854775808 or -2**63); this evaluator rejects them with an
 * error because 2**63 itself does not fit in int64_t.
 */
#include "calc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_FLOORDIV, OP_MOD, OP_POW };

struct parser {
	const char *text;
	size_t len;
	size_t pos;
	int depth;    /* current recursion depth, bounded by CALC_MAX_DEPTH */
	int parens;   /* open parentheses: newlines are whitespace inside them */
	char *err;
	size_t err_size;
};

static int parse_expr(struct parser *p, struct calc_value *out);
static int parse_factor(struct parser *p, struct calc_value *out);

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, int code, const char *fmt, ...)
{
	va_list ap;

	if (p->err != NULL && p->err_size > 0) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->err_size, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* --- lexing ---------------------------------------------------------------- */

static bool only_newlines_left(const struct parser *p, size_t pos)
{
	for (; pos < p->len; pos++)
		if (p->text[pos] != '\n' && p->text[pos] != '\r')
			return false;
	return true;
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->text[p->pos];

		if (c == ' ' || c == '\t' || c == '\f') {
			p->pos++;
		} else if (c == '\n' || c == '\r') {
			if (p->parens == 0 && !only_newlines_left(p, p->pos))
				return;
			p->pos++;
		} else {
			return;
		}
	}
}

static bool at_end(struct parser *p)
{
	skip_space(p);
	return p->pos >= p->len;
}

/* Consumes `token` if the input continues with it after whitespace. */
static bool accept(struct parser *p, const char *token)
{
	size_t n = strlen(token);

	skip_space(p);
	if (p->len - p->pos < n || memcmp(p->text + p->pos, token, n) != 0)
		return false;
	p->pos += n;
	return true;
}

/* Fails with a message that names what was found at the current position. */
static int unexpected(struct parser *p)
{
	size_t pos, end;
	unsigned char c;

	skip_space(p);
	pos = p->pos;
	if (pos >= p->len)
		return fail(p, CALC_ESYNTAX, "unexpected end of expression at position %zu", pos);

	c = (unsigned char)p->text[pos];
	if (isalpha(c) || c == '_') {
		for (end = pos; end < p->len && (isalnum((unsigned char)p->text[end]) || p->text[end] == '_'); end++)
			;
		return fail(p, CALC_ESYNTAX, "names are not allowed: '%.*s' at position %zu",
			(int)(end - pos), p->text + pos, pos);
	}
	if (c == '\'' || c == '"')
		return fail(p, CALC_ESYNTAX, "strings are not allowed: quote at position %zu", pos);
	if (c == '\n' || c == '\r')
		return fail(p, CALC_ESYNTAX, "unexpected newline at position %zu", pos);
	if (isgraph(c))
		return fail(p, CALC_ESYNTAX, "unexpected '%c' at position %zu", c, pos);
	return fail(p, CALC_ESYNTAX, "unexpected byte 0x%02x at position %zu", c, pos);
}

/*
 * Copies a run of digits that may contain single underscores between
 * digits (Python 3.6 literals such as 1_000) into `buf` without the
 * underscores.  Returns the number of digits copied, or -1 for a misplaced
 * underscore.
 */
static int copy_digits(struct parser *p, int (*is_digit)(int), char *buf, size_t *used, size_t size)
{
	int count = 0;

	while (p->pos < p->len) {
		char c = p->text[p->pos];

		if (c == '_') {
			if (count == 0 || p->pos + 1 >= p->len || !is_digit((unsigned char)p->text[p->pos + 1]))
				return -1;
			p->pos++;
			continue;
		}
		if (!is_digit((unsigned char)c))
			break;
		if (*used + 1 < size)
			buf[(*used)++] = c;
		p->pos++;
		count++;
	}
	buf[*used] = '\0';
	return count;
}

static int is_octal(int c) { return c >= '0' && c <= '7'; }
static int is_binary(int c) { return c == '0' || c == '1'; }

/* Rejects a literal glued to a name or a `j` suffix, as in `1j` or `2x`. */
static int check_literal_end(struct parser *p, size_t start)
{
	unsigned char c;

	if (p->pos >= p->len)
		return CALC_OK;
	c = (unsigned char)p->text[p->pos];
	if (c == 'j' || c == 'J')
		return fail(p, CALC_EDOMAIN, "complex numbers are not supported (position %zu)", p->pos);
	if (isalnum(c) || c == '_' || c == '.')
		return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
	return CALC_OK;
}

static int parse_int_text(struct parser *p, struct calc_value *out, const char *digits, int base, size_t start)
{
	char *end;
	long long value;

	errno = 0;
	value = strtoll(digits, &end, base);
	if (errno == ERANGE)
		return fail(p, CALC_ERANGE, "result too large: integer literal at position %zu exceeds 64 bits", start);
	out->type = CALC_INT;
	out->i = value;
	return CALC_OK;
}

/* Parses 0x1f, 0o17 and 0b101 after the leading "0". */
static int parse_prefixed_int(struct parser *p, struct calc_value *out, size_t start)
{
	char buf[CALC_MAX_INPUT + 1];
	size_t used = 0;
	int (*is_digit)(int) = is_binary;
	int base = 2;
	int rc;

	switch (tolower((unsigned char)p->text[p->pos + 1])) {
	case 'x':
		base = 16;
		is_digit = isxdigit;
		break;
	case 'o':
		base = 8;
		is_digit = is_octal;
		break;
	}

	p->pos += 2;
	if (p->pos < p->len && p->text[p->pos] == '_')
		p->pos++;
	if (copy_digits(p, is_digit, buf, &used, sizeof(buf)) <= 0)
		return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
	if ((rc = check_literal_end(p, start)) < 0)
		return rc;
	return parse_int_text(p, out, buf, base, start);
}

static int parse_number(struct parser *p, struct calc_value *out)
{
	char buf[CALC_MAX_INPUT + 1];
	size_t used = 0, start = p->pos;
	bool is_float = false;
	int int_digits, rc;

	if (p->text[p->pos] == '0' && p->pos + 1 < p->len && strchr("xXoObB", p->text[p->pos + 1]) != NULL)
		return parse_prefixed_int(p, out, start);

	/* integer part, then an optional fraction and exponent */
	int_digits = copy_digits(p, isdigit, buf, &used, sizeof(buf));
	if (int_digits < 0)
		return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
	if (p->pos < p->len && p->text[p->pos] == '.') {
		is_float = true;
		buf[used++] = '.';
		p->pos++;
		if (p->pos < p->len && p->text[p->pos] == '_')
			return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
		if (copy_digits(p, isdigit, buf, &used, sizeof(buf)) < 0)
			return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
	}
	if (p->pos < p->len && (p->text[p->pos] == 'e' || p->text[p->pos] == 'E')) {
		is_float = true;
		buf[used++] = 'e';
		p->pos++;
		if (p->pos < p->len && (p->text[p->pos] == '+' || p->text[p->pos] == '-'))
			buf[used++] = p->text[p->pos++];
		if (copy_digits(p, isdigit, buf, &used, sizeof(buf)) <= 0)
			return fail(p, CALC_ESYNTAX, "invalid number literal at position %zu", start);
	}
	if ((rc = check_literal_end(p, start)) < 0)
		return rc;

	if (is_float) {
		/* strtod() rounds correctly in glibc, as Python's parser does;
		 * overflow gives inf, which is also what Python gives for 1e999 */
		out->type = CALC_FLOAT;
		out->f = strtod(buf, NULL);
		return CALC_OK;
	}

	/* Python rejects 007 but accepts 000 */
	if (buf[0] == '0' && strspn(buf, "0") != strlen(buf))
		return fail(p, CALC_ESYNTAX, "leading zeros in integer literal at position %zu", start);
	return parse_int_text(p, out, buf, 10, start);
}

/* --- arithmetic ------------------------------------------------------------ */

static double as_double(const struct calc_value *v)
{
	return v->type == CALC_INT ? (double)v->i : v->f;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/*
 * Returns a / b rounded once, as Python's int true division does.  Below
 * 2**53 both operands convert to double exactly, so the float division is
 * already correctly rounded.  Above it, (double)a / (double)b would round
 * twice, so the quotient is computed in 128-bit integers with at least 55
 * significant bits plus a sticky bit for a non-zero remainder, and rounded
 * to double only once.
 */
static double int_true_divide(int64_t a, int64_t b)
{
	const uint64_t exact_limit = (uint64_t)1 << 53;
	unsigned __int128 n = magnitude(a), d = magnitude(b), q;
	int shift = 0;
	double result;

	if (n == 0 || (n <= exact_limit && d <= exact_limit))
		return (double)a / (double)b;

	while (n / d < ((unsigned __int128)1 << 55)) {
		n <<= 1;
		shift++;
	}
	q = n / d;
	if (n % d != 0)
		q |= 1;
	result = ldexp((double)q, -shift);
	return (a < 0) != (b < 0) ? -result : result;
}

/* Computes base ** exponent for exponent >= 0; returns false on overflow. */
static bool int_pow(int64_t base, int64_t exponent, int64_t *out)
{
	int64_t result = 1;

	while (exponent > 0) {
		if ((exponent & 1) && __builtin_mul_overflow(result, base, &result))
			return false;
		exponent >>= 1;
		if (exponent > 0 && __builtin_mul_overflow(base, base, &base))
			return false;
	}
	*out = result;
	return true;
}

static int int_op(struct parser *p, enum op op, int64_t a, int64_t b, struct calc_value *out)
{
	int64_t r;

	out->type = CALC_INT;
	switch (op) {
	case OP_ADD:
		if (__builtin_add_overflow(a, b, &r))
			goto too_large;
		break;
	case OP_SUB:
		if (__builtin_sub_overflow(a, b, &r))
			goto too_large;
		break;
	case OP_MUL:
		if (__builtin_mul_overflow(a, b, &r))
			goto too_large;
		break;
	case OP_DIV:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		out->type = CALC_FLOAT;
		out->f = int_true_divide(a, b);
		return CALC_OK;
	case OP_FLOORDIV:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		if (a == INT64_MIN && b == -1)
			goto too_large;
		/* C truncates toward zero; Python rounds toward minus infinity */
		r = a / b;
		if (a % b != 0 && (a < 0) != (b < 0))
			r--;
		break;
	case OP_MOD:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		if (b == -1) {
			r = 0; /* INT64_MIN % -1 is undefined in C */
			break;
		}
		/* the result takes the sign of the divisor, as in Python */
		r = a % b;
		if (r != 0 && (r < 0) != (b < 0))
			r += b;
		break;
	case OP_POW:
		if (b < 0)
			return -1; /* the caller redoes it in floats, as Python does */
		if (!int_pow(a, b, &r))
			goto too_large;
		break;
	default:
		abort();
	}
	out->i = r;
	return CALC_OK;

too_large:
	return fail(p, CALC_ERANGE, "result too large: integers are limited to 64 bits");
}

/*
 * Computes Python's float x // y and x % y.  fmod() keeps the sign of x,
 * Python's % takes the sign of y, and // is chosen so that
 * x == (x // y) * y + x % y is as close to true as floats allow.
 */
static void float_divmod(double x, double y, double *quotient, double *remainder)
{
	double mod = fmod(x, y);
	double div = (x - mod) / y;
	double floor_div;

	if (mod != 0) {
		if ((y < 0) != (mod < 0)) {
			mod += y;
			div -= 1.0;
		}
	} else {
		mod = copysign(0.0, y);
	}

	if (div != 0) {
		floor_div = floor(div);
		if (div - floor_div > 0.5)
			floor_div += 1.0;
	} else {
		floor_div = copysign(0.0, x / y);
	}
	*quotient = floor_div;
	*remainder = mod;
}

/*
 * Computes Python's float x ** y.  C's pow() already matches Python for
 * infinities, NaNs and zero results; Python differs in raising where C
 * returns inf or NaN.
 */
static int float_pow(struct parser *p, double x, double y, double *out)
{
	if (y == 0) {
		*out = 1.0; /* even nan ** 0 */
		return CALC_OK;
	}
	if (x == 0 && y < 0)
		return fail(p, CALC_EZERODIV, "division by zero: 0.0 cannot be raised to a negative power");
	if (x < 0 && isfinite(x) && isfinite(y) && y != floor(y))
		return fail(p, CALC_EDOMAIN, "complex numbers are not supported: negative base with a fractional power");

	*out = pow(x, y);
	if (isinf(*out) && isfinite(x) && isfinite(y))
		return fail(p, CALC_ERANGE, "result too large: float ** overflowed");
	return CALC_OK;
}

static int float_op(struct parser *p, enum op op, double a, double b, struct calc_value *out)
{
	double ignored;

	out->type = CALC_FLOAT;
	switch (op) {
	case OP_ADD:
		out->f = a + b;
		return CALC_OK;
	case OP_SUB:
		out->f = a - b;
		return CALC_OK;
	case OP_MUL:
		out->f = a * b;
		return CALC_OK;
	case OP_DIV:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		out->f = a / b;
		return CALC_OK;
	case OP_FLOORDIV:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		float_divmod(a, b, &out->f, &ignored);
		return CALC_OK;
	case OP_MOD:
		if (b == 0)
			return fail(p, CALC_EZERODIV, "division by zero");
		float_divmod(a, b, &ignored, &out->f);
		return CALC_OK;
	case OP_POW:
		return float_pow(p, a, b, &out->f);
	}
	abort();
}

/* Applies `op` to *lhs and rhs, leaving the result in *lhs. */
static int apply(struct parser *p, enum op op, struct calc_value *lhs, const struct calc_value *rhs)
{
	struct calc_value result;
	int rc;

	if (lhs->type == CALC_INT && rhs->type == CALC_INT) {
		rc = int_op(p, op, lhs->i, rhs->i, &result);
		if (rc == -1 && op == OP_POW)
			rc = float_op(p, op, as_double(lhs), as_double(rhs), &result);
	} else {
		rc = float_op(p, op, as_double(lhs), as_double(rhs), &result);
	}
	if (rc == CALC_OK)
		*lhs = result;
	return rc;
}

/* --- parsing --------------------------------------------------------------- */

static int enter(struct parser *p)
{
	if (++p->depth > CALC_MAX_DEPTH)
		return fail(p, CALC_ELIMIT, "expression nested too deeply (max %d levels) at position %zu",
			CALC_MAX_DEPTH, p->pos);
	return CALC_OK;
}

static int parse_primary(struct parser *p, struct calc_value *out)
{
	size_t open_pos;
	int rc;

	skip_space(p);
	if (p->pos < p->len && (isdigit((unsigned char)p->text[p->pos]) ||
			(p->text[p->pos] == '.' && p->pos + 1 < p->len && isdigit((unsigned char)p->text[p->pos + 1]))))
		return parse_number(p, out);

	open_pos = p->pos;
	if (!accept(p, "("))
		return unexpected(p);
	if ((rc = enter(p)) < 0)
		return rc;
	p->parens++;
	if ((rc = parse_expr(p, out)) < 0)
		return rc;
	if (!accept(p, ")")) {
		if (at_end(p))
			return fail(p, CALC_ESYNTAX, "'(' at position %zu was never closed", open_pos);
		return unexpected(p);
	}
	p->parens--;
	p->depth--;
	return CALC_OK;
}

static int parse_power(struct parser *p, struct calc_value *out)
{
	struct calc_value exponent;
	int rc;

	if ((rc = parse_primary(p, out)) < 0)
		return rc;
	if (!accept(p, "**"))
		return CALC_OK;

	/* the exponent is a factor, so 2**-1 is allowed and 2**3**2 nests right */
	if ((rc = parse_factor(p, &exponent)) < 0)
		return rc;
	return apply(p, OP_POW, out, &exponent);
}

static int parse_factor(struct parser *p, struct calc_value *out)
{
	int rc;
	bool negate;

	if (!accept(p, "-") && !accept(p, "+"))
		return parse_power(p, out);
	negate = p->text[p->pos - 1] == '-';

	if ((rc = enter(p)) < 0 || (rc = parse_factor(p, out)) < 0)
		return rc;
	p->depth--;
	if (!negate)
		return CALC_OK;

	if (out->type == CALC_FLOAT) {
		out->f = -out->f;
	} else if (out->i == INT64_MIN) {
		return fail(p, CALC_ERANGE, "result too large: integers are limited to 64 bits");
	} else {
		out->i = -out->i;
	}
	return CALC_OK;
}

static int parse_term(struct parser *p, struct calc_value *out)
{
	struct calc_value rhs;
	enum op op;
	int rc;

	if ((rc = parse_factor(p, out)) < 0)
		return rc;
	for (;;) {
		skip_space(p);
		/* "**" belongs to parse_power(), which has already taken it */
		if (accept(p, "//"))
			op = OP_FLOORDIV;
		else if (accept(p, "/"))
			op = OP_DIV;
		else if (accept(p, "*"))
			op = OP_MUL;
		else if (accept(p, "%"))
			op = OP_MOD;
		else
			return CALC_OK;

		if ((rc = parse_factor(p, &rhs)) < 0 || (rc = apply(p, op, out, &rhs)) < 0)
			return rc;
	}
}

static int parse_expr(struct parser *p, struct calc_value *out)
{
	struct calc_value rhs;
	enum op op;
	int rc;

	if ((rc = parse_term(p, out)) < 0)
		return rc;
	for (;;) {
		if (accept(p, "+"))
			op = OP_ADD;
		else if (accept(p, "-"))
			op = OP_SUB;
		else
			return CALC_OK;

		if ((rc = parse_term(p, &rhs)) < 0 || (rc = apply(p, op, out, &rhs)) < 0)
			return rc;
	}
}

int calc_eval(struct calc_value *out, const char *expr, size_t len, char *err, size_t err_size)
{
	struct parser p = { .text = expr, .len = len, .err = err, .err_size = err_size };
	int rc;

	if (err != NULL && err_size > 0)
		err[0] = '\0';
	if (len > CALC_MAX_INPUT)
		return fail(&p, CALC_ELIMIT, "expression too long: %zu bytes (max %d)", len, CALC_MAX_INPUT);
	if (memchr(expr, '\0', len) != NULL)
		return fail(&p, CALC_ESYNTAX, "unexpected byte 0x00 at position %zu",
			(size_t)((const char *)memchr(expr, '\0', len) - expr));

	if ((rc = parse_expr(&p, out)) < 0)
		return rc;
	if (!at_end(&p))
		return unexpected(&p);
	return CALC_OK;
}

/* --- formatting ------------------------------------------------------------ */

/*
 * Finds the shortest decimal digits that read back as `x` (x finite and
 * positive).  Writes them without trailing zeros to `digits` and sets
 * `*point` so that x == 0.DIGITS * 10**point.  At each precision printf
 * gives the nearest candidate.  At a power of two the rounding interval is
 * lopsided, so the two neighbours of that candidate are tried as well.
 */
static void shortest_digits(double x, char digits[static 20], int *point)
{
	char text[40];

	for (int precision = 1; precision <= 17; precision++) {
		int exponent;
		uint64_t mantissa = 0;

		snprintf(text, sizeof(text), "%.*e", precision - 1, x);
		for (const char *s = text; *s != 'e'; s++)
			if (*s != '.')
				mantissa = mantissa * 10 + (uint64_t)(*s - '0');
		exponent = atoi(strchr(text, 'e') + 1) - (precision - 1);

		const uint64_t candidates[] = { mantissa, mantissa + 1, mantissa - 1 };
		for (size_t i = 0; i < 3; i++) {
			char check[40];
			size_t n;

			snprintf(check, sizeof(check), "%" PRIu64 "e%d", candidates[i], exponent);
			if (strtod(check, NULL) != x)
				continue;

			n = (size_t)snprintf(digits, 20, "%" PRIu64, candidates[i]);
			*point = (int)n + exponent;
			while (n > 1 && digits[n - 1] == '0')
				digits[--n] = '\0';
			return;
		}
	}
	abort(); /* 17 significant digits always round-trip a double */
}

/* Formats a finite double the way Python's repr() does. */
static int format_float(char *buf, size_t size, double x)
{
	char digits[20];
	int point, n;
	size_t len = 0;

	if (x == 0)
		return snprintf(buf, size, "%s", signbit(x) ? "-0.0" : "0.0");
	if (signbit(x)) {
		buf[len++] = '-';
		x = -x;
	}
	shortest_digits(x, digits, &point);
	n = (int)strlen(digits);

	/* Python switches to exponent notation below 1e-4 and from 1e16 up */
	if (point > -4 && point <= 16) {
		if (point <= 0) {
			len += (size_t)snprintf(buf + len, size - len, "0.%.*s%s", -point, "000", digits);
		} else if (point >= n) {
			len += (size_t)snprintf(buf + len, size - len, "%s%.*s.0", digits,
				point - n, "0000000000000000");
		} else {
			len += (size_t)snprintf(buf + len, size - len, "%.*s.%s", point, digits, digits + point);
		}
		return (int)len;
	}

	len += (size_t)snprintf(buf + len, size - len, "%c", digits[0]);
	if (n > 1)
		len += (size_t)snprintf(buf + len, size - len, ".%s", digits + 1);
	len += (size_t)snprintf(buf + len, size - len, "e%c%02d", point - 1 < 0 ? '-' : '+', abs(point - 1));
	return (int)len;
}

int calc_format(char *buf, size_t size, const struct calc_value *value)
{
	if (size < CALC_FORMAT_SIZE)
		return -1;
	if (value->type == CALC_INT)
		return snprintf(buf, size, "%" PRId64, value->i);
	if (isnan(value->f))
		return snprintf(buf, size, "nan");
	if (isinf(value->f))
		return snprintf(buf, size, "%s", value->f < 0 ? "-inf" : "inf");
	return format_float(buf, size, value->f);
}
