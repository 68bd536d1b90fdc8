/*
 * The Dockerfile fixers: one per RD1xx rule, listed in dockerfile_fixers.
 * This file has the helpers they share (see fix_dockerfile.h) and the two
 * fixers that add lines to the final stage: an unprivileged USER (RD101)
 * and a HEALTHCHECK (RD102).  The base image fixers are in
 * dockerfile_image.c, the ones that edit a single instruction in
 * dockerfile_edit.c.
 */
#include "fixers/fix_dockerfile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixers/fixers.h"

/* --- shared helpers ------------------------------------------------------ */

int fix_dockerfile_open(fix_dockerfile_doc *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	int error;

	memset(out, 0, sizeof(*out));
	out->src = ctx->src;
	out->newline = edit_newline(ctx->src->text, ctx->src->len);
	if ((error = df_parse(&out->file, ctx->src)) < 0) {
		/* The slot is both source and target of the message. */
		char *detail = rm_xstrdup(rm_error_last());

		rm_error_set("cannot parse '%s': %s", f->path, detail);
		free(detail);
		return error;
	}
	for (size_t i = 0; i < out->file->instruction_count; i++) {
		if (out->file->instructions[i].range.start == f->start_byte) {
			out->target = &out->file->instructions[i];
			out->target_index = i;
			return RM_OK;
		}
	}
	rm_error_set("no instruction of '%s' starts at line %d column %d, where the %s finding is: rescan the file",
		     f->path, f->line, f->col + 1, f->rule->id);
	fix_dockerfile_close(out);
	return RM_ENOTFOUND;
}

void fix_dockerfile_close(fix_dockerfile_doc *doc)
{
	df_file_free(doc->file);
	memset(doc, 0, sizeof(*doc));
}

int fix_dockerfile_store(fix *out, const fix_context *ctx,
			 const edit_list *edits)
{
	char *text = NULL;
	size_t len = 0;
	int error;

	error = edit_apply(&text, &len, ctx->src->text, ctx->src->len, edits);
	if (error < 0)
		return error;
	fix_set_file(out, ctx->finding->path, text, len);
	free(text);
	return RM_OK;
}

const df_stage *fix_dockerfile_root_stage(const df_file *file,
					  const df_stage *stage)
{
	/* A stage can only name an earlier stage as its base, so the chain
	 * has at most stage_count links. */
	for (size_t steps = 0; steps < file->stage_count; steps++) {
		if (stage->base_stage < 0)
			break;
		stage = &file->stages[stage->base_stage];
	}
	return stage;
}

