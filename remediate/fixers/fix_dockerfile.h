/*
 * Shared parts of the Dockerfile fixers (dockerfile.c,
 * dockerfile_image.c, dockerfile_edit.c): the parsed file with the
 * instruction a finding covers, where new lines go in the final stage,
 * and the fixers each file exports to the table in dockerfile.c.
 *
 * Every fixer edits the original text by byte ranges (edit.h), so
 * continuation characters, heredocs, comments, the escape directive and
 * the line endings of the untouched lines stay as they were.
 */
#ifndef RM_FIX_DOCKERFILE_H
#define RM_FIX_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "dockerfile/dockerfile.h"
#include "edit.h"
#include "fixer.h"

/* A Dockerfile parsed for one fixer call. */
typedef struct fix_dockerfile_doc {
	const source *src;          /* borrowed from the fix_context */
	df_file *file;              /* owned */
	const df_instruction *target; /* the instruction the finding covers */
	size_t target_index;        /* its index in file->instructions */
	const char *newline;        /* "\n" or "\r\n", as the file uses */
} fix_dockerfile_doc;

/*
 * Parses ctx->src and finds the instruction whose range starts at the
 * finding's first byte.  Returns 0, RM_EINVALID when the file no longer
 * parses, or RM_ENOTFOUND when no instruction starts there; the error
 * slot has the reason.  Release the document with fix_dockerfile_close.
 */
int fix_dockerfile_open(fix_dockerfile_doc *out, const fix_context *ctx);

void fix_dockerfile_close(fix_dockerfile_doc *doc);

/*
 * Applies `edits` to the Dockerfile and stores the new text in the plan
 * under the finding's path.  Returns 0 or the error of edit_apply().
 */
int fix_dockerfile_store(fix *out, const fix_context *ctx,
			 const edit_list *edits);

/*
 * Returns the first stage of the chain `stage` is built on (FROM an
 * earlier stage, which is FROM an earlier one...): the stage that names
 * an external image, or scratch.
 */
const df_stage *fix_dockerfile_root_stage(const df_file *file,
					  const df_stage *stage);

/* Returns the last path component of an image name: "python" for
 * "docker.io/library/python". */
const char *fix_dockerfile_repository(const char *name);

/*
 * Finds where lines that configure how the final stage runs (USER,
 * HEALTHCHECK) go.  That is before the first CMD or ENTRYPOINT that
 * follows every RUN and USER of the stage, and above the comment lines
 * directly over it.  Without such a CMD or ENTRYPOINT it is after the
 * last instruction of the stage.  Stores the byte where the new lines
 * are inserted in *offset, what must come before them in *prefix ("",
 * or a line ending when the last line has none), and their indentation
 * in *indent and *indent_len (borrowed from the text).
 */
void fix_dockerfile_tail(const fix_dockerfile_doc *doc, size_t *offset,
			 const char **prefix, const char **indent,
			 size_t *indent_len);

/* The fixers of dockerfile_image.c. */
int fix_dockerfile_end_of_life(fix *out, const fix_context *ctx);
int fix_dockerfile_unpinned(fix *out, const fix_context *ctx);

/* The fixers of dockerfile_edit.c. */
int fix_dockerfile_add(fix *out, const fix_context *ctx);
int fix_dockerfile_secret(fix *out, const fix_context *ctx);
int fix_dockerfile_pip_cache(fix *out, const fix_context *ctx);
int fix_dockerfile_apk_cache(fix *out, const fix_context *ctx);

#endif
