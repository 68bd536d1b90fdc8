/*
 * Services that nothing uses, and the plan that removes one.
 *
 * A service started only because another one lists it in `depends_on`,
 * and named nowhere else, is attack surface without a purpose: the
 * sample's postgres database, which the application never connects to,
 * is the case this was written for.  The search is textual and errs on
 * the side of keeping a service: any whole-word mention of its name in
 * any file of the tree counts as a use.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "fixers/fix_compose.h"
#include "fixers/fix_compose_util.h"
#include "tree.h"

#define MAX_FILE_BYTES (16u << 20)
#define MAX_DEPTH 32

typedef struct byte_range {
	size_t start, end;
} byte_range;

typedef struct range_list {
	byte_range *items;
	size_t count;
} range_list;

static void ranges_add(range_list *list, size_t start, size_t end)
{
	list->items = rm_xrealloc(list->items, (list->count + 1) *
					       sizeof(*list->items));
	list->items[list->count++] = (byte_range){ start, end };
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* True when `word` occurs in text[0, len) as a whole word outside the
 * ranges of `skip`. */
static bool has_word(const char *text, size_t len, const char *word,
		     const range_list *skip)
{
	size_t n = strlen(word);

	if (n == 0 || n > len)
		return false;
	for (size_t at = 0; at + n <= len; at++) {
		bool skipped = false;

		if (text[at] != word[0] || memcmp(text + at, word, n) != 0)
			continue;
		if ((at > 0 && is_word_char(text[at - 1])) ||
		    (at + n < len && is_word_char(text[at + n])))
			continue;
		for (size_t i = 0; skip && i < skip->count; i++)
			if (at >= skip->items[i].start && at < skip->items[i].end)
				skipped = true;
		if (!skipped)
			return true;
	}
	return false;
}

/* --- who uses what --------------------------------------------------------- */

/* True when service `svc` names the top-level network, volume or secret
 * `name` of the section `section`. */
static bool service_uses(const compose_service *svc, const char *section,
			 const char *name)
{
	if (strcmp(section, "networks") == 0) {
		const compose_node *nets = svc->networks;

		if (nets && nets->kind == COMPOSE_MAPPING)
			return compose_get(nets, name) != NULL;
		for (size_t i = 0; nets && nets->kind == COMPOSE_SEQUENCE &&
				   i < nets->item_count; i++)
			if (compose_text_is(nets->items[i], name))
				return true;
		return false;
	}
	if (strcmp(section, "volumes") == 0) {
		for (size_t i = 0; i < svc->mount_count; i++)
			if (svc->mounts[i].source &&
			    strcmp(svc->mounts[i].source, name) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; svc->secrets && svc->secrets->kind == COMPOSE_SEQUENCE &&
			   i < svc->secrets->item_count; i++) {
		const compose_node *item = svc->secrets->items[i];

		if (compose_text_is(item, name) ||
		    compose_text_is(compose_get(item, "source"), name))
			return true;
	}
	return false;
}

/* True when only `owner` of all services uses the top-level entry. */
static bool used_only_by(const compose_file *file, const compose_service *owner,
			 const char *section, const char *name)
{
	if (!service_uses(owner, section, name))
		return false;
	for (size_t i = 0; i < file->service_count; i++)
		if (&file->services[i] != owner &&
		    service_uses(&file->services[i], section, name))
			return false;
	return true;
}

static const char *const sections[] = { "networks", "volumes", "secrets" };

/* Entries of the depends_on of `svc` that name `name`: the index in the
 * sequence's items or the mapping's entries, or -1. */
static long depends_on_index(const compose_service *svc, const char *name)
{
	const compose_node *deps = svc->depends_on;

	for (size_t i = 0; deps && deps->kind == COMPOSE_SEQUENCE &&
			   i < deps->item_count; i++)
		if (deps->items[i]->kind == COMPOSE_SCALAR &&
		    strcmp(deps->items[i]->text, name) == 0)
			return (long)i;
	for (size_t i = 0; deps && deps->kind == COMPOSE_MAPPING &&
			   i < deps->entry_count; i++)
		if (compose_text_is(deps->entries[i].key, name))
			return (long)i;
	return -1;
}

/* Ranges of the Compose file that go away with the service: its block,
 * the depends_on entries naming it, and the top-level entries only it
 * uses.  Mentions of the name there do not count as uses. */
static void removal_ranges(range_list *out, const compose_file *file,
			   const compose_service *svc)
{
	ranges_add(out, svc->key->start, svc->body->end);
	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *other = &file->services[i];
		long k = depends_on_index(other, svc->name);

		if (other == svc || k < 0)
			continue;
		if (other->depends_on->kind == COMPOSE_SEQUENCE)
			ranges_add(out, other->depends_on->items[k]->start,
				   other->depends_on->items[k]->end);
		else
			ranges_add(out, other->depends_on->entries[k].key->start,
				   other->depends_on->entries[k].value->end);
	}
	for (size_t s = 0; s < 3; s++) {
		const compose_node *map = compose_get(file->root, sections[s]);

		for (size_t i = 0; map && map->kind == COMPOSE_MAPPING &&
				   i < map->entry_count; i++) {
			const compose_pair *pair = &map->entries[i];

			if (pair->key->kind == COMPOSE_SCALAR &&
			    used_only_by(file, svc, sections[s], pair->key->text))
				ranges_add(out, pair->key->start, pair->value->end);
		}
	}
}

