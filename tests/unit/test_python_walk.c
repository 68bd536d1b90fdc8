/*
 * Tests of py_walker (analyzers/python/walk.h) against tree-sitter's own
 * TSTreeCursor.  Both walk the same trees, and every step must reach the
 * same node (symbol, which is the alias where there is one, byte range
 * and start point) with the same field id.  The sources cover hidden repetition nodes, aliases,
 * fields behind hidden wrappers, comments (extras) and trees with ERROR
 * and MISSING nodes.  A second pass skips the children of every third
 * node, as the analyzer does for plain strings and expressions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "python/python.h"
#include "python/walk.h"
#include "source.h"

static const char *const sources[] = {
	"",
	"x = 1\n",
	"import os, sys as system\nfrom a.b import (c as d, e)\n",
	"def f(a, b=2, *args, key: int = 3, **kw) -> None:\n"
	"    # comment inside a block\n"
	"    return a(b, *args, key=key, **kw)  # trailing\n",
	"class C(Base, metaclass=M):\n"
	"    @decorator(1)\n"
	"    async def m(self):\n"
	"        await x\n"
	"        async with a as b, c as d:\n"
	"            pass\n",
	"print(f'{x!r:>{width}} and {y}')\n'plain' 'concatenated'\n",
	"try:\n    f()\nexcept (A, B) as e:\n    pass\nelse:\n    g()\nfinally:\n    h()\n",
	"match p:\n    case [1, *rest] if rest:\n        pass\n    case {'k': v, **kw}:\n        pass\n",
	"x = [i for i in range(10) if i % 2]\ny = {k: v for k, v in d.items()}\n",
	"lambda a, *, b=1: (yield a)\nx = a if b else c\ndel x[1:2, ::3]\n",
	/* Syntax errors: ERROR and MISSING nodes. */
	"def f(:\n    return\n",
	"x = (1, 2\ny = 3\n",
	"print 'python 2'\nexec code in ns\n",
	"if x:\npass\n",
};

typedef struct step {
	TSSymbol symbol;
	uint32_t start, end, row, column;
	TSFieldId field;
} step;

static step node_step(TSNode n, TSFieldId field)
{
	step s = {
		ts_node_symbol(n), ts_node_start_byte(n), ts_node_end_byte(n),
		ts_node_start_point(n).row, ts_node_start_point(n).column, field,
	};
	return s;
}

/* Walks `tree` with both and compares each step; with `skip_every` > 0
 * the children of every skip_every-th node are not visited.  Returns
 * the number of nodes visited. */
static size_t compare_walks(TSTree *tree, int skip_every)
{
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	py_walker w = { 0 };
	size_t visited = 0;

	py_walker_reset(&w, tree);
	for (;;) {
		step a = node_step(ts_tree_cursor_current_node(&c),
				   ts_tree_cursor_current_field_id(&c));
		step b = node_step(py_walker_node(&w), py_walker_field_id(&w));
		bool descend = skip_every == 0 || visited % (size_t)skip_every != 0;
		bool down_c, down_w;

		assert_int_equal(a.symbol, b.symbol);
		assert_int_equal(a.start, b.start);
		assert_int_equal(a.end, b.end);
		assert_int_equal(a.row, b.row);
		assert_int_equal(a.column, b.column);
		assert_int_equal(a.field, b.field);
		visited++;
		down_c = descend && ts_tree_cursor_goto_first_child(&c);
		down_w = descend && py_walker_first_child(&w);
		assert_int_equal(down_c, down_w);
		if (down_c)
			continue;
		for (;;) {
			bool next_c = ts_tree_cursor_goto_next_sibling(&c);
			bool next_w = py_walker_next_sibling(&w);

			assert_int_equal(next_c, next_w);
			if (next_c)
				break;
			bool up_c = ts_tree_cursor_goto_parent(&c);
			bool up_w = py_walker_parent(&w);

			assert_int_equal(up_c, up_w);
			if (!up_c)
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&c);
	py_walker_free(&w);
	return visited;
}

static void check_source(const char *text, size_t len)
{
	TSTree *tree = NULL;

	assert_int_equal(py_parse(&tree, text, len), 0);
	assert_true(compare_walks(tree, 0) > 0);
	assert_true(compare_walks(tree, 3) > 0);
	ts_tree_delete(tree);
}

static void test_walk_snippets(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		check_source(sources[i], strlen(sources[i]));
}

/* The project's own Python files: the sample service and the mixed
 * tree of the golden JSON test, two of whose files do not parse. */
static void test_walk_project_files(void **state)
{
	static const char *const paths[] = {
		"before/app.py",
		"tests/fixtures/python/mixed/app.py",
		"tests/fixtures/python/mixed/pkg/crypto.py",
		"tests/fixtures/python/mixed/pkg/broken.py",
		"tests/fixtures/python/mixed/pkg/legacy.py",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		source *src = NULL;

		assert_int_equal(source_load(&src, paths[i], 0), 0);
		check_source(src->text, src->len);
		source_free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_snippets),
		cmocka_unit_test(test_walk_project_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
