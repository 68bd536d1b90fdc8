/*
 * The audit repository: opens or creates the git repository of after/,
 * commits the whole work tree one fix at a time and reads the history
 * back for the report.  This is the only file that calls libgit2; each
 * libgit2 failure is turned into an RM_E* code with git_error_last()'s
 * text and the path in the error slot.
 */
#include "audit.h"

#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"

struct audit_repo {
	git_repository *git;
	char *workdir;        /* as given to audit_open() */
	char *name;           /* identity of author and committer */
	char *email;
	bool fixed_time;      /* SOURCE_DATE_EPOCH was set */
	git_time_t epoch;     /* its value */
};

/* ---- errors ------------------------------------------------------------ */

static int rm_code_of(int git_code)
{
	switch (git_code) {
	case GIT_ENOTFOUND:
		return RM_ENOTFOUND;
	case GIT_EEXISTS:
		return RM_EEXISTS;
	case GIT_EINVALID:
	case GIT_EINVALIDSPEC:
		return RM_EINVALID;
	default:
		return RM_ERROR;
	}
}

/*
 * Sets the error slot to "<what>: <libgit2's message>" and returns the
 * matching RM_E* code.  `what` names the failed step and the path.  A
 * lock file left by a killed process gets the next step added.
 */
static int git_failure(int git_code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int git_failure(int git_code, const char *fmt, ...)
{
	const git_error *err = git_error_last();
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);

	if (git_code == GIT_ELOCKED)
		rm_error_set("%s: %s; if no git process is using the repository, "
			     "a killed run left the '.lock' file behind: "
			     "remove it", what, err ? err->message : "locked");
	else
		rm_error_set("%s: %s", what,
			     err && err->message ? err->message : "unknown libgit2 error");
	return rm_code_of(git_code);
}

/* ---- identity and time ------------------------------------------------- */

/* Parses "Name <email>" into two new strings. */
static int parse_author(char **name, char **email, const char *spec)
{
	const char *lt = strchr(spec, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	const char *name_end = lt;
	const char *tail = gt ? gt + 1 : NULL;

	*name = *email = NULL;
	while (tail && (*tail == ' ' || *tail == '\t'))
		tail++;
	while (name_end && name_end > spec && (name_end[-1] == ' ' ||
					       name_end[-1] == '\t'))
		name_end--;
	while (*spec == ' ' || *spec == '\t')
		spec++;

	for (const char *c = spec; *c; c++) {
		/* Control characters would end up in every commit header and
		 * could not be shown in this message either. */
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			rm_error_set("invalid author: it contains the control character 0x%02x; expected 'Name <email>' in plain text",
				     (unsigned char)*c);
			return RM_EINVALID;
		}
	}
	if (!lt || !gt || *tail || name_end <= spec || gt == lt + 1 ||
	    memchr(lt + 1, '<', (size_t)(gt - lt - 1)) ||
	    memchr(spec, '>', (size_t)(name_end - spec))) {
		rm_error_set("invalid author '%s': expected 'Name <email>'",
			     spec);
		return RM_EINVALID;
	}
	*name = rm_xstrndup(spec, (unsigned long)(name_end - spec));
	*email = rm_xstrndup(lt + 1, (unsigned long)(gt - lt - 1));
	return 0;
}

/*
 * Reads SOURCE_DATE_EPOCH: unset leaves *fixed false; a set value must be
 * decimal digits (seconds since the epoch, as `date +%s` prints them).
 */