const char *fix_dockerfile_repository(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

static bool is_keyword(const df_instruction *ins, const char *keyword)
{
	return strcmp(ins->keyword, keyword) == 0;
}

/* Returns true when the line that starts at `start` holds only a
 * comment. */
static bool is_comment_line(const char *text, size_t len, size_t start)
{
	while (start < len && (text[start] == ' ' || text[start] == '\t'))
		start++;
	return start < len && text[start] == '#';
}

void fix_dockerfile_tail(const fix_dockerfile_doc *doc, size_t *offset,
			 const char **prefix, const char **indent,
			 size_t *indent_len)
{
	const df_file *file = doc->file;
	const df_stage *final = df_final_stage(file);
	const char *text = doc->src->text;
	size_t len = doc->src->len;
	size_t last_step = final->from, anchor = final->end;
	size_t floor, at;

	/* RUN executes as the current user, so everything after the last
	 * RUN (and after a USER the new lines must follow) stays above. */
	for (size_t i = final->from; i < final->end; i++)
		if (is_keyword(&file->instructions[i], "RUN") ||
		    is_keyword(&file->instructions[i], "USER"))
			last_step = i;
	for (size_t i = last_step + 1; i < final->end; i++) {
		if (is_keyword(&file->instructions[i], "CMD") ||
		    is_keyword(&file->instructions[i], "ENTRYPOINT")) {
			anchor = i;
			break;
		}
	}

	*prefix = "";
	if (anchor == final->end) {
		const df_instruction *last = &file->instructions[final->end - 1];

		*offset = edit_line_next(text, len, last->range.end);
		if (*offset == len && (len == 0 || text[len - 1] != '\n'))
			*prefix = doc->newline;
		*indent = text + edit_line_start(text, len, last->range.start);
		*indent_len = edit_indent_len(text, len, last->range.start);
		return;
	}

	/* Comment lines right above the anchor describe it: keep them
	 * together by inserting above them, but never above the end of the
	 * instruction before, whose heredoc or continuation may end there. */
	{
		const df_instruction *ins = &file->instructions[anchor];
		const df_instruction *before = &file->instructions[anchor - 1];

		floor = edit_line_next(text, len, before->range.end);
		at = edit_line_start(text, len, ins->range.start);
		while (at > floor) {
			size_t up = edit_line_start(text, len, at - 1);

			if (!is_comment_line(text, len, up))
				break;
			at = up;
		}
		*offset = at;
		*indent = text + edit_line_start(text, len, ins->range.start);
		*indent_len = edit_indent_len(text, len, ins->range.start);
	}
}

/* --- RD101: run as an unprivileged user ---------------------------------- */

/* Returns the length of the user part of a USER operand (up to ':'). */
static size_t user_name_len(const char *operand)
{
	return strcspn(operand, ": \t");
}

static bool is_root_user(const char *operand)
{
	size_t n = user_name_len(operand);

	return (n == 4 && strncmp(operand, "root", 4) == 0) ||
	       (n == 1 && operand[0] == '0');
}

/* Programs whose arguments name users and groups the build creates. */
static bool is_account_tool(const char *word)
{
	static const char *const tools[] = {
		"adduser", "useradd", "addgroup", "groupadd",
	};
	const char *base = fix_dockerfile_repository(word);

	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(base, tools[i]) == 0)
			return true;
	return false;
}

/*
 * Returns true when `name` already names a user or group of the
 * Dockerfile: an argument of adduser, useradd, addgroup or groupadd in
 * a RUN, or the operand of a USER.
 */
static bool name_taken(const df_file *file, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < file->instruction_count; i++) {
		const df_instruction *ins = &file->instructions[i];
		df_command *cmds = NULL;
		size_t count;
		bool taken = false;

		if (is_keyword(ins, "USER")) {
			if (user_name_len(ins->operands) == n &&
			    strncmp(ins->operands, name, n) == 0)
				return true;
			continue;
		}
		if (!is_keyword(ins, "RUN"))
			continue;
		count = df_run_commands(&cmds, file, ins);
		for (size_t c = 0; c < count && !taken; c++) {
			bool tool = false;

			for (size_t w = 0; w < cmds[c].word_count && !taken; w++) {
				const char *word = cmds[c].words[w].text;

				if (is_account_tool(word))
					tool = true;
				else if (tool && strcmp(word, name) == 0)
					taken = true;
			}
		}
		df_commands_free(cmds, count);
		if (taken)
			return true;
	}
	return false;
}

/*
 * Returns the operand of the last USER of the final stage's chain that
 * names another user than root and comes before the last USER root, or
 * NULL.  That user exists in the image already and can be used again.
 */
static const df_instruction *earlier_user(const df_file *file)
{
	const df_stage *stage = df_final_stage(file);

	for (size_t steps = 0; steps <= file->stage_count; steps++) {
		for (size_t i = stage->end; i-- > stage->from + 1;) {
			const df_instruction *ins = &file->instructions[i];

			if (is_keyword(ins, "USER") && !is_root_user(ins->operands))
				return ins;
		}
		if (stage->base_stage < 0)
			break;
		stage = &file->stages[stage->base_stage];
	}
	return NULL;
}

typedef enum base_family {
	BASE_UNKNOWN,
	BASE_ALPINE,
	BASE_DEBIAN,
} base_family;

/*
 * Tells which account tools the image of `root` has: BusyBox adduser on
 * Alpine, shadow's useradd on Debian and Ubuntu.  An image counts as
 * Alpine when its repository is alpine or its tag contains "alpine", as
 * Debian when its repository is debian or ubuntu or its tag names one
 * of their codenames.  Official images without "alpine" in the tag
 * (python, node, ruby, golang, perl, php, rust) are built on Debian.
 * Anything else, distroless images included, has unknown tools.
 */