/* True when some file under `dir` other than `exclude` mentions `word`. */
static bool tree_mentions(const char *dir, const char *exclude,
			  const char *word, int depth)
{
	DIR *d;
	struct dirent *entry;
	bool found = false;

	if (depth > MAX_DEPTH || !(d = opendir(dir)))
		return false;
	while (!found && (entry = readdir(d))) {
		const char *name = entry->d_name;
		struct stat st;
		char *path;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    strcmp(name, ".git") == 0 || strcmp(name, ".remediate") == 0)
			continue;
		path = rm_xasprintf("%s/%s", dir, name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			found = tree_mentions(path, exclude, word, depth + 1);
		} else if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
			   st.st_size <= (off_t)MAX_FILE_BYTES &&
			   strcmp(path, exclude) != 0) {
			char *text = NULL;
			size_t len = 0;

			if (tree_read_file(&text, &len, path) == RM_OK &&
			    !memchr(text, '\0', len))
				found = has_word(text, len, word, NULL);
			free(text);
		}
		free(path);
	}
	closedir(d);
	return found;
}

/* True when the service's own block names another service, so it is a
 * client of something and presumably does work of its own. */
static const compose_service *refers_to_other(const compose_file *file,
					      const compose_service *svc)
{
	const char *text = file->src->text + svc->body->start;
	size_t len = svc->body->end - svc->body->start;

	for (size_t i = 0; i < file->service_count; i++)
		if (&file->services[i] != svc &&
		    has_word(text, len, file->services[i].name, NULL))
			return &file->services[i];
	return NULL;
}

static char *dependents(const compose_file *file, const compose_service *svc)
{
	fix_compose_text out = { 0 };

	for (size_t i = 0; i < file->service_count; i++)
		if (&file->services[i] != svc &&
		    depends_on_index(&file->services[i], svc->name) >= 0)
			fix_compose_text_addf(&out, "%s'%s'", out.len ? ", " : "",
					      file->services[i].name);
	return fix_compose_text_take(&out);
}

static int load(source **src, compose_file **file, const char *root,
		const char *compose_path)
{
	char *path = rm_xasprintf("%s/%s", root, compose_path);
	int error;

	*file = NULL;
	error = source_load(src, path, MAX_FILE_BYTES);
	free(path);
	if (error < 0)
		return error;
	free((*src)->path);
	(*src)->path = rm_xstrdup(compose_path);
	return compose_load(file, *src);
}

