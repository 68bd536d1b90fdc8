/* Loading files into memory and mapping byte offsets to lines. */
#include "source.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

static void index_lines(source *self)
{
	size_t cap = 64;

	self->line_starts = rm_xmalloc(cap * sizeof(size_t));
	self->line_count = 0;
	self->line_starts[self->line_count++] = 0;
	/* Without a "\r" in the file, memchr finds each line end. */
	if (!memchr(self->text, '\r', self->len)) {
		const char *p = self->text, *end = self->text + self->len, *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p))) && nl + 1 < end) {
			if (self->line_count == cap) {
				cap *= 2;
				self->line_starts = rm_xrealloc(self->line_starts,
								cap * sizeof(size_t));
			}
			p = nl + 1;
			self->line_starts[self->line_count++] = (size_t)(p - self->text);
		}
		if (self->len == 0)
			self->line_count = 0;
		return;
	}
	for (size_t i = 0; i < self->len; i++) {
		/* A line ends at "\n", "\r\n" or a bare "\r", as in Python's
		 * universal newlines. */
		bool end = self->text[i] == '\n' ||
			   (self->text[i] == '\r' && (i + 1 == self->len ||
						      self->text[i + 1] != '\n'));
		if (!end || i + 1 == self->len)
			continue;
		if (self->line_count == cap) {
			cap *= 2;
			self->line_starts = rm_xrealloc(self->line_starts,
							cap * sizeof(size_t));
		}
		self->line_starts[self->line_count++] = i + 1;
	}
	if (self->len == 0)
		self->line_count = 0;
}

source *source_from_bytes(const char *path, const char *bytes, size_t len)
{
	source *self = rm_xcalloc(1, sizeof(*self));

	self->path = rm_xstrdup(path);
	self->text = rm_xmalloc(len + 1);
	if (len)
		memcpy(self->text, bytes, len);
	self->text[len] = '\0';
	self->len = len;
	index_lines(self);
	return self;
}

int source_load(source **out, const char *path, size_t max_bytes)
{
	FILE *file = NULL;
	struct stat st;
	int fd;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int error = RM_OK;

	*out = NULL;
	/* O_NONBLOCK so that opening a FIFO returns at once instead of
	 * waiting for a writer; only regular files are read. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int code = errno;
		rm_error_set("cannot open '%s': %s", path, strerror(code));
		return code == ENOENT ? RM_ENOTFOUND : RM_EIO;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rm_error_set("cannot read '%s': not a regular file", path);
		close(fd);
		return RM_EIO;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	file = fdopen(fd, "rb");
	if (!file) {
		rm_error_set("cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return RM_EIO;
	}

	/* The size decides the first allocation, so a huge or sparse file
	 * is turned down before anything is allocated for it. */
	if (max_bytes && st.st_size > 0 && (unsigned long long)st.st_size > max_bytes) {
		rm_error_set("cannot read '%s': larger than %zu bytes", path,
			     max_bytes);
		fclose(file);
		return RM_EIO;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = rm_xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len, file)) > 0) {
		len += n;
		if (max_bytes && len > max_bytes) {
			rm_error_set("cannot read '%s': larger than %zu bytes",
				     path, max_bytes);
			error = RM_EIO;
			goto done;
		}
		if (len == cap) {
			cap *= 2;
			buf = rm_xrealloc(buf, cap);
		}
	}
	if (ferror(file)) {
		rm_error_set("cannot read '%s': %s", path, strerror(errno));
		error = RM_EIO;
		goto done;
	}

	*out = rm_xcalloc(1, sizeof(**out));
	(*out)->path = rm_xstrdup(path);
	buf = rm_xrealloc(buf, len + 1);
	buf[len] = '\0';
	(*out)->text = buf;
	(*out)->len = len;
	buf = NULL;
	index_lines(*out);

done:
	free(buf);
	fclose(file);
	return error;
}

void source_free(source *self)
{
	if (!self)
		return;
	free(self->path);
	free(self->text);
	free(self->line_starts);
	free(self);
}

void source_position(const source *self, size_t offset, int *line, int *col)
{
	size_t lo = 0, hi = self->line_count;

	if (self->line_count == 0) {
		*line = 1;
		*col = 0;
		return;
	}
	/* Binary search for the last line start <= offset. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (self->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*col = (int)(offset - self->line_starts[lo]);
}

const char *source_line(const source *self, int line, size_t *len)
{
	size_t start, end;

	if (line < 1 || (size_t)line > self->line_count)
		return NULL;
	start = self->line_starts[line - 1];
	end = (size_t)line < self->line_count ? self->line_starts[line]
					      : self->len;
	while (end > start && (self->text[end - 1] == '\n' ||
			       self->text[end - 1] == '\r'))
		end--;
	*len = end - start;
	return self->text + start;
}

size_t source_line_offset(const source *self, int line)
{
	if (line < 1 || (size_t)line > self->line_count)
		return self->len;
	return self->line_starts[line - 1];
}

int source_is_binary(const source *self)
{
	const unsigned char *p = (const unsigned char *)self->text;
	const unsigned char *end = p + self->len;

	while (p < end) {
		unsigned char c = *p;
		int extra;

		if (c == 0)
			return 1;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xE0) == 0xC0 && c >= 0xC2)
			extra = 1;
		else if ((c & 0xF0) == 0xE0)
			extra = 2;
		else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
			extra = 3;
		else
			return 1;
		if (end - p <= extra)
			return 1;
		for (int i = 1; i <= extra; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 1;
		p += extra + 1;
	}
	return 0;
}