static int read_source_date_epoch(bool *fixed, git_time_t *epoch)
{
	const char *value = getenv("SOURCE_DATE_EPOCH");
	unsigned long long seconds = 0;

	*fixed = false;
	*epoch = 0;
	if (!value)
		return 0;

	if (!*value || strspn(value, "0123456789") != strlen(value) ||
	    strlen(value) > 18) {
		rm_error_set("invalid SOURCE_DATE_EPOCH '%s': expected seconds "
			     "since 1970-01-01 as decimal digits; unset it to "
			     "use the current time", value);
		return RM_EINVALID;
	}
	for (const char *c = value; *c; c++)
		seconds = seconds * 10 + (unsigned long long)(*c - '0');
	/* With libgit2 1.5.1, 4294967296 came out as a commit dated
	 * 1970-01-01: larger values wrap silently, so they are rejected. */
	if (seconds > 4294967295ULL) {
		rm_error_set("invalid SOURCE_DATE_EPOCH '%s': larger than "
			     "4294967295 (2106-02-07), the latest commit time "
			     "libgit2 stores", value);
		return RM_EINVALID;
	}
	*fixed = true;
	*epoch = (git_time_t)seconds;
	return 0;
}

/* Picks the identity: --author, else user.name/user.email from git config
 * (repository, global and system files), else the fixed fallback. */
static int choose_identity(audit_repo *repo, const audit_identity *who)
{
	git_signature *sig = NULL;
	int error;

	if (who && who->author)
		return parse_author(&repo->name, &repo->email, who->author);

	error = git_signature_default(&sig, repo->git);
	if (error == GIT_ENOTFOUND) {
		repo->name = rm_xstrdup(AUDIT_FALLBACK_NAME);
		repo->email = rm_xstrdup(AUDIT_FALLBACK_EMAIL);
		return 0;
	}
	if (error < 0)
		return git_failure(error, "cannot read the committer identity "
				   "of '%s' from git config (set user.name and "
				   "user.email, or pass --author)",
				   repo->workdir);
	repo->name = rm_xstrdup(sig->name);
	repo->email = rm_xstrdup(sig->email);
	git_signature_free(sig);
	return 0;
}

/* ---- open -------------------------------------------------------------- */

/* Opens the repository of repo->workdir; without a `.git` there, creates
 * one when `create` is set and fails with RM_ENOTFOUND otherwise. */
