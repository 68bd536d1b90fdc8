/*
 * The Dockerfile loader: turns a source into the df_file model of
 * dockerfile.h.  It reads the file line by line, first the parser
 * directives at the top, then comments and instructions, joining
 * continued lines into one logical line whose every byte remembers its
 * source offset.  Heredoc bodies follow the line that opens them.
 * After each instruction its flags, exec-form argv, ENV/ARG/LABEL pairs
 * and, for FROM, the build stage are filled in.
 */
#include "dockerfile/dockerfile.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

/* Grows a dynamic array by one element, zeroed, and returns it. */
#define PUSH(array, count, cap) \
	(grow((void **)&(array), &(cap), (count) + 1, sizeof(*(array))), \
	 memset(&(array)[(count)], 0, sizeof(*(array))), &(array)[(count)++])

static void grow(void **array, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	*cap = *cap ? *cap * 2 : 8;
	if (*cap < need)
		*cap = need;
	*array = rm_xrealloc(*array, *cap * size);
}

static const char *const keywords[] = {
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
};

typedef struct parser {
	const source *src;
	const char *text;
	size_t len;
	size_t pos;             /* start of the next line to read */
	df_file *file;
	size_t directive_cap, comment_cap, instruction_cap, stage_cap;
	/* The logical line being built. */
	char *line;
	size_t *offsets;
	size_t line_len, line_cap;
} parser;

/* --- lines ------------------------------------------------------------ */

static int line_number(const parser *p, size_t offset)
{
	int line, col;

	source_position(p->src, offset, &line, &col);
	return line;
}

/* Returns the end of the line starting at `start`, before any "\r\n" or
 * "\n", and sets *next to the start of the following line. */
static size_t line_end(const parser *p, size_t start, size_t *next)
{
	const char *nl = memchr(p->text + start, '\n', p->len - start);
	size_t end = nl ? (size_t)(nl - p->text) : p->len;

	*next = nl ? end + 1 : p->len;
	if (end > start && p->text[end - 1] == '\r')
		end--;
	return end;
}

static size_t skip_blanks(const char *text, size_t at, size_t end)
{
	while (at < end && (text[at] == ' ' || text[at] == '\t'))
		at++;
	return at;
}

static size_t trim_end(const char *text, size_t start, size_t end)
{
	while (end > start && isspace((unsigned char)text[end - 1]))
		end--;
	return end;
}

static void add_comment(parser *p, size_t start, size_t end)
{
	df_file *f = p->file;
	df_comment *c = PUSH(f->comments, f->comment_count, p->comment_cap);

	c->range.start = start;
	c->range.end = end;
}

/* --- parser directives ------------------------------------------------- */

/*
 * Reads the directive on the line [start, end) if it has the form
 * `# name = value` with a known name.  Returns 1 when one was read, 0
 * when the line is not a directive (the directive block is over), or
 * RM_EINVALID for a repeated directive or an invalid escape value.
 */
static int read_directive(parser *p, size_t start, size_t end)
{
	static const char *const known[] = { "syntax", "escape", "check" };
	const char *t = p->text;
	size_t hash = skip_blanks(t, start, end), at, name_start, name_end;
	size_t value_start, value_end;
	df_directive *d;
	char *name;
	bool is_known = false;

	if (hash >= end || t[hash] != '#')
		return 0;
	at = skip_blanks(t, hash + 1, end);
	name_start = at;
	if (at >= end || !isalpha((unsigned char)t[at]))
		return 0;
	while (at < end && isalnum((unsigned char)t[at]))
		at++;
	name_end = at;
	at = skip_blanks(t, at, end);
	if (at >= end || t[at] != '=')
		return 0;
	value_start = skip_blanks(t, at + 1, end);
	value_end = trim_end(t, value_start, end);
	if (value_end == value_start)
		return 0;

	name = rm_xstrndup(t + name_start, name_end - name_start);
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		is_known = is_known || strcmp(known[i], name) == 0;
	if (!is_known) {
		free(name);
		return 0;
	}
	for (size_t i = 0; i < p->file->directive_count; i++) {
		if (strcmp(p->file->directives[i].name, name) == 0) {
			rm_error_set("line %d: duplicate '%s' parser directive: keep only the first",
				     line_number(p, start), name);
			free(name);
			return RM_EINVALID;
		}
	}

	d = PUSH(p->file->directives, p->file->directive_count,
		 p->directive_cap);
	d->name = name;
	d->value = rm_xstrndup(t + value_start, value_end - value_start);
	d->range.start = hash;
	d->range.end = value_end;
	if (strcmp(name, "escape") == 0) {
		if (strcmp(d->value, "\\") != 0 && strcmp(d->value, "`") != 0) {
			rm_error_set("line %d: invalid escape directive '%s': expected '\\' or '`'",
				     line_number(p, start), d->value);
			return RM_EINVALID;
		}
		p->file->escape = d->value[0];
	}
	return 1;
}

