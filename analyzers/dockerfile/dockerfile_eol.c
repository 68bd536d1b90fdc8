/*
 * End-of-life dates of the software a base image runs (CPython, Alpine,
 * Debian), and the mapping from an image tag to those releases.
 *
 * Sources of the dates, as gathered in December 2026:
 * - CPython: the release cycle that python/peps publishes as
 *   https://peps.python.org/api/release-cycle.json.  For releases not
 *   yet retired it gives only a month.  endoflife.date
 *   (https://endoflife.date/python) turns that month into its last day,
 *   and so does this table, so those dates may still move.
 * - Alpine: end of support of the `main` repository from
 *   https://alpinelinux.org/releases/, as listed by
 *   https://endoflife.date/alpine-linux.
 * - Debian: end of Debian LTS from https://www.debian.org/releases/ and
 *   the Debian LTS announcements, as listed by
 *   https://endoflife.date/debian.  Regular security support ends about
 *   two years earlier.  Only the LTS end counts as end of life here,
 *   because LTS still ships security updates.
 */
#include "dockerfile/dockerfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SRC_PYTHON "python/peps release-cycle.json; month-only dates as normalized by endoflife.date"
#define SRC_ALPINE "alpinelinux.org/releases via endoflife.date (main repository)"
#define SRC_DEBIAN "debian.org/releases and Debian LTS via endoflife.date (end of LTS)"

/* Rows of one product are in ascending release order. */
static const df_eol table[] = {
	{ "CPython", "3.7", NULL, "2023-06-27", SRC_PYTHON },
	{ "CPython", "3.8", NULL, "2024-10-07", SRC_PYTHON },
	{ "CPython", "3.9", NULL, "2025-10-31", SRC_PYTHON },
	{ "CPython", "3.10", NULL, "2026-10-31", SRC_PYTHON },
	{ "CPython", "3.11", NULL, "2027-10-31", SRC_PYTHON },
	{ "CPython", "3.12", NULL, "2028-10-31", SRC_PYTHON },
	{ "CPython", "3.13", NULL, "2029-10-31", SRC_PYTHON },
	{ "CPython", "3.14", NULL, "2030-10-31", SRC_PYTHON },
	{ "Alpine", "3.15", NULL, "2023-11-01", SRC_ALPINE },
	{ "Alpine", "3.16", NULL, "2024-05-23", SRC_ALPINE },
	{ "Alpine", "3.17", NULL, "2024-11-22", SRC_ALPINE },
	{ "Alpine", "3.18", NULL, "2025-05-09", SRC_ALPINE },
	{ "Alpine", "3.19", NULL, "2025-11-01", SRC_ALPINE },
	{ "Alpine", "3.20", NULL, "2026-04-01", SRC_ALPINE },
	{ "Alpine", "3.21", NULL, "2026-11-01", SRC_ALPINE },
	{ "Alpine", "3.22", NULL, "2027-05-01", SRC_ALPINE },
	{ "Alpine", "3.23", NULL, "2027-11-01", SRC_ALPINE },
	{ "Alpine", "3.24", NULL, "2028-06-01", SRC_ALPINE },
	{ "Debian", "10", "buster", "2024-06-30", SRC_DEBIAN },
	{ "Debian", "11", "bullseye", "2026-08-31", SRC_DEBIAN },
	{ "Debian", "12", "bookworm", "2028-06-30", SRC_DEBIAN },
	{ "Debian", "13", "trixie", "2030-06-30", SRC_DEBIAN },
};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

/* Debian codenames older than the table, oldest first. */
static const char *const old_debian[] = {
	"hamm", "slink", "potato", "woody", "sarge", "etch", "lenny",
	"squeeze", "wheezy", "jessie", "stretch",
};

const df_eol *df_eol_table(size_t *count)
{
	*count = TABLE_SIZE;
	return table;
}

/* Parses "X" or "X.Y" at the start of s; *minor is -1 without ".Y".
 * Returns the number of bytes read, 0 when s does not start with X. */
static size_t parse_version(const char *s, long *major, long *minor)
{
	char *end;
	size_t used;

	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	*major = strtol(s, &end, 10);
	*minor = -1;
	if (errno)
		return 0;
	used = (size_t)(end - s);
	if (*end == '.' && isdigit((unsigned char)end[1])) {
		*minor = strtol(end + 1, &end, 10);
		if (errno)
			return 0;
		used = (size_t)(end - s);
	}
	return used;
}

static int compare_versions(long major_a, long minor_a, long major_b,
			    long minor_b)
{
	if (major_a != major_b)
		return major_a < major_b ? -1 : 1;
	if (minor_a != minor_b)
		return minor_a < minor_b ? -1 : 1;
	return 0;
}

