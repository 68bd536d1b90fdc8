/*
 * Tests for the Dockerfile loader (df_parse): byte ranges of
 * instructions, continuations, comments, parser directives, heredocs,
 * exec and shell form, flags, ENV/ARG pairs, stages with ARG
 * substitution, rejected input, the shell command splitter and the
 * end-of-life table lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dockerfile/dockerfile.h"
#include "error.h"

typedef struct parsed {
	source *src;
	df_file *file;
} parsed;

static parsed parse_ok(const char *text)
{
	parsed p;

	p.src = source_from_bytes("Dockerfile", text, strlen(text));
	p.file = NULL;
	assert_int_equal(df_parse(&p.file, p.src), RM_OK);
	assert_non_null(p.file);
	return p;
}

static void parsed_free(parsed *p)
{
	df_file_free(p->file);
	source_free(p->src);
}

/* Returns the offset of the first `needle` in `text`. */
static size_t at(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle);

	assert_non_null(hit);
	return (size_t)(hit - text);
}

static void assert_range(df_range r, size_t start, size_t end)
{
	assert_int_equal(r.start, start);
	assert_int_equal(r.end, end);
}

static void ranges_of_instructions(void **state)
{
	const char *text = "FROM alpine:3.22 AS base\n"
			   "RUN apk add \\\n"
			   "    curl\n"
			   "CMD [\"sh\"]\n";
	parsed p = parse_ok(text);
	const df_instruction *from, *run, *cmd;

	(void)state;
	assert_int_equal(p.file->instruction_count, 3);
	from = &p.file->instructions[0];
	run = &p.file->instructions[1];
	cmd = &p.file->instructions[2];

	assert_string_equal(from->keyword, "FROM");
	assert_range(from->range, 0, 24);
	assert_range(from->keyword_range, 0, 4);
	assert_range(from->args_range, 5, 24);

	/* RUN spans its continuation line; the range ends after "curl". */
	assert_string_equal(run->keyword, "RUN");
	assert_int_equal(run->line, 2);
	assert_range(run->range, 25, 47);
	assert_range(run->keyword_range, 25, 28);
	assert_range(run->args_range, 29, 47);
	assert_string_equal(run->text, "RUN apk add     curl");
	assert_string_equal(run->operands, "apk add     curl");
	/* The joined text maps back to the source byte by byte. */
	assert_int_equal(run->text_offsets[at(run->text, "curl")],
			 at(text, "curl"));

	assert_int_equal(cmd->line, 4);
	assert_range(cmd->range, at(text, "CMD"), at(text, "\"]") + 2);
	assert_int_equal(cmd->stage, 0);
	parsed_free(&p);
}

static void keyword_case_and_crlf(void **state)
{
	const char *text = "from alpine:3.22\r\nrun echo hi \\\r\n  there\r\n";
	parsed p = parse_ok(text);
	const df_instruction *run = &p.file->instructions[1];

	(void)state;
	assert_string_equal(p.file->instructions[0].keyword, "FROM");
	assert_range(p.file->instructions[0].range, 0, 16);
	assert_string_equal(run->keyword, "RUN");
	assert_string_equal(run->text, "run echo hi   there");
	assert_range(run->range, at(text, "run"), at(text, "there") + 5);
	parsed_free(&p);
}

static void continuation_skips_comments(void **state)
{
	const char *text = "FROM scratch\n"
			   "RUN echo a \\\n"
			   "# dropped from the command\n"
			   "\n"
			   "    && echo b\n"
			   "# after\n";
	parsed p = parse_ok(text);
	const df_instruction *run = &p.file->instructions[1];

	(void)state;
	assert_int_equal(p.file->instruction_count, 2);
	assert_string_equal(run->text, "RUN echo a     && echo b");
	assert_range(run->range, at(text, "RUN"), at(text, "echo b") + 6);
	assert_int_equal(p.file->comment_count, 2);
	assert_range(p.file->comments[0].range, at(text, "# dropped"),
		     at(text, "command") + 7);
	/* FROM, RUN and its two content lines. */
	assert_int_equal(p.file->loc, 3);
	parsed_free(&p);
}

