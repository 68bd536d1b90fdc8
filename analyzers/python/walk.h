/*
 * A pre-order walk over the visible nodes of a tree-sitter tree: the
 * moves of a TSTreeCursor (first child, next sibling, parent, field id),
 * yielding the same nodes at a lower cost.
 *
 * The cursor of the tree-sitter 0.20 runtime rebuilds its view of a
 * node's children at every move to a sibling.  A run of statements is
 * stored as a balanced tree of hidden nodes, so stepping from statement
 * to statement redoes that work again and again.  This walker keeps the
 * position reached in each node's children on its own stack, so each
 * subtree is entered once.  It reads the runtime's internal subtree
 * layout, so the build compiles the runtime from source at a pinned
 * version (TS_RUNTIME_VERSION in the Makefile).  walk.c is the only file
 * that depends on that layout.
 *
 * Use it like a cursor in one forward pass: py_walker_first_child() is
 * only valid on a node the walk has just reached, before any other move.
 */
#ifndef RM_PY_WALK_H
#define RM_PY_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include <tree_sitter/api.h>

struct py_walk_frame;

typedef struct py_walker {
	const TSTree *tree;
	struct py_walk_frame *frames;   /* root first; the last is the current node */
	size_t count, cap;
} py_walker;

/* Points the walker at the root of `tree`, keeping the frames it has
 * allocated so far.  A zeroed py_walker is a valid empty walker. */
void py_walker_reset(py_walker *self, const TSTree *tree);

/* Returns the current node, as ts_tree_cursor_current_node() would. */
TSNode py_walker_node(const py_walker *self);

/* Returns the field id of the current node in its parent, or 0. */
TSFieldId py_walker_field_id(const py_walker *self);

/* Moves to the first visible child; false (and no move) without one. */
bool py_walker_first_child(py_walker *self);

/* Moves to the next visible sibling; false (and no move) without one. */
bool py_walker_next_sibling(py_walker *self);

/* Moves to the visible parent; false at the root. */
bool py_walker_parent(py_walker *self);

void py_walker_free(py_walker *self);

#endif
