/*
 * Markdown writer: one GitHub-flavoured table of findings plus a summary,
 * for pasting a scan into an issue, a pull request or a report.  Also
 * the inline escaping (md_out.h) that the security report shares.
 */
#include "writers.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json_out.h"
#include "md_out.h"

/* --- inline text ---------------------------------------------------------- */

/* Writes one character of text, or its replacement, and returns the
 * number of bytes it used.  `escape` lists the ASCII characters that get
 * a backslash. */
static size_t put_char(FILE *out, const char *text, size_t len,
		       const char *escape)
{
	unsigned char c = (unsigned char)text[0];
	unsigned long cp;
	size_t n;

	if (c == '\n' || c == '\r' || c == '\t') {
		fputc(' ', out);
		return 1;
	}
	if (c >= 0x20 && c < 0x7f) {
		if (strchr(escape, c))
			fputc('\\', out);
		fputc(c, out);
		return 1;
	}
	n = jout_utf8_decode(text, len, &cp);
	if (n == 0) {
		fputs("\xef\xbf\xbd", out);    /* U+FFFD for the bad byte */
		return 1;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		fputc(' ', out);
	else
		fwrite(text, 1, n, out);
	return n;
}

/* Returns the length of the backtick run at `text`. */
static size_t backtick_run(const char *text, size_t len)
{
	size_t n = 0;

	while (n < len && text[n] == '`')
		n++;
	return n;
}

/* Finds the closing run of exactly `n` backticks after `from`; returns
 * its offset or `len` when there is none. */
static size_t find_closer(const char *text, size_t len, size_t from, size_t n)
{
	size_t i = from;

	while (i < len) {
		if (text[i] == '`') {
			size_t run = backtick_run(text + i, len - i);
			if (run == n)
				return i;
			i += run;
		} else {
			i++;
		}
	}
	return len;
}

void md_put_text(FILE *out, const char *text, size_t len, int flags)
{
	const char *escape = flags & MD_TABLE ? "\\`*_[]<>&~|" : "\\`*_[]<>&~";
	size_t i = 0;

	while (i < len) {
		if (text[i] == '`' && (flags & MD_KEEP_CODE)) {
			size_t run = backtick_run(text + i, len - i);
			size_t close = find_closer(text, len, i + run, run);

			if (close < len) {
				/* Copy the whole span, delimiters included;
				 * only '|' and line breaks change inside. */
				for (size_t k = i; k < close + run; k++)
					k += put_char(out, text + k, len - k,
						      flags & MD_TABLE ? "|" : "") - 1;
				i = close + run;
				continue;
			}
			/* An unmatched run is literal backticks. */
			for (size_t k = 0; k < run; k++)
				fputs("\\`", out);
			i += run;
			continue;
		}
		i += put_char(out, text + i, len - i, escape);
	}
}

void md_put_str(FILE *out, const char *text, int flags)
{
	md_put_text(out, text, strlen(text), flags);
}

void md_put_code(FILE *out, const char *text, size_t len, int flags)
{
	const char *escape = flags & MD_TABLE ? "|" : "";
	size_t longest = 0, fence;
	bool pad;

	if (len == 0) {
		fputs("`\"\"`", out);
		return;
	}
	for (size_t i = 0; i < len;) {
		size_t run = backtick_run(text + i, len - i);
		if (run > longest)
			longest = run;
		i += run ? run : 1;
	}
	fence = longest + 1;
	/* A span that starts or ends with a backtick needs a space between
	 * it and the fence; CommonMark strips one space on each side. */
	pad = text[0] == '`' || text[len - 1] == '`' ||
	      (text[0] == ' ' && text[len - 1] == ' ');
	for (size_t k = 0; k < fence; k++)
		fputc('`', out);
	if (pad)
		fputc(' ', out);
	for (size_t i = 0; i < len;)
		i += put_char(out, text + i, len - i, escape);
	if (pad)
		fputc(' ', out);
	for (size_t k = 0; k < fence; k++)
		fputc('`', out);
}

void md_put_code_str(FILE *out, const char *text, int flags)
{
	md_put_code(out, text, strlen(text), flags);
}

/* --- the writer ----------------------------------------------------------- */

static void write_row(FILE *out, const finding *f)
{
	const rule *rl = f->rule;
	const char *line;
	char *location;
	size_t len;

	fprintf(out, "| %s | %s | ", level_name(f->severity),
		level_name(f->confidence));
	if (rl->more_info) {
		fputc('[', out);
		md_put_str(out, rl->id, MD_TABLE);
		fputs("](", out);
		/* Catalog URLs have no spaces or parentheses to escape. */
		fputs(rl->more_info, out);
		fputc(')', out);
	} else {
		md_put_str(out, rl->id, MD_TABLE);
	}
	fputc(' ', out);
	md_put_str(out, rl->name, MD_TABLE);
	fputs(" | ", out);
	if (rl->cwe > 0)
		fprintf(out, "[CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)",
			rl->cwe, rl->cwe);
	else
		fputs("none", out);
	fputs(" | ", out);
	location = rm_xasprintf("%s:%d:%d", f->path, f->line, f->col + 1);
	md_put_code_str(out, location, MD_TABLE);
	free(location);
	fputs(" | ", out);
	md_put_str(out, f->message, MD_TABLE);
	line = writer_code_line(f, f->line, &len);
	while (line && len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (line && len > 0) {
		fputc(' ', out);
		md_put_code(out, line, len, MD_TABLE);
	}
	fputs(" |\n", out);
}

static void write_summary(FILE *out, const scan_result *r)
{
	long reported[4] = { 0 };
	long loc = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		reported[r->findings.items[i].severity]++;
	for (size_t i = 0; i < r->metrics_count; i++)
		loc += r->metrics[i].loc;

	fprintf(out, "%zu finding%s (%ld HIGH, %ld MEDIUM, %ld LOW", r->findings.count,
		r->findings.count == 1 ? "" : "s", reported[LEVEL_HIGH],
		reported[LEVEL_MEDIUM], reported[LEVEL_LOW]);
	if (reported[LEVEL_UNDEFINED])
		fprintf(out, ", %ld UNDEFINED", reported[LEVEL_UNDEFINED]);
	fprintf(out, ") in %zu file%s scanned, %ld lines of code.\n",
		r->files_scanned, r->files_scanned == 1 ? "" : "s", loc);
	if (r->errors_count == 0)
		return;
	fprintf(out, "\nSkipped file%s:\n\n", r->errors_count == 1 ? "" : "s");
	for (size_t i = 0; i < r->errors_count; i++) {
		fputs("- ", out);
		md_put_code_str(out, r->errors[i].path, 0);
		fputs(": ", out);
		md_put_str(out, r->errors[i].reason, 0);
		fputc('\n', out);
	}
}

int writer_markdown(FILE *out, const scan_result *r)
{
	if (r->findings.count > 0) {
		fputs("| Severity | Confidence | Rule | CWE | Location | Issue |\n"
		      "| --- | --- | --- | --- | --- | --- |\n", out);
		for (size_t i = 0; i < r->findings.count; i++)
			write_row(out, &r->findings.items[i]);
		fputc('\n', out);
	}
	write_summary(out, r);

	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		rm_error_set("cannot write the Markdown report: %s",
			     errno ? strerror(errno) : "output error");
		return RM_EIO;
	}
	return RM_OK;
}