static void escape_directive_backtick(void **state)
{
	const char *text = "# escape=`\n"
			   "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
			   "RUN dir `\n"
			   "    c:\\\n";
	parsed p = parse_ok(text);
	const df_instruction *run = &p.file->instructions[1];

	(void)state;
	assert_int_equal(p.file->escape, '`');
	assert_int_equal(p.file->directive_count, 1);
	assert_string_equal(p.file->directives[0].name, "escape");
	assert_string_equal(p.file->directives[0].value, "`");
	assert_range(p.file->directives[0].range, 0, 10);
	/* The backslash is an ordinary character now. */
	assert_string_equal(run->text, "RUN dir     c:\\");
	assert_int_equal(p.file->comment_count, 0);
	parsed_free(&p);
}

static void directive_after_comment_ignored(void **state)
{
	parsed p = parse_ok("# hello\n# escape=`\nFROM alpine:3.22\n"
			    "RUN echo `\n");

	(void)state;
	assert_int_equal(p.file->escape, '\\');
	assert_int_equal(p.file->directive_count, 0);
	assert_int_equal(p.file->comment_count, 2);
	assert_string_equal(p.file->instructions[1].text, "RUN echo `");
	parsed_free(&p);
}

static void heredocs_run_and_copy(void **state)
{
	const char *text = "FROM alpine:3.22\n"
			   "RUN <<EOF\n"
			   "apk add curl\n"
			   "EOF\n"
			   "COPY <<-'EOT' /etc/motd\n"
			   "\thello $USER\n"
			   "\tEOT\n"
			   "USER app\n";
	parsed p = parse_ok(text);
	const df_instruction *run, *copy, *user;
	const df_heredoc *h;

	(void)state;
	assert_int_equal(p.file->instruction_count, 4);
	run = &p.file->instructions[1];
	copy = &p.file->instructions[2];
	user = &p.file->instructions[3];

	assert_int_equal(run->heredoc_count, 1);
	h = &run->heredocs[0];
	assert_string_equal(h->delimiter, "EOF");
	assert_false(h->strip_tabs);
	assert_false(h->quoted);
	assert_range(h->marker, at(text, "<<EOF"), at(text, "<<EOF") + 5);
	assert_range(h->body, at(text, "apk"), at(text, "EOF\nCOPY"));
	assert_range(h->terminator, at(text, "EOF\nCOPY"),
		     at(text, "EOF\nCOPY") + 3);
	/* The instruction covers its heredoc up to the terminator. */
	assert_range(run->range, at(text, "RUN"), at(text, "EOF\nCOPY") + 3);
	assert_range(run->args_range, at(text, "<<EOF"), at(text, "<<EOF") + 5);

	assert_int_equal(copy->heredoc_count, 1);
	h = &copy->heredocs[0];
	assert_string_equal(h->delimiter, "EOT");
	assert_true(h->strip_tabs);
	assert_true(h->quoted);
	assert_range(h->terminator, at(text, "\tEOT"), at(text, "\tEOT") + 4);

	assert_string_equal(user->keyword, "USER");
	assert_int_equal(user->line, 8);
	/* Heredoc lines are code, so every line counts. */
	assert_int_equal(p.file->loc, 8);
	parsed_free(&p);
}

static void heredoc_two_in_one_line(void **state)
{
	const char *text = "FROM alpine:3.22\n"
			   "RUN <<A cat >a && <<B cat >b\n"
			   "one\n"
			   "A\n"
			   "two\n"
			   "B\n";
	parsed p = parse_ok(text);
	const df_instruction *run = &p.file->instructions[1];

	(void)state;
	assert_int_equal(run->heredoc_count, 2);
	assert_string_equal(run->heredocs[0].delimiter, "A");
	assert_string_equal(run->heredocs[1].delimiter, "B");
	assert_range(run->heredocs[0].body, at(text, "one"), at(text, "A\ntwo"));
	assert_range(run->heredocs[1].body, at(text, "two"), at(text, "B\n"));
	assert_int_equal(run->range.end, strlen(text) - 1);
	parsed_free(&p);
}

