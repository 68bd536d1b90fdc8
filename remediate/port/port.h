/*
 * The port of a Flask service to C: the last steps of `remediate BEFORE
 * AFTER`.  port_plan() reads the app into the service model, generates
 * the C service on the runtime in remediate/port/runtime/, and returns
 * the commits that replace the Python service in the tree: the model
 * (service.json), the C source, the container files, and the removal of
 * the Python files.
 */
#ifndef RM_PORT_H
#define RM_PORT_H

#include <stddef.h>

#include "fixer.h"
#include "scan.h"

typedef struct port_step {
	/* files to write (content) or delete (content NULL), subject,
	 * problem and change of the commit */
	fix plan;
	/* Rule ids of findings that this step resolves, NULL-terminated and
	 * possibly empty.  A rule is listed when the step's files have fewer
	 * of its findings after the step than before. */
	const char *rules[8];
} port_step;

/*
 * Plans the port of the service in the tree at `root`.  `scan` is the
 * latest scan of that tree, with paths relative to it.
 *
 * Returns 0 and the steps in commit order in *out, their number in
 * *count.  Returns RM_ENOTFOUND when the app uses something outside the
 * model; the error slot then holds "FILE:LINE: CONSTRUCT is not supported
 * by the port: ..." and what the user can do.  Other negative codes mean
 * an unreadable file or an invalid Compose file.  The caller frees the
 * steps with port_steps_free.
 */
int port_plan(port_step **out, size_t *count, const char *root, const scan_result *scan);

void port_steps_free(port_step *steps, size_t count);

#endif