static base_family image_family(const df_stage *root)
{
	static const char *const codenames[] = {
		"buster", "bullseye", "bookworm", "trixie", "focal", "jammy",
		"noble",
	};
	static const char *const debian_official[] = {
		"python", "node", "ruby", "golang", "perl", "php", "rust",
	};
	const char *repo, *tag;
	bool official;

	if (!root->resolved || root->scratch)
		return BASE_UNKNOWN;
	repo = fix_dockerfile_repository(root->name);
	tag = root->tag ? root->tag : "";
	if (strcmp(repo, "alpine") == 0 || strstr(tag, "alpine"))
		return BASE_ALPINE;
	if (strcmp(repo, "debian") == 0 || strcmp(repo, "ubuntu") == 0)
		return BASE_DEBIAN;
	for (size_t i = 0; i < sizeof(codenames) / sizeof(codenames[0]); i++)
		if (strstr(tag, codenames[i]))
			return BASE_DEBIAN;

	/* Official images have no namespace, or library/. */
	official = repo == root->name ||
		   (strncmp(root->name, "library/", 8) == 0 && repo == root->name + 8) ||
		   (strncmp(root->name, "docker.io/library/", 18) == 0 &&
		    repo == root->name + 18);
	if (!official || strstr(tag, "windows"))
		return BASE_UNKNOWN;
	for (size_t i = 0; i < sizeof(debian_official) / sizeof(debian_official[0]); i++)
		if (strcmp(repo, debian_official[i]) == 0)
			return BASE_DEBIAN;
	return BASE_UNKNOWN;
}

/* Returns true when a SHELL instruction of the final stage's chain
 * replaces the POSIX shell that `a && b` needs. */
static bool has_foreign_shell(const df_file *file)
{
	static const char *const posix[] = { "sh", "ash", "bash", "dash" };

	for (size_t i = 0; i < file->instruction_count; i++) {
		const df_instruction *ins = &file->instructions[i];
		bool known = false;

		if (!is_keyword(ins, "SHELL"))
			continue;
		for (size_t j = 0; ins->argc && j < sizeof(posix) / sizeof(posix[0]); j++)
			known = known || strcmp(fix_dockerfile_repository(ins->argv[0]),
						posix[j]) == 0;
		if (!known)
			return true;
	}
	return false;
}

