/*
 * Inline Markdown output shared by the Markdown writer and the security
 * report (remediate/report*.c): text from files, commit messages and the
 * rule catalog is written so that it reads as the same text once a
 * CommonMark renderer with GitHub's table extension has parsed it.
 *
 * Everything written here stays on one line: line breaks become spaces,
 * so the text can sit in a table cell or a list item.  Control
 * characters become spaces and bytes that are not valid UTF-8 become
 * U+FFFD.  Writing never fails halfway: stdio errors stick to the FILE
 * and the callers check ferror() once at the end.
 */
#ifndef RM_WRITERS_MD_OUT_H
#define RM_WRITERS_MD_OUT_H

#include <stddef.h>
#include <stdio.h>

enum {
	/* The text goes into a GFM table cell: '|' is escaped everywhere,
	 * inside code spans too (GFM splits cells before inline parsing). */
	MD_TABLE = 1 << 0,
	/* Balanced backtick spans in the text (`like this`) stay code
	 * spans; without the flag every backtick is escaped. */
	MD_KEEP_CODE = 1 << 1,
};

/*
 * Writes `len` bytes of plain text.  Characters that could start
 * emphasis, links, HTML, entities or code (\ ` * _ [ ] < > & ~ |) are
 * backslash-escaped, so `*args` or `<b>` appear literally.
 */
void md_put_text(FILE *out, const char *text, size_t len, int flags);
void md_put_str(FILE *out, const char *text, int flags);

/*
 * Writes `len` bytes as one code span, with a backtick fence longer than
 * any backtick run inside, so the bytes appear literally.  Empty text is
 * written as an empty pair of quotes in a code span.
 */
void md_put_code(FILE *out, const char *text, size_t len, int flags);
void md_put_code_str(FILE *out, const char *text, int flags);

#endif
