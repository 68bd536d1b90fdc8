/*
 * A small streaming JSON printer shared by the JSON and SARIF writers.
 *
 * It prints what Python's json.dumps(obj, indent=2) prints for the same
 * sequence of values: two spaces per level, a bare "," at the end of
 * each line that has a following item, ": " between key and value, and
 * "[]" / "{}" for empty containers.  The
 * caller emits object keys in the order it wants them; the Bandit writer
 * emits them sorted.  Writing never fails halfway: stdio errors stick to
 * the FILE and the writers check ferror() once at the end.
 */
#ifndef RM_WRITERS_JSON_OUT_H
#define RM_WRITERS_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JOUT_MAX_DEPTH 32

/* How a string's bytes outside printable ASCII are written. */
typedef enum jout_encoding {
	/* Python's default (ensure_ascii=True): every non-ASCII character
	 * as \uXXXX.  Each byte that is not part of valid UTF-8 becomes
	 * \ufffd (U+FFFD).  Bandit writes the lone surrogate \udcXX there,
	 * from Python's "surrogateescape" decoding of file names, but JSON
	 * readers such as cJSON reject a lone surrogate, and the tool must
	 * read its own reports back (`scan -b`, `remediate report`). */
	JOUT_ASCII,
	/* Valid UTF-8 copied as is; each invalid byte becomes U+FFFD, so
	 * the output is always valid Unicode (SARIF consumers require it). */
	JOUT_UTF8,
} jout_encoding;

typedef struct jout {
	FILE *out;
	jout_encoding encoding;
	int depth;
	size_t counts[JOUT_MAX_DEPTH]; /* values written in each open container */
	bool after_key;                /* the next value follows "key": */
} jout;

void jout_init(jout *self, FILE *out, jout_encoding encoding);

void jout_begin_object(jout *self);
void jout_end_object(jout *self);
void jout_begin_array(jout *self);
void jout_end_array(jout *self);

/* Writes an object key; the next call must write its value. */
void jout_key(jout *self, const char *key);

void jout_string(jout *self, const char *text);
void jout_string_n(jout *self, const char *text, size_t len);
void jout_int(jout *self, long value);
void jout_bool(jout *self, bool value);

/* Shorthands for a key followed by its value. */
void jout_key_string(jout *self, const char *key, const char *text);
void jout_key_int(jout *self, const char *key, long value);
void jout_key_bool(jout *self, const char *key, bool value);

/* Writes `text` as the body of a JSON string (no quotes) to `out`. */
void jout_escape(FILE *out, const char *text, size_t len,
		 jout_encoding encoding);

/*
 * Decodes one UTF-8 character at `text` (at most `len` bytes).  Returns
 * its length in bytes and stores the code point in *cp, or returns 0 when
 * the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF count as invalid).
 */
size_t jout_utf8_decode(const char *text, size_t len, unsigned long *cp);

/* Returns the number of characters in the first `bytes` bytes of
 * text[0..len), as the writers print them: an invalid byte is one
 * (U+FFFD), and so is each byte past `len`. */
int jout_code_points(const char *text, size_t len, size_t bytes);

#endif
