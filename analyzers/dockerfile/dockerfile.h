/*
 * The Dockerfile model: instructions, heredocs, comments, parser
 * directives and build stages, each with the byte range it occupies in
 * the source.  The rules in dockerfile.c read this model, and the
 * fixers edit the original text by these ranges, so every range is
 * exact: [start, end) in bytes of source->text, with `end` excluding
 * the line ending.
 *
 * The loader follows BuildKit's Dockerfile frontend: parser directives
 * only at the top, the escape character (`\` or "`") ends a line that
 * continues, comment and blank lines inside a continued instruction are
 * dropped, continued lines are joined without a separator, heredocs
 * (`<<EOF`, `<<-EOF`, quoted delimiters) for RUN, COPY and ADD, JSON
 * exec form with a fallback to shell form when the JSON is invalid.
 */
#ifndef RM_DOCKERFILE_H
#define RM_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

/* Bytes [start, end) of the source text. */
typedef struct df_range {
	size_t start;
	size_t end;
} df_range;

/* A parser directive such as `# escape=\``, at the top of the file. */
typedef struct df_directive {
	char *name;          /* lower-cased: "escape", "syntax", "check" */
	char *value;
	df_range range;      /* from '#' to the end of the line */
} df_directive;

/* A `--name[=value]` flag of FROM, RUN, COPY, ADD or HEALTHCHECK. */
typedef struct df_flag {
	char *name;          /* without the dashes, as written: "from" */
	char *value;         /* NULL when the flag has no '=' */
	df_range range;      /* the whole flag token */
} df_flag;

/* A heredoc introduced by `<<WORD` in a RUN, COPY or ADD instruction. */
typedef struct df_heredoc {
	char *delimiter;     /* WORD without quotes */
	bool strip_tabs;     /* `<<-WORD`: leading tabs are removed */
	bool quoted;         /* `<<"WORD"` or `<<'WORD'`: no expansion */
	df_range marker;     /* the `<<WORD` token on the instruction line */
	df_range body;       /* the content lines, with their line endings */
	df_range terminator; /* the closing WORD line, without line ending */
} df_heredoc;

/* A key/value pair of ENV, ARG or LABEL. */
typedef struct df_pair {
	char *key;
	char *value;         /* unquoted; NULL for `ARG NAME` without default */
	df_range key_range;
	df_range value_range; /* as written, quotes included; empty when none */
	df_range range;      /* the whole `key=value` (or `key value`) */
} df_pair;

typedef enum df_form {
	DF_FORM_NONE,        /* the instruction takes no command */
	DF_FORM_SHELL,
	DF_FORM_EXEC,        /* a JSON array of strings, decoded into argv */
} df_form;

typedef struct df_instruction {
	char *keyword;       /* upper-cased: "RUN" */
	int line;            /* 1-based line of the keyword */
	df_range range;      /* keyword to the end of the last line, heredoc
			      * bodies and terminators included */
	df_range keyword_range;
	df_range args_range; /* first argument byte to the last one before
			      * any heredoc body; empty when no arguments */

	/*
	 * The logical line: keyword and arguments with continuation
	 * characters, the line breaks after them and the comment lines
	 * between them removed.  text_offsets[i] is the source offset of
	 * text[i].  `args` and `operands` point into `text`: operands are
	 * the arguments after the leading flags.
	 */
	char *text;
	size_t *text_offsets;
	size_t text_len;
	const char *args;
	const char *operands;

	df_flag *flags;
	size_t flag_count;

	/* RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME and HEALTHCHECK
	 * (after its CMD word) have a form; argv is set for exec form. */
	df_form form;
	char **argv;
	size_t argc;

	df_heredoc *heredocs;
	size_t heredoc_count;

	/* ENV, ARG and LABEL: the pairs in order. */
	df_pair *pairs;
	size_t pair_count;

	int stage;           /* index into df_file.stages; -1 before FROM */
} df_instruction;

/* A build stage: one FROM and the instructions up to the next one. */
typedef struct df_stage {
	size_t from;         /* index of its FROM in df_file.instructions */
	size_t end;          /* one past its last instruction */
	char *image;         /* the image operand as written */
	char *resolved;      /* after ARG substitution; NULL when a variable
			      * has no known value */
	char *name;          /* of `resolved`: repository with any registry */
	char *tag;           /* NULL when absent */
	char *digest;        /* "sha256:..." without '@'; NULL when absent */
	char *alias;         /* the `AS name`; NULL when absent */
	int base_stage;      /* earlier stage used as the base, or -1 */
	bool scratch;        /* FROM scratch: an empty image */
	df_range image_range;
	df_range alias_range; /* empty when there is no alias */
} df_stage;

typedef struct df_comment {
	df_range range;      /* from '#' to the end of the line */
} df_comment;

typedef struct df_file {
	const source *src;   /* borrowed; must outlive the model */
	char escape;         /* '\\' or '`' */
	df_directive *directives;
	size_t directive_count;
	df_comment *comments;   /* directives are not repeated here */
	size_t comment_count;
	df_instruction *instructions;
	size_t instruction_count;
	df_stage *stages;
	size_t stage_count;
	long loc;            /* lines that are neither blank nor comments */
} df_file;