static int open_or_init(audit_repo *repo, bool create)
{
	char *dotgit = rm_xasprintf("%s/.git", repo->workdir);
	struct stat st;
	int error;

	if (lstat(dotgit, &st) == 0) {
		error = git_repository_open_ext(&repo->git, repo->workdir,
						GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (error < 0)
			error = git_failure(error, "cannot open the git repository "
					    "in '%s'", repo->workdir);
		else if (git_repository_is_bare(repo->git)) {
			rm_error_set("cannot use '%s': its repository is bare, "
				     "so it has no work tree", repo->workdir);
			error = RM_EINVALID;
		}
	} else if (!create) {
		rm_error_set("no git repository in '%s': '%s' does not exist",
			     repo->workdir, dotgit);
		error = RM_ENOTFOUND;
	} else {
		git_repository_init_options opts;

		git_repository_init_options_init(&opts,
			GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		opts.flags = GIT_REPOSITORY_INIT_NO_REINIT;
		opts.initial_head = AUDIT_BRANCH;
		error = git_repository_init_ext(&repo->git, repo->workdir, &opts);
		if (error < 0)
			error = git_failure(error, "cannot create a git repository "
					    "in '%s'", repo->workdir);
	}
	free(dotgit);
	return error;
}

static int open_repo(audit_repo **out, const char *workdir,
		     const audit_identity *who, bool create)
{
	audit_repo *repo;
	struct stat st;
	int error;

	*out = NULL;
	if (stat(workdir, &st) != 0) {
		int saved = errno;

		rm_error_set("cannot open '%s': %s", workdir, strerror(saved));
		return saved == ENOENT ? RM_ENOTFOUND : RM_EIO;
	}
	if (!S_ISDIR(st.st_mode)) {
		rm_error_set("cannot open '%s': not a directory", workdir);
		return RM_EINVALID;
	}

	/* libgit2 counts init/shutdown pairs; audit_repo_free() shuts down. */
	if ((error = git_libgit2_init()) < 0)
		return git_failure(error, "cannot initialise libgit2");

	repo = rm_xcalloc(1, sizeof(*repo));
	repo->workdir = rm_xstrdup(workdir);

	/* fsync objects, index and refs so a power loss cannot leave a
	 * branch pointing at a commit whose objects never reached disk. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);

	if ((error = read_source_date_epoch(&repo->fixed_time, &repo->epoch)) < 0 ||
	    (error = open_or_init(repo, create)) < 0 ||
	    (error = choose_identity(repo, who)) < 0)
		goto done;

	*out = repo;
	repo = NULL;
done:
	audit_repo_free(repo);
	return error;
}

int audit_open(audit_repo **out, const char *workdir,
	       const audit_identity *who)
{
	return open_repo(out, workdir, who, true);
}

int audit_open_existing(audit_repo **out, const char *workdir)
{
	return open_repo(out, workdir, NULL, false);
}

void audit_repo_free(audit_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->name);
	free(repo->email);
	free(repo);
	git_libgit2_shutdown();
}

const char *audit_workdir(const audit_repo *repo)
{
	return repo->workdir;
}

/* ---- commit ------------------------------------------------------------ */

/*
 * Returns the message in git's clean-up form with the marker trailer in
 * its trailer block, or NULL with the error slot set.  Caller frees.
 */
static char *normalise_message(const char *message, const char *workdir)
{
	git_buf pretty = GIT_BUF_INIT;
	audit_trailer *trailers = NULL;
	size_t count = 0, start, end;
	char *out = NULL, *marked;
	int error;

	/* Comments are kept: libgit2 does not strip them, and a '#' line is
	 * how a Python or shell snippet may start. */
	if ((error = git_message_prettify(&pretty, message, 0, '#')) < 0) {
		git_failure(error, "cannot clean up the commit message for '%s'",
			    workdir);
		return NULL;
	}
	if (pretty.size == 0) {
		rm_error_set("cannot commit in '%s': the commit message is empty",
			     workdir);
		goto done;
	}

	audit_trailers_parse(&trailers, &count, pretty.ptr);
	if (audit_trailer_find(trailers, count, AUDIT_MARKER_KEY)) {
		out = rm_xstrdup(pretty.ptr);
		goto done;
	}

	/* Append the marker to the trailer block, or start one. */
	audit_trailer_block(&start, &end, pretty.ptr);
	marked = rm_xasprintf("%.*s%s" AUDIT_MARKER_KEY ": " AUDIT_MARKER_VALUE
			      "\n%s", (int)end, pretty.ptr,
			      start == end ? "\n" : "", pretty.ptr + end);
	audit_trailers_free(trailers, count);
	audit_trailers_parse(&trailers, &count, marked);
	if (!audit_trailer_find(trailers, count, AUDIT_MARKER_KEY)) {
		rm_error_set("cannot commit in '%s': git would not read the "
			     "trailers of this message: %s", workdir, marked);
		free(marked);
		goto done;
	}
	out = marked;
done:
	audit_trailers_free(trailers, count);
	git_buf_dispose(&pretty);
	return out;
}

/* Updates the on-disk index from the whole work tree and writes it;
 * *tree_id receives the tree that the index describes. */
static int stage_all(git_oid *tree_id, audit_repo *repo)
{
	git_index *index = NULL;
	int error;

	if ((error = git_repository_index(&index, repo->git)) < 0 ||
	    (error = git_index_read(index, 1)) < 0 ||
	    (error = git_index_add_all(index, NULL, GIT_INDEX_ADD_DEFAULT,
				       NULL, NULL)) < 0 ||
	    (error = git_index_update_all(index, NULL, NULL, NULL)) < 0 ||
	    (error = git_index_write(index)) < 0 ||
	    (error = git_index_write_tree(tree_id, index)) < 0) {
		if (index)
			error = git_failure(error, "cannot stage the work tree "
					    "of '%s' in '%s'", repo->workdir,
					    git_index_path(index));
		else
			error = git_failure(error, "cannot open the index of '%s'",
					    repo->workdir);
	}
	git_index_free(index);
	return error;
}

/* Looks up the commit HEAD points to; *out is NULL on an unborn branch. */
static int head_commit(git_commit **out, audit_repo *repo)
{
	git_oid id;
	int error;

	*out = NULL;
	error = git_reference_name_to_id(&id, repo->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	if (error < 0 || (error = git_commit_lookup(out, repo->git, &id)) < 0)
		return git_failure(error, "cannot read HEAD of '%s'",
				   repo->workdir);
	return 0;
}

int audit_commit_all(audit_repo *repo, const char *message,
		     char out_id[AUDIT_ID_SIZE])
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, commit_id;
	char *clean_message;
	git_time_t when;
	int error;

	if (out_id)
		out_id[0] = '\0';
	if (!(clean_message = normalise_message(message, repo->workdir)))
		return RM_EINVALID;

	/* Index first (replaced by rename), then tree and commit objects,
	 * and last the branch: each step leaves a consistent repository. */
	if ((error = stage_all(&tree_id, repo)) < 0 ||
	    (error = head_commit(&parent, repo)) < 0)
		goto done;

	if (parent && git_oid_equal(&tree_id, git_commit_tree_id(parent))) {
		rm_error_set("nothing to commit in '%s': the work tree matches "
			     "HEAD", repo->workdir);
		error = RM_EEXISTS;
		goto done;
	}

	when = repo->fixed_time ? repo->epoch : (git_time_t)time(NULL);
	if ((error = git_tree_lookup(&tree, repo->git, &tree_id)) < 0 ||
	    (error = git_signature_new(&sig, repo->name, repo->email,
				       when, 0)) < 0) {
		error = git_failure(error, "cannot prepare a commit in '%s'",
				    repo->workdir);
		goto done;
	}

	/* libgit2 moves HEAD's branch only if it still points at `parent`,
	 * after the commit object is written. */
	error = git_commit_create(&commit_id, repo->git, "HEAD", sig, sig,
				  NULL, clean_message, tree, parent ? 1 : 0,
				  (const git_commit **)&parent);
	if (error < 0) {
		error = git_failure(error, "cannot commit in '%s'",
				    repo->workdir);
		goto done;
	}
	if (out_id)
		git_oid_tostr(out_id, AUDIT_ID_SIZE, &commit_id);
done:
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	free(clean_message);
	return error;
}

/* ---- state queries ----------------------------------------------------- */

int audit_is_clean(audit_repo *repo, bool *clean)
{
	return audit_first_change(repo, clean, NULL, 0);
}

int audit_first_change(audit_repo *repo, bool *clean, char *path,
		       size_t path_size)
{
	git_status_options opts;
	git_status_list *status = NULL;
	int error;

	*clean = false;
	if (path && path_size)
		path[0] = '\0';
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED;
	if ((error = git_status_list_new(&status, repo->git, &opts)) < 0)
		return git_failure(error, "cannot read the status of '%s'",
				   repo->workdir);
	*clean = git_status_list_entrycount(status) == 0;
	if (!*clean && path && path_size) {
		const git_status_entry *entry = git_status_byindex(status, 0);
		const git_diff_delta *delta = entry->index_to_workdir ?
			entry->index_to_workdir : entry->head_to_index;

		if (delta && delta->new_file.path)
			snprintf(path, path_size, "%s", delta->new_file.path);
	}
	git_status_list_free(status);
	return 0;
}

/* Pushes every reference that peels to a commit onto `walk`.  A
 * reference to another kind of object is reported through `reason`. */
static int push_all_refs(git_revwalk *walk, audit_repo *repo, bool *all_commits,
			 char *reason, size_t reason_size)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int error;

	*all_commits = true;
	if ((error = git_reference_iterator_new(&it, repo->git)) < 0)
		return git_failure(error, "cannot list the references of '%s'",
				   repo->workdir);

	while ((error = git_reference_next(&ref, it)) == 0) {
		git_object *target = NULL;

		if (git_reference_peel(&target, ref, GIT_OBJECT_COMMIT) < 0) {
			if (reason)
				snprintf(reason, reason_size, "reference '%s' "
					 "does not point at a commit",
					 git_reference_name(ref));
			*all_commits = false;
		} else {
			error = git_revwalk_push(walk, git_object_id(target));
		}
		git_object_free(target);
		git_reference_free(ref);
		ref = NULL;
		if (error < 0 || !*all_commits)
			break;
	}
	git_reference_iterator_free(it);
	if (error == GIT_ITEROVER)
		error = 0;
	if (error < 0)
		return git_failure(error, "cannot walk the references of '%s'",
				   repo->workdir);
	return 0;
}

int audit_made_by_tool(audit_repo *repo, bool *yes, char *reason,
		       size_t reason_size)
{
	git_revwalk *walk = NULL;
	git_commit *head = NULL;
	bool all_commits;
	size_t seen = 0;
	git_oid id;
	int error;

	*yes = false;
	if (reason && reason_size)
		reason[0] = '\0';

	if ((error = head_commit(&head, repo)) < 0)
		return error;
	if (!head) {
		if (reason)
			snprintf(reason, reason_size, "'%s' has no commits",
				 repo->workdir);
		return 0;
	}

	if ((error = git_revwalk_new(&walk, repo->git)) < 0 ||
	    (error = git_revwalk_push(walk, git_commit_id(head))) < 0) {
		error = git_failure(error, "cannot walk the history of '%s'",
				    repo->workdir);
		goto done;
	}
	if ((error = push_all_refs(walk, repo, &all_commits, reason,
				   reason_size)) < 0 || !all_commits)
		goto done;

	while ((error = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit = NULL;
		audit_trailer *trailers = NULL;
		size_t count = 0;
		const char *marker;
		bool marked;

		if ((error = git_commit_lookup(&commit, repo->git, &id)) < 0)
			break;
		audit_trailers_parse(&trailers, &count,
				     git_commit_message(commit));
		marker = audit_trailer_find(trailers, count, AUDIT_MARKER_KEY);
		marked = marker && strcmp(marker, AUDIT_MARKER_VALUE) == 0;
		if (!marked && reason) {
			char hex[AUDIT_ID_SIZE];

			git_oid_tostr(hex, sizeof(hex), &id);
			snprintf(reason, reason_size, "commit %.12s '%s' has no "
				 "'" AUDIT_MARKER_KEY ": " AUDIT_MARKER_VALUE
				 "' trailer", hex, git_commit_summary(commit));
		}
		audit_trailers_free(trailers, count);
		git_commit_free(commit);
		if (!marked)
			goto done;
		seen++;
	}
	if (error != GIT_ITEROVER) {
		error = git_failure(error, "cannot walk the history of '%s'",
				    repo->workdir);
		goto done;
	}
	error = 0;
	*yes = seen > 0;
done:
	git_revwalk_free(walk);
	git_commit_free(head);
	return error;
}

/* ---- history ----------------------------------------------------------- */

/* Returns the patch text of delta `i` of `diff`; caller frees. */
static int delta_patch(char **out, git_diff *diff, size_t i)
{
	const git_diff_delta *delta = git_diff_get_delta(diff, i);
	git_patch *patch = NULL;
	git_buf text = GIT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = git_patch_from_diff(&patch, diff, i)) < 0)
		return error;
	if (!patch) {
		/* libgit2's documentation allows no patch for a binary delta;
		 * 1.5.1 returns one, so this branch is a fallback. */
		*out = rm_xasprintf("diff --git a/%s b/%s\nBinary files a/%s "
				    "and b/%s differ\n", delta->old_file.path,
				    delta->new_file.path, delta->old_file.path,
				    delta->new_file.path);
		return 0;
	}
	if ((error = git_patch_to_buf(&text, patch)) == 0)
		*out = rm_xstrndup(text.ptr ? text.ptr : "", text.size);
	git_buf_dispose(&text);
	git_patch_free(patch);
	return error;
}

/* Fills c->changes and c->diff from the commit's first-parent diff. */
static int fill_changes(audit_commit *c, git_repository *git,
			git_commit *commit)
{
	git_commit *parent = NULL;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_diff *diff = NULL;
	size_t diff_len = 0, n;
	int error;

	if ((git_commit_parentcount(commit) > 0 &&
	     (error = git_commit_parent(&parent, commit, 0)) < 0) ||
	    (parent && (error = git_commit_tree(&old_tree, parent)) < 0) ||
	    (error = git_commit_tree(&new_tree, commit)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, git, old_tree, new_tree,
					   NULL)) < 0)
		goto done;

	n = git_diff_num_deltas(diff);
	c->changes = rm_xcalloc(n, sizeof(*c->changes));
	c->diff = rm_xstrdup("");
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *delta = git_diff_get_delta(diff, i);
		audit_change *change = &c->changes[i];
		size_t patch_len;

		change->status = git_diff_status_char(delta->status);
		change->path = rm_xstrdup(delta->status == GIT_DELTA_DELETED ?
					  delta->old_file.path :
					  delta->new_file.path);
		c->change_count++;
		if ((error = delta_patch(&change->patch, diff, i)) < 0)
			goto done;

		patch_len = strlen(change->patch);
		c->diff = rm_xrealloc(c->diff, diff_len + patch_len + 1);
		memcpy(c->diff + diff_len, change->patch, patch_len + 1);
		diff_len += patch_len;
	}