static int plan_user(fix *out, const fix_context *ctx)
{
	static const char *const candidates[] = { "app", "appuser", "service" };
	fix_dockerfile_doc doc;
	edit_list edits = {0};
	const df_stage *final, *root;
	const df_instruction *reuse = NULL;
	const char *name = NULL, *prefix, *indent, *path = ctx->finding->path;
	size_t offset, indent_len;
	base_family family = BASE_UNKNOWN;
	char *lines = NULL;
	bool root_last;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	final = df_final_stage(doc.file);
	root = fix_dockerfile_root_stage(doc.file, final);
	root_last = is_keyword(doc.target, "USER");

	/* A user set earlier and then replaced by root can come back. */
	if (root_last)
		reuse = earlier_user(doc.file);

	if (!reuse) {
		family = image_family(root);
		if (family == BASE_UNKNOWN) {
			rm_error_set("cannot tell how to create a user in base image '%s' of '%s': only Alpine and Debian or Ubuntu based images are known; create a system user with the image's own tools and add `USER <name>` after the last RUN of the final stage",
				     root->resolved ? root->resolved : root->image, path);
			error = RM_ENOTFOUND;
			goto done;
		}
		if (has_foreign_shell(doc.file)) {
			rm_error_set("a SHELL instruction in '%s' replaces the POSIX shell that the user creation command needs: create the user in that shell's syntax and add `USER <name>` by hand",
				     path);
			error = RM_ENOTFOUND;
			goto done;
		}
		for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]) && !name; i++)
			if (!name_taken(doc.file, candidates[i]))
				name = candidates[i];
		if (!name) {
			rm_error_set("the names app, appuser and service are already users or groups in '%s': create a dedicated system user and add `USER <name>` by hand",
				     path);
			error = RM_ENOTFOUND;
			goto done;
		}
	}

	fix_dockerfile_tail(&doc, &offset, &prefix, &indent, &indent_len);
	if (reuse) {
		int n = (int)strcspn(reuse->operands, " \t");

		lines = rm_xasprintf("%s%.*sUSER %.*s%s", prefix, (int)indent_len,
				     indent, n, reuse->operands, doc.newline);
	} else if (family == BASE_ALPINE) {
		lines = rm_xasprintf("%s%.*sRUN addgroup -S %s && adduser -S -G %s -H -D %s%s%.*sUSER %s%s",
				     prefix, (int)indent_len, indent, name, name,
				     name, doc.newline, (int)indent_len, indent,
				     name, doc.newline);
	} else {
		lines = rm_xasprintf("%s%.*sRUN groupadd --system %s && useradd --system --gid %s --no-create-home --shell /usr/sbin/nologin %s%s%.*sUSER %s%s",
				     prefix, (int)indent_len, indent, name, name,
				     name, doc.newline, (int)indent_len, indent,
				     name, doc.newline);
	}
	if ((error = edit_list_add(&edits, offset, offset, lines)) < 0 ||
	    (error = fix_dockerfile_store(out, ctx, &edits)) < 0)
		goto done;

	out->subject = rm_xasprintf("Run the container as an unprivileged user in %s (RD101)",
				    path);
	if (root_last)
		out->problem = rm_xasprintf("The last USER that applies to the final stage of %s is root, so the service runs as uid 0 inside the container. A code-execution flaw in the service, such as a command injection, then gives the attacker root in the container: write access to the whole image filesystem, and a shorter way to the host through any kernel or container runtime flaw.",
					    path);
	else
		out->problem = rm_xasprintf("The final stage of %s sets no USER, so the service runs as root (uid 0) inside the container. A code-execution flaw in the service, such as a command injection, then gives the attacker root in the container: write access to the whole image filesystem, and a shorter way to the host through any kernel or container runtime flaw.",
					    path);
	if (reuse)
		out->change = rm_xasprintf("Switch back to '%.*s', the user the stage ran as before it changed to root, after the last RUN, so the steps that need root keep it and the service does not. A new user was not created because the image already has this one.",
					   (int)strcspn(reuse->operands, " \t"), reuse->operands);
	else
		out->change = rm_xasprintf("Create a system group and user '%s' (no home directory, no password, no login shell) in the final stage with the %s, and switch to it with USER after the last RUN, so the build steps keep root and the service does not. The files copied in earlier stay owned by root: the service can read them when they are world-readable in the build context (0644, as usual) but cannot modify its own code or dependencies. The user is set in the image rather than with `docker run --user` or Compose `user:`, so the image is safe by default wherever it runs.",
					   name,
					   family == BASE_ALPINE ? "BusyBox tools of the Alpine base image (addgroup, adduser)"
								 : "shadow tools of the Debian base image (groupadd, useradd)");

done:
	free(lines);
	edit_list_clear(&edits);
	fix_dockerfile_close(&doc);
	return error;
}

/* --- RD102: a health check ----------------------------------------------- */

/*
 * Returns the first TCP port that EXPOSE lists in the final stage's
 * chain (a number, optionally with /tcp), or 0 when there is none.
 * Variables and port ranges are skipped because their value is unknown
 * here or ambiguous.
 */
static long exposed_port(const df_file *file)
{
	const df_stage *stage = df_final_stage(file);
	long port = 0;

	for (size_t steps = 0; steps <= file->stage_count; steps++) {
		for (size_t i = stage->from + 1; i < stage->end && !port; i++) {
			const df_instruction *ins = &file->instructions[i];
			const char *at = ins->operands;

			if (!is_keyword(ins, "EXPOSE"))
				continue;
			while (*at) {
				size_t n = strcspn(at, " \t");
				char *end;
				long value;

				value = isdigit((unsigned char)*at) ? strtol(at, &end, 10) : 0;
				if (value > 0 && value <= 65535 &&
				    (end == at + n ||
				     ((size_t)(end - at) + 4 == n && strncmp(end, "/tcp", 4) == 0)))
					port = value;
				if (port)
					break;
				at += n;
				at += strspn(at, " \t");
			}
		}
		/* Ports of the stage itself come before inherited ones. */
		if (port || stage->base_stage < 0)
			break;
		stage = &file->stages[stage->base_stage];
	}
	return port;
}

