/*
 * Error codes and the per-thread error slot shared by every module.
 *
 * Functions return 0 on success or one of the negative codes below.  The
 * human-readable detail goes into a thread-local slot with rm_error_set();
 * callers that propagate a failure leave the slot alone so the message of
 * the lowest layer survives.
 */
#ifndef RM_ERROR_H
#define RM_ERROR_H

enum {
	RM_OK = 0,
	RM_ERROR = -1,     /* generic failure, detail in the slot */
	RM_EINVALID = -2,  /* invalid input: syntax error, bad value */
	RM_ENOTFOUND = -3, /* a file, key or object does not exist */
	RM_EIO = -4,       /* reading or writing a file failed */
	RM_ENOMEM = -5,    /* allocation failed */
	RM_EEXISTS = -6,   /* the target exists and may not be replaced */
};

/* Formats a message into this thread's error slot (printf-style). */
void rm_error_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Returns this thread's last message, or "" when none was set. */
const char *rm_error_last(void);

void rm_error_clear(void);

/* Allocation helpers that abort with a message when memory runs out, so
 * callers need no out-of-memory path (the tool is short-lived). */
void *rm_xmalloc(unsigned long size);
void *rm_xcalloc(unsigned long count, unsigned long size);
void *rm_xrealloc(void *ptr, unsigned long size);
char *rm_xstrdup(const char *s);
char *rm_xstrndup(const char *s, unsigned long n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *rm_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