done:
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(parent);
	return error;
}

/* Returns the first paragraph of `message` on one line; caller frees. */
static char *subject_of(const char *message)
{
	size_t len = 0, cap = strlen(message) + 1;
	char *out = rm_xmalloc(cap);
	const char *p = message;

	while (*p == '\n')
		p++;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p + n;

		while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
			q--;
		if (q == p)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, p, (size_t)(q - p));
		len += (size_t)(q - p);
		if (!nl)
			break;
		p = nl + 1;
	}
	out[len] = '\0';
	return out;
}

/* Returns the text between the subject paragraph and the trailer block,
 * without surrounding blank lines; caller frees. */
static char *body_of(const char *message)
{
	size_t start, end, pos = 0, body_end;

	audit_trailer_block(&start, &end, message);
	body_end = start < end ? start : strlen(message);

	/* Skip the subject paragraph, then the blank lines after it. */
	while (message[pos] == '\n')
		pos++;
	while (pos < body_end && message[pos] != '\n') {
		const char *nl = strchr(message + pos, '\n');

		pos = nl ? (size_t)(nl - message) + 1 : strlen(message);
	}
	while (pos < body_end && message[pos] == '\n')
		pos++;
	while (body_end > pos && message[body_end - 1] == '\n')
		body_end--;
	return rm_xstrndup(message + pos, body_end - pos);
}

