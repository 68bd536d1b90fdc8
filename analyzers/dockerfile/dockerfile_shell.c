/*
 * Splitting the shell commands of a RUN instruction into words with
 * source ranges, so rules can look for `pip install` or `apk add` and
 * fixers can insert an option right after them.  The lexer handles POSIX
 * quoting, backslash escapes, comments, redirections and the command
 * separators ; & | && || and newline.  It does not expand variables or
 * open command substitutions and nested `sh -c` scripts.  The df_ helpers
 * at the end read the program, subcommand and options of a command.
 */
#include "dockerfile/dockerfile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

typedef struct lexer {
	df_command *commands;
	size_t count, cap;
	size_t word_cap;           /* of the last command's words */
	char *word;                /* the word being read */
	size_t word_len, word_size;
	bool in_word;
	size_t word_start, word_end;
} lexer;

static void end_word(lexer *lx)
{
	df_command *cmd;
	df_word *w;

	if (!lx->in_word)
		return;
	cmd = &lx->commands[lx->count - 1];
	if (cmd->word_count == lx->word_cap) {
		lx->word_cap = lx->word_cap ? lx->word_cap * 2 : 8;
		cmd->words = rm_xrealloc(cmd->words,
					 lx->word_cap * sizeof(df_word));
	}
	w = &cmd->words[cmd->word_count++];
	w->text = rm_xstrndup(lx->word ? lx->word : "", lx->word_len);
	w->range.start = lx->word_start;
	w->range.end = lx->word_end;
	lx->word_len = 0;
	lx->in_word = false;
}

/* Opens a new command unless the last one is still empty. */
static void end_command(lexer *lx)
{
	end_word(lx);
	if (lx->count && lx->commands[lx->count - 1].word_count == 0)
		return;
	if (lx->count == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 8;
		lx->commands = rm_xrealloc(lx->commands,
					   lx->cap * sizeof(df_command));
	}
	memset(&lx->commands[lx->count++], 0, sizeof(df_command));
	lx->word_cap = 0;
}

/* Adds character c, read at source offsets [start, end), to the word. */
static void add_char(lexer *lx, char c, size_t start, size_t end)
{
	if (!lx->in_word) {
		lx->in_word = true;
		lx->word_start = start;
	}
	lx->word_end = end;
	if (lx->word_len + 2 > lx->word_size) {
		lx->word_size = lx->word_size ? lx->word_size * 2 : 32;
		lx->word = rm_xrealloc(lx->word, lx->word_size);
	}
	lx->word[lx->word_len++] = c;
}

/* Marks the word as present even when it has no characters (""). */
static void touch_word(lexer *lx, size_t start, size_t end)
{
	if (!lx->in_word) {
		lx->in_word = true;
		lx->word_start = start;
		lx->word_len = 0;
	}
	lx->word_end = end;
}

static bool skipped(size_t offset, const df_range *skip, size_t skip_count)
{
	for (size_t i = 0; i < skip_count; i++)
		if (offset >= skip[i].start && offset < skip[i].end)
			return true;
	return false;
}

/*
 * Lexes s[0, len); offsets[i] is the source offset of s[i], or, when
 * offsets is NULL, base + i.  Bytes inside `skip` ranges separate words.
 */
static void lex(lexer *lx, const char *s, size_t len, const size_t *offsets,
		size_t base, const df_range *skip, size_t skip_count)
{
#define AT(i) (offsets ? offsets[i] : base + (i))
	size_t i = 0;

	end_command(lx);
	while (i < len) {
		char c = s[i];
		size_t at = AT(i);

		if (skipped(at, skip, skip_count) || c == ' ' || c == '\t' ||
		    c == '\r') {
			end_word(lx);
			i++;
		} else if (c == '\n' || c == ';' || c == '|' || c == '&') {
			end_command(lx);
			i++;
			if (i < len && c != '\n' && c != ';' && s[i] == c)
				i++;
		} else if (c == '#' && !lx->in_word) {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '\\') {
			if (i + 1 < len && s[i + 1] == '\n') {
				i += 2;
				continue;
			}
			if (i + 1 < len)
				add_char(lx, s[i + 1], at, AT(i + 1) + 1);
			i += 2;
		} else if (c == '\'') {
			touch_word(lx, at, at + 1);
			for (i++; i < len && s[i] != '\''; i++)
				add_char(lx, s[i], lx->word_start, AT(i) + 1);
			if (i < len)
				touch_word(lx, at, AT(i) + 1);
			i++;
		} else if (c == '"') {
			touch_word(lx, at, at + 1);
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len &&
				    strchr("\"\\$`\n", s[i + 1]))
					i++;
				add_char(lx, s[i], lx->word_start, AT(i) + 1);
			}
			if (i < len)
				touch_word(lx, at, AT(i) + 1);
			i++;
		} else if (c == '<' || c == '>') {
			/* A redirection operator is a word of its own, so the
			 * `&` of `2>&1` does not end the command. */
			end_word(lx);
			while (i < len && (s[i] == '<' || s[i] == '>' ||
					   s[i] == '&'))
				add_char(lx, s[i], AT(i), AT(i) + 1), i++;
			end_word(lx);
		} else {
			add_char(lx, c, at, at + 1);
			i++;
		}
	}
	end_command(lx);
