/*
 * The RC214 fixer: moves a secret written into a service's `environment`
 * out of the Compose file.
 *
 * When the image reads the variable from a file named by VAR_FILE (the
 * official postgres, mysql and mariadb images do), the variable becomes
 * VAR_FILE=/run/secrets/NAME with a Compose secret read from
 * ./secrets/NAME.txt, so the value never enters the container's
 * environment.  Otherwise the variable moves to an `env_file: .env`.  In
 * both cases the real file is listed in .gitignore (and in .dockerignore
 * when a service's build context would copy it into an image) and an
 * example file without the value is written next to it.  The old value
 * is written nowhere in the new tree.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixers/fix_compose.h"
#include "fixers/fix_compose_util.h"
#include "tree.h"

/* Images whose entrypoint reads VAR from the file named by VAR_FILE, and
 * the secret variables it does that for (docker-library entrypoints,
 * function file_env).  NOTE: only the postgres entry is exercised by the
 * tests; the mysql and mariadb lists follow those images' documentation. */
static const struct {
	const char *image;
	const char *vars[5];
} file_images[] = {
	{ "postgres", { "POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB" } },
	{ "mysql", { "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "MYSQL_USER" } },
	{ "mariadb", { "MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD",
		       "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "MARIADB_USER" } },
};

static bool reads_file_variant(const char *image, const char *var)
{
	if (!image)
		return false;
	for (size_t i = 0; i < sizeof(file_images) / sizeof(file_images[0]); i++) {
		if (strcmp(file_images[i].image, image) != 0)
			continue;
		for (size_t j = 0; j < 5 && file_images[i].vars[j]; j++)
			if (strcmp(file_images[i].vars[j], var) == 0)
				return true;
	}
	return false;
}

/* The state of one RC214 fix. */
typedef struct secret_fix {
	fix_compose_doc doc;
	const fix_context *ctx;
	const compose_service *svc;
	const compose_env *var;
	char *image;
	char *dir;               /* the Compose file's folder, "" for the root */
	char *secret;            /* the secret's name */
} secret_fix;

/* "dir/name", or "name" when dir is empty; the caller frees it. */
static char *in_dir(const secret_fix *sx, const char *name)
{
	return sx->dir[0] ? rm_xasprintf("%s/%s", sx->dir, name) : rm_xstrdup(name);
}

/*
 * Adds each of `lines` that `path` does not contain as a whole line yet
 * to the plan's version of the file, or to the file on disk, or to a
 * new file starting with `header`.
 */
static void ensure_lines(fix *out, const char *root, const char *path,
			 const char *header, const char *const *lines,
			 size_t count)
{
	const fix_file *planned = fix_get_file(out, path);
	fix_compose_text text = { 0 };
	char *disk = NULL, *full;
	size_t len = 0;

	if (planned && planned->content) {
		fix_compose_text_add(&text, planned->content);
	} else {
		full = rm_xasprintf("%s/%s", root, path);
		if (tree_read_file(&disk, &len, full) == RM_OK)
			fix_compose_text_add(&text, disk);
		else
			fix_compose_text_add(&text, header);
		free(full);
		free(disk);
	}
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(lines[i]);
		bool present = false;

		for (const char *at = text.data; at && (at = strstr(at, lines[i]));
		     at += n) {
			bool starts = at == text.data || at[-1] == '\n';
			bool ends = at[n] == '\0' || at[n] == '\n' || at[n] == '\r';

			if (starts && ends)
				present = true;
		}
		if (present)
			continue;
		if (text.len && text.data[text.len - 1] != '\n')
			fix_compose_text_add(&text, "\n");
		fix_compose_text_addf(&text, "%s\n", lines[i]);
	}
	fix_set_file(out, path, text.data, text.len);
	fix_compose_text_free(&text);
}

/* True when a service builds from the Compose file's own folder, whose
 * files `COPY . .` would then put into the image. */
static bool builds_from_compose_dir(const compose_file *file)
{
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_node *build = file->services[i].build;
		const compose_node *context = build && build->kind == COMPOSE_MAPPING ?
					      compose_get(build, "context") : build;

		if (compose_is_null(build))
			continue;
		if (build->kind == COMPOSE_MAPPING && compose_is_null(context))
			return true;
		if (context && context->kind == COMPOSE_SCALAR &&
		    (strcmp(context->text, ".") == 0 ||
		     strcmp(context->text, "./") == 0))
			return true;
	}
	return false;
}

/* Returns the index of the variable in the `environment` mapping. */
static size_t env_entry_index(const compose_node *env, const compose_env *var)
{
	for (size_t i = 0; i < env->entry_count; i++)
		if (env->entries[i].value == var->node)
			return i;
	return env->entry_count;
}

static size_t item_index(const compose_node *seq, const compose_node *item)
{
	for (size_t i = 0; i < seq->item_count; i++)
		if (seq->items[i] == item)
			return i;
	return seq->item_count;
}

/* Writes `text` where `node` is, in the node's own quoting. */
static int replace_keeping_quotes(secret_fix *sx, const compose_node *node,
				  const char *text)
{
	char quote = sx->ctx->src->text[node->start];
	char saved = sx->doc.quote;
	char *written;
	int error;

	if (node->plain) {
		written = rm_xstrdup(text);
	} else {
		sx->doc.quote = quote == '\'' ? '\'' : '"';
		written = fix_compose_quote(&sx->doc, text);
		sx->doc.quote = saved;
	}
	error = fix_compose_replace(&sx->doc, node->start, node->end, written);
	free(written);
	return error;
}

/* --- VAR_FILE and a Compose secret ----------------------------------------- */

/* True when the line above the one holding `offset` is blank. */
static bool blank_line_above(const source *src, size_t offset)
{
	size_t line = edit_line_start(src->text, src->len, offset);
	size_t prev;

	if (line == 0)
		return false;
	prev = edit_line_start(src->text, src->len, line - 1);
	for (size_t at = prev; at < line - 1; at++)
		if (src->text[at] != ' ' && src->text[at] != '\t' &&
		    src->text[at] != '\r')
			return false;
	return true;
}

static bool service_has_secret(const compose_service *svc, const char *name)
{
	const compose_node *list = svc->secrets;

	for (size_t i = 0; list && list->kind == COMPOSE_SEQUENCE &&
			   i < list->item_count; i++) {
		const compose_node *item = list->items[i];

		if (compose_text_is(item, name) ||
		    compose_text_is(compose_get(item, "source"), name))
			return true;
	}
	return false;
}

/* Picks the secret's name: the variable in lower case, or prefixed with
 * the service when the file already has a different secret of that name.
 * Returns false when both names are taken. */
static bool choose_secret_name(secret_fix *sx)
{
	const compose_node *secrets = sx->doc.file->secrets;
	char *names[2];
	bool chosen = false;

	names[0] = rm_xstrdup(sx->var->name);
	for (char *p = names[0]; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	names[1] = rm_xasprintf("%s_%s", sx->svc->name, names[0]);
	for (size_t i = 0; i < 2 && !chosen; i++) {
		const compose_node *def = compose_get(secrets, names[i]);
		char *file = rm_xasprintf("./secrets/%s.txt", names[i]);

		if (!def || compose_text_is(compose_get(def, "file"), file)) {
			sx->secret = names[i];
			names[i] = NULL;
			chosen = true;
		}
		free(file);
	}
	free(names[0]);
	free(names[1]);
	return chosen;
}

static int plan_file_secret(fix *out, secret_fix *sx)
{
	const compose_service *svc = sx->svc;
	const compose_node *env = svc->environment;
	const compose_file *file = sx->doc.file;
	char *file_var = rm_xasprintf("%s_FILE", sx->var->name);
	char *target = NULL, *secret_file = NULL, *example = NULL, *path = NULL;
	int error;

	if (!choose_secret_name(sx)) {
		rm_error_set("the file already defines other secrets named like %s of service '%s': move the value to a secret by hand",
			     sx->var->name, svc->name);
		error = RM_ENOTFOUND;
		goto done;
	}
	target = rm_xasprintf("/run/secrets/%s", sx->secret);
	secret_file = rm_xasprintf("./secrets/%s.txt", sx->secret);

	/* The variable: VAR: value becomes VAR_FILE: /run/secrets/NAME. */
	if (env->kind == COMPOSE_MAPPING) {
		size_t i = env_entry_index(env, sx->var);

		if (i == env->entry_count) {
			rm_error_set("cannot find variable %s in the environment of service '%s'",
				     sx->var->name, svc->name);
			error = RM_ENOTFOUND;
			goto done;
		}
		error = replace_keeping_quotes(sx, env->entries[i].key, file_var);
		if (error == RM_OK)
			error = fix_compose_replace(&sx->doc, sx->var->node->start,
						    sx->var->node->end, target);
	} else {
		char *item = rm_xasprintf("%s=%s", file_var, target);

		error = replace_keeping_quotes(sx, sx->var->node, item);
		free(item);
	}
	if (error < 0)
		goto done;

	/* The service's list of secrets. */
	if (compose_is_null(svc->secrets)) {
		const char *items[] = { sx->secret };
		fix_compose_entry entry = { .key = "secrets", .items = items,
					    .item_count = 1 };

		error = fix_compose_add_entries(&sx->doc, svc->body,
						fix_compose_key_column(&sx->doc, svc),
						&entry, 1);
	} else if (!service_has_secret(svc, sx->secret)) {
		error = fix_compose_append_item(&sx->doc, svc->secrets, sx->secret);
	}
	if (error < 0)
		goto done;

	/* The top-level definition, after a blank line when the file
	 * separates its top-level keys that way. */
	if (!compose_get(file->secrets, sx->secret)) {
		fix_compose_entry leaf = { .key = "file", .scalar = secret_file };
		fix_compose_entry def = { .key = sx->secret, .children = &leaf,
					  .child_count = 1 };

		if (file->secrets && file->secrets->kind == COMPOSE_MAPPING) {
			error = fix_compose_add_entries(&sx->doc, file->secrets,
							compose_key_indent(file->secrets),
							&def, 1);
		} else if (compose_get_pair(file->root, "secrets")) {
			rm_error_set("the top-level 'secrets' of '%s' is not a mapping: define secret %s by hand",
				     sx->ctx->finding->path, sx->secret);
			error = RM_ENOTFOUND;
		} else {
			fix_compose_entry top = { .key = "secrets", .children = &def,
						  .child_count = 1 };
			size_t offset;
			bool newline_first;

			if (blank_line_above(sx->ctx->src, file->root->entries[
				    file->root->entry_count - 1].key->start) &&
			    compose_insert_offset(file, file->root, &offset,
						  &newline_first) == RM_OK)
				fix_compose_insert_text(&sx->doc, offset, sx->doc.newline);
			error = fix_compose_add_entries(&sx->doc, file->root,
							file->root->entries[0].key->col,
							&top, 1);
		}
		if (error < 0)
			goto done;
	}
	if ((error = fix_compose_doc_finish(&sx->doc, out)) < 0)
		goto done;

	/* The example file and the ignore lists. */
	{
		const char *ignore[] = { "secrets/*.txt" };
		const char *docker_ignore[] = { "secrets/" };
		static const char placeholder[] =
			"replace-this-line-with-the-secret-and-save-as-the-file-without-.example\n";

		example = rm_xasprintf("secrets/%s.txt.example", sx->secret);
		path = in_dir(sx, example);
		fix_set_file(out, path, placeholder, sizeof(placeholder) - 1);
		free(path);
		path = in_dir(sx, ".gitignore");
		ensure_lines(out, sx->ctx->root, path,
			     "# Secrets and local settings that must not be committed.\n",
			     ignore, 1);
		free(path);
		if (builds_from_compose_dir(file)) {
			path = in_dir(sx, ".dockerignore");
			ensure_lines(out, sx->ctx->root, path, "", docker_ignore, 1);
			free(path);
			path = NULL;
		}
	}

	out->subject = rm_xasprintf("Move %s to a secret in %s (RC214)",
				    sx->var->name, sx->ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' had the value of %s written in %s, so everyone who can read the repository knew it, and it showed in `docker inspect` and in the environment of every process in the container.",
		svc->name, sx->var->name, sx->ctx->finding->path);
	out->change = rm_xasprintf(
		"The service now sets %s=%s, which the %s image's entrypoint reads in place of %s, and gets the Compose secret %s from %s. That file is listed in .gitignore and is not part of this commit%s; %s shows where it goes. Create it before starting the service, for example with `openssl rand -base64 32 > %s` (the entrypoint strips the final newline). A Compose secret was chosen over an .env file because the value then never enters the container's environment. The old value is still in the history of the input repository, so treat it as leaked and change it.%s",
		file_var, target, sx->image, sx->var->name, sx->secret,
		secret_file,
		builds_from_compose_dir(file) ? ", and it is listed in .dockerignore, so `COPY . .` does not put it into an image" : "",
		example, secret_file + 2,
		strcmp(sx->image, "postgres") == 0 ?
		" postgres reads the password only when it initialises an empty data directory, so for an existing database also run ALTER USER ... PASSWORD with the new value." : "");

done:
	free(file_var);
	free(target);
	free(secret_file);
	free(example);
	return error;
}

/* --- an env_file ----------------------------------------------------------- */

static bool lists_env_file(const compose_node *env_file)
{
	if (compose_text_is(env_file, ".env") || compose_text_is(env_file, "./.env"))
		return true;
	for (size_t i = 0; env_file && env_file->kind == COMPOSE_SEQUENCE &&
			   i < env_file->item_count; i++)
		if (compose_text_is(env_file->items[i], ".env") ||
		    compose_text_is(env_file->items[i], "./.env"))
			return true;
	return false;
}

static int plan_env_file(fix *out, secret_fix *sx)
{
	const compose_service *svc = sx->svc;
	const compose_node *env = svc->environment;
	size_t count = env->kind == COMPOSE_MAPPING ? env->entry_count : env->item_count;
	char *line = NULL, *path = NULL;
	int error;

	/* Remove the variable, or the whole `environment` when it was the
	 * only one: docker-compose rejects an empty environment. */
	if (count == 1) {
		size_t i;

		for (i = 0; i < svc->body->entry_count; i++)
			if (svc->body->entries[i].value == env)
				break;
		error = fix_compose_remove_entry(&sx->doc, svc->body, i, false);
	} else if (env->kind == COMPOSE_MAPPING) {
		error = fix_compose_remove_entry(&sx->doc, env,
						 env_entry_index(env, sx->var), false);
	} else {
		error = fix_compose_remove_item(&sx->doc, env,
						item_index(env, sx->var->node));
	}
	if (error < 0)
		goto done;

	if (compose_is_null(svc->env_file)) {
		fix_compose_entry entry = { .key = "env_file", .scalar = ".env" };

		error = fix_compose_add_entries(&sx->doc, svc->body,
						fix_compose_key_column(&sx->doc, svc),
						&entry, 1);
	} else if (!lists_env_file(svc->env_file)) {
		if (svc->env_file->kind == COMPOSE_SEQUENCE) {
			error = fix_compose_append_item(&sx->doc, svc->env_file, ".env");
		} else {
			char *list = rm_xasprintf("[%.*s, .env]",
						  (int)(svc->env_file->end -
							svc->env_file->start),
						  sx->ctx->src->text + svc->env_file->start);

			error = fix_compose_replace(&sx->doc, svc->env_file->start,
						    svc->env_file->end, list);
			free(list);
		}
	}
	if (error < 0 || (error = fix_compose_doc_finish(&sx->doc, out)) < 0)
		goto done;

	line = rm_xasprintf("%s=", sx->var->name);
	{
		const char *lines[] = { line };
		const char *ignore[] = { ".env" };

		path = in_dir(sx, ".env.example");
		ensure_lines(out, sx->ctx->root, path,
			     "# Copy this file to .env and fill in the values; .env is not committed.\n",
			     lines, 1);
		free(path);
		path = in_dir(sx, ".gitignore");
		ensure_lines(out, sx->ctx->root, path,
			     "# Secrets and local settings that must not be committed.\n",
			     ignore, 1);
		free(path);
		path = NULL;
		if (builds_from_compose_dir(sx->doc.file)) {
			path = in_dir(sx, ".dockerignore");
			ensure_lines(out, sx->ctx->root, path, "", ignore, 1);
			free(path);
			path = NULL;
		}
	}

	out->subject = rm_xasprintf("Move %s of %s to .env in %s (RC214)",
				    sx->var->name, svc->name, sx->ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' had the value of %s written in %s, so everyone who can read the repository knew it, and it showed in `docker inspect`.",
		svc->name, sx->var->name, sx->ctx->finding->path);
	out->change = rm_xasprintf(
		"The variable now comes from `env_file: .env`, which is listed in .gitignore and is not part of this commit; .env.example lists its name without a value. Copy .env.example to .env and fill in the value before starting the service: docker-compose refuses to start it while .env is missing. A *_FILE variable with a Compose secret would keep the value out of the environment altogether, but %s is not known to read one. The old value is still in the history of the input repository, so treat it as leaked and change it.",
		sx->image ? sx->image : "the image");

done:
	free(line);
	return error;
}

int fix_compose_secret(fix *out, const fix_context *ctx)
{
	secret_fix sx;
	const char *slash = strrchr(ctx->finding->path, '/');
	int error;

	memset(&sx, 0, sizeof(sx));
	sx.ctx = ctx;
	sx.dir = rm_xstrndup(ctx->finding->path,
			     slash ? (size_t)(slash - ctx->finding->path) : 0);
	if ((error = fix_compose_doc_open(&sx.doc, ctx->src)) < 0)
		goto done;
	sx.svc = fix_compose_service_of(sx.doc.file, ctx->finding);
	for (size_t i = 0; sx.svc && i < sx.svc->env_count; i++)
		if (sx.svc->env[i].value_start == ctx->finding->start_byte &&
		    sx.svc->env[i].value_end == ctx->finding->end_byte)
			sx.var = &sx.svc->env[i];
	if (!sx.var) {
		rm_error_set("cannot find the environment variable of the RC214 finding at '%s' line %d",
			     ctx->finding->path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!fix_compose_node_within(sx.svc->environment, sx.svc->body->start,
				     sx.svc->body->end)) {
		rm_error_set("the environment of service '%s' comes from an anchor or alias at line %d that other services may share: move %s out of it by hand",
			     sx.svc->name, sx.svc->environment->line, sx.var->name);
		error = RM_ENOTFOUND;
		goto done;
	}
	sx.image = fix_compose_image_name(sx.svc);

	if (reads_file_variant(sx.image, sx.var->name))
		error = plan_file_secret(out, &sx);
	else
		error = plan_env_file(out, &sx);

done:
	free(sx.image);
	free(sx.dir);
	free(sx.secret);
	fix_compose_doc_free(&sx.doc);
	return error;
}
