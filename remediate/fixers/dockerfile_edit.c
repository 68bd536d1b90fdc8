/*
 * The Dockerfile fixers that change one instruction in place: ADD of
 * local files becomes COPY (RD103), a secret's literal value leaves ENV
 * or ARG (RD104), and package managers get their no-cache option (RD107
 * for pip, RD108 for apk).
 */
#include "fixers/fix_dockerfile.h"

#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"

static bool is_keyword(const df_instruction *ins, const char *keyword)
{
	return strcmp(ins->keyword, keyword) == 0;
}

/* Returns the directory of the finding's file relative to the tree
 * root ("." for the root itself): the build context the fixers assume.
 * The caller frees it. */
static char *context_name(const fix_context *ctx)
{
	const char *slash = strrchr(ctx->finding->path, '/');

	if (!slash)
		return rm_xstrdup(".");
	return rm_xstrndup(ctx->finding->path,
			   (unsigned long)(slash - ctx->finding->path));
}

/* Returns `dir` with glob(3) metacharacters escaped, so that only the
 * ADD source acts as a pattern; the caller frees it. */
static char *glob_escape(const char *dir)
{
	char *out = rm_xmalloc(2 * strlen(dir) + 1), *at = out;

	for (; *dir; dir++) {
		if (strchr("*?[]\\", *dir))
			*at++ = '\\';
		*at++ = *dir;
	}
	*at = '\0';
	return out;
}

/* --- RD103: ADD of local files becomes COPY ------------------------------ */

/*
 * Returns true when the file at `path` starts like an archive that ADD
 * unpacks: a tar file ("ustar" at offset 257) or a gzip, bzip2, xz or
 * zstd stream, which ADD decompresses to look for a tar inside.  ADD
 * decides by content, not by file name, so a tar file named `bundle`
 * is unpacked too.
 */
static bool looks_like_archive(const char *path)
{
	static const struct {
		const char *magic;
		size_t len;
	} streams[] = {
		{ "\x1f\x8b", 2 },                  /* gzip */
		{ "BZh", 3 },                       /* bzip2 */
		{ "\xfd" "7zXZ\x00", 6 },           /* xz */
		{ "\x28\xb5\x2f\xfd", 4 },          /* zstd */
	};
	unsigned char head[262];
	size_t n;
	FILE *file = fopen(path, "rb");

	if (!file)
		return false;
	n = fread(head, 1, sizeof(head), file);
	fclose(file);
	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++)
		if (n >= streams[i].len &&
		    memcmp(head, streams[i].magic, streams[i].len) == 0)
			return true;
	return n >= 262 && memcmp(head + 257, "ustar", 5) == 0;
}

/*
 * Checks one ADD source against the build context `dir`.  Returns 0 when
 * every file it names exists and none is an archive, else RM_ENOTFOUND
 * with the reason in the error slot.
 */
