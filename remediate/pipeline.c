/*
 * The remediation pipeline.
 *
 * The new tree is built in a sibling folder, AFTER.remediate-tmp, and
 * moved to AFTER only when it is complete, so an interrupted run never
 * leaves a half-built AFTER behind: AFTER is either the previous output
 * or the new one, and the next run removes the leftover folder.
 *
 * Fixes are applied one at a time.  After every commit the whole tree is
 * scanned again and the next finding is picked from that scan, in the
 * order severity (highest first), file, line, so line numbers are always
 * current.  A plan is accepted only when the edited files still parse,
 * the finding's rule has fewer findings in its file than before, and no
 * rule has more (apart from the residual findings a fixer declares).
 */
#include "pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "error.h"
#include "fixer.h"
#include "pipeline_internal.h"
#include "scan.h"
#include "tree.h"
#include "writers/writers.h"

/* --- scanning the tree ---------------------------------------------------- */

/* Rewrites "ROOT/dir/file" to "dir/file" in every path of the result. */
static void rescope_path(char **path, const char *root)
{
	size_t n = strlen(root);

	if (strncmp(*path, root, n) == 0 && (*path)[n] == '/')
		memmove(*path, *path + n + 1, strlen(*path + n + 1) + 1);
	else if (strcmp(*path, root) == 0)
		strcpy(*path, ".");
}

/* Removes every "ROOT/" from a message, so reasons that quote a path name
 * it relative to the tree rather than by the temporary build folder. */
static void strip_root(char **text, const char *root)
{
	char *prefix = rm_xasprintf("%s/", root);
	size_t n = strlen(prefix);
	char *hit;

	while ((hit = strstr(*text, prefix)))
		memmove(hit, hit + n, strlen(hit + n) + 1);
	free(prefix);
}

int pipeline_scan_tree(scan_result *out, const char *root)
{
	scan_config cfg;
	const char *paths[] = { root };
	int error;

	scan_config_init(&cfg);
	/* The tool's own records are not part of the service. */
	error = scan_paths(out, paths, 1, &cfg);
	if (error < 0)
		return error;
	for (size_t i = 0; i < out->findings.count; i++)
		rescope_path(&out->findings.items[i].path, root);
	for (size_t i = 0; i < out->metrics_count; i++)
		rescope_path(&out->metrics[i].path, root);
	for (size_t i = 0; i < out->errors_count; i++) {
		rescope_path(&out->errors[i].path, root);
		strip_root(&out->errors[i].reason, root);
	}
	finding_list_sort(&out->findings);
	return RM_OK;
}

/* --- identifying findings across rescans ---------------------------------- */

/*
 * Line numbers move when an earlier fix inserts or removes lines, so a
 * finding is identified by its rule, file, message and the text of its
 * reported line (trimmed), plus its ordinal among findings that share all
 * four.  The key is stable as long as that line is not edited.
 */
char *pipeline_finding_key(const scan_result *scan, size_t index)
{
	const finding *f = &scan->findings.items[index];
	const char *text = "";
	size_t len = 0;
	int ordinal = 0;
	char *line, *key;

	if (f->code)
		text = writer_code_line(f, f->line, &len);
	if (!text) {
		text = "";
		len = 0;
	}
	while (len > 0 && (*text == ' ' || *text == '\t')) {
		text++;
		len--;
	}
	line = rm_xstrndup(text, len);
	for (size_t i = 0; i < index; i++) {
		const finding *g = &scan->findings.items[i];
		if (g->rule == f->rule && strcmp(g->path, f->path) == 0 &&
		    strcmp(g->message, f->message) == 0 && g->code && f->code) {
			size_t glen;
			const char *gtext = writer_code_line(g, g->line, &glen);
			while (gtext && glen > 0 && (*gtext == ' ' || *gtext == '\t')) {
				gtext++;
				glen--;
			}
			if (gtext && glen == strlen(line) &&
			    memcmp(gtext, line, glen) == 0)
				ordinal++;
		}
	}
	key = rm_xasprintf("%s\x1f%s\x1f%s\x1f%s\x1f%d", f->rule->id, f->path,
			   f->message, line, ordinal);
	free(line);
	return key;
}

