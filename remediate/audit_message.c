/*
 * Commit messages of the audit trail.  The builder lays out a subject,
 * wrapped body paragraphs and a trailer block.  The trailer parser
 * follows the rules of git 2.39's trailer.c, so audit_log() reports the
 * trailers that `git interpret-trailers --parse` prints for a message.
 *
 * libgit2 has git_message_trailers(), but libgit2 1.5.1 neither unfolds
 * continuation lines nor trims values the way git does, so this file
 * parses trailers itself.  It does not use libgit2.
 */
#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

/* ---- small string buffer --------------------------------------------- */

typedef struct strbuf {
	char *data;
	size_t len;
	size_t cap;
} strbuf;

static void sb_add(strbuf *sb, const char *text, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 128;

		while (sb->len + n + 1 > cap)
			cap *= 2;
		sb->data = rm_xrealloc(sb->data, cap);
		sb->cap = cap;
	}
	memcpy(sb->data + sb->len, text, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

static void sb_puts(strbuf *sb, const char *text)
{
	sb_add(sb, text, strlen(text));
}

static void sb_putc(strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

/* Returns the buffer's string, "" when nothing was added; caller frees. */
static char *sb_detach(strbuf *sb)
{
	char *out = sb->data ? sb->data : rm_xstrdup("");

	sb->data = NULL;
	sb->len = sb->cap = 0;
	return out;
}

/* ---- character classes as git defines them ---------------------------- */

/* git's isspace() is ASCII space, tab, LF and CR only (git-compat-util.h),
 * unlike the C library's, which adds \v and \f. */
static bool git_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* ---- line navigation over a NUL-terminated message -------------------- */

/* Returns the offset just past the line starting at `pos`. */
static size_t next_line(const char *buf, size_t pos)
{
	const char *nl = strchr(buf + pos, '\n');

	return nl ? (size_t)(nl - buf) + 1 : pos + strlen(buf + pos);
}

static bool is_blank_line(const char *line)
{
	while (*line && *line != '\n' && git_space(*line))
		line++;
	return *line == '\0' || *line == '\n';
}

/* Returns the start of the last line in buf[0, len), or -1 when len is 0.
 * A final newline belongs to the last line. */
static long last_line(const char *buf, size_t len)
{
	if (len == 0)
		return -1;
	if (len == 1)
		return 0;
	for (long i = (long)len - 2; i >= 0; i--) {
		if (buf[i] == '\n')
			return i + 1;
	}
	return 0;
}

/* Returns the offset of the ':' that ends a trailer key in `line`, or -1.
 * A key is letters, digits and '-', optionally followed by blanks. */
static long find_separator(const char *line)
{
	bool blank_seen = false;

	for (const char *c = line; *c; c++) {
		if (*c == ':')
			return c - line;
		if (!blank_seen && (ascii_alnum(*c) || *c == '-'))
			continue;
		if (c != line && (*c == ' ' || *c == '\t')) {
			blank_seen = true;
			continue;
		}
		break;
	}
	return -1;
}

/* ---- where the trailer block is --------------------------------------- */

/* Returns the offset of the first patch divider line ("---" followed by
 * whitespace), or the message length. */
static size_t find_patch_start(const char *buf)
{
	size_t pos = 0;

	while (buf[pos]) {
		if (strncmp(buf + pos, "---", 3) == 0 && git_space(buf[pos + 3]))
			return pos;
		pos = next_line(buf, pos);
	}
	return pos;
}

/* Returns the offset of the scissors line that `git commit -v` writes
 * ("# ------------------------ >8 ------------------------"), or len. */
static size_t find_scissors(const char *buf, size_t len)
{
	static const char scissors[] =
		"# ------------------------ >8 ------------------------\n";
	size_t pos = 0;

	while (pos < len) {
		if (strncmp(buf + pos, scissors, sizeof(scissors) - 1) == 0)
			return pos;
		pos = next_line(buf, pos);
	}
	return len;
}

/*
 * Returns how many bytes at the end of buf[0, len) are not part of the
 * log message: a final run of comment and empty lines, and an old-style
 * "Conflicts:" block with its tab-indented paths.  Follows git's
 * ignore_non_trailer(), including its quirk that a run starting at
 * offset 0 is not recognised.
 */
static size_t ignored_tail(const char *buf, size_t len)
{
	size_t cutoff = find_scissors(buf, len);
	size_t run_start = 0;
	bool in_conflicts = false;

	for (size_t bol = 0; bol < cutoff; bol = next_line(buf, bol)) {
		if (buf[bol] == '#' || buf[bol] == '\n') {
			if (!run_start)
				run_start = bol;
		} else if (strncmp(buf + bol, "Conflicts:\n", 11) == 0) {
			in_conflicts = true;
			if (!run_start)
				run_start = bol;
		} else if (in_conflicts && buf[bol] == '\t') {
			continue;
		} else if (run_start) {
			run_start = 0;
			in_conflicts = false;
		}
	}
	return run_start ? len - run_start : len - cutoff;
}

static const char *const git_generated_prefixes[] = {
	"Signed-off-by: ",
	"(cherry picked from commit ",
};

/*
 * Returns the start of the trailer block in buf[0, len), or len when
 * there is none.  Going up from the last line, the block is the run of
 * non-blank lines after the subject paragraph that are all trailers (or
 * their indented continuations), or that contain a git-generated line and
 * at least 25% trailer lines.
 */
static size_t find_trailer_start(const char *buf, size_t len)
{
	size_t end_of_title;
	bool only_blank = true, recognized_prefix = false;
	int trailer_lines = 0, other_lines = 0, maybe_continuations = 0;

	/* The first paragraph is the subject and never contains trailers. */
	for (end_of_title = 0; end_of_title < len;
	     end_of_title = next_line(buf, end_of_title)) {
		if (buf[end_of_title] == '#')
			continue;
		if (is_blank_line(buf + end_of_title))
			break;
	}

	for (long l = last_line(buf, len); l >= (long)end_of_title;
	     l = last_line(buf, (size_t)l)) {
		const char *bol = buf + l;
		bool generated = false;

		if (bol[0] == '#') {
			other_lines += maybe_continuations;
			maybe_continuations = 0;
			continue;
		}
		if (is_blank_line(bol)) {
			if (only_blank)
				continue;
			other_lines += maybe_continuations;
			if (recognized_prefix && trailer_lines * 3 >= other_lines)
				return next_line(buf, (size_t)l);
			if (trailer_lines && !other_lines)
				return next_line(buf, (size_t)l);
			return len;
		}
		only_blank = false;

		for (size_t i = 0; i < sizeof(git_generated_prefixes) /
					   sizeof(git_generated_prefixes[0]); i++) {
			const char *prefix = git_generated_prefixes[i];

			if (strncmp(bol, prefix, strlen(prefix)) == 0)
				generated = true;
		}
		if (generated) {
			trailer_lines++;
			maybe_continuations = 0;
			recognized_prefix = true;
		} else if (find_separator(bol) >= 1 && !git_space(bol[0])) {
			trailer_lines++;
			maybe_continuations = 0;
		} else if (git_space(bol[0])) {
			maybe_continuations++;
		} else {
			other_lines += 1 + maybe_continuations;
			maybe_continuations = 0;
		}
	}
	return len;
}

void audit_trailer_block(size_t *start, size_t *end, const char *message)
{
	size_t patch_start = find_patch_start(message);
	size_t log_end = patch_start - ignored_tail(message, patch_start);

	*start = find_trailer_start(message, log_end);
	*end = log_end;
	if (*start == log_end)
		*start = *end;
}

/* ---- trailer parsing --------------------------------------------------- */

/* Returns a copy of text[0, n) without leading and trailing whitespace. */
static char *trimmed_copy(const char *text, size_t n)
{
	while (n && git_space(*text)) {
		text++;
		n--;
	}
	while (n && git_space(text[n - 1]))
		n--;
	return rm_xstrndup(text, n);
}

/* Replaces each newline and the whitespace after it by one space, then
 * trims, as `--unfold` (implied by `--parse`) does. */
static char *unfold(const char *value)
{
	strbuf sb = {0};
	char *joined, *out;

	for (const char *p = value; *p; p++) {
		if (*p == '\n') {
			while (p[1] && git_space(p[1]))
				p++;
			sb_putc(&sb, ' ');
		} else {
			sb_putc(&sb, *p);
		}
	}
	joined = sb_detach(&sb);
	out = trimmed_copy(joined, strlen(joined));
	free(joined);
	return out;
}

int audit_trailers_parse(audit_trailer **out, size_t *count,
			 const char *message)
{
	audit_trailer *items = NULL;
	size_t n = 0, start, end;
	strbuf last_value = {0};
	bool have_last = false;

	*out = NULL;
	*count = 0;
	audit_trailer_block(&start, &end, message);

	for (size_t bol = start; bol < end; bol = next_line(message, bol)) {
		size_t eol = next_line(message, bol);
		size_t line_len = eol - bol;
		long sep;

		if (line_len && message[eol - 1] == '\n')
			line_len--;
		if (message[bol] == '#')
			continue;

		/* An indented line continues the previous trailer's value. */
		if (have_last && git_space(message[bol])) {
			sb_putc(&last_value, '\n');
			sb_add(&last_value, message + bol, line_len);
			continue;
		}
		if (have_last) {
			items[n - 1].value = unfold(last_value.data);
			free(sb_detach(&last_value));
			have_last = false;
		}

		/* Lines without a key (such as a cherry-pick note) are part of
		 * the block but are not trailers. */
		sep = find_separator(message + bol);
		if (sep < 1 || (size_t)sep >= line_len)
			continue;
		items = rm_xrealloc(items, (n + 1) * sizeof(*items));
		items[n].key = trimmed_copy(message + bol, (size_t)sep);
		items[n].value = NULL;
		n++;
		sb_add(&last_value, message + bol + sep + 1,
		       line_len - (size_t)sep - 1);
		have_last = true;
	}
	if (have_last)
		items[n - 1].value = unfold(last_value.data);
	free(sb_detach(&last_value));

	*out = items;
	*count = n;
	return 0;
}

const char *audit_trailer_find(const audit_trailer *trailers, size_t count,
			       const char *key)
{
	for (size_t i = 0; i < count; i++) {
		if (strcasecmp(trailers[i].key, key) == 0)
			return trailers[i].value;
	}
	return NULL;
}

void audit_trailers_free(audit_trailer *trailers, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(trailers[i].key);
		free(trailers[i].value);
	}
	free(trailers);
}

/* ---- message builder --------------------------------------------------- */

struct audit_message {
	char *subject;
	char **paragraphs;      /* formatted, without a final newline */
	size_t paragraph_count;
	audit_trailer *trailers;
	size_t trailer_count;
};

/* True when `line` would be read by git as the divider before a patch. */
static bool is_patch_divider(const char *line)
{
	return strncmp(line, "---", 3) == 0 &&
	       (line[3] == '\0' || git_space(line[3]));
}

int audit_message_new(audit_message **out, const char *subject)
{
	audit_message *msg;
	char *trimmed;

	*out = NULL;
	trimmed = trimmed_copy(subject, strlen(subject));
	if (!*trimmed || strpbrk(trimmed, "\r\n") || is_patch_divider(trimmed)) {
		rm_error_set("invalid commit subject '%s': expected one "
			     "non-empty line that does not start with '---'",
			     subject);
		free(trimmed);
		return RM_EINVALID;
	}

	msg = rm_xcalloc(1, sizeof(*msg));
	msg->subject = trimmed;
	*out = msg;
	return 0;
}

/* Returns the columns text[0, n) takes: one per UTF-8 character.
 * NOTE: a wide (CJK) character also counts as one, so a line with such
 * characters can pass AUDIT_WRAP_COLUMN on screen. */
static size_t columns(const char *text, size_t n)
{
	size_t cols = 0;

	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			cols++;
	}
	return cols;
}

