/*
 * The Dockerfile analyzer: parses a file into the model of
 * dockerfile.h and runs the RD1xx rules of rules.def over it, one
 * check function per rule.  Findings cover the offending instruction;
 * rules about something missing from the image point at the FROM of
 * the final stage.
 */
#include "dockerfile/dockerfile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyzer.h"
#include "error.h"

typedef struct check_context {
	const df_file *file;
	const source *src;
	const scan_config *cfg;
	finding_list *out;
	file_metrics *metrics;
	const rule *rule;
	char today[11];
} check_context;

typedef enum suppression {
	NOT_SUPPRESSED,
	SUPPRESSED_ALL,      /* `# nosec` */
	SUPPRESSED_RULE,     /* `# nosec RD101, RD107` naming this rule */
} suppression;

/* Returns how the comment line [start, end) suppresses rule `id`. */
static suppression nosec_comment(const char *start, const char *end,
				 const char *id)
{
	const char *at = start;
	bool any_id = false;

	while (at < end && isspace((unsigned char)*at))
		at++;
	if (at == end || *at != '#')
		return NOT_SUPPRESSED;
	for (at++; at < end && isspace((unsigned char)*at); at++)
		;
	if (end - at < 5 || strncmp(at, "nosec", 5) != 0 ||
	    (at + 5 < end && isalnum((unsigned char)at[5])))
		return NOT_SUPPRESSED;

	for (at += 5; at < end;) {
		const char *word = at;

		while (at < end && (isalnum((unsigned char)*at) || *at == '_'))
			at++;
		if (at == word) {
			at++;
			continue;
		}
		any_id = true;
		if ((size_t)(at - word) == strlen(id) &&
		    strncmp(word, id, (size_t)(at - word)) == 0)
			return SUPPRESSED_RULE;
	}
	return any_id ? NOT_SUPPRESSED : SUPPRESSED_ALL;
}

/*
 * Returns how the block of comment lines right above the line of
 * `offset` suppresses rule `id`.  A Dockerfile comment takes a whole
 * line, so `# nosec` goes on the line before the instruction, as
 * hadolint's `# hadolint ignore=` does.
 */
static suppression nosec_above(const source *src, size_t offset,
			       const char *id)
{
	int line, col;

	source_position(src, offset, &line, &col);
	for (line--; line >= 1; line--) {
		size_t len;
		const char *text = source_line(src, line, &len);
		size_t first = 0;
		suppression s;

		while (first < len && isspace((unsigned char)text[first]))
			first++;
		if (first == len || text[first] != '#')
			break;
		if ((s = nosec_comment(text, text + len, id)) != NOT_SUPPRESSED)
			return s;
	}
	return NOT_SUPPRESSED;
}

/* Appends a finding of the current rule for `range` unless a `# nosec`
 * comment suppresses it, which is counted in the metrics instead. */