/* --- the run -------------------------------------------------------------- */

static int check_paths(const pipeline_options *opt, char **after_abs)
{
	char before_real[PATH_MAX], parent_real[PATH_MAX];
	char *after = rm_xstrdup(opt->after), *slash, *parent;
	struct stat st;
	size_t n;
	int error = RM_OK;

	*after_abs = NULL;
	n = strlen(after);
	while (n > 1 && after[n - 1] == '/')
		after[--n] = '\0';

	if (stat(opt->before, &st) < 0 || !S_ISDIR(st.st_mode)) {
		rm_error_set("input '%s' is not a directory: give the folder of the service to harden",
			     opt->before);
		error = RM_EINVALID;
		goto done;
	}
	if (!realpath(opt->before, before_real)) {
		rm_error_set("cannot resolve '%s': %s", opt->before, strerror(errno));
		error = RM_EINVALID;
		goto done;
	}

	/* AFTER may not exist yet, so resolve its parent folder instead. */
	slash = strrchr(after, '/');
	parent = slash ? rm_xstrndup(after, (size_t)(slash - after)) : rm_xstrdup(".");
	if (!*parent) {
		free(parent);
		parent = rm_xstrdup("/");
	}
	if (!realpath(parent, parent_real)) {
		rm_error_set("cannot use output '%s': its folder '%s' does not exist",
			     opt->after, parent);
		free(parent);
		error = RM_EINVALID;
		goto done;
	}
	free(parent);
	*after_abs = rm_xasprintf("%s/%s", strcmp(parent_real, "/") ? parent_real : "",
				  slash ? slash + 1 : after);

	n = strlen(before_real);
	if (strcmp(*after_abs, before_real) == 0 ||
	    (strncmp(*after_abs, before_real, n) == 0 && (*after_abs)[n] == '/')) {
		rm_error_set("output '%s' is inside the input '%s': choose a folder outside it, because the input is never modified",
			     opt->after, opt->before);
		error = RM_EINVALID;
		goto done;
	}
	n = strlen(*after_abs);
	if (strncmp(before_real, *after_abs, n) == 0 && before_real[n] == '/') {
		rm_error_set("input '%s' is inside the output '%s': choose another output folder, because the output is replaced",
			     opt->before, opt->after);
		error = RM_EINVALID;
	}

done:
	free(after);
	if (error < 0) {
		free(*after_abs);
		*after_abs = NULL;
	}
	return error;
}

/*
 * Decides whether the existing AFTER may be replaced: it must be absent,
 * empty, or a clean repository whose every commit this tool made.
 */
static int check_after(const pipeline_options *opt, const char *after)
{
	struct stat st;
	audit_repo *repo = NULL;
	bool ours = false, clean = false;
	char reason[256] = "", changed[512] = "";
	int error;

	if (lstat(after, &st) < 0)
		return RM_OK;
	if (!S_ISDIR(st.st_mode)) {
		rm_error_set("output '%s' exists and is not a directory: remove it or choose another output folder",
			     opt->after);
		return RM_EEXISTS;
	}
	if (!tree_is_nonempty_dir(after))
		return RM_OK;
	if (opt->force) {
		fprintf(opt->log, "remediate: --force: replacing '%s' with everything in it, uncommitted changes included\n",
			opt->after);
		return RM_OK;
	}

	error = audit_open_existing(&repo, after);
	if (error == RM_ENOTFOUND) {
		rm_error_set("output '%s' is not empty and was not written by remediate: choose an empty folder, or pass --force to replace it",
			     opt->after);
		return RM_EEXISTS;
	}
	if (error == RM_OK)
		error = audit_made_by_tool(repo, &ours, reason, sizeof(reason));
	if (error == RM_OK && ours)
		error = audit_first_change(repo, &clean, changed, sizeof(changed));
	audit_repo_free(repo);
	if (error < 0) {
		/* Copy the detail first: formatting the slot into itself would
		 * overlap source and destination. */
		char detail[512];
		snprintf(detail, sizeof(detail), "%s", rm_error_last());
		rm_error_set("cannot read the repository in '%s': %s: pass --force to replace it",
			     opt->after, detail);
		return RM_EEXISTS;
	}
	if (!ours) {
		rm_error_set("output '%s' has commits remediate did not make (%s): keep your work elsewhere, or pass --force to replace it",
			     opt->after, reason);
		return RM_EEXISTS;
	}
	if (!clean) {
		rm_error_set("output '%s' has uncommitted changes (first: '%s'): commit or discard them, or pass --force to replace them",
			     opt->after, changed);
		return RM_EEXISTS;
	}
	return RM_OK;
}