static int check_add_source(const char *dir, const char *source,
			    const char *path)
{
	glob_t matches;
	char *pattern, *escaped;
	int error = RM_OK, status;

	/* Sources are relative to the context root even with a leading
	 * slash.  The builder keeps `..` inside the context, but here it
	 * could reach outside the tree this fixer may read. */
	while (*source == '/')
		source++;
	if (strstr(source, "..")) {
		rm_error_set("the ADD source '%s' in '%s' contains '..': check by hand that it is no archive, then replace ADD by COPY",
			     source, path);
		return RM_ENOTFOUND;
	}

	escaped = glob_escape(dir);
	pattern = rm_xasprintf("%s/%s", escaped, *source ? source : ".");
	free(escaped);
	status = glob(pattern, 0, NULL, &matches);
	if (status != 0) {
		rm_error_set("the ADD source '%s' of '%s' is not in the build context '%s', so the tool cannot check that ADD does not unpack it: check it by hand, then replace ADD by COPY",
			     source, path, dir);
		free(pattern);
		if (status != GLOB_NOMATCH)
			globfree(&matches);
		return RM_ENOTFOUND;
	}
	for (size_t i = 0; i < matches.gl_pathc && error == RM_OK; i++) {
		struct stat st;

		if (stat(matches.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    looks_like_archive(matches.gl_pathv[i])) {
			rm_error_set("the ADD source '%s' of '%s' is an archive, which ADD unpacks and COPY would copy as one file: keep ADD, or unpack it in a RUN step and use COPY",
				     matches.gl_pathv[i] + strlen(dir) + 1, path);
			error = RM_ENOTFOUND;
		}
	}
	globfree(&matches);
	free(pattern);
	return error;
}

int fix_dockerfile_add(fix *out, const fix_context *ctx)
{
	/* Flags that COPY accepts with the meaning they have for ADD. */
	static const char *const shared_flags[] = {
		"chown", "chmod", "link", "exclude",
	};
	fix_dockerfile_doc doc;
	edit_list edits = {0};
	const df_instruction *ins;
	df_command *cmds = NULL;
	const char *path = ctx->finding->path, *keyword;
	char *dir = NULL, *context = NULL;
	size_t count = 0, checked = 0;
	bool lower = true;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	ins = doc.target;
	context = context_name(ctx);
	dir = rm_xasprintf("%s/%s", ctx->root, context);
	if (!is_keyword(ins, "ADD")) {
		rm_error_set("the RD103 finding in '%s' at line %d is not on an ADD instruction: rescan the file",
			     path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	for (size_t i = 0; i < ins->flag_count; i++) {
		bool shared = false;

		for (size_t j = 0; j < sizeof(shared_flags) / sizeof(shared_flags[0]); j++)
			shared = shared || strcmp(ins->flags[i].name, shared_flags[j]) == 0;
		if (!shared) {
			rm_error_set("ADD in '%s' at line %d has the flag --%s, which COPY does not take: replace ADD by COPY by hand if the flag is not needed",
				     path, ins->line, ins->flags[i].name);
			error = RM_ENOTFOUND;
			goto done;
		}
	}

	/* Every source but the destination, which is the last word;
	 * heredoc sources are inline text, which COPY takes as well. */
	if (ins->form == DF_FORM_EXEC) {
		for (size_t i = 0; i + 1 < ins->argc && error == RM_OK; i++, checked++)
			error = check_add_source(dir, ins->argv[i], path);
	} else {
		count = df_run_commands(&cmds, doc.file, ins);
		for (size_t i = 0; count == 1 && i + 1 < cmds[0].word_count &&
				   error == RM_OK; i++, checked++)
			error = check_add_source(dir, cmds[0].words[i].text, path);
	}
	if (error < 0)
		goto done;

	/* Keywords are case-insensitive, so keep the file's spelling. */
	for (size_t i = ins->keyword_range.start; i < ins->keyword_range.end; i++)
		lower = lower && islower((unsigned char)ctx->src->text[i]);
	keyword = lower ? "copy" : "COPY";
	if ((error = edit_list_add(&edits, ins->keyword_range.start,
				   ins->keyword_range.end, keyword)) < 0 ||
	    (error = fix_dockerfile_store(out, ctx, &edits)) < 0)
		goto done;

	out->subject = rm_xasprintf("Copy local files with COPY, not ADD, in %s (RD103)",
				    path);
	out->problem = rm_xasprintf("ADD at line %d of %s copies local files. ADD also downloads URLs and unpacks tar archives, recognised by their content, so a source that later turns into an archive would be extracted into the image silently and the build would do more than the Dockerfile shows.",
				    ins->line, path);
	if (checked)
		out->change = rm_xasprintf("Replace the ADD keyword by COPY and keep the sources, destination and flags, which COPY takes with the same meaning. Before the change the sources were checked in the build context '%s' (the Dockerfile's directory): none is a tar file or a compressed stream, so COPY puts the same files into the image as ADD did.",
					   context);
	else
		out->change = rm_xstrdup("Replace the ADD keyword by COPY and keep the heredoc sources, destination and flags, which COPY takes with the same meaning. ADD never unpacks inline heredoc text, so COPY puts the same files into the image.");

done:
	df_commands_free(cmds, count);
	free(dir);
	free(context);
	edit_list_clear(&edits);
	fix_dockerfile_close(&doc);
	return error;
}

/* --- RD104: a secret's literal value in ENV or ARG ----------------------- */

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Returns true when [start, end) of `text` references variable `name` as
 * $name or ${name...}, escaped dollars included (the check is meant to
 * err towards finding a reference). */
static bool references(const char *text, size_t start, size_t end,
		       const char *name)
{
	size_t n = strlen(name);

	for (size_t i = start; i + 1 < end; i++) {
		size_t at;

		if (text[i] != '$')
			continue;
		at = i + 1 + (text[i + 1] == '{');
		if (at + n <= end && strncmp(text + at, name, n) == 0 &&
		    (at + n == end || !is_name_char(text[at + n])))
			return true;
	}
	return false;
}

/*
 * Returns true when an instruction other than the pair itself uses
 * variable `name`: a reference in its text, or an `ARG name` without a
 * value that takes its value from a global ARG.
 */
static bool is_used(const fix_dockerfile_doc *doc, const df_pair *pair)
{
	const char *text = doc->src->text;

	for (size_t i = 0; i < doc->file->instruction_count; i++) {
		const df_instruction *ins = &doc->file->instructions[i];

		if (ins == doc->target) {
			if (references(text, ins->range.start, pair->range.start, pair->key) ||
			    references(text, pair->range.end, ins->range.end, pair->key))
				return true;
			continue;
		}
		if (references(text, ins->range.start, ins->range.end, pair->key))
			return true;
		for (size_t j = 0; is_keyword(ins, "ARG") && j < ins->pair_count; j++)
			if (!ins->pairs[j].value &&
			    strcmp(ins->pairs[j].key, pair->key) == 0)
				return true;
	}
	return false;
}

/* Returns true when a comment line lies inside [start, end). */
static bool has_comment(const df_file *file, size_t start, size_t end)
{
	for (size_t i = 0; i < file->comment_count; i++)
		if (file->comments[i].range.start >= start &&
		    file->comments[i].range.start < end)
			return true;
	return false;
}

/*
 * Finds the pair the finding names.  The finding does not carry the
 * pair, so the variable name comes from its message, which quotes it
 * ('NAME').  The name must be a key of the instruction with a value.
 */
static const df_pair *finding_pair(const fix_dockerfile_doc *doc,
				   const finding *f)
{
	const char *open = strchr(f->message, '\'');
	const char *close = open ? strchr(open + 1, '\'') : NULL;

	if (!close)
		return NULL;
	for (size_t i = 0; i < doc->target->pair_count; i++) {
		const df_pair *pair = &doc->target->pairs[i];

		if (strlen(pair->key) == (size_t)(close - open - 1) &&
		    strncmp(pair->key, open + 1, (size_t)(close - open - 1)) == 0 &&
		    pair->value && *pair->value)
			return pair;
	}
	return NULL;
}

int fix_dockerfile_secret(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	edit_list edits = {0};
	const df_instruction *ins;
	const df_pair *pair;
	const char *path = ctx->finding->path, *text = ctx->src->text;
	size_t len = ctx->src->len, start, end;
	bool env;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	ins = doc.target;
	env = is_keyword(ins, "ENV");
	if ((!env && !is_keyword(ins, "ARG")) ||
	    !(pair = finding_pair(&doc, ctx->finding))) {
		rm_error_set("the RD104 finding in '%s' at line %d names no ENV or ARG variable with a value there: rescan the file",
			     path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (is_used(&doc, pair)) {
		rm_error_set("'%s' uses %s '%s' in other instructions, so removing its value would change what the build does: pass the secret to the RUN steps that need it with `RUN --mount=type=secret,id=...` and to the service at run time as a Docker or Compose secret",
			     path, ins->keyword, pair->key);
		error = RM_ENOTFOUND;
		goto done;
	}

	if (!env) {
		/* ARG NAME=value becomes ARG NAME. */
		start = pair->key_range.end;
		end = pair->value_range.end;
	} else if (ins->pair_count == 1) {
		/* The whole instruction goes, with its line ending. */
		start = edit_line_start(text, len, ins->range.start);
		end = edit_line_next(text, len, ins->range.end);
	} else if (pair != &ins->pairs[0]) {
		start = pair[-1].range.end;
		end = pair->range.end;
	} else {
		start = pair->range.start;
		end = pair[1].range.start;
	}
	if (has_comment(doc.file, start, end)) {
		rm_error_set("a comment line sits inside the %s instruction of '%s' at line %d next to '%s': remove the value by hand",
			     ins->keyword, path, ins->line, pair->key);
		error = RM_ENOTFOUND;
		goto done;
	}
	if ((error = edit_list_add(&edits, start, end, "")) < 0 ||
	    (error = fix_dockerfile_store(out, ctx, &edits)) < 0)
		goto done;

	/* The value never goes into the commit message. */
	if (env) {
		out->subject = rm_xasprintf("Remove the value of %s from %s (RD104)",
					    pair->key, path);
		out->problem = rm_xasprintf("ENV at line %d of %s set %s, which by its name is a secret, to a literal value. ENV values are stored in the image configuration, so anyone who can pull the image reads the value with `docker inspect`, and anyone who can read the repository reads it in the Dockerfile.",
					    ins->line, path, pair->key);
		out->change = rm_xasprintf("Remove %s; no other instruction references the variable. The service must now receive %s at run time: preferably as a Docker or Compose secret mounted as a file under /run/secrets (its path passed in a variable such as %s_FILE), or through the environment that Compose passes from a file kept out of version control. A placeholder value was not kept, because a service that starts with a wrong secret fails later and less clearly than one that finds none. The old value remains in the history of this repository and in every image built before this commit: treat it as disclosed and rotate it.",
					   ins->pair_count == 1 ? "the ENV instruction" : "the variable from its ENV instruction",
					   pair->key, pair->key);
	} else {
		out->subject = rm_xasprintf("Remove the default of ARG %s from %s (RD104)",
					    pair->key, path);
		out->problem = rm_xasprintf("ARG at line %d of %s gave %s, which by its name is a secret, a literal default. Build arguments are recorded in the image history, so anyone who can pull the image reads the value with `docker history`, and anyone who can read the repository reads it in the Dockerfile.",
					    ins->line, path, pair->key);
		out->change = rm_xasprintf("Remove the default and keep the declaration `ARG %s`; no instruction references the variable. A value passed with --build-arg is recorded in the history as well, so a build step that needs the secret should read it from `RUN --mount=type=secret`, which leaves no trace in the image. RUN steps still see declared build arguments in their environment, so a script that read %s that way now gets an empty value. The old value remains in the history of this repository and in every image built before this commit: treat it as disclosed and rotate it.",
					   pair->key, pair->key);
	}

done:
	edit_list_clear(&edits);
	fix_dockerfile_close(&doc);
	return error;
}

/* --- RD107 and RD108: no package cache in the image ---------------------- */

/*
 * Inserts `option` right after the subcommand word of every pip install
 * (pip == true) or apk add of the target RUN that lacks it, and stores
 * the edited file.  Returns the number of insertions in *count, or
 * RM_ENOTFOUND when there is none.
 */
static int insert_option(fix *out, const fix_context *ctx,
			 fix_dockerfile_doc *doc, bool pip, size_t *count)
{
	const char *option = pip ? "--no-cache-dir" : "--no-cache";
	edit_list edits = {0};
	df_command *cmds = NULL;
	size_t cmd_count;
	int error = RM_OK;

	*count = 0;
	if (!is_keyword(doc->target, "RUN")) {
		rm_error_set("the %s finding in '%s' at line %d is not on a RUN instruction: rescan the file",
			     ctx->finding->rule->id, ctx->finding->path,
			     ctx->finding->line);
		return RM_ENOTFOUND;
	}
	cmd_count = df_run_commands(&cmds, doc->file, doc->target);
	for (size_t c = 0; c < cmd_count && error == RM_OK; c++) {
		const df_command *cmd = &cmds[c];
		bool assigned = false;
		size_t program = df_program_index(cmd, "PIP_NO_CACHE_DIR", &assigned);
		size_t sub;
		char *text;

		/* These are the tests that the RD107 and RD108 rules in
		 * analyzers/dockerfile/dockerfile.c apply to each command. */
		if (program == cmd->word_count)
			continue;
		if (pip) {
			sub = df_pip_install_index(cmd, program);
			if (sub == cmd->word_count || assigned ||
			    df_has_no_cache_dir(cmd, program))
				continue;
		} else {
			sub = df_apk_add_index(cmd, program);
			if (sub == cmd->word_count ||
			    df_has_option(cmd, program, "--no-cache"))
				continue;
		}

		/* Exec form words are JSON strings, so the option becomes
		 * one more array element. */
		text = doc->target->form == DF_FORM_EXEC
			       ? rm_xasprintf(", \"%s\"", option)
			       : rm_xasprintf(" %s", option);
		error = edit_list_add(&edits, cmd->words[sub].range.end,
				      cmd->words[sub].range.end, text);
		free(text);
		(*count)++;
	}
	df_commands_free(cmds, cmd_count);
	if (error == RM_OK && *count == 0) {
		rm_error_set("RUN at line %d of '%s' has no %s without %s: rescan the file",
			     doc->target->line, ctx->finding->path,
			     pip ? "pip install" : "apk add", option);
		error = RM_ENOTFOUND;
	}
	if (error == RM_OK)
		error = fix_dockerfile_store(out, ctx, &edits);
	edit_list_clear(&edits);
	return error;
}

int fix_dockerfile_pip_cache(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	const char *path = ctx->finding->path;
	size_t count;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	if ((error = insert_option(out, ctx, &doc, true, &count)) < 0)
		goto done;

	out->subject = rm_xasprintf("Install pip packages without a cache in %s (RD107)",
				    path);
	out->problem = rm_xasprintf("RUN at line %d of %s runs pip install without --no-cache-dir, so pip's cache of downloaded archives and built wheels is saved in the image layer. It makes the image larger and slower to pull and scan, and is of no use at run time.",
				    doc.target->line, path);
	out->change = rm_xasprintf("Add --no-cache-dir right after `install` in %s of this RUN. The option was preferred to `ENV PIP_NO_CACHE_DIR=1`, which would also reach the running container's environment, and to a cache mount, which needs BuildKit.",
				   count == 1 ? "the pip install" : "every pip install");

done:
	fix_dockerfile_close(&doc);
	return error;
}

int fix_dockerfile_apk_cache(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	const char *path = ctx->finding->path;
	size_t count;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	if ((error = insert_option(out, ctx, &doc, false, &count)) < 0)
		goto done;

	out->subject = rm_xasprintf("Run apk add without a package cache in %s (RD108)",
				    path);
	out->problem = rm_xasprintf("RUN at line %d of %s runs apk add without --no-cache, so the package index that apk downloads stays in /var/cache/apk in the image layer, where it only adds size.",
				    doc.target->line, path);
	out->change = rm_xasprintf("Add --no-cache right after `add` in %s of this RUN: apk then uses the package index without storing it in /var/cache/apk. A separate `apk update` or `rm -rf /var/cache/apk/*` in the same RUN is now unnecessary but harmless, so it is left as it is.",
				   count == 1 ? "the apk add" : "every apk add");

done:
	fix_dockerfile_close(&doc);
	return error;
}