static int read_directives(parser *p)
{
	while (p->pos < p->len) {
		size_t next, end = line_end(p, p->pos, &next);
		int found = read_directive(p, p->pos, end);

		if (found <= 0)
			return found;
		p->pos = next;
	}
	return RM_OK;
}

/* --- words ------------------------------------------------------------- */

/* Returns the end of the word at `at` in s[0, len): it stops at
 * whitespace outside quotes; `escape` protects the next character. */
static size_t word_end(const char *s, size_t at, size_t len, char escape)
{
	char quote = 0;

	while (at < len) {
		char c = s[at];

		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == escape && quote == '"' && at + 1 < len)
				at++;
		} else if (isspace((unsigned char)c)) {
			break;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == escape && at + 1 < len) {
			at++;
		}
		at++;
	}
	return at;
}

/* Returns s[0, len) with quotes removed and escapes resolved. */
static char *unquote(const char *s, size_t len, char escape)
{
	char *out = rm_xmalloc(len + 1), quote = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (quote) {
			if (c == quote) {
				quote = 0;
				continue;
			}
			if (c == escape && quote == '"' && i + 1 < len)
				c = s[++i];
		} else if (c == '"' || c == '\'') {
			quote = c;
			continue;
		} else if (c == escape && i + 1 < len) {
			c = s[++i];
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

static df_range text_range(const df_instruction *ins, size_t start,
			   size_t end)
{
	df_range r;

	if (start >= end) {
		r.start = r.end = start < ins->text_len
			? ins->text_offsets[start] : ins->args_range.end;
		return r;
	}
	r.start = ins->text_offsets[start];
	r.end = ins->text_offsets[end - 1] + 1;
	return r;
}

/* --- instruction details ----------------------------------------------- */

static bool has_flags(const char *keyword)
{
	return strcmp(keyword, "FROM") == 0 || strcmp(keyword, "RUN") == 0 ||
	       strcmp(keyword, "COPY") == 0 || strcmp(keyword, "ADD") == 0 ||
	       strcmp(keyword, "HEALTHCHECK") == 0;
}

static bool has_form(const char *keyword)
{
	static const char *const with_form[] = {
		"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME",
		"HEALTHCHECK",
	};

	for (size_t i = 0; i < sizeof(with_form) / sizeof(with_form[0]); i++)
		if (strcmp(with_form[i], keyword) == 0)
			return true;
	return false;
}

static void read_flags(df_instruction *ins, char escape)
{
	size_t len = ins->text_len, at = (size_t)(ins->args - ins->text);
	size_t cap = 0;

	while (at + 2 < len && ins->text[at] == '-' && ins->text[at + 1] == '-') {
		size_t end = word_end(ins->text, at, len, escape);
		const char *eq = memchr(ins->text + at, '=', end - at);
		df_flag *flag = PUSH(ins->flags, ins->flag_count, cap);
		size_t name_end = eq ? (size_t)(eq - ins->text) : end;

		flag->name = rm_xstrndup(ins->text + at + 2, name_end - at - 2);
		if (eq)
			flag->value = unquote(eq + 1, end - name_end - 1, escape);
		flag->range = text_range(ins, at, end);
		at = end;
		while (at < len && isspace((unsigned char)ins->text[at]))
			at++;
	}
	ins->operands = ins->text + at;
}

/* Decodes operands that form a JSON array of strings into argv. */
static bool read_exec_form(df_instruction *ins, const char *json)
{
	/* Trailing text after the array makes it shell form, as in BuildKit,
	 * so the parse must reach the end of the string. */
	cJSON *array = cJSON_ParseWithOpts(json, NULL, 1);
	size_t n = 0;
	bool ok = cJSON_IsArray(array);
	const cJSON *item;

	cJSON_ArrayForEach(item, array)
		ok = ok && cJSON_IsString(item);
	if (!ok) {
		cJSON_Delete(array);
		return false;
	}
	ins->argc = (size_t)cJSON_GetArraySize(array);
	ins->argv = rm_xcalloc(ins->argc + 1, sizeof(char *));
	cJSON_ArrayForEach(item, array)
		ins->argv[n++] = rm_xstrdup(item->valuestring);
	cJSON_Delete(array);
	return true;
}

static void read_form(df_instruction *ins)
{
	const char *command = ins->operands;

	if (strcmp(ins->keyword, "HEALTHCHECK") == 0) {
		if (strncasecmp(command, "CMD", 3) != 0 ||
		    (command[3] && !isspace((unsigned char)command[3]))) {
			ins->form = DF_FORM_NONE;
			return;
		}
		command += 3;
		while (isspace((unsigned char)*command))
			command++;
	}
	ins->form = DF_FORM_SHELL;
	if (*command == '[' && read_exec_form(ins, command))
		ins->form = DF_FORM_EXEC;
}

/* Splits ENV, ARG and LABEL operands into key/value pairs. */
static void read_pairs(df_instruction *ins, char escape)
{
	const char *s = ins->text;
	size_t len = ins->text_len, at = (size_t)(ins->operands - s), cap = 0;
	bool is_env = strcmp(ins->keyword, "ENV") == 0;
	size_t first_end = word_end(s, at, len, escape);

	/* The legacy form `ENV KEY value with spaces` has no '=' in its
	 * first word and gives the rest of the line to the one key. */
	if (is_env && at < len && !memchr(s + at, '=', first_end - at)) {
		df_pair *pair = PUSH(ins->pairs, ins->pair_count, cap);
		size_t value_start = first_end, value_end = len;

		while (value_start < len && isspace((unsigned char)s[value_start]))
			value_start++;
		while (value_end > value_start &&
		       isspace((unsigned char)s[value_end - 1]))
			value_end--;
		pair->key = rm_xstrndup(s + at, first_end - at);
		pair->value = unquote(s + value_start, value_end - value_start,
				      escape);
		pair->key_range = text_range(ins, at, first_end);
		pair->value_range = text_range(ins, value_start, value_end);
		pair->range = text_range(ins, at, value_end);
		return;
	}

	while (at < len) {
		size_t end = word_end(s, at, len, escape);
		const char *eq = memchr(s + at, '=', end - at);
		df_pair *pair = PUSH(ins->pairs, ins->pair_count, cap);
		size_t key_end = eq ? (size_t)(eq - s) : end;

		pair->key = rm_xstrndup(s + at, key_end - at);
		pair->key_range = text_range(ins, at, key_end);
		if (eq) {
			pair->value = unquote(eq + 1, end - key_end - 1, escape);
			pair->value_range = text_range(ins, key_end + 1, end);
		} else {
			pair->value_range = text_range(ins, end, end);
		}
		pair->range = text_range(ins, at, end);
		at = end;
		while (at < len && isspace((unsigned char)s[at]))
			at++;
	}
}

/* --- heredocs ---------------------------------------------------------- */

/*
 * Finds the heredoc markers (`<<WORD`, `<<-WORD`, `<<"WORD"`, with an
 * optional file descriptor number in front) among the words of a RUN,
 * COPY or ADD line in shell form.  The delimiter ends at a shell
 * operator, so `<<EOF>out` reads the delimiter EOF.
 */
static void find_heredocs(df_instruction *ins, char escape)
{
	const char *s = ins->text;
	size_t len = ins->text_len, at = (size_t)(ins->operands - s), cap = 0;

	while (at < len) {
		size_t end = word_end(s, at, len, escape), w = at, d;
		df_heredoc *h;
		char *raw;

		while (w < end && isdigit((unsigned char)s[w]))
			w++;
		if (end - w < 3 || s[w] != '<' || s[w + 1] != '<' ||
		    s[w + 2] == '<')
			goto next;
		d = w + 2;
		h = PUSH(ins->heredocs, ins->heredoc_count, cap);
		if (s[d] == '-') {
			h->strip_tabs = true;
			d++;
		}
		w = d;
		while (w < end && !strchr("<>|;&()", s[w]))
			w++;
		raw = unquote(s + d, w - d, escape);
		h->quoted = memchr(s + d, '"', w - d) || memchr(s + d, '\'', w - d);
		h->delimiter = raw;
		h->marker = text_range(ins, at, w);
		if (!*raw) {
			free(raw);
			ins->heredoc_count--;
		}
next:
		at = end;
		while (at < len && isspace((unsigned char)s[at]))
			at++;
	}
}

/* Reads the bodies of the heredocs of `ins`, starting at p->pos. */
static int read_heredoc_bodies(parser *p, df_instruction *ins)
{
	for (size_t i = 0; i < ins->heredoc_count; i++) {
		df_heredoc *h = &ins->heredocs[i];
		size_t dlen = strlen(h->delimiter);
		bool closed = false;

		h->body.start = p->pos;
		while (p->pos < p->len) {
			size_t next, end = line_end(p, p->pos, &next);
			size_t at = p->pos;

			if (h->strip_tabs)
				while (at < end && p->text[at] == '\t')
					at++;
			if (end - at == dlen &&
			    memcmp(p->text + at, h->delimiter, dlen) == 0) {
				h->body.end = p->pos;
				h->terminator.start = p->pos;
				h->terminator.end = end;
				ins->range.end = end;
				p->pos = next;
				closed = true;
				break;
			}
			p->pos = next;
		}
		if (!closed) {
			rm_error_set("line %d: heredoc '<<%s' is not terminated: add a line '%s' after its body",
				     ins->line, h->delimiter, h->delimiter);
			return RM_EINVALID;
		}
	}
	return RM_OK;
}

/* --- logical lines ----------------------------------------------------- */

static void append(parser *p, size_t start, size_t end)
{
	size_t n = end - start;

	if (p->line_len + n + 1 > p->line_cap) {
		p->line_cap = (p->line_len + n + 1) * 2;
		p->line = rm_xrealloc(p->line, p->line_cap);
		p->offsets = rm_xrealloc(p->offsets,
					 p->line_cap * sizeof(size_t));
	}
	memcpy(p->line + p->line_len, p->text + start, n);
	for (size_t i = 0; i < n; i++)
		p->offsets[p->line_len + i] = start + i;
	p->line_len += n;
	p->line[p->line_len] = '\0';
}

/*
 * Reads the logical line that starts at `start` (its first non-blank
 * byte, on the line at p->pos) into p->line, following continuations.
 * Blank and comment lines inside it are skipped, as BuildKit does.
 * Returns the end of the last byte read, escape character included.
 */
static size_t read_logical_line(parser *p, size_t start)
{
	char escape = p->file->escape;
	size_t next, end = line_end(p, p->pos, &next), last = start;

	p->line_len = 0;
	for (;;) {
		size_t content_end = trim_end(p->text, start, end);

		p->pos = next;
		if (content_end == start ||
		    p->text[content_end - 1] != escape) {
			append(p, start, content_end);
			if (content_end > start)
				last = content_end;
			break;
		}
		append(p, start, content_end - 1);
		last = content_end;

		/* Skip blank and comment lines up to the next content. */
		while (p->pos < p->len) {
			size_t first;

			end = line_end(p, p->pos, &next);
			first = skip_blanks(p->text, p->pos, end);
			if (first < end && p->text[first] != '#')
				break;
			if (first < end)
				add_comment(p, first, trim_end(p->text, first, end));
			p->pos = next;
		}
		if (p->pos >= p->len)
			break;
		start = p->pos;
	}
	return last;
}

/* --- stages ------------------------------------------------------------ */

/* Splits an image reference `[registry/]path[:tag][@digest]`. */
static void split_image(df_stage *stage)
{
	const char *ref = stage->resolved, *at = strchr(ref, '@');
	size_t name_len = at ? (size_t)(at - ref) : strlen(ref);
	const char *slash, *colon;

	if (at)
		stage->digest = rm_xstrdup(at + 1);
	slash = memrchr(ref, '/', name_len);
	colon = memrchr(slash ? slash : ref, ':',
			name_len - (size_t)((slash ? slash : ref) - ref));
	if (colon) {
		stage->tag = rm_xstrndup(colon + 1,
					 name_len - (size_t)(colon - ref) - 1);
		name_len = (size_t)(colon - ref);
	}
	stage->name = rm_xstrndup(ref, name_len);
}

static int read_stage(parser *p, df_instruction *ins, size_t index)
{
	df_file *f = p->file;
	const char *s = ins->text;
	size_t len = ins->text_len, at = (size_t)(ins->operands - s);
	size_t words[3][2], count = 0, global = 0;
	const df_pair **pairs = NULL;
	size_t pair_count = 0, pair_cap = 0;
	df_stage *stage;

	while (at < len) {
		size_t end = word_end(s, at, len, f->escape);

		if (count < 3) {
			words[count][0] = at;
			words[count][1] = end;
		}
		count++;
		at = end;
		while (at < len && isspace((unsigned char)s[at]))
			at++;
	}
	if (count != 1 && !(count == 3 && words[1][1] - words[1][0] == 2 &&
			    strncasecmp(s + words[1][0], "AS", 2) == 0)) {
		rm_error_set("line %d: invalid FROM: expected 'FROM image' or 'FROM image AS name'",
			     ins->line);
		return RM_EINVALID;
	}

	stage = PUSH(f->stages, f->stage_count, p->stage_cap);
	stage->from = index;
	stage->base_stage = -1;
	stage->image = rm_xstrndup(s + words[0][0], words[0][1] - words[0][0]);
	stage->image_range = text_range(ins, words[0][0], words[0][1]);
	if (count == 3) {
		stage->alias = rm_xstrndup(s + words[2][0],
					   words[2][1] - words[2][0]);
		stage->alias_range = text_range(ins, words[2][0], words[2][1]);
	} else {
		stage->alias_range.start = stage->alias_range.end =
			stage->image_range.end;
	}

	/* Only ARGs before the first FROM are in scope of FROM. */
	while (global < f->instruction_count &&
	       strcmp(f->instructions[global].keyword, "ARG") == 0) {
		const df_instruction *arg = &f->instructions[global++];

		for (size_t i = 0; i < arg->pair_count; i++) {
			grow((void **)&pairs, &pair_cap, pair_count + 1,
			     sizeof(*pairs));
			pairs[pair_count++] = &arg->pairs[i];
		}
	}
	stage->resolved = df_expand(stage->image, pairs, pair_count, f->escape);
	free(pairs);
	if (stage->resolved && !*stage->resolved) {
		free(stage->resolved);
		stage->resolved = NULL;
	}
	if (!stage->resolved)
		return RM_OK;

	split_image(stage);
	stage->scratch = strcasecmp(stage->resolved, "scratch") == 0;
	for (size_t i = 0; i + 1 < f->stage_count; i++) {
		if (f->stages[i].alias &&
		    strcasecmp(f->stages[i].alias, stage->resolved) == 0)
			stage->base_stage = (int)i;
	}
	return RM_OK;
}

/* --- instructions ------------------------------------------------------ */

static int read_instruction(parser *p, size_t start)
{
	df_file *f = p->file;
	df_instruction *ins;
	size_t last, kw_end = 0, at;
	bool known = false;

	last = read_logical_line(p, start);
	ins = PUSH(f->instructions, f->instruction_count, p->instruction_cap);
	ins->line = line_number(p, start);
	ins->stage = (int)f->stage_count - 1;
	ins->text = rm_xstrndup(p->line, p->line_len);
	ins->text_len = p->line_len;
	ins->text_offsets = rm_xmalloc((p->line_len + 1) * sizeof(size_t));
	memcpy(ins->text_offsets, p->offsets, p->line_len * sizeof(size_t));
	ins->text_offsets[p->line_len] = last;
	ins->range.start = start;
	ins->range.end = last;

	while (kw_end < ins->text_len &&
	       !isspace((unsigned char)ins->text[kw_end]))
		kw_end++;
	ins->keyword = rm_xstrndup(ins->text, kw_end);
	for (char *c = ins->keyword; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	ins->keyword_range = text_range(ins, 0, kw_end);
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		known = known || strcmp(keywords[i], ins->keyword) == 0;
	if (!known) {
		rm_error_set("line %d: unknown instruction '%.40s': expected a Dockerfile instruction such as FROM, RUN or COPY",
			     ins->line, ins->keyword);
		return RM_EINVALID;
	}

	at = kw_end;
	while (at < ins->text_len && isspace((unsigned char)ins->text[at]))
		at++;
	ins->args = ins->operands = ins->text + at;
	ins->args_range.start = ins->args_range.end = last;
	if (at < ins->text_len) {
		ins->args_range.start = ins->text_offsets[at];
		ins->args_range.end = ins->text_offsets[ins->text_len - 1] + 1;
	}
	if (at >= ins->text_len) {
		rm_error_set("line %d: %s requires at least one argument",
			     ins->line, ins->keyword);
		return RM_EINVALID;
	}

	if (has_flags(ins->keyword))
		read_flags(ins, f->escape);
	if (has_form(ins->keyword))
		read_form(ins);
	if (strcmp(ins->keyword, "ENV") == 0 ||
	    strcmp(ins->keyword, "ARG") == 0 ||
	    strcmp(ins->keyword, "LABEL") == 0)
		read_pairs(ins, f->escape);
	if (ins->form == DF_FORM_SHELL &&
	    (strcmp(ins->keyword, "RUN") == 0 ||
	     strcmp(ins->keyword, "COPY") == 0 ||
	     strcmp(ins->keyword, "ADD") == 0)) {
		int error;

		find_heredocs(ins, f->escape);
		if ((error = read_heredoc_bodies(p, ins)) < 0)
			return error;
	}

	if (strcmp(ins->keyword, "FROM") == 0) {
		int error = read_stage(p, ins, f->instruction_count - 1);

		if (error < 0)
			return error;
		ins->stage = (int)f->stage_count - 1;
	} else if (f->stage_count == 0 && strcmp(ins->keyword, "ARG") != 0) {
		rm_error_set("line %d: %s before the first FROM: only ARG may come before FROM",
			     ins->line, ins->keyword);
		return RM_EINVALID;
	}
	return RM_OK;
}

/* Counts the lines that are neither blank nor comments or directives. */
static long count_loc(const df_file *f)
{
	const source *src = f->src;
	size_t comment = 0, directive = 0;
	long loc = 0;

	for (size_t line = 1; line <= src->line_count; line++) {
		size_t len, first;
		const char *text = source_line(src, (int)line, &len);
		size_t start = (size_t)(text - src->text);

		first = skip_blanks(src->text, start, start + len);
		if (first == start + len)
			continue;
		while (comment < f->comment_count &&
		       f->comments[comment].range.start < first)
			comment++;
		while (directive < f->directive_count &&
		       f->directives[directive].range.start < first)
			directive++;
		if (comment < f->comment_count &&
		    f->comments[comment].range.start == first)
			continue;
		if (directive < f->directive_count &&
		    f->directives[directive].range.start == first)
			continue;
		loc++;
	}
	return loc;
}

int df_parse(df_file **out, const source *src)
{
	parser p;
	df_file *f = rm_xcalloc(1, sizeof(*f));
	int error = RM_OK;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.src = src;
	p.text = src->text;
	p.len = src->len;
	p.file = f;
	f->src = src;
	f->escape = '\\';

	if (source_is_binary(src)) {
		rm_error_set("line 1: binary or not valid UTF-8: not a Dockerfile");
		error = RM_EINVALID;
		goto done;
	}
	/* BuildKit ignores a UTF-8 byte order mark. */
	if (p.len >= 3 && memcmp(p.text, "\xEF\xBB\xBF", 3) == 0)
		p.pos = 3;

	if ((error = read_directives(&p)) < 0)
		goto done;

	while (p.pos < p.len) {
		size_t next, end = line_end(&p, p.pos, &next);
		size_t first = skip_blanks(p.text, p.pos, end);

		if (first == end) {
			p.pos = next;
		} else if (p.text[first] == '#') {
			add_comment(&p, first, trim_end(p.text, first, end));
			p.pos = next;
		} else if ((error = read_instruction(&p, first)) < 0) {
			goto done;
		}
	}

	if (f->instruction_count == 0) {
		rm_error_set("line 1: empty Dockerfile: no instructions, only blank lines or comments");
		error = RM_EINVALID;
		goto done;
	}
	if (f->stage_count == 0) {
		rm_error_set("line %d: no FROM instruction: a Dockerfile needs at least one build stage",
			     f->instructions[f->instruction_count - 1].line);
		error = RM_EINVALID;
		goto done;
	}
	for (size_t i = 0; i < f->stage_count; i++)
		f->stages[i].end = i + 1 < f->stage_count
			? f->stages[i + 1].from : f->instruction_count;
	f->loc = count_loc(f);

done:
	free(p.line);
	free(p.offsets);
	if (error < 0) {
		df_file_free(f);
		return error;
	}
	*out = f;
	return RM_OK;
}

static void free_instruction(df_instruction *ins)
{
	free(ins->keyword);
	free(ins->text);
	free(ins->text_offsets);
	for (size_t i = 0; i < ins->flag_count; i++) {
		free(ins->flags[i].name);
		free(ins->flags[i].value);
	}
	free(ins->flags);
	for (size_t i = 0; i < ins->argc; i++)
		free(ins->argv[i]);
	free(ins->argv);
	for (size_t i = 0; i < ins->heredoc_count; i++)
		free(ins->heredocs[i].delimiter);
	free(ins->heredocs);
	for (size_t i = 0; i < ins->pair_count; i++) {
		free(ins->pairs[i].key);
		free(ins->pairs[i].value);
	}
	free(ins->pairs);
}

void df_file_free(df_file *self)
{
	if (!self)
		return;
	for (size_t i = 0; i < self->directive_count; i++) {
		free(self->directives[i].name);
		free(self->directives[i].value);
	}
	free(self->directives);
	free(self->comments);
	for (size_t i = 0; i < self->instruction_count; i++)
		free_instruction(&self->instructions[i]);
	free(self->instructions);
	for (size_t i = 0; i < self->stage_count; i++) {
		df_stage *s = &self->stages[i];

		free(s->image);
		free(s->resolved);
		free(s->name);
		free(s->tag);
		free(s->digest);
		free(s->alias);
	}
	free(self->stages);
	free(self);
}

/* --- queries ----------------------------------------------------------- */

const df_stage *df_final_stage(const df_file *self)
{
	return self->stage_count ? &self->stages[self->stage_count - 1] : NULL;
}

const df_instruction *df_stage_from(const df_file *self,
				    const df_stage *stage)
{
	return &self->instructions[stage->from];
}

const df_flag *df_find_flag(const df_instruction *ins, const char *name)
{
	for (size_t i = 0; i < ins->flag_count; i++)
		if (strcmp(ins->flags[i].name, name) == 0)
			return &ins->flags[i];
	return NULL;
}

/* --- variable substitution --------------------------------------------- */

typedef struct buffer {
	char *data;
	size_t len, cap;
} buffer;

static void buffer_add(buffer *b, const char *s, size_t n)
{
	grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Returns the last pair named name[0, len), or NULL when none is. */
static const df_pair *lookup(const df_pair *const *pairs, size_t count,
			     const char *name, size_t len)
{
	for (size_t i = count; i-- > 0;)
		if (strlen(pairs[i]->key) == len &&
		    memcmp(pairs[i]->key, name, len) == 0)
			return pairs[i];
	return NULL;
}

char *df_expand(const char *text, const df_pair *const *pairs,
		size_t pair_count, char escape)
{
	buffer out = { NULL, 0, 0 };
	size_t i = 0, len = strlen(text);

	buffer_add(&out, "", 0);
	while (i < len) {
		const char *name, *word = NULL, *op = "";
		size_t name_len, word_len = 0;
		const df_pair *pair;
		const char *value;

		if (text[i] == escape && text[i + 1] == '$') {
			buffer_add(&out, "$", 1);
			i += 2;
			continue;
		}
		if (text[i] != '$' || !(text[i + 1] == '{' ||
					isalpha((unsigned char)text[i + 1]) ||
					text[i + 1] == '_')) {
			buffer_add(&out, text + i, 1);
			i++;
			continue;
		}

		if (text[i + 1] == '{') {
			size_t j = i + 2, depth = 1;

			name = text + j;
			while (isalnum((unsigned char)text[j]) || text[j] == '_')
				j++;
			name_len = (size_t)(text + j - name);
			if (text[j] == ':' && (text[j + 1] == '-' || text[j + 1] == '+'))
				op = text[j + 1] == '-' ? ":-" : ":+";
			else if (text[j] == '-' || text[j] == '+')
				op = text[j] == '-' ? "-" : "+";
			else if (text[j] != '}')
				goto unknown;   /* ${A:?err}, ${A#pattern}, ... */
			j += strlen(op);
			word = text + j;
			while (j < len && depth) {
				if (text[j] == '{')
					depth++;
				else if (text[j] == '}')
					depth--;
				j++;
			}
			if (depth || name_len == 0)
				goto unknown;
			word_len = (size_t)(text + j - 1 - word);
			i = j;
		} else {
			size_t j = i + 1;

			name = text + j;
			while (isalnum((unsigned char)text[j]) || text[j] == '_')
				j++;
			name_len = (size_t)(text + j - name);
			i = j;
		}

		pair = lookup(pairs, pair_count, name, name_len);
		value = pair ? pair->value : NULL;
		if (!*op) {
			if (!value)
				goto unknown;
			buffer_add(&out, value, strlen(value));
			continue;
		}
		if ((strcmp(op, ":-") == 0 && value && *value) ||
		    (strcmp(op, "-") == 0 && value)) {
			buffer_add(&out, value, strlen(value));
		} else if (op[strlen(op) - 1] == '-' ||
			   (strcmp(op, ":+") == 0 && value && *value) ||
			   (strcmp(op, "+") == 0 && value)) {
			char *inner = rm_xstrndup(word, word_len);
			char *expanded = df_expand(inner, pairs, pair_count, escape);

			free(inner);
			if (!expanded)
				goto unknown;
			buffer_add(&out, expanded, strlen(expanded));
			free(expanded);
		}
	}
	return out.data;

unknown:
	free(out.data);
	return NULL;
}