/*
 * Appends the words of text[0, n) to `sb`, greedy-wrapped so no line
 * passes AUDIT_WRAP_COLUMN unless a single word does.  The first line
 * starts with `first`, later lines with `rest`.
 */
static void wrap_words(strbuf *sb, const char *text, size_t n,
		       const char *first, const char *rest)
{
	size_t col, i = 0;
	bool line_empty = true;

	sb_puts(sb, first);
	col = columns(first, strlen(first));
	while (i < n) {
		size_t word_start, word_len, word_cols;

		while (i < n && git_space(text[i]))
			i++;
		if (i == n)
			break;
		word_start = i;
		while (i < n && !git_space(text[i]))
			i++;
		word_len = i - word_start;
		word_cols = columns(text + word_start, word_len);

		if (!line_empty && col + 1 + word_cols > AUDIT_WRAP_COLUMN) {
			sb_putc(sb, '\n');
			sb_puts(sb, rest);
			col = columns(rest, strlen(rest));
			line_empty = true;
		}
		if (!line_empty) {
			sb_putc(sb, ' ');
			col++;
		}
		sb_add(sb, text + word_start, word_len);
		col += word_cols;
		line_empty = false;
	}
}

/* Appends the lines of a preformatted paragraph, trailing blanks cut. */
static void copy_lines(strbuf *sb, const char *text, size_t n)
{
	size_t bol = 0;

	while (bol < n) {
		const char *nl = memchr(text + bol, '\n', n - bol);
		size_t eol = nl ? (size_t)(nl - text) : n;
		size_t end = eol;

		while (end > bol && git_space(text[end - 1]))
			end--;
		if (bol)
			sb_putc(sb, '\n');
		sb_add(sb, text + bol, end - bol);
		bol = eol + 1;
	}
}

