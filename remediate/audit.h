/*
 * The audit trail: the after/ tree as a git repository in which every fix
 * is one commit with machine-readable trailers.
 *
 * audit.c is the only file in the project that calls libgit2, and no
 * function here needs the git binary.  audit_message.c builds commit
 * messages and parses their trailers with the rules of `git
 * interpret-trailers --parse` (git 2.39), without libgit2.
 *
 * Every commit written through audit_commit_all() carries the marker
 * trailer AUDIT_MARKER_KEY: AUDIT_MARKER_VALUE.  audit_made_by_tool()
 * checks for it, so the pipeline may delete and regenerate after/ only
 * when no commit in it was written by anything else.
 *
 * Functions return 0 or a negative RM_E* code with the detail in
 * rm_error_set().  Ownership: whatever comes back through `out` belongs
 * to the caller, who frees it with the matching _free function, and
 * every _free function accepts NULL.
 */
#ifndef RM_AUDIT_H
#define RM_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

/* Marker trailer appended to every commit the tool writes. */
#define AUDIT_MARKER_KEY "Generated-by"
#define AUDIT_MARKER_VALUE "remediate"

/* Identity used when neither --author nor git config names one. */
#define AUDIT_FALLBACK_NAME "remediate"
#define AUDIT_FALLBACK_EMAIL "remediate@localhost"

/* Branch created by audit_open() in a new repository. */
#define AUDIT_BRANCH "main"

/* Size of a hex object id buffer, terminating NUL included (SHA-1). */
#define AUDIT_ID_SIZE 41

/* Column at which audit_message_format() wraps body paragraphs. */
#define AUDIT_WRAP_COLUMN 72

typedef struct audit_repo audit_repo;

/* Who the commits are attributed to (author and committer alike). */
typedef struct audit_identity {
	/* "Name <email>" as given to --author, or NULL to use the
	 * repository's git config (user.name and user.email) and, when
	 * that sets neither, AUDIT_FALLBACK_NAME <AUDIT_FALLBACK_EMAIL>. */
	const char *author;
} audit_identity;

/* A trailer line `key: value` of a commit message. */
typedef struct audit_trailer {
	char *key;    /* owned, as written (git compares keys ignoring case) */
	char *value;  /* owned, continuation lines unfolded, trimmed */
} audit_trailer;

/* One path changed by a commit, compared with its first parent. */
typedef struct audit_change {
	char status;  /* 'A' added, 'M' modified, 'D' deleted, 'T' type
		       * changed (git's status letters) */
	char *path;   /* owned, relative to the work tree */
	char *patch;  /* owned, unified diff of this path (git diff format,
		       * "Binary files ... differ" for binary content) */
} audit_change;

/* One commit as audit_log() reads it back. */
typedef struct audit_commit {
	char id[AUDIT_ID_SIZE];
	char short_id[AUDIT_ID_SIZE];  /* shortest unique prefix, at least 7 */
	char *message;       /* owned, the whole message */
	char *subject;       /* owned, first paragraph on one line */
	char *body;          /* owned, the paragraphs between subject and
			      * trailer block; "" when there are none */
	audit_trailer *trailers;  /* owned, in message order */
	size_t trailer_count;
	char *author_name;   /* owned */
	char *author_email;  /* owned */
	long long time;      /* author time, seconds since the epoch */
	int offset_minutes;  /* author time zone offset from UTC */
	audit_change *changes;  /* owned, sorted by path */
	size_t change_count;
	char *diff;          /* owned, all patches of this commit in order */
} audit_commit;

/* ---- repository ------------------------------------------------------ */

/*
 * Opens the git repository whose work tree is `workdir`, or creates one
 * there (HEAD on AUDIT_BRANCH) when `workdir` has no `.git`.  Repositories
 * in parent folders are never used, so after/ may sit inside another
 * checkout.  `who` may be NULL (same as an identity with author NULL).
 *
 * The commit time is SOURCE_DATE_EPOCH when that variable is set, so the
 * same trees and messages give the same commit ids; otherwise it is the
 * time of each commit.  The time zone is always +0000.
 *
 * Fails with RM_ENOTFOUND when `workdir` does not exist, and with
 * RM_EINVALID when it is not a directory or when the author or
 * SOURCE_DATE_EPOCH is malformed.
 */
int audit_open(audit_repo **out, const char *workdir,
	       const audit_identity *who);

/* Like audit_open() with no author, but never creates a repository:
 * fails with RM_ENOTFOUND when `workdir` has no `.git`.  For readers
 * such as the report and the check before regenerating after/. */
int audit_open_existing(audit_repo **out, const char *workdir);

void audit_repo_free(audit_repo *repo);

/* Returns the work tree path given to audit_open() (borrowed). */
const char *audit_workdir(const audit_repo *repo);