#undef AT
}

static bool is_shell(const char *word)
{
	static const char *const shells[] = {
		"sh", "bash", "ash", "dash", "zsh", "ksh",
	};
	const char *base = strrchr(word, '/');

	base = base ? base + 1 : word;
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strcmp(base, shells[i]) == 0)
			return true;
	return false;
}

/* Adds the exec form argv of `ins` as one command; each word's range
 * is its JSON string in the source. */
static void add_exec_form(lexer *lx, const df_instruction *ins)
{
	const char *s = ins->operands;
	size_t n = 0, i = 0, len = strlen(s);
	size_t base = (size_t)(s - ins->text);

	end_command(lx);
	while (i < len && n < ins->argc) {
		size_t start;

		if (s[i] != '"') {
			i++;
			continue;
		}
		start = i++;
		while (i < len && s[i] != '"')
			i += s[i] == '\\' ? 2 : 1;
		touch_word(lx, ins->text_offsets[base + start],
			   ins->text_offsets[base + (i < len ? i : len - 1)] + 1);
		for (const char *c = ins->argv[n]; *c; c++)
			add_char(lx, *c, lx->word_start, lx->word_end);
		end_word(lx);
		n++;
		i++;
	}
	end_command(lx);
}

/* Drops the trailing empty command that end_command leaves open. */
static void drop_empty(lexer *lx)
{
	while (lx->count && lx->commands[lx->count - 1].word_count == 0) {
		free(lx->commands[lx->count - 1].words);
		lx->count--;
	}
}

size_t df_run_commands(df_command **out, const df_file *file,
		       const df_instruction *ins)
{
	lexer lx;
	df_range *markers;

	memset(&lx, 0, sizeof(lx));
	*out = NULL;
	if (ins->form == DF_FORM_EXEC) {
		add_exec_form(&lx, ins);
	} else if (ins->form == DF_FORM_SHELL) {
		size_t first = (size_t)(ins->operands - ins->text);
		bool scripts;

		markers = rm_xcalloc(ins->heredoc_count + 1, sizeof(df_range));
		for (size_t i = 0; i < ins->heredoc_count; i++)
			markers[i] = ins->heredocs[i].marker;
		lex(&lx, ins->operands, ins->text_len - first,
		    ins->text_offsets + first, 0, markers, ins->heredoc_count);
		free(markers);
		drop_empty(&lx);

		/* A heredoc is a script when it is the whole command line
		 * (`RUN <<EOF`) or feeds a shell (`RUN bash <<EOF`). */
		scripts = lx.count == 0 || (lx.count == 1 &&
			  is_shell(lx.commands[0].words[0].text));
		for (size_t i = 0; scripts && i < ins->heredoc_count; i++) {
			const df_heredoc *h = &ins->heredocs[i];

			lex(&lx, file->src->text + h->body.start,
			    h->body.end - h->body.start, NULL, h->body.start,
			    NULL, 0);
		}
	}

	drop_empty(&lx);
	free(lx.word);
	*out = lx.commands;
	if (!lx.count) {
		free(lx.commands);
		*out = NULL;
	}
	return lx.count;
}

void df_commands_free(df_command *commands, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; j < commands[i].word_count; j++)
			free(commands[i].words[j].text);
		free(commands[i].words);
	}
	free(commands);
}

/* --- reading the words of a command -------------------------------------- */

bool df_is_truthy(const char *value)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(value, yes[i]) == 0)
			return true;
	return false;
}

const char *df_base_name(const char *word)
{
	const char *slash = strrchr(word, '/');

	return slash ? slash + 1 : word;
}