/* Returns the offset after the line at `pos` in text[0, n). */
static size_t line_after(const char *text, size_t n, size_t pos)
{
	const char *nl = memchr(text + pos, '\n', n - pos);

	return nl ? (size_t)(nl - text) + 1 : n;
}

/* Formats one paragraph text[0, n) (no blank lines inside) into `sb`. */
static void format_paragraph(strbuf *sb, const char *text, size_t n)
{
	size_t bol;
	bool preformatted = false;

	for (bol = 0; bol < n;) {
		const char *nl = memchr(text + bol, '\n', n - bol);

		if (text[bol] == ' ' || text[bol] == '\t')
			preformatted = true;
		bol = nl ? (size_t)(nl - text) + 1 : n;
	}
	if (preformatted) {
		copy_lines(sb, text, n);
		return;
	}

	/* Prose up to the first "- " line, then one list item per "- " line;
	 * other lines continue the text before them. */
	for (size_t seg = 0; seg < n;) {
		size_t next = line_after(text, n, seg);

		while (next < n && strncmp(text + next, "- ", 2) != 0)
			next = line_after(text, n, next);
		if (seg)
			sb_putc(sb, '\n');
		if (strncmp(text + seg, "- ", 2) == 0)
			wrap_words(sb, text + seg + 2, next - seg - 2, "- ", "  ");
		else
			wrap_words(sb, text + seg, next - seg, "", "");
		seg = next;
	}
}