static int fill_commit(audit_commit *c, git_repository *git,
		       git_commit *commit)
{
	const git_signature *author = git_commit_author(commit);
	git_buf short_id = GIT_BUF_INIT;
	int error;

	git_oid_tostr(c->id, sizeof(c->id), git_commit_id(commit));
	if ((error = git_object_short_id(&short_id,
					 (const git_object *)commit)) < 0)
		return error;
	snprintf(c->short_id, sizeof(c->short_id), "%s", short_id.ptr);
	git_buf_dispose(&short_id);

	c->message = rm_xstrdup(git_commit_message(commit));
	c->subject = subject_of(c->message);
	c->body = body_of(c->message);
	audit_trailers_parse(&c->trailers, &c->trailer_count, c->message);
	c->author_name = rm_xstrdup(author->name);
	c->author_email = rm_xstrdup(author->email);
	c->time = (long long)author->when.time;
	c->offset_minutes = author->when.offset;
	return fill_changes(c, git, commit);
}

int audit_log(audit_repo *repo, audit_commit **out, size_t *count)
{
	git_revwalk *walk = NULL;
	git_commit *head = NULL;
	audit_commit *commits = NULL;
	size_t n = 0;
	git_oid id;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = head_commit(&head, repo)) < 0 || !head)
		return error;

	if ((error = git_revwalk_new(&walk, repo->git)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
					 GIT_SORT_REVERSE)) < 0 ||
	    (error = git_revwalk_simplify_first_parent(walk)) < 0 ||
	    (error = git_revwalk_push(walk, git_commit_id(head))) < 0)
		goto fail;

	while ((error = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit = NULL;

		if ((error = git_commit_lookup(&commit, repo->git, &id)) < 0)
			goto fail;
		commits = rm_xrealloc(commits, (n + 1) * sizeof(*commits));
		memset(&commits[n], 0, sizeof(*commits));
		n++;
		error = fill_commit(&commits[n - 1], repo->git, commit);
		git_commit_free(commit);
		if (error < 0)
			goto fail;
	}
	if (error != GIT_ITEROVER)
		goto fail;

	git_revwalk_free(walk);
	git_commit_free(head);
	*out = commits;
	*count = n;
	return 0;
fail:
	error = git_failure(error, "cannot read the history of '%s'",
			    repo->workdir);
	audit_log_free(commits, n);
	git_revwalk_free(walk);
	git_commit_free(head);
	return error;
}