/*
 * Finds the row of `product` for release major.minor.  A release older
 * than the oldest row gets that row with m->older set; a newer or
 * unknown one gets nothing.  Returns true when m was filled.
 */
static bool match_release(df_eol_match *m, const char *product, long major,
			  long minor, const char *release)
{
	const df_eol *oldest = NULL;

	for (size_t i = 0; i < TABLE_SIZE; i++) {
		long row_major, row_minor;

		if (strcmp(table[i].product, product) != 0)
			continue;
		if (!oldest)
			oldest = &table[i];
		parse_version(table[i].cycle, &row_major, &row_minor);
		if (compare_versions(major, minor, row_major, row_minor) == 0) {
			m->row = &table[i];
			m->older = false;
			snprintf(m->release, sizeof(m->release), "%s", release);
			return true;
		}
	}
	if (oldest) {
		long row_major, row_minor;

		parse_version(oldest->cycle, &row_major, &row_minor);
		if (compare_versions(major, minor, row_major, row_minor) < 0) {
			m->row = oldest;
			m->older = true;
			snprintf(m->release, sizeof(m->release), "%s", release);
			return true;
		}
	}
	return false;
}

/* Matches a Debian release given as a number or a codename. */
static bool match_debian(df_eol_match *m, const char *word, size_t len)
{
	char release[48];
	long major, minor;

	if (len == 0 || len >= sizeof(release))
		return false;
	memcpy(release, word, len);
	release[len] = '\0';
	if (parse_version(release, &major, &minor) == len)
		return match_release(m, "Debian", major, -1, release);
	for (size_t i = 0; i < TABLE_SIZE; i++) {
		if (table[i].codename &&
		    strcasecmp(table[i].codename, release) == 0) {
			m->row = &table[i];
			m->older = false;
			snprintf(m->release, sizeof(m->release), "%s", release);
			return true;
		}
	}
	for (size_t i = 0; i < sizeof(old_debian) / sizeof(old_debian[0]); i++)
		if (strcasecmp(old_debian[i], release) == 0)
			return match_release(m, "Debian", 0, -1, release);
	return false;
}

/* Matches "3.Y" (with an optional ".Z") as an Alpine branch. */
static bool match_alpine(df_eol_match *m, const char *word, size_t len)
{
	char release[48];
	long major, minor;
	size_t used;

	if (len == 0 || len >= sizeof(release))
		return false;
	used = parse_version(word, &major, &minor);
	if (used == 0 || minor < 0)
		return false;
	snprintf(release, sizeof(release), "%ld.%ld", major, minor);
	return match_release(m, "Alpine", major, minor, release);
}

static const char *last_component(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

size_t df_eol_lookup(df_eol_match *out, size_t max, const char *name,
		     const char *tag)
{
	const char *repo = last_component(name), *rest;
	size_t count = 0, used;
	long major, minor;

	if (!tag || max == 0)
		return 0;

	if (strcmp(repo, "alpine") == 0) {
		size_t len = strcspn(tag, "-");

		return match_alpine(&out[0], tag, len) ? 1 : 0;
	}
	if (strcmp(repo, "debian") == 0)
		return match_debian(&out[0], tag, strcspn(tag, "-")) ? 1 : 0;
	if (strcmp(repo, "python") != 0)
		return 0;

	/* python:3.X[.Z][rcN][-variant]...: the version, then the suffixes
	 * that name the OS (alpine3.Y or a Debian codename). */
	used = parse_version(tag, &major, &minor);
	if (used && minor >= 0) {
		char release[48];

		snprintf(release, sizeof(release), "%ld.%ld", major, minor);
		if (match_release(&out[count], "CPython", major, minor, release))
			count++;
	}
	rest = strchr(tag, '-');
	while (rest && count < max) {
		const char *part = rest + 1;
		size_t len = strcspn(part, "-");

		if (strncmp(part, "alpine", 6) == 0 && len > 6) {
			if (match_alpine(&out[count], part + 6, len - 6))
				count++;
		} else if (!isdigit((unsigned char)*part) &&
			   match_debian(&out[count], part, len)) {
			count++;
		}
		rest = strchr(part, '-');
	}
	return count;
}

const char *df_scan_date(char buf[11])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	/* NOTE: an invalid SOURCE_DATE_EPOCH (not a non-negative decimal
	 * number) is ignored without a message and the clock is used. */
	if (epoch && *epoch) {
		char *end;
		long long seconds;

		errno = 0;
		seconds = strtoll(epoch, &end, 10);
		if (!errno && !*end && seconds >= 0)
			now = (time_t)seconds;
	}
	gmtime_r(&now, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
	return buf;
}