static void report(check_context *cx, df_range range, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(check_context *cx, df_range range, const char *fmt, ...)
{
	char *message = NULL;
	finding *f;
	va_list ap;

	if (!cx->cfg->ignore_nosec) {
		switch (nosec_above(cx->src, range.start, cx->rule->id)) {
		case SUPPRESSED_ALL:
			cx->metrics->nosec++;
			return;
		case SUPPRESSED_RULE:
			cx->metrics->skipped_tests++;
			return;
		case NOT_SUPPRESSED:
			break;
		}
	}

	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	va_end(ap);
	f = finding_add(cx->out, cx->rule, cx->src, range.start, range.end,
			"%s", message ? message : cx->rule->message);
	free(message);
	finding_fill_code(f, cx->src, cx->cfg->context_lines);
}

static bool is_keyword(const df_instruction *ins, const char *keyword)
{
	return strcmp(ins->keyword, keyword) == 0;
}

/* Returns the image of `stage` for messages: resolved when known. */
static const char *stage_image(const df_stage *stage)
{
	return stage->resolved ? stage->resolved : stage->image;
}

/*
 * Returns the last `keyword` instruction that applies to `stage`: its
 * own, or else the one inherited from the earlier stage it is built on.
 * Sets *root to the first stage of that chain (the one on an external
 * image) when no instruction is found.
 */
static const df_instruction *last_inherited(const df_file *file,
					    const df_stage *stage,
					    const char *keyword,
					    const df_stage **root)
{
	/* Each stage may only name an earlier stage as its base, so the
	 * chain ends after at most stage_count steps. */
	for (size_t steps = 0; steps <= file->stage_count; steps++) {
		for (size_t i = stage->end; i-- > stage->from + 1;)
			if (is_keyword(&file->instructions[i], keyword))
				return &file->instructions[i];
		*root = stage;
		if (stage->base_stage < 0)
			break;
		stage = &file->stages[stage->base_stage];
	}
	return NULL;
}

/* --- RD101: the container runs as root --------------------------------- */

static void check_user(check_context *cx)
{
	const df_file *file = cx->file;
	const df_stage *final = df_final_stage(file), *root = final;
	const df_instruction *user = last_inherited(file, final, "USER", &root);
	size_t name_len;

	if (!user) {
		/* Distroless and similar images name their non-root
		 * variant in the tag and set USER themselves. */
		if (root->tag && strstr(root->tag, "nonroot"))
			return;
		report(cx, df_stage_from(file, final)->range,
		       "the final stage (FROM %s) sets no USER, so the container runs as root",
		       stage_image(final));
		return;
	}

	/* USER takes user[:group].  A variable such as $U is not resolved, so it
	 * never counts as root. */
	name_len = strcspn(user->operands, ": \t");
	if ((name_len == 4 && strncmp(user->operands, "root", 4) == 0) ||
	    (name_len == 1 && user->operands[0] == '0'))
		report(cx, user->range,
		       "the last USER of the final stage is '%.*s', so the container runs as root",
		       (int)strcspn(user->operands, " \t"), user->operands);
}

/* --- RD102: no health check -------------------------------------------- */

static void check_healthcheck(check_context *cx)
{
	const df_file *file = cx->file;
	const df_stage *final = df_final_stage(file), *root = final;
	const df_instruction *hc = last_inherited(file, final, "HEALTHCHECK",
						  &root);

	if (!hc) {
		report(cx, df_stage_from(file, final)->range,
		       "the final stage (FROM %s) has no HEALTHCHECK",
		       stage_image(final));
		return;
	}
	if (hc->form == DF_FORM_NONE && strncasecmp(hc->operands, "NONE", 4) == 0)
		report(cx, hc->range,
		       "HEALTHCHECK NONE disables the health check of the final stage");
}

/* --- RD103: ADD where COPY serves -------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Returns true for a source that ADD fetches or unpacks, or that cannot
 * be judged statically (a variable). */
static bool add_needed(const char *source)
{
	/* Compressions ADD detects when it unpacks a local tar archive. */
	static const char *const archives[] = {
		".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2",
		".tar.xz", ".txz", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz",
		".zst", ".lz", ".lzma", ".tlz", ".Z", ".tZ",
	};

	if (strstr(source, "://") || strncmp(source, "git@", 4) == 0 ||
	    strchr(source, '$'))
		return true;
	for (size_t i = 0; i < sizeof(archives) / sizeof(archives[0]); i++)
		if (has_suffix(source, archives[i]))
			return true;
	return false;
}

static void check_add(check_context *cx)
{
	const df_file *file = cx->file;

	for (size_t i = 0; i < file->instruction_count; i++) {
		const df_instruction *ins = &file->instructions[i];
		df_command *cmds = NULL;
		size_t count = 0, sources = 0;
		bool needed = false;
		const char *first = NULL;

		if (!is_keyword(ins, "ADD") || df_find_flag(ins, "checksum") ||
		    df_find_flag(ins, "keep-git-dir"))
			continue;

		if (ins->form == DF_FORM_EXEC) {
			sources = ins->argc ? ins->argc - 1 : 0;
			for (size_t j = 0; j < sources; j++)
				needed = needed || add_needed(ins->argv[j]);
			first = sources ? ins->argv[0] : NULL;
		} else {
			/* Heredoc sources hold inline text, which COPY
			 * takes as well; only the other words are paths. */
			count = df_run_commands(&cmds, file, ins);
			if (count == 1 && cmds[0].word_count >= 1) {
				const df_command *c = &cmds[0];

				sources = c->word_count - 1;
				for (size_t j = 0; j < sources; j++)
					needed = needed || add_needed(c->words[j].text);
				first = sources ? c->words[0].text : NULL;
			}
			sources += ins->heredoc_count;
		}

		if (sources && !needed) {
			if (first)
				report(cx, ins->range,
				       "ADD of local '%s' neither downloads nor unpacks anything: use COPY",
				       first);
			else
				report(cx, ins->range,
				       "ADD of a heredoc neither downloads nor unpacks anything: use COPY");
		}
		df_commands_free(cmds, count);
	}
}

/* --- RD104: secrets in ENV or ARG -------------------------------------- */

/* Returns true when `name` has a word (split at '_', '-', '.') that names
 * a secret, and does not end in a word that names a place to find one. */
static bool is_secret_name(const char *name)
{
	static const char *const nouns[] = {
		"PASSWORD", "PASSWORDS", "PASSWD", "SECRET", "SECRETS", "TOKEN",
		"TOKENS", "APIKEY", "CREDENTIAL", "CREDENTIALS",
	};
	static const char *const key_owners[] = {
		"API", "ACCESS", "PRIVATE", "CLIENT", "SECRET",
	};
	static const char *const pointers[] = { "FILE", "PATH", "DIR" };
	char words[16][32];
	size_t count = 0, len = 0;
	bool secret = false;

	for (const char *c = name;; c++) {
		if (*c && (isalnum((unsigned char)*c))) {
			if (len + 1 < sizeof(words[0]))
				words[count][len++] = (char)toupper((unsigned char)*c);
			continue;
		}
		if (len) {
			words[count][len] = '\0';
			if (++count == sizeof(words) / sizeof(words[0]))
				break;
			len = 0;
		}
		if (!*c)
			break;
	}
	if (count == 0)
		return false;
	for (size_t i = 0; i < sizeof(pointers) / sizeof(pointers[0]); i++)
		if (strcmp(words[count - 1], pointers[i]) == 0)
			return false;

	for (size_t w = 0; w < count; w++) {
		for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
			secret = secret || strcmp(words[w], nouns[i]) == 0;
		/* DBPASSWORD, MYSECRET: the word contains the noun. */
		secret = secret || strstr(words[w], "PASSWORD") ||
			 strstr(words[w], "PASSWD") || strstr(words[w], "SECRET");
		if (w > 0 && strcmp(words[w], "KEY") == 0)
			for (size_t i = 0; i < sizeof(key_owners) / sizeof(key_owners[0]); i++)
				secret = secret || strcmp(words[w - 1], key_owners[i]) == 0;
	}
	return secret;
}

/* Returns true when `value` is only a variable reference, $NAME or
 * ${NAME}, which moves the secret elsewhere rather than storing it. */
static bool is_reference(const char *value)
{
	size_t n = strlen(value), first = value[1] == '{' ? 2 : 1;
	size_t last = value[1] == '{' ? n - 1 : n;

	if (value[0] != '$' || last <= first)
		return false;
	if (value[1] == '{' && value[n - 1] != '}')
		return false;
	for (size_t i = first; i < last; i++)
		if (!isalnum((unsigned char)value[i]) && value[i] != '_')
			return false;
	return true;
}

static void check_secrets(check_context *cx)
{
	const df_file *file = cx->file;

	for (size_t i = 0; i < file->instruction_count; i++) {
		const df_instruction *ins = &file->instructions[i];
		bool is_env = is_keyword(ins, "ENV");

		if (!is_env && !is_keyword(ins, "ARG"))
			continue;
		for (size_t j = 0; j < ins->pair_count; j++) {
			const df_pair *pair = &ins->pairs[j];

			/* The value itself never goes into the message,
			 * which ends up in logs and reports. */
			if (!pair->value || !*pair->value ||
			    is_reference(pair->value) ||
			    !is_secret_name(pair->key))
				continue;
			report(cx, ins->range,
			       is_env ? "possible secret: ENV sets '%s' to a literal value, which is stored in the image configuration"
				      : "possible secret: ARG gives '%s' a literal default, which is stored in the image history",
			       pair->key);
		}
	}
}

/* --- RD105: base image without tag or with 'latest' -------------------- */

static void check_base_tag(check_context *cx)
{
	const df_file *file = cx->file;

	for (size_t i = 0; i < file->stage_count; i++) {
		const df_stage *stage = &file->stages[i];
		df_range range = df_stage_from(file, stage)->range;

		if (!stage->resolved || stage->scratch || stage->base_stage >= 0 ||
		    stage->digest)
			continue;
		if (!stage->tag)
			report(cx, range,
			       "base image '%s' has no tag, so each build may pull a different image",
			       stage->resolved);
		else if (strcmp(stage->tag, "latest") == 0)
			report(cx, range,
			       "base image '%s' uses the moving 'latest' tag, so each build may pull a different image",
			       stage->resolved);
	}
}

/* --- RD106: base image past end of life -------------------------------- */

static void check_eol(check_context *cx)
{
	const df_file *file = cx->file;

	for (size_t i = 0; i < file->stage_count; i++) {
		const df_stage *stage = &file->stages[i];
		df_eol_match matches[2];
		char parts[2][160];
		size_t count, expired = 0;

		if (!stage->resolved || stage->scratch || stage->base_stage >= 0)
			continue;
		count = df_eol_lookup(matches, 2, stage->name, stage->tag);
		for (size_t j = 0; j < count; j++) {
			const df_eol_match *m = &matches[j];

			if (strcmp(m->row->eol, cx->today) > 0)
				continue;
			if (m->older)
				snprintf(parts[expired++], sizeof(parts[0]),
					 "%s %s, older than %s %s, which reached end of life on %s",
					 m->row->product, m->release,
					 m->row->product, m->row->cycle,
					 m->row->eol);
			else
				snprintf(parts[expired++], sizeof(parts[0]),
					 "%s %s, which reached end of life on %s",
					 m->row->product, m->release, m->row->eol);
		}
		if (expired == 1)
			report(cx, df_stage_from(file, stage)->range,
			       "base image '%s' runs %s", stage->resolved,
			       parts[0]);
		else if (expired == 2)
			report(cx, df_stage_from(file, stage)->range,
			       "base image '%s' runs %s, and %s", stage->resolved,
			       parts[0], parts[1]);
	}
}

/* --- RD107 and RD108: package caches left in the image ----------------- */

/* Returns true when a RUN --mount=type=cache targets a path containing
 * one of the `paths` (NULL-terminated). */
static bool has_cache_mount(const df_instruction *ins,
			    const char *const *paths)
{
	for (size_t i = 0; i < ins->flag_count; i++) {
		const df_flag *flag = &ins->flags[i];

		if (strcmp(flag->name, "mount") != 0 || !flag->value ||
		    !strstr(flag->value, "type=cache"))
			continue;
		for (const char *const *p = paths; *p; p++)
			if (strstr(flag->value, *p))
				return true;
	}
	return false;
}

/* Returns true when ENV sets PIP_NO_CACHE_DIR to a true value before
 * instruction `index`, in its stage or a stage it is built on. */
static bool env_disables_pip_cache(const df_file *file, size_t index)
{
	const df_stage *stage = &file->stages[file->instructions[index].stage];
	size_t end = index;

	for (size_t steps = 0; steps <= file->stage_count; steps++) {
		for (size_t i = end; i-- > stage->from + 1;) {
			const df_instruction *ins = &file->instructions[i];

			if (!is_keyword(ins, "ENV"))
				continue;
			for (size_t j = ins->pair_count; j-- > 0;)
				if (strcmp(ins->pairs[j].key, "PIP_NO_CACHE_DIR") == 0)
					return ins->pairs[j].value &&
					       df_is_truthy(ins->pairs[j].value);
		}
		if (stage->base_stage < 0)
			break;
		stage = &file->stages[stage->base_stage];
		end = stage->end;
	}
	return false;
}

static void check_package_caches(check_context *cx, bool pip)
{
	static const char *const pip_caches[] = { "/.cache", NULL };
	static const char *const apk_caches[] = {
		"/var/cache/apk", "/etc/apk/cache", NULL,
	};
	const df_file *file = cx->file;

	for (size_t i = 0; i < file->instruction_count; i++) {
		const df_instruction *ins = &file->instructions[i];
		df_command *cmds = NULL;
		size_t count;
		bool flagged = false;

		if (!is_keyword(ins, "RUN") || ins->stage < 0 ||
		    has_cache_mount(ins, pip ? pip_caches : apk_caches))
			continue;
		if (pip && env_disables_pip_cache(file, i))
			continue;

		count = df_run_commands(&cmds, file, ins);
		for (size_t c = 0; c < count && !flagged; c++) {
			const df_command *cmd = &cmds[c];
			bool assigned = false;
			size_t program = df_program_index(cmd, "PIP_NO_CACHE_DIR",
							  &assigned);

			if (program == cmd->word_count)
				continue;
			if (pip && df_pip_install_index(cmd, program) < cmd->word_count &&
			    !assigned && !df_has_no_cache_dir(cmd, program)) {
				report(cx, ins->range,
				       "'%s install' runs without --no-cache-dir, so pip's cache stays in the image layer",
				       df_base_name(cmd->words[program].text));
				flagged = true;
			} else if (!pip && df_apk_add_index(cmd, program) < cmd->word_count &&
				   !df_has_option(cmd, program, "--no-cache")) {
				report(cx, ins->range,
				       "'apk add' runs without --no-cache, so the package index stays in the image layer");
				flagged = true;
			}
		}
		df_commands_free(cmds, count);
	}
}

static void check_pip_cache(check_context *cx)
{
	check_package_caches(cx, true);
}

static void check_apk_cache(check_context *cx)
{
	check_package_caches(cx, false);
}

/* --- the analyzer ------------------------------------------------------ */

static const struct {
	const char *id;
	void (*check)(check_context *cx);
} checks[] = {
	{ "RD101", check_user },
	{ "RD102", check_healthcheck },
	{ "RD103", check_add },
	{ "RD104", check_secrets },
	{ "RD105", check_base_tag },
	{ "RD106", check_eol },
	{ "RD107", check_pip_cache },
	{ "RD108", check_apk_cache },
};

static int analyze(void *state, const source *src, const scan_config *cfg,
		   finding_list *out, file_metrics *metrics)
{
	check_context cx;
	df_file *file = NULL;
	int error;

	(void)state;
	if ((error = df_parse(&file, src)) < 0)
		return error;

	memset(&cx, 0, sizeof(cx));
	cx.file = file;
	cx.src = src;
	cx.cfg = cfg;
	cx.out = out;
	cx.metrics = metrics;
	df_scan_date(cx.today);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if (!scan_rule_enabled(cfg, checks[i].id))
			continue;
		cx.rule = catalog_find(checks[i].id);
		checks[i].check(&cx);
	}
	metrics->loc = file->loc;
	df_file_free(file);
	return RM_OK;
}

const analyzer dockerfile_analyzer = {
	.target = TARGET_DOCKERFILE,
	.thread_new = NULL,
	.thread_free = NULL,
	.analyze = analyze,
};
