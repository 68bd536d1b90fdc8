/*
 * The daemon.json fixer that other files call: a hardened daemon
 * configuration for the tree, created or completed in one plan.  The
 * per-rule fixers (RJ3xx) are in the table daemon_fixers (fixers.h).
 */
#ifndef RM_FIX_DAEMON_H
#define RM_FIX_DAEMON_H

#include "fixer.h"

/*
 * Plans a hardened daemon.json for the tree at `root`.  Without one in
 * the tree (.git and .remediate are not searched), the plan creates
 * daemon.json at the root with icc off, userns-remap "default",
 * live-restore, no userland proxy, no-new-privileges and the json-file
 * log driver rotated at 3 files of 10 MB.  With one, the plan replaces
 * the wrong values and adds the missing keys by byte ranges, except
 * userns-remap, which changes the ownership of existing images and
 * volumes and is left to a person, as the commit body explains.  Returns 0,
 * RM_ENOTFOUND when the existing file already has every setting, or
 * RM_EINVALID when it does not parse.
 */
int fix_daemon_hardened(fix *out, const char *root);

#endif
