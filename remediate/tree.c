/* Safe tree copy, removal and whole-file reads and writes. */
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = -1, out = -1, error = RM_OK;
	ssize_t n;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0) {
		rm_error_set("cannot read '%s': %s", from, strerror(errno));
		return RM_EIO;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
	if (out < 0) {
		rm_error_set("cannot create '%s': %s", to, strerror(errno));
		error = RM_EIO;
		goto done;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rm_error_set("cannot read '%s': %s", from, strerror(errno));
			error = RM_EIO;
			goto done;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rm_error_set("cannot write '%s': %s", to,
					     strerror(errno));
				error = RM_EIO;
				goto done;
			}
			off += w;
		}
	}
	/* open() applied the umask; restore the source's permission bits. */
	if (fchmod(out, mode & 0777) < 0) {
		rm_error_set("cannot set the mode of '%s': %s", to, strerror(errno));
		error = RM_EIO;
	}

done:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0 && error == RM_OK) {
		rm_error_set("cannot write '%s': %s", to, strerror(errno));
		error = RM_EIO;
	}
	return error;
}

static int copy_link(const char *from, const char *to)
{
	char target[PATH_MAX];
	ssize_t n = readlink(from, target, sizeof(target) - 1);

	if (n < 0) {
		rm_error_set("cannot read link '%s': %s", from, strerror(errno));
		return RM_EIO;
	}
	target[n] = '\0';
	if (symlink(target, to) < 0) {
		rm_error_set("cannot create link '%s': %s", to, strerror(errno));
		return RM_EIO;
	}
	return RM_OK;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int copy_dir(const char *from, const char *to, FILE *log, int depth)
{
	DIR *dir;
	struct dirent *entry;
	char **names = NULL;
	size_t count = 0, cap = 0;
	int error = RM_OK;

	if (depth > 64) {
		rm_error_set("cannot copy '%s': nested deeper than 64 directories", from);
		return RM_EINVALID;
	}
	dir = opendir(from);
	if (!dir) {
		rm_error_set("cannot open directory '%s': %s", from, strerror(errno));
		return RM_EIO;
	}
	while ((entry = readdir(dir))) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (depth == 0 && strcmp(entry->d_name, ".git") == 0) {
			if (log)
				fprintf(log, "remediate: not copying '%s/.git': the output is a repository of its own\n",
					from);
			continue;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			names = rm_xrealloc(names, cap * sizeof(char *));
		}
		names[count++] = rm_xstrdup(entry->d_name);
	}
	closedir(dir);
	/* Sorted, so the copy happens in the same order on every run. */
	if (count > 1)
		qsort(names, count, sizeof(char *), compare_names);

	for (size_t i = 0; i < count && error == RM_OK; i++) {
		char *src = rm_xasprintf("%s/%s", from, names[i]);
		char *dst = rm_xasprintf("%s/%s", to, names[i]);
		struct stat st;

		if (lstat(src, &st) < 0) {
			rm_error_set("cannot read '%s': %s", src, strerror(errno));
			error = RM_EIO;
		} else if (S_ISLNK(st.st_mode)) {
			error = copy_link(src, dst);
		} else if (S_ISREG(st.st_mode)) {
			error = copy_file(src, dst, st.st_mode);
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(dst, 0755) < 0) {
				rm_error_set("cannot create directory '%s': %s",
					     dst, strerror(errno));
				error = RM_EIO;
			} else {
				error = copy_dir(src, dst, log, depth + 1);
			}
		} else if (log) {
			fprintf(log, "remediate: skipping '%s': not a regular file, directory or link\n",
				src);
		}
		free(src);
		free(dst);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return error;
}

int tree_copy(const char *from, const char *to, FILE *log)
{
	return copy_dir(from, to, log, 0);
}

static int remove_entry(const char *path, int depth)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? RM_OK : RM_EIO;
	if (S_ISDIR(st.st_mode) && depth < 256) {
		DIR *dir = opendir(path);
		struct dirent *entry;

		if (!dir) {
			rm_error_set("cannot open directory '%s': %s", path,
				     strerror(errno));
			return RM_EIO;
		}
		while ((entry = readdir(dir))) {
			char *child;
			int error;

			if (strcmp(entry->d_name, ".") == 0 ||
			    strcmp(entry->d_name, "..") == 0)
				continue;
			child = rm_xasprintf("%s/%s", path, entry->d_name);
			error = remove_entry(child, depth + 1);
			free(child);
			if (error < 0) {
				closedir(dir);
				return error;
			}
		}
		closedir(dir);
		if (rmdir(path) < 0) {
			rm_error_set("cannot remove '%s': %s", path, strerror(errno));
			return RM_EIO;
		}
		return RM_OK;
	}
	if (unlink(path) < 0) {
		rm_error_set("cannot remove '%s': %s", path, strerror(errno));
		return RM_EIO;
	}
	return RM_OK;
}

int tree_remove(const char *path)
{
	return remove_entry(path, 0);
}

bool tree_is_nonempty_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	bool found = false;

	if (!dir)
		return false;
	while (!found && (entry = readdir(dir)))
		found = strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..");
	closedir(dir);
	return found;
}

int tree_read_file(char **out, size_t *len, const char *path)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t cap = 4096, used = 0;
	struct stat st;
	char *buf;
	ssize_t n;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		int code = errno;
		rm_error_set("cannot read '%s': %s", path, strerror(code));
		return code == ENOENT ? RM_ENOTFOUND : RM_EIO;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rm_error_set("cannot read '%s': not a regular file", path);
		close(fd);
		return RM_EIO;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	buf = rm_xmalloc(cap);
	while ((n = read(fd, buf + used, cap - used - 1)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rm_error_set("cannot read '%s': %s", path, strerror(errno));
			free(buf);
			close(fd);
			return RM_EIO;
		}
		used += (size_t)n;
		if (cap - used < 2) {
			cap *= 2;
			buf = rm_xrealloc(buf, cap);
		}
	}
	close(fd);
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return RM_OK;
}

int tree_write_file(const char *path, const char *data, size_t len)
{
	char *tmp = rm_xasprintf("%s.remediate-tmp", path);
	struct stat st;
	mode_t mode = 0644;
	int fd, error = RM_OK;

	/* Keep the mode of the file being replaced (an executable script
	 * stays executable). */
	if (stat(path, &st) == 0)
		mode = st.st_mode & 0777;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		rm_error_set("cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return RM_EIO;
	}
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rm_error_set("cannot write '%s': %s", tmp, strerror(errno));
			error = RM_EIO;
			break;
		}
		off += (size_t)n;
	}
	if (error == RM_OK && (fchmod(fd, mode) < 0 || fsync(fd) < 0)) {
		rm_error_set("cannot write '%s': %s", tmp, strerror(errno));
		error = RM_EIO;
	}
	if (close(fd) < 0 && error == RM_OK) {
		rm_error_set("cannot write '%s': %s", tmp, strerror(errno));
		error = RM_EIO;
	}
	if (error == RM_OK && rename(tmp, path) < 0) {
		rm_error_set("cannot replace '%s': %s", path, strerror(errno));
		error = RM_EIO;
	}
	if (error != RM_OK)
		unlink(tmp);
	free(tmp);
	return error;
}