static void exec_and_shell_form(void **state)
{
	parsed p = parse_ok("FROM alpine:3.22\n"
			    "CMD [\"python\", \"app.py\"]\n"
			    "CMD python app.py\n"
			    "CMD [python]\n"
			    "ENTRYPOINT [\"a\"] trailing\n"
			    "RUN [\"echo\", \"a\\\"b\"]\n"
			    "HEALTHCHECK --interval=5s CMD [\"true\"]\n"
			    "HEALTHCHECK NONE\n"
			    "EXPOSE 5000\n");
	const df_instruction *ins = p.file->instructions;

	(void)state;
	assert_int_equal(ins[1].form, DF_FORM_EXEC);
	assert_int_equal(ins[1].argc, 2);
	assert_string_equal(ins[1].argv[0], "python");
	assert_string_equal(ins[1].argv[1], "app.py");
	assert_int_equal(ins[2].form, DF_FORM_SHELL);
	assert_int_equal(ins[2].argc, 0);
	/* Invalid JSON and trailing text fall back to shell form. */
	assert_int_equal(ins[3].form, DF_FORM_SHELL);
	assert_int_equal(ins[4].form, DF_FORM_SHELL);
	assert_int_equal(ins[5].form, DF_FORM_EXEC);
	assert_string_equal(ins[5].argv[1], "a\"b");
	assert_int_equal(ins[6].form, DF_FORM_EXEC);
	assert_string_equal(ins[6].argv[0], "true");
	assert_int_equal(ins[6].flag_count, 1);
	assert_int_equal(ins[7].form, DF_FORM_NONE);
	assert_int_equal(ins[8].form, DF_FORM_NONE);
	parsed_free(&p);
}

static void flags_of_copy(void **state)
{
	const char *text = "FROM alpine:3.22\n"
			   "COPY --from=build --chown=app:app --link /src /dst\n";
	parsed p = parse_ok(text);
	const df_instruction *copy = &p.file->instructions[1];
	const df_flag *from;

	(void)state;
	assert_int_equal(copy->flag_count, 3);
	from = df_find_flag(copy, "from");
	assert_non_null(from);
	assert_string_equal(from->value, "build");
	assert_range(from->range, at(text, "--from"), at(text, " --chown"));
	assert_string_equal(df_find_flag(copy, "chown")->value, "app:app");
	assert_null(df_find_flag(copy, "link")->value);
	assert_null(df_find_flag(copy, "chmod"));
	assert_string_equal(copy->operands, "/src /dst");
	assert_range(copy->args_range, at(text, "--from"), strlen(text) - 1);
	parsed_free(&p);
}

static void env_arg_label_pairs(void **state)
{
	const char *text = "ARG VERSION\n"
			   "ARG PY=3.13\n"
			   "FROM python:${PY}\n"
			   "ENV A=1 B=\"two words\" C=x\\ y\n"
			   "ENV LEGACY some value\n"
			   "LABEL org.opencontainers.image.title='demo'\n";
	parsed p = parse_ok(text);
	const df_instruction *ins = p.file->instructions;

	(void)state;
	assert_int_equal(ins[0].pair_count, 1);
	assert_string_equal(ins[0].pairs[0].key, "VERSION");
	assert_null(ins[0].pairs[0].value);
	assert_string_equal(ins[1].pairs[0].value, "3.13");
	assert_int_equal(ins[0].stage, -1);

	assert_int_equal(ins[3].pair_count, 3);
	assert_string_equal(ins[3].pairs[1].key, "B");
	assert_string_equal(ins[3].pairs[1].value, "two words");
	assert_range(ins[3].pairs[1].value_range, at(text, "\"two"),
		     at(text, "words\"") + 6);
	assert_range(ins[3].pairs[1].range, at(text, "B=\""),
		     at(text, "words\"") + 6);
	assert_string_equal(ins[3].pairs[2].value, "x y");

	assert_int_equal(ins[4].pair_count, 1);
	assert_string_equal(ins[4].pairs[0].key, "LEGACY");
	assert_string_equal(ins[4].pairs[0].value, "some value");
	assert_string_equal(ins[5].pairs[0].value, "demo");
	parsed_free(&p);
}

