/*
 * parse_only: the lower bound for a Python scan.  It collects the same
 * Python files that `remediate scan` would analyze: the same default
 * exclusions and classification, links to files followed and links to
 * directories not, virtual environments left out.  It reads each one
 * with the scanner's own loader and parses it with tree-sitter-python on
 * one thread, then throws the tree away.  No rule
 * runs, so the time of `remediate scan -j1` divided by the time of this
 * program is the cost of the analysis on top of reading and parsing.
 *
 *     parse_only [--walk] PATH...
 *
 * With --walk it also visits every node of each tree once with the
 * analyzer's py_walker (analyzers/python/walk.h).  Any analysis of the
 * whole tree costs at least that much,
 * so the difference to a plain run is the price of one full traversal.
 *
 * Prints one "key value" pair a line on standard output: files, bytes,
 * lines, nodes (0 without --walk), skipped, parse_seconds (reading,
 * parsing and the optional traversal) and seconds (the whole run, the
 * directory walk included).  Files that cannot be read are listed on
 * standard error and counted as skipped.
 */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tree_sitter/api.h>

#include "error.h"
#include "python/walk.h"
#include "scan.h"
#include "source.h"

const TSLanguage *tree_sitter_python(void);

/* The scanner gives up below this depth too: a deeper tree is almost
 * always a loop or a hostile input. */
#define MAX_DEPTH 64

typedef struct path_list {
	char **items;
	size_t count, cap;
} path_list;

typedef struct totals {
	size_t files;
	size_t bytes;
	size_t lines;
	size_t nodes;
	size_t skipped;
	double parse_seconds;
} totals;

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void path_list_add(path_list *list, const char *path)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 256;
		list->items = rm_xrealloc(list->items,
					  list->cap * sizeof(char *));
	}
	list->items[list->count++] = rm_xstrdup(path);
}

static void path_list_free(path_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Applies the scanner's exclusion patterns the way the scanner does: to
 * the base name, and to the whole path for patterns with a slash. */
static int is_excluded(const scan_config *cfg, const char *path)
{
	const char *name = base_name(path);

	for (const char **p = cfg->exclude; p && *p; p++) {
		if (fnmatch(*p, name, 0) == 0)
			return 1;
		if (strchr(*p, '/') && fnmatch(*p, path, 0) == 0)
			return 1;
	}
	return 0;
}

/* Adds `path` when the scanner would treat it as Python.  Only
 * extensionless files are opened, for the shebang check, as in the
 * scanner. */
static void add_if_python(path_list *list, const char *path)
{
	char head[256];
	size_t n = 0;
	target kind;

	if (!strchr(base_name(path), '.')) {
		FILE *file = fopen(path, "rb");
		if (file) {
			n = fread(head, 1, sizeof(head), file);
			fclose(file);
		}
	}
	if (scan_classify(path, head, n, &kind) == RM_OK &&
	    kind == TARGET_PYTHON)
		path_list_add(list, path);
}

/* A virtual environment, as the scanner recognises one: a directory with
 * a pyvenv.cfg file at its top. */
static bool is_virtualenv(const char *dir)
{
	char *marker = rm_xasprintf("%s/pyvenv.cfg", dir);
	struct stat st;
	bool found = stat(marker, &st) == 0 && S_ISREG(st.st_mode);

	free(marker);
	return found;
}

static void walk(path_list *list, const scan_config *cfg, const char *dir,
		 int depth)
{
	DIR *handle;
	struct dirent *entry;

	if (depth > MAX_DEPTH) {
		fprintf(stderr, "parse_only: skipped '%s': nested deeper than %d levels\n",
			dir, MAX_DEPTH);
		return;
	}
	handle = opendir(dir);
	if (!handle) {
		fprintf(stderr, "parse_only: cannot open directory '%s': %s\n",
			dir, strerror(errno));
		return;
	}
	while ((entry = readdir(handle))) {
		struct stat st;
		char *path;

		if (strcmp(entry->d_name, ".") == 0 ||
		    strcmp(entry->d_name, "..") == 0)
			continue;
		path = rm_xasprintf("%s%s%s", dir,
				    strcmp(dir, "/") == 0 ? "" : "/",
				    entry->d_name);
		/* As in the scanner: a link to a regular file is read under the
		 * link's name, and a link to a directory is not followed. */
		if (lstat(path, &st) == 0 && !is_excluded(cfg, path)) {
			if (S_ISDIR(st.st_mode)) {
				if (!is_virtualenv(path))
					walk(list, cfg, path, depth + 1);
			} else if (S_ISREG(st.st_mode)) {
				add_if_python(list, path);
			} else if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
				   S_ISREG(st.st_mode)) {
				add_if_python(list, path);
			}
		}
		free(path);
	}
	closedir(handle);
}

