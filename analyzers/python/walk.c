/*
 * The tree walker of walk.h, on the internal subtree layout of the
 * tree-sitter runtime built from build/npm (see the Makefile).  A frame
 * keeps what the runtime's cursor keeps for a node (subtree, start
 * position, index among the parent's structural children) plus how far
 * the walk has got through the node's own children.  Visibility, aliases
 * and field ids follow the rules of the runtime's tree_cursor.c, so the
 * walk yields the nodes and field ids a TSTreeCursor would.  The Bandit
 * parity runs and tests/e2e/python_golden.sh compare the results.
 */
#include "python/walk.h"

#include <stdlib.h>

#include "error.h"

/* Internal headers of the runtime, under the folder the Makefile adds
 * for this file only. */
#include "src/language.h"
#include "src/subtree.h"
#include "src/tree.h"

struct py_walk_frame {
	const Subtree *subtree;
	Length position;            /* start of the node, after its padding */
	uint32_t structural_index;  /* among the parent's non-extra children */
	TSSymbol alias;             /* the parent's alias for this node, or 0 */
	bool visible;
	/* The walk through this node's children. */
	uint32_t next_child;
	uint32_t next_structural;
	Length next_position;
	const TSSymbol *alias_sequence;
};

typedef struct py_walk_frame frame;

static frame *push(py_walker *self, const frame *f)
{
	if (self->count == self->cap) {
		self->cap = self->cap ? self->cap * 2 : 64;
		self->frames = rm_xrealloc(self->frames, self->cap * sizeof(frame));
	}
	self->frames[self->count] = *f;
	return &self->frames[self->count++];
}

static void begin_children(const py_walker *self, frame *f)
{
	f->next_child = 0;
	f->next_structural = 0;
	f->next_position = f->position;
	f->alias_sequence = ts_subtree_child_count(*f->subtree) == 0 ? NULL :
		ts_language_alias_sequence(self->tree->language,
					   f->subtree->ptr->production_id);
}

/* Reads the next child of `f` into *out.  Returns false when none is
 * left. */
static bool next_child(frame *f, frame *out)
{
	uint32_t count = ts_subtree_child_count(*f->subtree);
	const Subtree *children, *child;

	if (f->next_child >= count)
		return false;
	children = ts_subtree_children(*f->subtree);
	child = &children[f->next_child];
	out->subtree = child;
	out->position = f->next_position;
	out->structural_index = f->next_structural;
	out->alias = 0;
	out->visible = ts_subtree_visible(*child);
	if (!ts_subtree_extra(*child) && f->alias_sequence) {
		out->alias = f->alias_sequence[f->next_structural];
		out->visible |= out->alias != 0;
		f->next_structural++;
	}
	f->next_position = length_add(f->next_position, ts_subtree_size(*child));
	f->next_child++;
	if (f->next_child < count)
		f->next_position = length_add(f->next_position,
					      ts_subtree_padding(children[f->next_child]));
	return true;
}

void py_walker_reset(py_walker *self, const TSTree *tree)
{
	TSNode root = ts_tree_root_node(tree);
	frame f = {
		.subtree = &tree->root,
		.position = { ts_node_start_byte(root), ts_node_start_point(root) },
		.visible = ts_subtree_visible(tree->root),
	};

	self->tree = tree;
	self->count = 0;
	push(self, &f);
}

TSNode py_walker_node(const py_walker *self)
{
	const frame *f = &self->frames[self->count - 1];

	return ts_node_new(self->tree, f->subtree, f->position, f->alias);
}

TSFieldId py_walker_field_id(const py_walker *self)
{
	/* The current node, then its hidden ancestors, because a field can
	 * name a node through hidden wrapper nodes. */
	for (size_t i = self->count - 1; i > 0; i--) {
		const frame *f = &self->frames[i];
		const frame *parent = &self->frames[i - 1];
		const TSFieldMapEntry *map, *end;

		if (i != self->count - 1 && f->visible)
			break;
		if (ts_subtree_extra(*f->subtree))
			break;
		ts_language_field_map(self->tree->language,
				      parent->subtree->ptr->production_id, &map, &end);
		for (; map < end; map++)
			if (!map->inherited && map->child_index == f->structural_index)
				return map->field_id;
	}
	return 0;
}

bool py_walker_first_child(py_walker *self)
{
	frame *top = &self->frames[self->count - 1];
	frame child;

	/* The count includes visible nodes below hidden children, so 0 means
	 * there is nothing to move to (a leaf, most often). */
	if (ts_subtree_visible_child_count(*top->subtree) == 0)
		return false;
	begin_children(self, top);
	for (;;) {
		bool descended = false;

		while (next_child(top, &child)) {
			if (child.visible) {
				push(self, &child);
				return true;
			}
			/* A hidden node with visible nodes inside: go through it. */
			if (ts_subtree_visible_child_count(*child.subtree) > 0) {
				top = push(self, &child);
				begin_children(self, top);
				descended = true;
				break;
			}
		}
		if (!descended)
			return false;
	}
}

bool py_walker_next_sibling(py_walker *self)
{
	size_t initial = self->count;
	frame child;

	while (self->count > 1) {
		frame *left = &self->frames[--self->count];
		frame *parent = &self->frames[self->count - 1];

		/* Climbing out of a visible ancestor: there is no next sibling. */
		if (left->visible && self->count + 1 < initial)
			break;
		/* The parent's walk stopped right after `left`. */
		while (next_child(parent, &child)) {
			if (child.visible) {
				push(self, &child);
				return true;
			}
			if (ts_subtree_visible_child_count(*child.subtree) > 0) {
				push(self, &child);
				py_walker_first_child(self);
				return true;
			}
		}
	}
	self->count = initial;
	return false;
}

bool py_walker_parent(py_walker *self)
{
	for (size_t i = self->count - 1; i > 0; i--) {
		if (self->frames[i - 1].visible) {
			self->count = i;
			return true;
		}
	}
	return false;
}

void py_walker_free(py_walker *self)
{
	free(self->frames);
	self->frames = NULL;
	self->count = self->cap = 0;
}
