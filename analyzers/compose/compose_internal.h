/*
 * Functions shared by the files of the Compose loader, not part of its
 * public interface.
 */
#ifndef RM_COMPOSE_INTERNAL_H
#define RM_COMPOSE_INTERNAL_H

#include "compose.h"

/* Parses file->src into file->root (a mapping); every node goes into
 * file->all_nodes.  Returns 0 or RM_EINVALID with the reason set. */
int compose_parse_tree(compose_file *file);

#endif
