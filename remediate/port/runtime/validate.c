/*
 * UTF-8 decoding and Unicode property lookups behind validate.h.
 *
 * The decoder is strict in the way Python's "utf-8" codec is: overlong
 * forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF are
 * invalid.  Property lookups are a binary search over the sorted range
 * tables in validate_tables.h.
 */
#include "validate.h"

#include <stdint.h>
#include <string.h>

#include "validate_tables.h"

long validate_utf8_next(const char *text, size_t len, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)text;
	static const uint32_t min_for_length[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t extra, i;
	unsigned char lead = s[*pos];

	if (lead < 0x80) {
		(*pos)++;
		return lead;
	} else if ((lead & 0xe0) == 0xc0) {
		cp = lead & 0x1f;
		extra = 1;
	} else if ((lead & 0xf0) == 0xe0) {
		cp = lead & 0x0f;
		extra = 2;
	} else if ((lead & 0xf8) == 0xf0) {
		cp = lead & 0x07;
		extra = 3;
	} else {
		return -1;
	}
	if (len - *pos <= extra)
		return -1;

	for (i = 1; i <= extra; i++) {
		if ((s[*pos + i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[*pos + i] & 0x3f);
	}
	if (cp < min_for_length[extra + 1] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*pos += extra + 1;
	return (long)cp;
}

static bool in_ranges(uint32_t cp, const struct validate_range *ranges, size_t count)
{
	size_t low = 0, high = count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (cp < ranges[mid].first)
			high = mid;
		else if (cp > ranges[mid].last)
			low = mid + 1;
		else
			return true;
	}
	return false;
}

/* Returns true when `s` is non-empty valid UTF-8 and every code point is in `ranges`. */
static bool all_in_ranges(const char *s, size_t len, const struct validate_range *ranges, size_t count)
{
	size_t pos = 0;

	if (len == 0)
		return false;
	while (pos < len) {
		long cp = validate_utf8_next(s, len, &pos);

		if (cp < 0 || !in_ranges((uint32_t)cp, ranges, count))
			return false;
	}
	return true;
}

bool validate_isalnum(const char *s, size_t len)
{
	return all_in_ranges(s, len, validate_alnum_ranges,
		sizeof(validate_alnum_ranges) / sizeof(validate_alnum_ranges[0]));
}

bool validate_isdigit(const char *s, size_t len)
{
	return all_in_ranges(s, len, validate_digit_ranges,
		sizeof(validate_digit_ranges) / sizeof(validate_digit_ranges[0]));
}

long validate_length(const char *s, size_t len)
{
	size_t pos = 0;
	long count = 0;

	while (pos < len) {
		if (validate_utf8_next(s, len, &pos) < 0)
			return -1;
		count++;
	}
	return count;
}

bool validate_length_between(const char *s, size_t len, size_t min_len, size_t max_len)
{
	long count = validate_length(s, len);

	return count >= 0 && (size_t)count >= min_len && (size_t)count <= max_len;
}

bool validate_in_list(const char *s, size_t len, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++)
		if (strlen(*allowed) == len && memcmp(*allowed, s, len) == 0)
			return true;
	return false;
}