int audit_message_add_paragraph(audit_message *msg, const char *text)
{
	size_t pos = 0, len = strlen(text);

	for (size_t bol = 0; bol < len; bol = next_line(text, bol)) {
		if (is_patch_divider(text + bol)) {
			rm_error_set("invalid commit message paragraph: a line "
				     "starts with '---', which git reads as the "
				     "start of a patch; indent or reword it");
			return RM_EINVALID;
		}
	}

	/* Split at blank lines: each run of non-blank lines is a paragraph. */
	while (pos < len) {
		size_t start, end;
		strbuf sb = {0};

		while (pos < len && is_blank_line(text + pos))
			pos = next_line(text, pos);
		if (pos == len)
			break;
		start = pos;
		while (pos < len && !is_blank_line(text + pos))
			pos = next_line(text, pos);
		end = pos;
		while (end > start && text[end - 1] == '\n')
			end--;

		format_paragraph(&sb, text + start, end - start);
		msg->paragraphs = rm_xrealloc(msg->paragraphs,
			(msg->paragraph_count + 1) * sizeof(*msg->paragraphs));
		msg->paragraphs[msg->paragraph_count++] = sb_detach(&sb);
	}
	return 0;
}

int audit_message_add_trailer(audit_message *msg, const char *key,
			      const char *value)
{
	audit_trailer *t;

	if (!*key) {
		rm_error_set("invalid trailer key '': expected letters, "
			     "digits and '-'");
		return RM_EINVALID;
	}
	for (const char *c = key; *c; c++) {
		if (!ascii_alnum(*c) && *c != '-') {
			rm_error_set("invalid trailer key '%s': expected "
				     "letters, digits and '-'", key);
			return RM_EINVALID;
		}
	}
	if (strpbrk(value, "\r\n")) {
		rm_error_set("invalid value for trailer '%s': a trailer value "
			     "must be one line", key);
		return RM_EINVALID;
	}

	msg->trailers = rm_xrealloc(msg->trailers,
		(msg->trailer_count + 1) * sizeof(*msg->trailers));
	t = &msg->trailers[msg->trailer_count++];
	t->key = rm_xstrdup(key);
	t->value = trimmed_copy(value, strlen(value));
	return 0;
}

char *audit_message_format(const audit_message *msg)
{
	strbuf sb = {0};

	sb_puts(&sb, msg->subject);
	sb_putc(&sb, '\n');
	for (size_t i = 0; i < msg->paragraph_count; i++) {
		sb_putc(&sb, '\n');
		sb_puts(&sb, msg->paragraphs[i]);
		sb_putc(&sb, '\n');
	}
	if (msg->trailer_count)
		sb_putc(&sb, '\n');
	for (size_t i = 0; i < msg->trailer_count; i++) {
		sb_puts(&sb, msg->trailers[i].key);
		sb_puts(&sb, ": ");
		sb_puts(&sb, msg->trailers[i].value);
		sb_putc(&sb, '\n');
	}
	return sb_detach(&sb);
}

void audit_message_free(audit_message *msg)
{
	if (!msg)
		return;
	free(msg->subject);
	for (size_t i = 0; i < msg->paragraph_count; i++)
		free(msg->paragraphs[i]);
	free(msg->paragraphs);
	audit_trailers_free(msg->trailers, msg->trailer_count);
	free(msg);
}
