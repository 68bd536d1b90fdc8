/*
 * The interface every per-language analyzer implements.  The scan driver
 * (scan.c) gives each worker thread its own state, so an analyzer's
 * analyze() may keep a parser in that state and reuse it across files.
 */
#ifndef RM_ANALYZER_H
#define RM_ANALYZER_H

#include "finding.h"
#include "rule.h"
#include "scan.h"
#include "source.h"

typedef struct analyzer {
	target target;
	/* Creates per-thread state (may be NULL when none is needed). */
	void *(*thread_new)(void);
	void (*thread_free)(void *state);
	/*
	 * Appends the findings of `src` to `out` and fills the counts of
	 * `metrics` (its path is already set).  Returns 0 when the file was
	 * analyzed, whatever it found; a negative code means the file was
	 * skipped, with the reason in the error slot (rm_error_set).
	 * Findings suppressed by `# nosec` or deselected by cfg are not
	 * appended; the severity and confidence filters are applied later.
	 */
	int (*analyze)(void *state, const source *src, const scan_config *cfg,
		       finding_list *out, file_metrics *metrics);
} analyzer;

extern const analyzer python_analyzer;
extern const analyzer dockerfile_analyzer;
extern const analyzer compose_analyzer;
extern const analyzer daemon_analyzer;

#endif