int fix_compose_unused_services(fix_compose_unused_list *out, const char *root,
				const char *compose_path)
{
	source *src = NULL;
	compose_file *file = NULL;
	char *full = rm_xasprintf("%s/%s", root, compose_path);
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = load(&src, &file, root, compose_path)) < 0)
		goto done;

	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *svc = &file->services[i];
		range_list skip = { 0 };
		fix_compose_unused *item;
		char *users;
		bool used;

		if (!compose_is_null(svc->build) || svc->port_count > 0 ||
		    refers_to_other(file, svc))
			continue;
		removal_ranges(&skip, file, svc);
		used = has_word(src->text, src->len, svc->name, &skip) ||
		       tree_mentions(root, full, svc->name, 0);
		free(skip.items);
		if (used)
			continue;

		users = dependents(file, svc);
		out->items = rm_xrealloc(out->items, (out->count + 1) *
						     sizeof(*out->items));
		item = &out->items[out->count++];
		item->service = rm_xstrdup(svc->name);
		item->reason = rm_xasprintf(
			"service '%s' in '%s' is not built from this tree, publishes no port and refers to no other service; %s%s, and no other file of the tree names it",
			svc->name, compose_path,
			users[0] ? "no other service names it except in the depends_on of " : "no other service names it",
			users);
		item->recommendation = rm_xasprintf(
			"remove the service%s, or, if something outside this tree uses it, write down what does",
			users[0] ? " and the depends_on entries that name it" : "");
		free(users);
	}

done:
	free(full);
	compose_free(file);
	source_free(src);
	if (error < 0)
		fix_compose_unused_list_free(out);
	return error;
}

void fix_compose_unused_list_free(fix_compose_unused_list *list)
{
	for (size_t i = 0; list && i < list->count; i++) {
		free(list->items[i].service);
		free(list->items[i].reason);
		free(list->items[i].recommendation);
	}
	if (list) {
		free(list->items);
		memset(list, 0, sizeof(*list));
	}
}

/* --- removal --------------------------------------------------------------- */

static size_t entry_index(const compose_node *map, const compose_node *value)
{
	for (size_t i = 0; i < map->entry_count; i++)
		if (map->entries[i].value == value)
			return i;
	return map->entry_count;
}

/* Removes the depends_on entries naming `name` from every other service. */
static int remove_dependencies(fix_compose_doc *doc, const compose_service *svc)
{
	const compose_file *file = doc->file;

	for (size_t i = 0; i < file->service_count; i++) {
		const compose_service *other = &file->services[i];
		const compose_node *deps = other->depends_on;
		long k = depends_on_index(other, svc->name);
		size_t n;
		int error;

		if (other == svc || k < 0)
			continue;
		n = deps->kind == COMPOSE_SEQUENCE ? deps->item_count : deps->entry_count;
		if (n == 1)
			error = fix_compose_remove_entry(doc, other->body,
							 entry_index(other->body, deps),
							 false);
		else if (deps->kind == COMPOSE_SEQUENCE)
			error = fix_compose_remove_item(doc, deps, (size_t)k);
		else
			error = fix_compose_remove_entry(doc, deps, (size_t)k, false);
		if (error < 0)
			return error;
	}
	return RM_OK;
}

/* Removes the top-level networks, volumes and secrets only `svc` uses,
 * and the whole section when nothing is left in it.  Their names go to
 * `removed`, and the indices of removed secrets (in the top-level
 * secrets' entries) to `secrets` as ranges [i, i + 1). */
static int remove_resources(fix_compose_doc *doc, const compose_service *svc,
			    fix_compose_text *removed, range_list *secrets)
{
	const compose_file *file = doc->file;

	for (size_t s = 0; s < 3; s++) {
		const compose_node *map = compose_get(file->root, sections[s]);
		size_t gone = 0, total;
		int error;

		if (!map || map->kind != COMPOSE_MAPPING || map->origin)
			continue;
		total = map->entry_count;
		for (size_t i = 0; i < total; i++)
			if (map->entries[i].key->kind == COMPOSE_SCALAR &&
			    used_only_by(file, svc, sections[s],
					 map->entries[i].key->text))
				gone++;
		if (gone == 0)
			continue;
		if (gone == total) {
			error = fix_compose_remove_entry(doc, file->root,
							 entry_index(file->root, map),
							 true);
			if (error < 0)
				return error;
		}
		for (size_t i = 0; i < total; i++) {
			const compose_pair *pair = &map->entries[i];

			if (pair->key->kind != COMPOSE_SCALAR ||
			    !used_only_by(file, svc, sections[s], pair->key->text))
				continue;
			if (gone < total &&
			    (error = fix_compose_remove_entry(doc, map, i, false)) < 0)
				return error;
			fix_compose_text_addf(removed, "%s%s %s",
					      removed->len ? ", " : "",
					      sections[s], pair->key->text);
			if (s == 2)
				ranges_add(secrets, i, i + 1);
		}
	}
	return RM_OK;
}