/*
 * Parses `src` into a new model.  Returns 0, or RM_EINVALID for input
 * BuildKit would reject (binary or empty file, unknown instruction,
 * instruction without arguments, unterminated heredoc, invalid escape
 * directive, no FROM, instruction other than ARG before the first
 * FROM).  The error slot then contains "line N: reason" without the path,
 * because callers report the path next to it.  The caller frees *out
 * with df_file_free; `src` must stay alive as long as the model.
 */
int df_parse(df_file **out, const source *src);

void df_file_free(df_file *self);

/* Returns the stage that becomes the image (the last one), or NULL. */
const df_stage *df_final_stage(const df_file *self);

/* Returns the FROM instruction of `stage`. */
const df_instruction *df_stage_from(const df_file *self,
				    const df_stage *stage);

/* Returns the flag named `name` (without dashes) of `ins`, or NULL. */
const df_flag *df_find_flag(const df_instruction *ins, const char *name);

/*
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
 * `${NAME:+word}` and `${NAME+word}` in `text` with the values of
 * `pairs`, where later pairs override earlier ones.  The `escape`
 * character before `$` keeps a literal dollar.  Returns a new string the caller frees, or
 * NULL when a variable is undeclared or declared without a value.
 */
char *df_expand(const char *text, const df_pair *const *pairs,
		size_t pair_count, char escape);

/* A word of a shell command with its source range. */
typedef struct df_word {
	char *text;          /* with quotes removed */
	df_range range;      /* as written, quotes included */
} df_word;

/* One simple command of a shell script (split at ; & | && || and
 * newlines), leading `NAME=value` assignments included as words. */
typedef struct df_command {
	df_word *words;
	size_t word_count;
} df_command;

/*
 * Splits the shell commands that a RUN instruction executes: its shell
 * form line, or its argv for exec form, plus the bodies of heredocs fed
 * to a shell (`RUN <<EOF` or `RUN sh <<EOF`).  Heredoc markers are left
 * out.  Ranges of exec form words cover the JSON strings.  Returns the
 * number of commands in *out (maybe 0); the caller frees them with
 * df_commands_free.  Nested shells (`sh -c "..."`) are not opened.
 */
size_t df_run_commands(df_command **out, const df_file *file,
		       const df_instruction *ins);

void df_commands_free(df_command *commands, size_t count);

/*
 * Reading the words of a df_command.  The package cache rules RD107 and
 * RD108 and their fixers both call these, so a fixer edits exactly the
 * commands that the rule flags.
 */

/* Returns true when `value` is 1, true, yes or on, in any case. */
bool df_is_truthy(const char *value);

/* Returns the part of `word` after its last '/', or `word` itself. */
const char *df_base_name(const char *word);

/*
 * Returns the index of the program word of `cmd`, past leading
 * `NAME=value` assignments and the wrappers sudo, env, exec, command,
 * nohup and time; cmd->word_count when there is none.  Sets *assigned
 * when an assignment or env argument sets `variable` to a true value,
 * and leaves it unchanged otherwise.
 */
size_t df_program_index(const df_command *cmd, const char *variable,
			bool *assigned);

/*
 * Returns the index of the `install` word when `cmd`, whose program word
 * is at `program`, is a pip install: pip[3[.X]] install or
 * python[3[.X]] -m pip install.  Returns cmd->word_count otherwise.
 */
size_t df_pip_install_index(const df_command *cmd, size_t program);

/* Returns the index of the `add` word when `cmd`, whose program word is
 * at `program`, is an apk add; cmd->word_count otherwise. */
size_t df_apk_add_index(const df_command *cmd, size_t program);

/* Returns true when a word from index `from` on is `option` or starts
 * with `option=`. */
bool df_has_option(const df_command *cmd, size_t from, const char *option);

/* Returns true when a word from index `from` on is pip's --no-cache-dir
 * option or an abbreviation of it down to --no-cache. */
bool df_has_no_cache_dir(const df_command *cmd, size_t from);

/* A row of the end-of-life table of base-image software. */
typedef struct df_eol {
	const char *product;     /* "CPython", "Alpine", "Debian" */
	const char *cycle;       /* "3.9", "3.19", "11" */
	const char *codename;    /* Debian codename, else NULL */
	const char *eol;         /* "YYYY-MM-DD", the end-of-life date */
	const char *source;      /* where the date comes from */
} df_eol;

/* Returns the whole end-of-life table (static) and its length. */
const df_eol *df_eol_table(size_t *count);

/* A release found in a base image reference. */
typedef struct df_eol_match {
	const df_eol *row;       /* borrowed from the table */
	bool older;              /* the release predates `row`, the oldest
				  * row of its product, and is out of support
				  * no later than row->eol */
	char release[48];        /* as found in the tag: "3.6", "stretch" */
} df_eol_match;

/*
 * Finds the releases that an image runs, from its repository `name`
 * (the last path component counts: "python", "alpine", "debian") and
 * `tag`: the CPython release of `python:3.X...` tags, and the OS
 * release of `alpine:3.Y`, `debian:N|codename` and the `-alpine3.Y`
 * or `-codename` suffix of python tags.  Stores up to `max` matches in
 * `out`, CPython first, and returns how many.  Tags without a version
 * ("latest", "3-slim", "alpine") match nothing.
 */
size_t df_eol_lookup(df_eol_match *out, size_t max, const char *name,
		     const char *tag);

/* Returns the scan date as "YYYY-MM-DD" (UTC) in buf: SOURCE_DATE_EPOCH
 * when set to a valid number of seconds, else the current time. */
const char *df_scan_date(char buf[11]);

#endif