/* Expands the command-line paths into the list of Python files. */
static int collect(path_list *list, const scan_config *cfg, char **paths,
		   int count)
{
	int status = 0;

	for (int i = 0; i < count; i++) {
		char *path = rm_xstrdup(paths[i]);
		size_t n = strlen(path);
		struct stat st;

		while (n > 1 && path[n - 1] == '/')
			path[--n] = '\0';
		if (stat(path, &st) < 0) {
			fprintf(stderr, "parse_only: cannot read '%s': %s\n",
				path, strerror(errno));
			status = -1;
		} else if (S_ISDIR(st.st_mode)) {
			walk(list, cfg, path, 0);
		} else if (S_ISREG(st.st_mode)) {
			add_if_python(list, path);
		} else {
			fprintf(stderr, "parse_only: skipped '%s': not a regular file or directory\n",
				path);
		}
		free(path);
	}
	return status;
}

/* Returns the number of nodes in `tree`, anonymous ones included,
 * visited with the walker that the Python analyzer uses. */
static size_t count_nodes(const TSTree *tree, py_walker *walker)
{
	size_t count = 1;

	py_walker_reset(walker, tree);
	for (;;) {
		if (py_walker_first_child(walker)) {
			count++;
			continue;
		}
		while (!py_walker_next_sibling(walker)) {
			if (!py_walker_parent(walker))
				return count;
		}
		count++;
	}
}

/* Reads and parses every file, adding to `sum`.  Returns 0, or -1 when
 * the grammar does not fit the tree-sitter library. */
static int parse_all(totals *sum, const path_list *list,
		     const scan_config *cfg, bool walk_trees)
{
	TSParser *parser = ts_parser_new();
	py_walker walker = { 0 };
	double start;
	int status = 0;

	if (!ts_parser_set_language(parser, tree_sitter_python())) {
		fprintf(stderr, "parse_only: the tree-sitter-python grammar does not match the tree-sitter library: rebuild with 'make clean all'\n");
		status = -1;
		goto done;
	}

	start = now_seconds();
	for (size_t i = 0; i < list->count; i++) {
		source *src = NULL;
		TSTree *tree;

		if (source_load(&src, list->items[i], cfg->max_file_bytes) < 0) {
			fprintf(stderr, "parse_only: %s\n", rm_error_last());
			sum->skipped++;
			continue;
		}
		/* source_load rejects files above max_file_bytes (10 MiB),
		 * so the length fits tree-sitter's 32-bit offsets. */
		tree = ts_parser_parse_string(parser, NULL, src->text,
					      (uint32_t)src->len);
		if (tree) {
			sum->files++;
			sum->bytes += src->len;
			sum->lines += src->line_count;
			if (walk_trees)
				sum->nodes += count_nodes(tree, &walker);
			ts_tree_delete(tree);
		} else {
			fprintf(stderr, "parse_only: tree-sitter returned no tree for '%s'\n",
				list->items[i]);
			sum->skipped++;
		}
		source_free(src);
	}
	sum->parse_seconds = now_seconds() - start;

done:
	py_walker_free(&walker);
	ts_parser_delete(parser);
	return status;
}

int main(int argc, char **argv)
{
	scan_config cfg;
	path_list list = { 0 };
	totals sum = { 0 };
	double start = now_seconds();
	bool walk_trees = false;
	int first = 1, status;

	if (argc > 1 && strcmp(argv[1], "--walk") == 0) {
		walk_trees = true;
		first = 2;
	}
	if (argc <= first || strcmp(argv[first], "-h") == 0 ||
	    strcmp(argv[first], "--help") == 0) {
		bool requested = argc > first;
		fprintf(requested ? stdout : stderr,
			"usage: parse_only [--walk] PATH...\n"
			"Reads and parses with tree-sitter, on one thread, the Python files\n"
			"that 'remediate scan PATH...' would analyze, and prints the totals.\n"
			"--walk also visits every node of each tree once.\n");
		return requested ? 0 : 2;
	}

	scan_config_init(&cfg);
	status = collect(&list, &cfg, argv + first, argc - first);
	if (parse_all(&sum, &list, &cfg, walk_trees) < 0)
		status = -1;

	printf("files %zu\n", sum.files);
	printf("bytes %zu\n", sum.bytes);
	printf("lines %zu\n", sum.lines);
	printf("nodes %zu\n", sum.nodes);
	printf("skipped %zu\n", sum.skipped);
	printf("parse_seconds %.6f\n", sum.parse_seconds);
	printf("seconds %.6f\n", now_seconds() - start);
	path_list_free(&list);
	return status < 0 ? 2 : 0;
}