/* Returns true when `word` is `prefix` optionally followed by a version
 * made of digits and dots: pip, pip3, pip3.12, python3.12. */
static bool is_versioned(const char *word, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(word, prefix, n) != 0)
		return false;
	for (word += n; *word; word++)
		if (!isdigit((unsigned char)*word) && *word != '.')
			return false;
	return true;
}

size_t df_program_index(const df_command *cmd, const char *variable,
			bool *assigned)
{
	static const char *const wrappers[] = {
		"sudo", "env", "exec", "command", "nohup", "time",
	};
	size_t n = strlen(variable);

	for (size_t i = 0; i < cmd->word_count; i++) {
		const char *w = cmd->words[i].text;
		bool wrapper = false;

		if (strchr(w, '=') && (isalpha((unsigned char)*w) || *w == '_')) {
			if (strncmp(w, variable, n) == 0 && w[n] == '=' &&
			    df_is_truthy(w + n + 1))
				*assigned = true;
			continue;
		}
		for (size_t j = 0; j < sizeof(wrappers) / sizeof(wrappers[0]); j++)
			wrapper = wrapper || strcmp(df_base_name(w), wrappers[j]) == 0;
		if (!wrapper && *w != '-')
			return i;
	}
	return cmd->word_count;
}

bool df_has_option(const df_command *cmd, size_t from, const char *option)
{
	size_t n = strlen(option);

	for (size_t i = from; i < cmd->word_count; i++) {
		const char *w = cmd->words[i].text;

		if (strncmp(w, option, n) == 0 && (!w[n] || w[n] == '='))
			return true;
	}
	return false;
}

/* pip's option parser (optparse) accepts unambiguous prefixes of long
 * options, and no other pip option starts with --no-cache, so --no-cache
 * counts. */
bool df_has_no_cache_dir(const df_command *cmd, size_t from)
{
	static const char option[] = "--no-cache-dir";

	for (size_t i = from; i < cmd->word_count; i++) {
		const char *w = cmd->words[i].text;
		size_t n = strcspn(w, "=");

		if (n >= strlen("--no-cache") && n <= strlen(option) &&
		    strncmp(w, option, n) == 0)
			return true;
	}
	return false;
}

/* Returns the first word after `from` that is not an option, skipping
 * the values of the options listed in `with_value` (NULL-terminated). */
static size_t subcommand_index(const df_command *cmd, size_t from,
			       const char *const *with_value)
{
	for (size_t i = from; i < cmd->word_count; i++) {
		const char *w = cmd->words[i].text;

		if (*w != '-')
			return i;
		for (const char *const *o = with_value; o && *o; o++)
			if (strcmp(w, *o) == 0)
				i++;
	}
	return cmd->word_count;
}

size_t df_pip_install_index(const df_command *cmd, size_t program)
{
	static const char *const pip_value_options[] = {
		"--log", "--proxy", "--retries", "--timeout", "--cache-dir",
		"--python", "-C", "--config-settings", NULL,
	};
	const char *name = df_base_name(cmd->words[program].text);
	size_t sub;

	if (is_versioned(name, "pip")) {
		sub = subcommand_index(cmd, program + 1, pip_value_options);
	} else if (is_versioned(name, "python")) {
		size_t m = program + 1;

		while (m < cmd->word_count && strcmp(cmd->words[m].text, "-m") != 0 &&
		       cmd->words[m].text[0] == '-')
			m++;
		if (m + 1 >= cmd->word_count || strcmp(cmd->words[m].text, "-m") != 0 ||
		    !is_versioned(cmd->words[m + 1].text, "pip"))
			return cmd->word_count;
		sub = subcommand_index(cmd, m + 2, pip_value_options);
	} else {
		return cmd->word_count;
	}
	if (sub < cmd->word_count && strcmp(cmd->words[sub].text, "install") == 0)
		return sub;
	return cmd->word_count;
}

size_t df_apk_add_index(const df_command *cmd, size_t program)
{
	static const char *const apk_value_options[] = {
		"-X", "--repository", "-p", "--root", "--arch", "--cache-dir",
		"--keys-dir", "--repositories-file", NULL,
	};
	size_t sub;

	if (strcmp(df_base_name(cmd->words[program].text), "apk") != 0)
		return cmd->word_count;
	sub = subcommand_index(cmd, program + 1, apk_value_options);
	if (sub < cmd->word_count && strcmp(cmd->words[sub].text, "add") == 0)
		return sub;
	return cmd->word_count;
}