/*
 * Stages the whole work tree (new, changed and deleted files; paths that
 * .gitignore excludes stay out unless already tracked) and commits it on
 * HEAD.  `out_id` (may be NULL) receives the new commit's hex id.
 *
 * The message is normalised as git does (trailing whitespace, runs of
 * blank lines and leading blank lines removed, one final newline) and
 * gets the marker trailer unless it already has it.  Its subject must not
 * be empty.
 *
 * Crash safety: the index is replaced by rename, and objects are written
 * before the branch moves.  Moving the branch (a lock file renamed over
 * the ref) is the last step.  So a process killed at any point leaves
 * either the old or the new commit on the branch, and `git fsck` clean.  The writes are fsync'ed (libgit2's GIT_OPT_ENABLE_FSYNC_GITDIR).
 * A killed process may leave `.git/index.lock` or a ref `.lock` file
 * behind, and the next commit then fails with a message naming it.
 *
 * Returns RM_EINVALID when the message is empty and RM_EEXISTS when the
 * work tree matches HEAD, so there is nothing to commit (the first
 * commit may be empty).
 */
int audit_commit_all(audit_repo *repo, const char *message,
		     char out_id[AUDIT_ID_SIZE]);

/* Sets *clean to false when the work tree or index differs from HEAD,
 * untracked files included, ignored files not. */
int audit_is_clean(audit_repo *repo, bool *clean);

/* Works like audit_is_clean.  When the tree is not clean, it also copies
 * the path of the first changed or untracked file, in git's status order,
 * into `path` of size `path_size` (which may be NULL). */
int audit_first_change(audit_repo *repo, bool *clean, char *path,
		       size_t path_size);

/*
 * Sets *yes to true when the repository has at least one commit and
 * every commit reachable from HEAD or any reference carries the marker
 * trailer.  Otherwise *yes is false and `reason` (size `reason_size`,
 * may be NULL) names one commit without it, or states that there are
 * no commits.  Uncommitted changes are not looked at: call
 * audit_is_clean() as well before deleting the work tree.
 */
int audit_made_by_tool(audit_repo *repo, bool *yes, char *reason,
		       size_t reason_size);

/*
 * Reads the history of HEAD, oldest first, following first parents.
 * `*out` is an array of `*count` commits, NULL and 0 on an unborn branch.
 */
int audit_log(audit_repo *repo, audit_commit **out, size_t *count);

void audit_log_free(audit_commit *commits, size_t count);

/*
 * Reads the file at `path` (relative to the work tree, '/'-separated) as
 * it is in the commit `rev`: "HEAD", a hex id or its short form, or any
 * revision git_revparse_single() accepts.  *out receives a new buffer of
 * *len bytes plus a terminating NUL that the caller frees.  Returns
 * RM_ENOTFOUND when the revision does not exist or has no regular file
 * at `path`.  Used by the report to read the Compose file of the
 * baseline and of HEAD.
 */
int audit_read_file(char **out, size_t *len, audit_repo *repo,
		    const char *rev, const char *path);

/* ---- messages (audit_message.c) -------------------------------------- */

typedef struct audit_message audit_message;

/* Starts a message with a one-line, non-empty subject. */
int audit_message_new(audit_message **out, const char *subject);

/*
 * Appends a body paragraph.  Blank lines inside `text` separate
 * paragraphs.  Prose is re-wrapped at AUDIT_WRAP_COLUMN; a paragraph in
 * which some line starts with a space or a tab (code, a table) is kept
 * as written, and lines starting with "- " are list items, each wrapped
 * with a two-space hanging indent.  Rejects (RM_EINVALID) a line that
 * starts with "---" and a space or the end of the line, because git
 * reads such a line as the start of a patch and would then miss the
 * trailers.
 */
int audit_message_add_paragraph(audit_message *msg, const char *text);

/*
 * Appends the trailer `key: value`.  The key is letters, digits and '-'
 * (what git accepts), the value one line; surrounding whitespace of the
 * value is dropped.  Returns RM_EINVALID otherwise.
 */
int audit_message_add_trailer(audit_message *msg, const char *key,
			      const char *value);

/* Formats subject, paragraphs and the trailer block into a new string
 * that ends in one newline; the caller frees it. */
char *audit_message_format(const audit_message *msg);

void audit_message_free(audit_message *msg);

/*
 * Parses the trailers of `message` as `git interpret-trailers --parse`
 * (git 2.39) does: the last paragraph after the subject whose lines are
 * all `Key: value` lines or their indented continuations, or that has a
 * Signed-off-by or cherry-pick line and at least 25% trailer lines, with
 * the text after a "--- " divider and trailing comment lines ignored.
 * Trailers configured in git config are not known here.
 * `*out` is NULL and `*count` 0 when there are none.
 */
int audit_trailers_parse(audit_trailer **out, size_t *count,
			 const char *message);

/* Returns the value of the first trailer whose key matches `key`
 * ignoring case, or NULL (borrowed). */
const char *audit_trailer_find(const audit_trailer *trailers, size_t count,
			       const char *key);

void audit_trailers_free(audit_trailer *trailers, size_t count);

/*
 * Locates the trailer block of `message`: on return [*start, *end) are
 * its byte offsets (start == end when there is none, both then at the
 * end of the log message).  Used to place the marker and to split the
 * body from the trailers.
 */
void audit_trailer_block(size_t *start, size_t *end, const char *message);

#endif