int fix_compose_remove_service(fix *out, const char *root,
			       const char *compose_path, const char *service)
{
	source *src = NULL;
	fix_compose_doc doc;
	const compose_service *svc;
	const compose_node *services;
	fix_compose_text removed = { 0 };
	range_list secrets = { 0 };
	char *users = NULL;
	int error;

	memset(&doc, 0, sizeof(doc));
	{
		compose_file *probe = NULL;

		error = load(&src, &probe, root, compose_path);
		compose_free(probe);
		if (error < 0)
			goto done;
	}
	if ((error = fix_compose_doc_open(&doc, src)) < 0)
		goto done;
	svc = compose_find_service(doc.file, service);
	services = compose_get(doc.file->root, "services");
	if (!svc) {
		rm_error_set("'%s' has no service '%s'", compose_path, service);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (services->entry_count < 2) {
		rm_error_set("'%s' is the only service of '%s': removing it would leave nothing to run",
			     service, compose_path);
		error = RM_EINVALID;
		goto done;
	}
	users = dependents(doc.file, svc);

	error = fix_compose_remove_entry(&doc, services,
					 entry_index(services, svc->body), true);
	if (error == RM_OK)
		error = remove_dependencies(&doc, svc);
	if (error == RM_OK)
		error = remove_resources(&doc, svc, &removed, &secrets);
	if (error < 0 || (error = fix_compose_doc_finish(&doc, out)) < 0)
		goto done;

	/* The example files the RC214 fixer wrote for secrets that are gone. */
	for (size_t i = 0; i < secrets.count; i++) {
		const compose_node *map = compose_get(doc.file->root, "secrets");
		const compose_node *def = map->entries[secrets.items[i].start].value;
		const compose_node *file = compose_get(def, "file");
		const char *slash = strrchr(compose_path, '/');
		const char *rel;
		char *example, *full;
		struct stat st;

		if (!file || file->kind != COMPOSE_SCALAR)
			continue;
		rel = strncmp(file->text, "./", 2) == 0 ? file->text + 2 : file->text;
		example = rm_xasprintf("%.*s%s.example",
				       slash ? (int)(slash - compose_path + 1) : 0,
				       compose_path, rel);
		full = rm_xasprintf("%s/%s", root, example);
		if (!strstr(example, "..") && file->text[0] != '/' &&
		    stat(full, &st) == 0 && S_ISREG(st.st_mode))
			fix_set_file(out, example, NULL, 0);
		free(full);
		free(example);
	}

	out->subject = rm_xasprintf("Remove the unused %s service from %s", service,
				    compose_path);
	out->problem = rm_xasprintf(
		"Service '%s' ran %s although nothing in the tree used it: it is not built from the tree, publishes no port, refers to no other service, and no file names it%s%s. A running service that nobody needs is attack surface and, for a database, a copy of whatever it holds, with its default settings and its own vulnerabilities.",
		service,
		svc->image && svc->image->kind == COMPOSE_SCALAR ? svc->image->text : "an image",
		users[0] ? " except the depends_on of " : "", users);
	out->change = rm_xasprintf(
		"The service's block is gone%s%s%s. Removing it was chosen over hardening it because a service that does not run cannot be attacked. If something outside this tree does use it, revert this commit and write down what uses it.",
		users[0] ? ", with the depends_on entries that named it" : "",
		removed.len ? ", and so are the top-level entries only it used: " : "",
		removed.len ? removed.data : "");

done:
	free(users);
	free(secrets.items);
	fix_compose_text_free(&removed);
	fix_compose_doc_free(&doc);
	source_free(src);
	return error;
}