static void stages_with_arg_substitution(void **state)
{
	const char *text = "ARG PY=3.9\n"
			   "ARG DIST\n"
			   "FROM python:${PY}-alpine AS build\n"
			   "ARG PY=3.13\n"
			   "FROM build\n"
			   "FROM python:$PY-slim\n"
			   "FROM ${DIST}\n"
			   "FROM ${DIST:-debian}:12@sha256:abc AS os\n"
			   "FROM localhost:5000/team/app:1.0\n"
			   "FROM scratch\n";
	parsed p = parse_ok(text);
	const df_stage *s = p.file->stages;

	(void)state;
	assert_int_equal(p.file->stage_count, 7);

	assert_string_equal(s[0].image, "python:${PY}-alpine");
	assert_string_equal(s[0].resolved, "python:3.9-alpine");
	assert_string_equal(s[0].name, "python");
	assert_string_equal(s[0].tag, "3.9-alpine");
	assert_null(s[0].digest);
	assert_string_equal(s[0].alias, "build");
	assert_int_equal(s[0].base_stage, -1);
	assert_range(s[0].image_range, at(text, "python:${PY}"),
		     at(text, " AS build"));
	assert_range(s[0].alias_range, at(text, "build\n"),
		     at(text, "build\n") + 5);
	assert_int_equal(s[0].from, 2);
	assert_int_equal(s[0].end, 4);

	assert_int_equal(s[1].base_stage, 0);
	/* ARG PY=3.13 inside a stage does not reach later FROMs. */
	assert_string_equal(s[2].resolved, "python:3.9-slim");
	assert_null(s[3].resolved);
	assert_string_equal(s[4].resolved, "debian:12@sha256:abc");
	assert_string_equal(s[4].name, "debian");
	assert_string_equal(s[4].tag, "12");
	assert_string_equal(s[4].digest, "sha256:abc");
	assert_string_equal(s[5].name, "localhost:5000/team/app");
	assert_string_equal(s[5].tag, "1.0");
	assert_true(s[6].scratch);
	assert_null(s[6].tag);

	assert_ptr_equal(df_final_stage(p.file), &s[6]);
	assert_ptr_equal(df_stage_from(p.file, &s[1]), &p.file->instructions[4]);
	assert_int_equal(p.file->instructions[3].stage, 0);
	parsed_free(&p);
}

