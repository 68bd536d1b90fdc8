/*
 * The fixer interface.  A fixer turns one finding into a planned change:
 * the new text of every file it touches (computed from byte-range edits,
 * so unrelated bytes never move) and the words of the commit that will
 * record it.  Fixers do not write to disk, commit or verify; the
 * pipeline does that, and rejects a plan whose rescan still shows the
 * finding or shows anything new.
 */
#ifndef RM_FIXER_H
#define RM_FIXER_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "scan.h"
#include "source.h"

/* The new content of one file of the tree (created or replaced). */
typedef struct fix_file {
	char *path;      /* owned, relative to the tree root */
	char *content;   /* owned; NULL deletes the file */
	size_t len;
} fix_file;

typedef struct fix {
	fix_file *files;         /* owned, in the order they were added */
	size_t file_count;
	char *subject;           /* owned, imperative, about 50 characters,
				  * naming the rule and the place */
	char *problem;           /* owned: what was wrong and how it could be
				  * exploited (a commit body paragraph) */
	char *change;            /* owned: what changed and why this fix was
				  * chosen over the alternatives */
	/*
	 * Rule ids whose findings the fix knowingly introduces, each with
	 * the reason, e.g. B603 after replacing a shell command by an
	 * argument vector: Bandit flags every subprocess call, and the
	 * remaining call runs a fixed program on a validated argument.  The
	 * verifier accepts new findings of these rules only, at LOW
	 * severity, and names them in the Verified trailer.
	 */
	const char *expected_new[4];
	const char *expected_reason;
} fix;

/* What a fixer may read.  Everything is borrowed. */
typedef struct fix_context {
	const char *root;          /* the output tree on disk */
	const finding *finding;    /* the finding to fix, path relative */
	const source *src;         /* current text of finding->path */
	const scan_result *scan;   /* latest scan of the whole tree */
} fix_context;

typedef struct fixer {
	const char *rule_id;
	/*
	 * Fills *out with the plan for ctx->finding.  Returns 0, or
	 * RM_ENOTFOUND when this finding has no safe automatic fix, with
	 * the reason and the recommendation for a person in the error slot
	 * (it is then listed as manual work), or another negative code on
	 * failure.
	 */
	int (*plan)(fix *out, const fix_context *ctx);
} fixer;

/* Returns the fixer for a rule id, or NULL (fixers/registry.c). */
const fixer *fixer_find(const char *rule_id);

/*
 * Adds the new content of `path` to the plan (copied).  A second call for
 * the same path replaces the first.
 */
void fix_set_file(fix *self, const char *path, const char *content,
		  size_t len);

/* Returns the planned content of `path`, or NULL when the plan does not
 * touch it (borrowed). */
const fix_file *fix_get_file(const fix *self, const char *path);

void fix_release(fix *self);  /* frees the members, not `self` */

#endif
