/*
 * The Compose loader: reads a docker-compose file with libyaml into a
 * tree of nodes that keep their byte ranges in the original text, and
 * builds a small model of the services on top of it.
 *
 * Positions are byte offsets into source->text, so a fixer can replace
 * or insert text by byte ranges and leave comments and formatting alone.
 * Anchors, aliases and `<<` merge keys are resolved for analysis, but
 * every node still points at the place where its text physically is:
 *
 *   - an alias occurrence (`*common`) is a node of its own whose range is
 *     the alias text and whose `origin` is the anchored node;
 *   - the entries a mapping inherits through `<<` are the entries of the
 *     anchored mapping, so their ranges point into the anchor, and the
 *     resolved pair is marked `merged`.
 *
 * Bad input (a syntax error, a top level that is not a mapping, duplicate
 * keys, undefined aliases, an alias bomb, collections nested more than 256
 * levels deep) gives RM_EINVALID with the line and column in the error
 * slot.
 */
#ifndef RM_COMPOSE_H
#define RM_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

typedef enum compose_kind {
	COMPOSE_SCALAR,
	COMPOSE_SEQUENCE,
	COMPOSE_MAPPING,
} compose_kind;

typedef struct compose_node compose_node;

/* One `key: value` entry of a mapping. */
typedef struct compose_pair {
	compose_node *key;
	compose_node *value;
	bool merged;            /* inherited through a `<<` merge key */
} compose_pair;

struct compose_node {
	compose_kind kind;
	/* Bytes [start, end) of this occurrence in the text, without its
	 * anchor and tag.  A block collection ends where its last entry
	 * ends, so trailing comments and blank lines are not included. */
	size_t start;
	size_t end;
	int line;               /* 1-based line of start */
	int col;                /* 0-based byte column of start */
	bool flow;              /* written as [...] or {...} */
	bool plain;             /* an unquoted scalar (null and bools apply) */
	/* For an alias occurrence: the anchored node it refers to.  The
	 * alias shares that node's value, items and pairs.  NULL otherwise. */
	const compose_node *origin;

	char *text;             /* scalar value, NUL-terminated */
	size_t len;

	compose_node **items;   /* sequence items */
	size_t item_count;

	/* Mapping entries as written, `<<` included, in source order. */
	compose_pair *entries;
	size_t entry_count;
	/* The resolved mapping used for analysis: own entries in source order
	 * (without `<<`), then the merged entries that no own key overrides. */
	compose_pair *pairs;
	size_t pair_count;

	size_t weight;          /* node count after alias expansion */
};

/* A published port, from the short string form or the long mapping. */
typedef struct compose_port {
	const compose_node *node;   /* the sequence item */
	char *host_ip;              /* NULL when none is given */
	char *published;            /* host port or range, NULL when none */
	char *target;               /* container port or range */
	char *protocol;             /* NULL when none is given */
	const compose_node *host_ip_node; /* long form `host_ip`, or NULL */
} compose_port;

/* One `environment` variable, from the mapping or the list form. */
typedef struct compose_env {
	char *name;
	char *value;                /* NULL when no value is given */
	const compose_node *node;   /* the list item, or the mapping value */
	/* Bytes of the value text; the whole item when it cannot be mapped
	 * exactly (a quoted list item with escapes). */
	size_t value_start;
	size_t value_end;
} compose_env;

/* One `volumes` entry of a service (short string or long mapping). */
typedef struct compose_mount {
	const compose_node *node;   /* the sequence item */
	char *source;               /* host path or volume name, may be NULL */
	char *target;               /* path in the container, may be NULL */
} compose_mount;