static void expand_forms(void **state)
{
	df_pair a = { .key = "A", .value = "x" };
	df_pair empty = { .key = "E", .value = "" };
	df_pair unset = { .key = "U", .value = NULL };
	const df_pair *pairs[] = { &a, &empty, &unset };
	struct {
		const char *in, *out;
	} cases[] = {
		{ "$A", "x" }, { "${A}y", "xy" }, { "${E:-d}", "d" },
		{ "${E-d}", "" }, { "${U:-d}", "d" }, { "${U-d}", "d" },
		{ "${A:+p}", "p" }, { "${U:+p}", "" }, { "${Z:-${A}}", "x" },
		{ "\\$A", "$A" }, { "a$", "a$" }, { "$U", NULL },
		{ "$Z", NULL }, { "${A:?err}", NULL }, { "${A", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = df_expand(cases[i].in, pairs, 3, '\\');

		if (!cases[i].out) {
			assert_null(got);
			continue;
		}
		assert_non_null(got);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

/* Parses `text` and expects RM_EINVALID with exactly `message`. */
static void assert_rejected(const char *text, size_t len,
			    const char *message)
{
	source *src = source_from_bytes("Dockerfile", text, len);
	df_file *file = (df_file *)src;   /* any non-NULL value: must be reset */

	rm_error_clear();
	assert_int_equal(df_parse(&file, src), RM_EINVALID);
	assert_null(file);
	assert_string_equal(rm_error_last(), message);
	source_free(src);
}

static void rejects_bad_input(void **state)
{
	(void)state;
	assert_rejected("", 0,
			"line 1: empty Dockerfile: no instructions, only blank lines or comments");
	assert_rejected("# only\n\n", 8,
			"line 1: empty Dockerfile: no instructions, only blank lines or comments");
	assert_rejected("FROM a\0b\n", 9,
			"line 1: binary or not valid UTF-8: not a Dockerfile");
	assert_rejected("FROM alpine:3.22\nFORM x\n", 24,
			"line 2: unknown instruction 'FORM': expected a Dockerfile instruction such as FROM, RUN or COPY");
	assert_rejected("FROM alpine:3.22\nRUN <<EOF\necho\n", 31,
			"line 2: heredoc '<<EOF' is not terminated: add a line 'EOF' after its body");
	assert_rejected("RUN echo\nFROM alpine:3.22\n", 26,
			"line 1: RUN before the first FROM: only ARG may come before FROM");
	assert_rejected("ARG A=1\n", 8,
			"line 1: no FROM instruction: a Dockerfile needs at least one build stage");
	assert_rejected("FROM alpine:3.22\nRUN   \n", 24,
			"line 2: RUN requires at least one argument");
	assert_rejected("FROM a b\n", 9,
			"line 1: invalid FROM: expected 'FROM image' or 'FROM image AS name'");
	assert_rejected("# escape=x\nFROM a\n", 18,
			"line 1: invalid escape directive 'x': expected '\\' or '`'");
	assert_rejected("# escape=`\n# escape=\\\nFROM a\n", 29,
			"line 2: duplicate 'escape' parser directive: keep only the first");
}

static void byte_order_mark_skipped(void **state)
{
	parsed p = parse_ok("\xEF\xBB\xBF" "FROM alpine:3.22\n");

	(void)state;
	assert_string_equal(p.file->instructions[0].keyword, "FROM");
	assert_range(p.file->instructions[0].range, 3, 19);
	parsed_free(&p);
}

static void trailing_continuation_at_eof(void **state)
{
	const char *text = "FROM alpine:3.22\nRUN echo \\";
	parsed p = parse_ok(text);

	(void)state;
	assert_string_equal(p.file->instructions[1].text, "RUN echo ");
	assert_range(p.file->instructions[1].range, 17, strlen(text));
	parsed_free(&p);
}

/* --- shell commands ---------------------------------------------------- */

static void run_commands_shell_form(void **state)
{
	const char *text = "FROM alpine:3.22\n"
			   "RUN apk add --no-cache curl \\\n"
			   "    && pip install -r req.txt; echo \"a b\" | tee x 2>&1\n";
	parsed p = parse_ok(text);
	df_command *cmds = NULL;
	size_t count = df_run_commands(&cmds, p.file, &p.file->instructions[1]);

	(void)state;
	assert_int_equal(count, 4);
	assert_int_equal(cmds[0].word_count, 4);
	assert_string_equal(cmds[0].words[0].text, "apk");
	assert_string_equal(cmds[0].words[3].text, "curl");
	assert_range(cmds[0].words[3].range, at(text, "curl"),
		     at(text, "curl") + 4);
	assert_string_equal(cmds[1].words[1].text, "install");
	assert_range(cmds[1].words[1].range, at(text, "install"),
		     at(text, "install") + 7);
	assert_int_equal(cmds[2].word_count, 2);
	assert_string_equal(cmds[2].words[1].text, "a b");
	assert_range(cmds[2].words[1].range, at(text, "\"a b\""),
		     at(text, "\"a b\"") + 5);
	assert_int_equal(cmds[3].word_count, 5);
	assert_string_equal(cmds[3].words[3].text, ">&");
	df_commands_free(cmds, count);
	parsed_free(&p);
}

static void run_commands_exec_and_heredoc(void **state)
{
	const char *text = "FROM alpine:3.22\n"
			   "RUN [\"pip\", \"install\", \"flask\"]\n"
			   "RUN <<EOF\n"
			   "set -e\n"
			   "pip install x\n"
			   "EOF\n"
			   "RUN python3 <<EOF\n"
			   "import os\n"
			   "EOF\n";
	parsed p = parse_ok(text);
	df_command *cmds = NULL;
	size_t count;

	(void)state;
	count = df_run_commands(&cmds, p.file, &p.file->instructions[1]);
	assert_int_equal(count, 1);
	assert_int_equal(cmds[0].word_count, 3);
	assert_string_equal(cmds[0].words[2].text, "flask");
	assert_range(cmds[0].words[1].range, at(text, "\"install\""),
		     at(text, "\"install\"") + 9);
	df_commands_free(cmds, count);

	count = df_run_commands(&cmds, p.file, &p.file->instructions[2]);
	assert_int_equal(count, 2);
	assert_string_equal(cmds[1].words[0].text, "pip");
	assert_range(cmds[1].words[2].range, at(text, "x\n"), at(text, "x\n") + 1);
	df_commands_free(cmds, count);

	/* A heredoc fed to python is not a shell script. */
	count = df_run_commands(&cmds, p.file, &p.file->instructions[3]);
	assert_int_equal(count, 1);
	assert_int_equal(cmds[0].word_count, 1);
	assert_string_equal(cmds[0].words[0].text, "python3");
	df_commands_free(cmds, count);
	parsed_free(&p);
}

/* --- end of life ------------------------------------------------------- */

static void eol_lookup_tags(void **state)
{
	df_eol_match m[2];

	(void)state;
	assert_int_equal(df_eol_lookup(m, 2, "python", "3.9-alpine"), 1);
	assert_string_equal(m[0].row->product, "CPython");
	assert_string_equal(m[0].row->eol, "2025-10-31");
	assert_false(m[0].older);

	assert_int_equal(df_eol_lookup(m, 2, "docker.io/library/python",
				       "3.12.4-slim-bookworm"), 2);
	assert_string_equal(m[0].row->cycle, "3.12");
	assert_string_equal(m[1].row->product, "Debian");
	assert_string_equal(m[1].row->cycle, "12");
	assert_string_equal(m[1].release, "bookworm");

	assert_int_equal(df_eol_lookup(m, 2, "python", "3.11-alpine3.19"), 2);
	assert_string_equal(m[1].row->product, "Alpine");
	assert_string_equal(m[1].row->eol, "2025-11-01");

	assert_int_equal(df_eol_lookup(m, 2, "python", "3.6"), 1);
	assert_true(m[0].older);
	assert_string_equal(m[0].row->cycle, "3.7");
	assert_string_equal(m[0].release, "3.6");

	assert_int_equal(df_eol_lookup(m, 2, "alpine", "3.14.2"), 1);
	assert_true(m[0].older);
	assert_string_equal(m[0].release, "3.14");
	assert_int_equal(df_eol_lookup(m, 2, "debian", "stretch-slim"), 1);
	assert_true(m[0].older);
	assert_int_equal(df_eol_lookup(m, 2, "debian", "11.9"), 1);
	assert_string_equal(m[0].row->codename, "bullseye");

	assert_int_equal(df_eol_lookup(m, 2, "python", "latest"), 0);
	assert_int_equal(df_eol_lookup(m, 2, "python", "3-slim"), 0);
	assert_int_equal(df_eol_lookup(m, 2, "python", "3.99"), 0);
	assert_int_equal(df_eol_lookup(m, 2, "alpine", "edge"), 0);
	assert_int_equal(df_eol_lookup(m, 2, "node", "14"), 0);
	assert_int_equal(df_eol_lookup(m, 2, "python", NULL), 0);
}

static void scan_date_from_epoch(void **state)
{
	char buf[11];

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1796342400", 1);
	assert_string_equal(df_scan_date(buf), "2026-12-04");
	setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
	assert_string_equal(df_scan_date(buf), "2025-01-01");
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(strlen(df_scan_date(buf)), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranges_of_instructions),
		cmocka_unit_test(keyword_case_and_crlf),
		cmocka_unit_test(continuation_skips_comments),
		cmocka_unit_test(escape_directive_backtick),
		cmocka_unit_test(directive_after_comment_ignored),
		cmocka_unit_test(heredocs_run_and_copy),
		cmocka_unit_test(heredoc_two_in_one_line),
		cmocka_unit_test(exec_and_shell_form),
		cmocka_unit_test(flags_of_copy),
		cmocka_unit_test(env_arg_label_pairs),
		cmocka_unit_test(stages_with_arg_substitution),
		cmocka_unit_test(expand_forms),
		cmocka_unit_test(rejects_bad_input),
		cmocka_unit_test(byte_order_mark_skipped),
		cmocka_unit_test(trailing_continuation_at_eof),
		cmocka_unit_test(run_commands_shell_form),
		cmocka_unit_test(run_commands_exec_and_heredoc),
		cmocka_unit_test(eol_lookup_tags),
		cmocka_unit_test(scan_date_from_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
