/*
 * Tests for the tree copy the pipeline starts with: links stay links,
 * special files are skipped with a message, the input's own .git is left
 * out, permission bits survive, and atomic whole-file writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "tree.h"

static char *temp_dir(void)
{
	char templ[] = "/tmp/remediate-tree-test-XXXXXX";

	assert_non_null(mkdtemp(templ));
	return strdup(templ);
}

static char *join(const char *a, const char *b)
{
	char *out = malloc(strlen(a) + strlen(b) + 2);

	sprintf(out, "%s/%s", a, b);
	return out;
}

static void put(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = join(dir, name);
	FILE *file = fopen(path, "w");

	assert_non_null(file);
	fputs(text, file);
	fclose(file);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

static void copy_keeps_links_and_modes(void **state)
{
	char *from = temp_dir(), *to = temp_dir();
	char *path, target[256];
	struct stat st;
	ssize_t n;
	FILE *log = tmpfile();
	char logged[512] = "";

	(void)state;
	put(from, "app.py", "print('hi')\n", 0644);
	put(from, "run.sh", "#!/bin/sh\n", 0755);
	path = join(from, "sub");
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	put(from, "sub/data.txt", "data\n", 0600);
	path = join(from, "escape");
	assert_int_equal(symlink("/etc/passwd", path), 0);
	free(path);
	path = join(from, "fifo");
	assert_int_equal(mkfifo(path, 0644), 0);
	free(path);
	path = join(from, ".git");
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	put(from, ".git/HEAD", "ref: refs/heads/main\n", 0644);

	assert_int_equal(tree_copy(from, to, log), 0);

	path = join(to, "run.sh");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	free(path);
	path = join(to, "sub/data.txt");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);

	/* The link is recreated with its target text and never followed. */
	path = join(to, "escape");
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(path, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "/etc/passwd");
	free(path);

	path = join(to, "fifo");
	assert_int_equal(lstat(path, &st), -1);
	free(path);
	path = join(to, ".git");
	assert_int_equal(lstat(path, &st), -1);
	free(path);

	rewind(log);
	n = (ssize_t)fread(logged, 1, sizeof(logged) - 1, log);
	logged[n > 0 ? n : 0] = '\0';
	assert_non_null(strstr(logged, "skipping"));
	assert_non_null(strstr(logged, "/fifo"));
	assert_non_null(strstr(logged, ".git"));
	fclose(log);

	assert_int_equal(tree_remove(from), 0);
	assert_int_equal(tree_remove(to), 0);
	assert_int_equal(lstat(from, &st), -1);
	free(from);
	free(to);
}

static void copy_into_existing_file_fails(void **state)
{
	char *from = temp_dir(), *to = temp_dir();

	(void)state;
	put(from, "app.py", "x = 1\n", 0644);
	put(to, "app.py", "y = 2\n", 0644);
	assert_int_equal(tree_copy(from, to, NULL), RM_EIO);
	assert_non_null(strstr(rm_error_last(), "app.py"));
	tree_remove(from);
	tree_remove(to);
	free(from);
	free(to);
}

static void write_file_replaces_atomically(void **state)
{
	char *dir = temp_dir();
	char *path = join(dir, "script.sh");
	char *text = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	put(dir, "script.sh", "old\n", 0750);
	assert_int_equal(tree_write_file(path, "new text\n", 9), 0);
	assert_int_equal(tree_read_file(&text, &len, path), 0);
	assert_int_equal(len, 9);
	assert_string_equal(text, "new text\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);
	free(text);

	assert_int_equal(tree_read_file(&text, &len, "/nonexistent/x"), RM_ENOTFOUND);
	assert_null(text);
	free(path);
	tree_remove(dir);
	free(dir);
}

static void nonempty_dir(void **state)
{
	char *dir = temp_dir();

	(void)state;
	assert_false(tree_is_nonempty_dir(dir));
	put(dir, "x", "", 0644);
	assert_true(tree_is_nonempty_dir(dir));
	assert_false(tree_is_nonempty_dir("/nonexistent/dir"));
	tree_remove(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copy_keeps_links_and_modes),
		cmocka_unit_test(copy_into_existing_file_fails),
		cmocka_unit_test(write_file_replaces_atomically),
		cmocka_unit_test(nonempty_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