int audit_read_file(char **out, size_t *len, audit_repo *repo,
		    const char *rev, const char *path)
{
	git_object *object = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error;

	*out = NULL;
	*len = 0;
	error = git_revparse_single(&object, repo->git, rev);
	if (error == GIT_ENOTFOUND || error == GIT_EAMBIGUOUS ||
	    error == GIT_EINVALIDSPEC) {
		rm_error_set("no revision '%s' in '%s'", rev, repo->workdir);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (error < 0 ||
	    (error = git_object_peel((git_object **)&tree, object,
				     GIT_OBJECT_TREE)) < 0) {
		error = git_failure(error, "cannot read revision '%s' of '%s'",
				    rev, repo->workdir);
		goto done;
	}
	error = git_tree_entry_bypath(&entry, tree, path);
	if (error == GIT_ENOTFOUND ||
	    (error == 0 && git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB &&
	     git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB_EXECUTABLE)) {
		rm_error_set("no file '%s' in revision '%s' of '%s'", path, rev,
			     repo->workdir);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (error < 0 ||
	    (error = git_blob_lookup(&blob, repo->git,
				     git_tree_entry_id(entry))) < 0) {
		error = git_failure(error, "cannot read '%s' in revision '%s' "
				    "of '%s'", path, rev, repo->workdir);
		goto done;
	}
	*len = (size_t)git_blob_rawsize(blob);
	*out = rm_xmalloc(*len + 1);
	memcpy(*out, git_blob_rawcontent(blob), *len);
	(*out)[*len] = '\0';
done:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_object_free(object);
	return error;
}

void audit_log_free(audit_commit *commits, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		audit_commit *c = &commits[i];

		free(c->message);
		free(c->subject);
		free(c->body);
		audit_trailers_free(c->trailers, c->trailer_count);
		free(c->author_name);
		free(c->author_email);
		for (size_t j = 0; j < c->change_count; j++) {
			free(c->changes[j].path);
			free(c->changes[j].patch);
		}
		free(c->changes);
		free(c->diff);
	}
	free(commits);
}