static int plan_healthcheck(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	edit_list edits = {0};
	const df_stage *final, *root;
	const char *prefix, *indent, *path = ctx->finding->path;
	size_t offset, indent_len;
	char *lines = NULL;
	long port;
	int error;

	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	final = df_final_stage(doc.file);
	root = fix_dockerfile_root_stage(doc.file, final);

	if (is_keyword(doc.target, "HEALTHCHECK")) {
		rm_error_set("'%s' disables the health check with HEALTHCHECK NONE on purpose: replace it with a HEALTHCHECK that probes the service, or define the health check in the Compose file",
			     path);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!root->resolved || root->scratch ||
	    strcmp(fix_dockerfile_repository(root->name), "python") != 0) {
		rm_error_set("no known probe command for base image '%s' of '%s': the automatic health check uses the Python interpreter of python images; add `HEALTHCHECK CMD ...` with a program the image contains that requests the service",
			     root->resolved ? root->resolved : root->image, path);
		error = RM_ENOTFOUND;
		goto done;
	}
	if ((port = exposed_port(doc.file)) == 0) {
		rm_error_set("the final stage of '%s' exposes no TCP port, so the port to probe is unknown: add `HEALTHCHECK CMD ...` that requests the port the service listens on",
			     path);
		error = RM_ENOTFOUND;
		goto done;
	}

	/*
	 * http.client rather than urllib.request.urlopen: urlopen raises on
	 * any 4xx, so a service without a route for / would never become
	 * healthy.  Any response below 500 shows that the server still
	 * handles requests.  A refused or timed-out connection raises an
	 * exception, so Python exits with status 1.
	 */
	fix_dockerfile_tail(&doc, &offset, &prefix, &indent, &indent_len);
	lines = rm_xasprintf("%s%.*sHEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [\"python\", \"-c\", \"import http.client, sys; c = http.client.HTTPConnection('127.0.0.1', %ld, timeout=2); c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)\"]%s",
			     prefix, (int)indent_len, indent, port, doc.newline);
	if ((error = edit_list_add(&edits, offset, offset, lines)) < 0 ||
	    (error = fix_dockerfile_store(out, ctx, &edits)) < 0)
		goto done;

	out->subject = rm_xasprintf("Add a HEALTHCHECK to the final stage of %s (RD102)",
				    path);
	out->problem = rm_xasprintf("The image of %s has no HEALTHCHECK, so Docker only knows whether the service process is running, not whether it still answers. A hung or overloaded service stays in rotation and is never restarted, so a denial of service lasts until someone notices.",
				    path);
	out->change = rm_xasprintf("Add a HEALTHCHECK that sends GET / to port %ld on the loopback address every 30 seconds with a 2-second socket timeout, after a 10-second start period, and marks the container unhealthy after 3 failures. The probe uses the image's own Python interpreter, so no curl or wget is added to the image. Any HTTP status below 500 counts as healthy, because the check is about the server answering, not about the route: a refused connection, a timeout or a server error counts as a failure. The probe assumes that the service listens on 127.0.0.1 or on every address inside the container, on the port that EXPOSE names.",
				   port);

done:
	free(lines);
	edit_list_clear(&edits);
	fix_dockerfile_close(&doc);
	return error;
}

/* --- the table ----------------------------------------------------------- */

const fixer dockerfile_fixers[] = {
	{ "RD101", plan_user },
	{ "RD102", plan_healthcheck },
	{ "RD103", fix_dockerfile_add },
	{ "RD104", fix_dockerfile_secret },
	{ "RD105", fix_dockerfile_unpinned },
	{ "RD106", fix_dockerfile_end_of_life },
	{ "RD107", fix_dockerfile_pip_cache },
	{ "RD108", fix_dockerfile_apk_cache },
	{ NULL, NULL },
};
