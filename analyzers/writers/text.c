/*
 * Plain-text writer for terminals and logs: one compiler-style block per
 * finding and a summary.  The format is described in writers.h.
 */
#include "writers.h"

#include <errno.h>
#include <string.h>

#include "error.h"
#include "json_out.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"

static const char *severity_color(level severity)
{
	switch (severity) {
	case LEVEL_HIGH: return "\033[1;31m";   /* bold red */
	case LEVEL_MEDIUM: return "\033[33m";   /* yellow */
	case LEVEL_LOW: return "\033[36m";      /* cyan */
	default: return "";
	}
}

/*
 * Writes `len` bytes of untrusted text.  ASCII and C1 control characters
 * and bytes that are not valid UTF-8 become \xNN, so that a file name or
 * a source line cannot move the cursor or change the terminal's state.
 * Tabs are kept.
 */
static void put_clean(FILE *out, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		unsigned long cp;
		size_t n;

		if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
			fputc(c, out);
			i++;
			continue;
		}
		n = jout_utf8_decode(text + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			/* Escape every byte of the character, or the one bad byte. */
			size_t count = n ? n : 1;
			for (size_t k = 0; k < count; k++)
				fprintf(out, "\\x%02x", (unsigned char)text[i + k]);
			i += count;
			continue;
		}
		fwrite(text + i, 1, n, out);
		i += n;
	}
}

static void put_clean_str(FILE *out, const char *text)
{
	put_clean(out, text, strlen(text));
}

static void write_finding(FILE *out, const finding *f, bool color)
{
	const char *line;
	size_t len;

	if (color)
		fputs(ANSI_BOLD, out);
	put_clean_str(out, f->path);
	fprintf(out, ":%d:%d:", f->line, f->col + 1);
	if (color)
		fputs(ANSI_RESET, out);

	fputc(' ', out);
	if (color)
		fputs(severity_color(f->severity), out);
	fputs(level_name(f->severity), out);
	if (color)
		fputs(ANSI_RESET, out);
	fputc(' ', out);
	put_clean_str(out, f->rule->id);
	fprintf(out, " (confidence %s) ", level_name(f->confidence));
	put_clean_str(out, f->message);
	fputc('\n', out);

	line = writer_code_line(f, f->line, &len);
	if (line) {
		fputs("    ", out);
		put_clean(out, line, len);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void write_summary(FILE *out, const scan_result *r)
{
	long reported[4] = { 0 };
	long before_filters = 0, loc = 0, nosec = 0, skipped_tests = 0;
	bool first = true;

	for (size_t i = 0; i < r->findings.count; i++)
		reported[r->findings.items[i].severity]++;
	for (int lv = LEVEL_UNDEFINED; lv <= LEVEL_HIGH; lv++)
		before_filters += r->severity_totals[lv];
	for (size_t i = 0; i < r->metrics_count; i++) {
		loc += r->metrics[i].loc;
		nosec += r->metrics[i].nosec;
		skipped_tests += r->metrics[i].skipped_tests;
	}

	fprintf(out, "Files scanned: %zu (%ld line%s of code)\n",
		r->files_scanned, loc, loc == 1 ? "" : "s");

	fprintf(out, "Findings: %zu", r->findings.count);
	for (int lv = LEVEL_HIGH; lv >= LEVEL_UNDEFINED; lv--) {
		/* UNDEFINED only shows up when a finding has it. */
		if (lv == LEVEL_UNDEFINED && reported[lv] == 0)
			continue;
		fprintf(out, "%s%s %ld", first ? " (" : ", ",
			level_name((level)lv), reported[lv]);
		first = false;
	}
	fputs(")\n", out);
	if (before_filters > (long)r->findings.count) {
		long hidden = before_filters - (long)r->findings.count;
		long below = hidden - r->baseline_hidden;

		if (r->baseline_hidden > 0)
			fprintf(out, "Not reported: %ld (%ld below the severity or confidence threshold, %ld in the -b baseline)\n",
				hidden, below, r->baseline_hidden);
		else
			fprintf(out, "Not reported (below the severity or confidence threshold): %ld\n",
				hidden);
	}
	/* Bandit's text report counts both kinds of `# nosec` too. */
	if (nosec + skipped_tests > 0)
		fprintf(out, "Suppressed by # nosec: %ld (%ld by a bare # nosec, %ld by # nosec with rule ids)\n",
			nosec + skipped_tests, nosec, skipped_tests);

	fprintf(out, "Skipped files: %zu\n", r->errors_count);
	for (size_t i = 0; i < r->errors_count; i++) {
		fputs("    '", out);
		put_clean_str(out, r->errors[i].path);
		fputs("': ", out);
		put_clean_str(out, r->errors[i].reason);
		fputc('\n', out);
	}
}

int writer_text(FILE *out, const scan_result *r, bool color)
{
	for (size_t i = 0; i < r->findings.count; i++)
		write_finding(out, &r->findings.items[i], color);
	write_summary(out, r);

	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		rm_error_set("cannot write the text report: %s",
			     errno ? strerror(errno) : "output error");
		return RM_EIO;
	}
	return RM_OK;
}