/* Moves the finished tree into place: AFTER is replaced in two renames,
 * with the previous output kept until the new one is there. */
static int publish(const char *tmp, const char *after)
{
	char *old = rm_xasprintf("%s.remediate-old", after);
	struct stat st;
	int error = RM_OK;

	tree_remove(old);
	if (lstat(after, &st) == 0 && rename(after, old) < 0) {
		rm_error_set("cannot move the previous output '%s' aside: %s", after,
			     strerror(errno));
		error = RM_EIO;
		goto done;
	}
	if (rename(tmp, after) < 0) {
		rm_error_set("cannot move the new output into '%s': %s", after,
			     strerror(errno));
		error = RM_EIO;
		goto done;
	}
	tree_remove(old);

done:
	free(old);
	return error;
}

/*
 * Takes an exclusive lock on the folder that holds AFTER, so that a second
 * run for the same output stops at once instead of deleting the first
 * run's temporary tree.  The lock goes away with the descriptor, also
 * when the process is killed.  Returns the descriptor, or -1 with the
 * reason in the error slot.
 */
static int lock_parent(const char *after, const char *shown)
{
	char *parent = rm_xstrdup(after);
	char *slash = strrchr(parent, '/');
	int fd;

	if (slash && slash != parent)
		*slash = '\0';
	else if (slash)
		parent[1] = '\0';
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rm_error_set("cannot open the folder of '%s': %s", shown, strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		rm_error_set(errno == EWOULDBLOCK
			     ? "another remediate run is writing next to '%s': wait for it to finish"
			     : "cannot lock the folder of '%s': %s", shown, strerror(errno));
		close(fd);
		fd = -1;
	}
	free(parent);
	return fd;
}

int pipeline_run(pipeline_summary *out, const pipeline_options *opt)
{
	char *after = NULL, *tmp = NULL;
	pipeline_state state;
	int lock = -1;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&state, 0, sizeof(state));

	error = check_paths(opt, &after);
	if (error < 0)
		return error;
	if (!opt->dry_run) {
		lock = lock_parent(after, opt->after);
		if (lock < 0) {
			error = RM_EEXISTS;
			goto done;
		}
		error = check_after(opt, after);
		if (error < 0)
			goto done;
	}

	/* Build next to AFTER (same file system, so the final rename is
	 * atomic), or in a private temporary folder for a dry run. */
	if (opt->dry_run) {
		char templ[] = "/tmp/remediate-dry-run-XXXXXX";
		if (!mkdtemp(templ)) {
			rm_error_set("cannot create a temporary folder: %s", strerror(errno));
			error = RM_EIO;
			goto done;
		}
		tmp = rm_xstrdup(templ);
	} else {
		tmp = rm_xasprintf("%s.remediate-tmp", after);
		tree_remove(tmp);
		if (mkdir(tmp, 0755) < 0) {
			rm_error_set("cannot create '%s': %s", tmp, strerror(errno));
			error = RM_EIO;
			goto done;
		}
	}

	error = tree_copy(opt->before, tmp, opt->log);
	if (error < 0)
		goto done;

	state.opt = opt;
	state.root = tmp;
	error = pipeline_fix_all(&state, out);
	if (error < 0)
		goto done;

	if (opt->dry_run) {
		tree_remove(tmp);
	} else {
		error = publish(tmp, after);
		if (error < 0)
			goto done;
	}
	free(tmp);
	tmp = NULL;

done:
	/* The partial tree is of no use to anyone: AFTER is unchanged. */
	if (tmp)
		tree_remove(tmp);
	if (lock >= 0)
		close(lock);
	free(tmp);
	free(after);
	return error;
}
