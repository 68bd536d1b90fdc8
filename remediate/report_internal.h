/*
 * Declarations shared by the files of the report (not a public API):
 * what report_data.c reads from the hardened tree, the architecture
 * model of report_arch.c, and small text helpers.
 */
#ifndef RM_REPORT_INTERNAL_H
#define RM_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "audit.h"
#include "rule.h"

/* Where the pipeline keeps its records, relative to the tree. */
#define REPORT_RECORD_DIR ".remediate"

/* A finding read back from a record: a scan's results or manual.json. */
typedef struct report_item {
	char *rule_id;
	char *path;
	int line;               /* 1-based */
	int col;                /* 1-based */
	level severity;
	char *message;
	char *reason;           /* manual.json only, else NULL */
	char *recommendation;   /* manual.json only, else NULL */
} report_item;

/* One of the recorded scans (.remediate/scan-*.json). */
typedef struct report_scan {
	bool present;           /* false when the record is missing */
	long severity[4];       /* results by level */
	long total;
	report_item *items;     /* every result, in the file's order */
	size_t count;
	char **unscanned;       /* filenames of the record's errors: files the
				 * scan could not analyze */
	size_t unscanned_count;
} report_scan;

/* One fixed finding: a `Rule` trailer and the trailers after it up to the
 * next `Rule`, so a commit may fix several findings. */
typedef struct report_fix {
	const audit_commit *commit;   /* borrowed from report_data.log */
	const char *rule_id;          /* borrowed trailer values, may be NULL */
	const char *cwe;
	const char *severity;
	const char *confidence;
	const char *location;
	const char *verified;
	const rule *rule;             /* catalog row, NULL for unknown ids */
	bool by_port;                 /* the commit has `Step: port` */
} report_fix;

typedef struct report_data {
	audit_repo *repo;
	audit_commit *log;      /* oldest first */
	size_t log_count;
	report_fix *fixes;      /* in commit order */
	size_t fix_count;
	size_t port_commits;    /* commits with `Step: port` */
	bool has_service_json;  /* the port's service model is at HEAD */
	report_scan before;
	report_scan after;
	bool have_manual;
	report_item *manual;    /* sorted: severity (highest first), place */
	size_t manual_count;
	cJSON *verification;    /* .remediate/verification.json or NULL */
} report_data;

/*
 * Opens the repository of `after`, checks that remediate wrote every
 * commit, and reads the history and the records.  Missing records are
 * not an error (their `present`/`have_` flags stay false); malformed ones
 * are (RM_EINVALID).  The caller frees `out` with report_data_free.
 */
int report_data_load(report_data *out, const char *after);
void report_data_free(report_data *data);

/* True when the commit carries the trailer `Step: <step>` (ignoring
 * case), such as "port" or "daemon". */
bool report_has_step(const audit_commit *c, const char *step);

/*
 * Returns the body paragraphs of `c` as new one-line strings: line
 * breaks and runs of spaces become one space.  *count receives their
 * number; free with report_strings_free.
 */
char **report_paragraphs(const audit_commit *c, size_t *count);
void report_strings_free(char **strings, size_t count);

/* Formats a commit's author time as YYYY-MM-DD in its own time zone. */
void report_date(char buf[16], const audit_commit *c);

/* ---- architecture (report_arch.c) ------------------------------------- */

typedef struct arch_port {
	char *host_ip;          /* NULL: all interfaces */
	char *published;        /* NULL: a random host port */
	char *target;
	char *protocol;         /* NULL: tcp */
} arch_port;

typedef struct arch_service {
	char *name;
	char *origin;           /* "image postgres:13" or "built from ." */
	char *user;             /* NULL: the image's default */
	const char *user_from;  /* "compose", "Dockerfile" or NULL */
	bool read_only;
	arch_port *ports;
	size_t port_count;
	char **networks;        /* names, "default" when none is given */
	size_t network_count;
	char *network_mode;     /* NULL unless set */
} arch_service;

typedef struct arch_network {
	char *name;
	bool internal;
} arch_network;

typedef struct arch_model {
	char *rev;              /* the commit it describes (short id) */
	char *path;             /* the Compose file, NULL when none */
	char *text;             /* its bytes */
	char *error;            /* why it could not be read, or NULL */
	arch_service *services; /* in file order */
	size_t service_count;
	arch_network *networks; /* declared and used ones, in file order */
	size_t network_count;
} arch_model;

/* Reads the Compose file of commit `rev` (and the Dockerfiles its
 * services build) into `out`.  A missing or invalid file is described in
 * out->path / out->error, not returned as an error. */
int report_arch_load(arch_model *out, audit_repo *repo, const char *rev);
void report_arch_free(arch_model *model);

/* Writes the model as a fenced Mermaid flowchart and a table. */
void report_arch_write(FILE *out, const arch_model *model);

/* Writes a paragraph on what the change from `before` to `after` removes
 * from (and adds to) the attack surface. */
void report_arch_compare(FILE *out, const arch_model *before,
			 const arch_model *after);

/* True for a host address that only the host itself can reach. */
bool report_is_loopback(const char *host_ip);

#endif
