/*
 * Input checks for the generated route handlers, with Python's results.
 *
 * Flask decodes query values as UTF-8 and replaces invalid bytes with
 * U+FFFD, so a handler's `name.isalnum()` sees Unicode text.  These
 * functions take the raw UTF-8 bytes of a value and give the answer Python
 * gives for the decoded string: str.isalnum() and str.isdigit() use tables
 * generated from Python 3.11 (Unicode 14.0), and invalid UTF-8 fails every
 * check, as the U+FFFD that Python would see is neither a letter nor a
 * digit.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns str.isalnum(): true when `s` is non-empty and every code point
 * is a letter or a number in Python's sense (é, ½ and ٣ count). */
bool validate_isalnum(const char *s, size_t len);

/* Returns str.isdigit(): true when `s` is non-empty and every code point
 * has a digit value (0-9, ², ٣; not ½). */
bool validate_isdigit(const char *s, size_t len);

/* Returns Python's len() of `s`, counted in code points, or -1 when `s` is
 * not valid UTF-8. */
long validate_length(const char *s, size_t len);

/* Returns true when min_len <= len(s) <= max_len in code points; invalid
 * UTF-8 fails. */
bool validate_length_between(const char *s, size_t len, size_t min_len, size_t max_len);

/* Decodes the code point at s[*pos] and advances *pos past it.  Returns
 * the code point, or -1 (leaving *pos alone) for invalid UTF-8. */
long validate_utf8_next(const char *s, size_t len, size_t *pos);

/* Returns true when `s` equals one of the strings in `allowed`, a list
 * ended by NULL (Python's `s in ("a", "b")`). */
bool validate_in_list(const char *s, size_t len, const char *const *allowed);

#endif
