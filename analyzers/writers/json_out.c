/*
 * Streaming JSON printer with Python json.dumps(indent=2) layout; see
 * json_out.h for the layout and the two string encodings.
 */
#include "json_out.h"

#include <assert.h>
#include <string.h>

void jout_init(jout *self, FILE *out, jout_encoding encoding)
{
	self->out = out;
	self->encoding = encoding;
	self->depth = 0;
	self->counts[0] = 0;
	self->after_key = false;
}

static void newline_indent(jout *self, int depth)
{
	fputc('\n', self->out);
	for (int i = 0; i < depth; i++)
		fputs("  ", self->out);
}

/* Writes what goes before a value: nothing after a key, otherwise the
 * separator from the previous item and the line break of this one. */
static void before_value(jout *self)
{
	if (self->after_key) {
		self->after_key = false;
		return;
	}
	if (self->depth == 0)
		return;
	if (self->counts[self->depth - 1]++ > 0)
		fputc(',', self->out);
	newline_indent(self, self->depth);
}

static void open_container(jout *self, char bracket)
{
	before_value(self);
	assert(self->depth < JOUT_MAX_DEPTH);
	fputc(bracket, self->out);
	self->counts[self->depth++] = 0;
}

static void close_container(jout *self, char bracket)
{
	assert(self->depth > 0 && !self->after_key);
	self->depth--;
	if (self->counts[self->depth] > 0)
		newline_indent(self, self->depth);
	fputc(bracket, self->out);
}

void jout_begin_object(jout *self) { open_container(self, '{'); }
void jout_end_object(jout *self) { close_container(self, '}'); }
void jout_begin_array(jout *self) { open_container(self, '['); }
void jout_end_array(jout *self) { close_container(self, ']'); }

void jout_key(jout *self, const char *key)
{
	assert(!self->after_key);
	before_value(self);
	fputc('"', self->out);
	jout_escape(self->out, key, strlen(key), self->encoding);
	fputs("\": ", self->out);
	self->after_key = true;
}

size_t jout_utf8_decode(const char *text, size_t len, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned long value, min;
	size_t need;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2, value = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3, value = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4, value = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		value = (value << 6) | (s[i] & 0x3f);
	}
	if (value < min || value > 0x10ffff ||
	    (value >= 0xd800 && value <= 0xdfff))
		return 0;
	*cp = value;
	return need;
}

int jout_code_points(const char *text, size_t len, size_t bytes)
{
	size_t i = 0;
	int count = 0;

	while (text && i < bytes && i < len) {
		unsigned long cp;
		size_t n = jout_utf8_decode(text + i, len - i, &cp);

		i += n ? n : 1;
		count++;
	}
	if (bytes > i)
		count += (int)(bytes - i);
	return count;
}

void jout_escape(FILE *out, const char *text, size_t len,
		 jout_encoding encoding)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		unsigned long cp;
		size_t n;

		/* The short escapes are the ones Python's json module uses. */
		switch (c) {
		case '"': fputs("\\\"", out); i++; continue;
		case '\\': fputs("\\\\", out); i++; continue;
		case '\n': fputs("\\n", out); i++; continue;
		case '\r': fputs("\\r", out); i++; continue;
		case '\t': fputs("\\t", out); i++; continue;
		case '\b': fputs("\\b", out); i++; continue;
		case '\f': fputs("\\f", out); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
			i++;
			continue;
		}
		if (c < 0x80) {
			fputc(c, out);
			i++;
			continue;
		}

		n = jout_utf8_decode(text + i, len - i, &cp);
		if (n == 0) {
			/* One invalid byte at a time: the next byte is decoded
			 * afresh, which matches Python's "replace" error
			 * handler. */
			fputs(encoding == JOUT_ASCII ? "\\ufffd" : "\xef\xbf\xbd", out);
			i++;
			continue;
		}
		if (encoding == JOUT_UTF8) {
			fwrite(text + i, 1, n, out);
		} else if (cp < 0x10000) {
			fprintf(out, "\\u%04lx", cp);
		} else {
			cp -= 0x10000;
			fprintf(out, "\\u%04lx\\u%04lx", 0xd800 + (cp >> 10),
				0xdc00 + (cp & 0x3ff));
		}
		i += n;
	}
}

void jout_string_n(jout *self, const char *text, size_t len)
{
	before_value(self);
	fputc('"', self->out);
	jout_escape(self->out, text, len, self->encoding);
	fputc('"', self->out);
}

void jout_string(jout *self, const char *text)
{
	jout_string_n(self, text, strlen(text));
}

void jout_int(jout *self, long value)
{
	before_value(self);
	fprintf(self->out, "%ld", value);
}

void jout_bool(jout *self, bool value)
{
	before_value(self);
	fputs(value ? "true" : "false", self->out);
}

void jout_key_string(jout *self, const char *key, const char *text)
{
	jout_key(self, key);
	jout_string(self, text);
}

void jout_key_int(jout *self, const char *key, long value)
{
	jout_key(self, key);
	jout_int(self, value);
}

void jout_key_bool(jout *self, const char *key, bool value)
{
	jout_key(self, key);
	jout_bool(self, value);
}
