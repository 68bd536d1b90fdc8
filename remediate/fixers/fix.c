/* The plan container shared by every fixer. */
#include "fixer.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

void fix_set_file(fix *self, const char *path, const char *content,
		  size_t len)
{
	fix_file *file = (fix_file *)fix_get_file(self, path);

	if (!file) {
		self->files = rm_xrealloc(self->files, (self->file_count + 1) *
						       sizeof(fix_file));
		file = &self->files[self->file_count++];
		file->path = rm_xstrdup(path);
	} else {
		free(file->content);
	}
	file->content = NULL;
	file->len = 0;
	if (content) {
		file->content = rm_xmalloc(len + 1);
		memcpy(file->content, content, len);
		file->content[len] = '\0';
		file->len = len;
	}
}

const fix_file *fix_get_file(const fix *self, const char *path)
{
	for (size_t i = 0; i < self->file_count; i++)
		if (strcmp(self->files[i].path, path) == 0)
			return &self->files[i];
	return NULL;
}

void fix_release(fix *self)
{
	for (size_t i = 0; i < self->file_count; i++) {
		free(self->files[i].path);
		free(self->files[i].content);
	}
	free(self->files);
	free(self->subject);
	free(self->problem);
	free(self->change);
	memset(self, 0, sizeof(*self));
}