typedef struct compose_service {
	const char *name;           /* borrowed from key->text */
	const compose_node *key;    /* the service's name in `services` */
	const compose_node *body;   /* the service's mapping */

	/* Values of the service's keys (resolved through merges), or NULL
	 * when the key is absent. */
	const compose_node *image, *build, *ports_node, *environment;
	const compose_node *env_file, *depends_on, *networks, *volumes_node;
	const compose_node *read_only, *cap_add, *cap_drop, *privileged;
	const compose_node *security_opt, *network_mode, *pid, *ipc;
	const compose_node *mem_limit, *cpus, *cpu_shares, *cpu_quota;
	const compose_node *pids_limit, *healthcheck, *user, *tmpfs, *secrets;
	const compose_node *use_api_socket;
	/* deploy.resources.limits.{memory,cpus,pids} */
	const compose_node *deploy_memory, *deploy_cpus, *deploy_pids;

	compose_port *ports;
	size_t port_count;
	compose_env *env;
	size_t env_count;
	compose_mount *mounts;
	size_t mount_count;
} compose_service;

typedef struct compose_file {
	const source *src;          /* borrowed; must outlive the file */
	compose_node *root;         /* the top-level mapping */
	const compose_node *services_key; /* `services`, or NULL */
	const compose_node *networks;     /* top-level values, or NULL */
	const compose_node *volumes;
	const compose_node *secrets;
	compose_service *services;  /* in source order */
	size_t service_count;

	/* Every node allocated, for freeing without recursion. */
	compose_node **all_nodes;
	size_t all_count;
	size_t all_cap;
} compose_file;

/*
 * Parses `src` as a Compose file.  Returns 0, or RM_EINVALID with
 * "invalid compose file 'PATH' at line L:C: REASON" (C is a 1-based byte
 * column, as editors count) in the error slot.
 * The caller frees *out with compose_free; `src` must outlive it.
 */
int compose_load(compose_file **out, const source *src);

void compose_free(compose_file *self);

/* Returns the resolved value of `key` in `mapping`, or NULL when the key
 * is absent or `mapping` is not a mapping. */
const compose_node *compose_get(const compose_node *mapping, const char *key);

/* Like compose_get, returning the whole pair (borrowed). */
const compose_pair *compose_get_pair(const compose_node *mapping,
				     const char *key);

/* Follows a dotted path of keys ("deploy.resources.limits.memory"). */
const compose_node *compose_get_path(const compose_node *mapping,
				     const char *path);

/* True for a plain scalar `null`, `~` or nothing, and for a NULL node. */
bool compose_is_null(const compose_node *node);

/* Reads a YAML boolean (true/false, also YAML 1.1 yes/no/on/off, any
 * case).  Returns 1, 0, or -1 when the node is not a boolean scalar. */
int compose_bool(const compose_node *node);

/* Returns true when the scalar's text equals `text`, ignoring case. */
bool compose_text_is(const compose_node *node, const char *text);

/* Returns the service named `name`, or NULL. */
const compose_service *compose_find_service(const compose_file *self,
					    const char *name);

/*
 * Byte ranges for fixers.  compose_service_range gives the service's
 * mapping; compose_value_range the value of one of its keys (through
 * merges, so the range may lie inside an anchored mapping).  Both return
 * 0 or RM_ENOTFOUND.
 */
int compose_service_range(const compose_file *self, const char *service,
			  size_t *start, size_t *end);
int compose_value_range(const compose_file *self, const char *service,
			const char *key, size_t *start, size_t *end);

/*
 * Returns the column (in bytes) at which the keys of a block mapping
 * start, or -1 for a flow mapping, an empty mapping, an alias occurrence
 * or a node that is not a mapping.
 */
int compose_key_indent(const compose_node *mapping);

/* The column for a service's keys; derived from the other services or
 * from the nesting under `services` when the service has no own keys. */
int compose_service_indent(const compose_file *self,
			   const compose_service *service);

/*
 * Finds where a new entry can be inserted into `mapping` without moving
 * any other byte.  For a block mapping, *offset is the start of the line
 * after the mapping's last entry (after a comment on that line), and the
 * new text is "INDENT key: value\n"; *newline_first is set when the file
 * ends there without a newline, so the insertion must begin with one.
 * For a flow mapping, *offset is the closing brace and the new text is
 * ", key: value".  Returns 0, or RM_EINVALID when `mapping` is an alias
 * occurrence or not a mapping (its text cannot be extended in place).
 */
int compose_insert_offset(const compose_file *self,
			  const compose_node *mapping, size_t *offset,
			  bool *newline_first);

#endif
