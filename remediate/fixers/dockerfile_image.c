/*
 * The base image fixers.  A base image past its end of life moves to a
 * supported release of the same image and variant (RD106).  An image
 * without a release tag is left to a person, with a concrete suggestion
 * (RD105).  Both read the end-of-life table of the Dockerfile analyzer
 * (df_eol_table, df_eol_lookup), so fixer and rule agree on what is
 * supported and on the scan date.
 */
#include "fixers/fix_dockerfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/*
 * How long each product supports a release, and how old a release must
 * be before the fixer moves an image to it.  The table has end-of-life
 * dates only, so a release's publication date is estimated as its end
 * of life minus the support period, and that estimate also keeps
 * releases that did not exist yet at the scan date out.
 */
typedef struct release_policy {
	const char *product;
	int support_months;  /* publication to end of life */
	int settle_months;   /* minimum age of the chosen release */
} release_policy;

static const release_policy policies[] = {
	/* PEP 602: five years per release.  A year of settling lets the
	 * packages a service pins publish wheels and fixes for it. */
	{ "CPython", 60, 12 },
	/* Alpine supports the main repository of each branch for two
	 * years; images built on a new branch appear within weeks. */
	{ "Alpine", 24, 3 },
	/* Debian: about three years of security support, then two of LTS,
	 * which the analyzer counts as supported. */
	{ "Debian", 60, 3 },
};

/* A release must have this many months of support left to be chosen,
 * and an image release with fewer is moved along with an expired one. */
#define MIN_SUPPORT_MONTHS 12

static const release_policy *find_policy(const char *product)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strcmp(policies[i].product, product) == 0)
			return &policies[i];
	return NULL;
}

/* Writes the date `months` after the "YYYY-MM-DD" date `date` into out.
 * The day is kept as is, which is enough for comparing dates as
 * strings. */
static void add_months(char out[11], const char *date, int months)
{
	int year = atoi(date), month = atoi(date + 5) - 1 + months;
	char buf[32];

	year += month / 12;
	month %= 12;
	snprintf(buf, sizeof(buf), "%04d-%02d-%.2s", year, month + 1, date + 8);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/*
 * Returns the newest release of `product` in the end-of-life table that
 * has settled and has at least MIN_SUPPORT_MONTHS of support left on
 * `today`.  Without one it returns the newest published release with
 * that much support left, and NULL when there is none either.
 */
static const df_eol *pick_release(const char *product, const char *today)
{
	const release_policy *policy = find_policy(product);
	const df_eol *settled = NULL, *published = NULL;
	char min_eol[11], settled_eol[11], published_eol[11];
	size_t count;
	const df_eol *table = df_eol_table(&count);

	if (!policy)
		return NULL;
	add_months(min_eol, today, MIN_SUPPORT_MONTHS);
	add_months(settled_eol, today,
		   policy->support_months - policy->settle_months);
	add_months(published_eol, today, policy->support_months);
	for (size_t i = 0; i < count; i++) {
		const df_eol *row = &table[i];

		if (strcmp(row->product, product) != 0 ||
		    strcmp(row->eol, min_eol) < 0)
			continue;
		if (strcmp(row->eol, settled_eol) <= 0)
			settled = row;
		if (strcmp(row->eol, published_eol) <= 0)
			published = row;
	}
	return settled ? settled : published;
}

/* Returns true when release `m` is past its end of life, or has less
 * than MIN_SUPPORT_MONTHS of support left, on `today`. */
static bool needs_move(const df_eol_match *m, const char *today)
{
	char min_eol[11];

	add_months(min_eol, today, MIN_SUPPORT_MONTHS);
	return m->older || strcmp(m->row->eol, min_eol) < 0;
}

/* Returns the first match of `product` in a lookup, or NULL. */
static const df_eol_match *match_of(const df_eol_match *matches,
				    size_t count, const char *product)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(matches[i].row->product, product) == 0)
			return &matches[i];
	return NULL;
}

/* The new tag of an image and what changed in it. */
typedef struct tag_change {
	char *tag;            /* owned: the new tag */
	char *summary;        /* owned: one sentence per moved release */
	bool python_moved;    /* the CPython release changed */
	const df_eol *python; /* the new CPython release, when moved */
	char old_python[48];  /* the CPython version as the tag had it */
} tag_change;

static void tag_change_free(tag_change *c)
{
	free(c->tag);
	free(c->summary);
	memset(c, 0, sizeof(*c));
}

/* Appends `part` to the growing tag, with a dash unless it is first. */
static void append_part(char **tag, const char *part, size_t len)
{
	char *joined = rm_xasprintf("%s%s%.*s", *tag ? *tag : "",
				    *tag ? "-" : "", (int)len, part);

	free(*tag);
	*tag = joined;
}

static void append_summary(char **summary, const df_eol_match *old,
			   const df_eol *row, const char *new_release,
			   const char *today)
{
	char *sentence, *joined;

	if (old->older)
		sentence = rm_xasprintf("%s %s is older than %s %s, which reached end of life on %s; %s %s is supported until %s.",
					old->row->product, old->release,
					old->row->product, old->row->cycle,
					old->row->eol, row->product,
					new_release, row->eol);
	else
		sentence = rm_xasprintf("%s %s %s end of life on %s; %s %s is supported until %s.",
					old->row->product, old->release,
					strcmp(old->row->eol, today) > 0 ? "reaches" : "reached",
					old->row->eol, row->product,
					new_release, row->eol);
	joined = rm_xasprintf("%s%s%s", *summary ? *summary : "",
			      *summary ? " " : "", sentence);
	free(sentence);
	free(*summary);
	*summary = joined;
}

/*
 * Moves each release named in `tag` of repository `repo` that needs a
 * move on `today` to the release pick_release() chooses.  The releases
 * are CPython for python, the Alpine branch and the Debian release.
 * Every other part of the tag (-slim, -alpine without a version) stays.
 * Returns 0, or RM_ENOTFOUND with the reason in the error slot.
 */
static int move_tag(tag_change *out, const char *repo, const char *tag,
		    const char *today)
{
	size_t part_index = 0;

	memset(out, 0, sizeof(*out));
	for (const char *part = tag; part; part_index++) {
		const char *dash = strchr(part, '-');
		size_t len = dash ? (size_t)(dash - part) : strlen(part);
		char word[48];
		df_eol_match matches[2];
		const df_eol_match *m = NULL;
		const char *lookup_repo = NULL, *lookup_tag = word, *prefix = "";
		size_t count;

		if (len >= sizeof(word)) {
			append_part(&out->tag, part, len);
			part = dash ? dash + 1 : NULL;
			continue;
		}
		memcpy(word, part, len);
		word[len] = '\0';

		/* Which product this part of the tag names, if any. */
		if (part_index == 0 && strcmp(repo, "python") == 0) {
			lookup_repo = "python";
		} else if (part_index == 0 && (strcmp(repo, "alpine") == 0 ||
					       strcmp(repo, "debian") == 0)) {
			lookup_repo = repo;
		} else if (strcmp(repo, "python") == 0 &&
			   strncmp(word, "alpine", 6) == 0 && len > 6) {
			lookup_repo = "alpine";
			lookup_tag = word + 6;
			prefix = "alpine";
		} else if (strcmp(repo, "python") == 0 &&
			   !isdigit((unsigned char)word[0])) {
			lookup_repo = "debian";
		}
		if (lookup_repo) {
			count = df_eol_lookup(matches, 2, lookup_repo, lookup_tag);
			m = match_of(matches, count,
				     strcmp(lookup_repo, "python") == 0 ? "CPython" :
				     strcmp(lookup_repo, "alpine") == 0 ? "Alpine" : "Debian");
		}

		if (m && needs_move(m, today)) {
			const df_eol *row = pick_release(m->row->product, today);
			const char *release;

			if (!row) {
				rm_error_set("no %s release in the end-of-life table has %d months of support left on %s: choose a supported release by hand",
					     m->row->product, MIN_SUPPORT_MONTHS, today);
				return RM_ENOTFOUND;
			}
			if (strcmp(m->row->product, "CPython") == 0 &&
			    strspn(word, "0123456789.") != len) {
				rm_error_set("the python tag '%s' names a pre-release or build ('%s'): choose a supported final release by hand",
					     tag, word);
				return RM_ENOTFOUND;
			}
			/* A Debian release named by codename stays a
			 * codename, a number stays a number. */
			release = strcmp(m->row->product, "Debian") == 0 &&
					  !isdigit((unsigned char)word[0]) &&
					  row->codename
				  ? row->codename : row->cycle;
			{
				char *replaced = rm_xasprintf("%s%s", prefix, release);

				append_part(&out->tag, replaced, strlen(replaced));
				free(replaced);
			}
			append_summary(&out->summary, m, row, release, today);
			if (strcmp(m->row->product, "CPython") == 0) {
				out->python_moved = true;
				out->python = row;
				snprintf(out->old_python, sizeof(out->old_python),
					 "%s", word);
			}
		} else {
			append_part(&out->tag, part, len);
		}
		part = dash ? dash + 1 : NULL;
	}
	if (!out->summary) {
		rm_error_set("no release in tag '%s' is past its end of life on %s: rescan the file",
			     tag, today);
		tag_change_free(out);
		return RM_ENOTFOUND;
	}
	return RM_OK;
}

/*
 * Returns the exact pins (NAME==VERSION) of requirements.txt next to the
 * Dockerfile, joined by ", ", or NULL when the file is missing or pins
 * nothing.  The caller frees the result.
 */
static char *requirement_pins(const fix_context *ctx)
{
	const char *slash = strrchr(ctx->finding->path, '/');
	char *path;
	source *req = NULL;
	char *pins = NULL;

	path = rm_xasprintf("%s/%.*s%srequirements.txt", ctx->root,
			    slash ? (int)(slash - ctx->finding->path) : 0,
			    ctx->finding->path, slash ? "/" : "");
	if (source_load(&req, path, 1 << 20) < 0) {
		rm_error_clear();
		free(path);
		return NULL;
	}
	for (size_t line = 1; line <= req->line_count; line++) {
		size_t len, start = 0;
		const char *text = source_line(req, (int)line, &len);
		const char *pin;

		len = strcspn(text, "#\r\n") < len ? strcspn(text, "#\r\n") : len;
		while (start < len && isspace((unsigned char)text[start]))
			start++;
		while (len > start && isspace((unsigned char)text[len - 1]))
			len--;
		pin = memmem(text + start, len - start, "==", 2);
		if (!pin || len == start)
			continue;
		{
			char *joined = rm_xasprintf("%s%s%.*s", pins ? pins : "",
						    pins ? ", " : "",
						    (int)(len - start), text + start);

			free(pins);
			pins = joined;
		}
	}
	source_free(req);
	free(path);
	return pins;
}

/* Returns the stage whose FROM is the target instruction, or NULL. */
static const df_stage *target_stage(const fix_dockerfile_doc *doc)
{
	for (size_t i = 0; i < doc->file->stage_count; i++)
		if (doc->file->stages[i].from == doc->target_index)
			return &doc->file->stages[i];
	return NULL;
}

/* --- RD106: base image past its end of life ------------------------------ */

int fix_dockerfile_end_of_life(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	edit_list edits = {0};
	tag_change change;
	const df_stage *stage;
	const char *path = ctx->finding->path, *repo;
	char today[11];
	char *old_image = NULL, *new_image = NULL, *pins = NULL;
	char *newest_note = NULL, *python_note = NULL, *pins_text = NULL;
	bool patch;
	size_t tag_len, tag_start;
	int error;

	memset(&change, 0, sizeof(change));
	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	df_scan_date(today);
	if (!(stage = target_stage(&doc)) || !stage->tag) {
		rm_error_set("the RD106 finding in '%s' at line %d is not on the FROM of a tagged image: rescan the file",
			     path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!stage->resolved || strcmp(stage->image, stage->resolved) != 0) {
		rm_error_set("the base image '%s' in '%s' comes from a build argument: change the ARG default to a supported release by hand",
			     stage->image, path);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (stage->digest) {
		rm_error_set("the base image '%s' in '%s' is pinned by digest: pull a supported release of the same variant and replace tag and digest together, because a new tag with the old digest would still pull the old image",
			     stage->image, path);
		error = RM_ENOTFOUND;
		goto done;
	}

	/* Without a digest the tag is the end of the image operand. */
	tag_len = strlen(stage->tag);
	tag_start = stage->image_range.end - tag_len;
	if (stage->image_range.end - stage->image_range.start <= tag_len ||
	    memcmp(ctx->src->text + tag_start, stage->tag, tag_len) != 0 ||
	    ctx->src->text[tag_start - 1] != ':') {
		rm_error_set("cannot find the tag '%s' of the base image in '%s' at line %d: edit the FROM by hand",
			     stage->tag, path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}

	repo = fix_dockerfile_repository(stage->name);
	if ((error = move_tag(&change, repo, stage->tag, today)) < 0)
		goto done;
	if ((error = edit_list_add(&edits, tag_start, stage->image_range.end,
				   change.tag)) < 0 ||
	    (error = fix_dockerfile_store(out, ctx, &edits)) < 0)
		goto done;

	old_image = rm_xasprintf("%s:%s", stage->name, stage->tag);
	new_image = rm_xasprintf("%s:%s", stage->name, change.tag);
	out->subject = rm_xasprintf("Move the base image of %s to %s (RD106)", path,
				    new_image);
	out->problem = rm_xasprintf("The base image %s of %s runs software past or near its end of life. %s After the end of life a release gets no security fixes, so every vulnerability found later stays open in the image however often it is rebuilt.",
				    old_image, path, change.summary);

	if (change.python_moved) {
		size_t count;
		const df_eol *table = df_eol_table(&count), *newest = NULL;

		for (size_t i = 0; i < count; i++)
			if (strcmp(table[i].product, "CPython") == 0 &&
			    strcmp(table[i].eol, today) > 0)
				newest = &table[i];
		if (newest && newest != change.python)
			newest_note = rm_xasprintf(" CPython %s is newer but came out less than a year before the scan date.",
						   newest->cycle);
		pins = requirement_pins(ctx);
		pins_text = pins
			? rm_xasprintf("requirements.txt pins %s, which may predate CPython %s and rely on interfaces it removed or changed.",
				       pins, change.python->cycle)
			: rm_xstrdup("no exact pins were found in a requirements.txt next to the Dockerfile, so check what the image installs.");
		patch = strchr(change.old_python, '.') != strrchr(change.old_python, '.');
		python_note = rm_xasprintf(" The interpreter changes from %s to %s, which can break dependencies: %s Rebuild the image and run the service's tests on it before deploying, and raise the pins that fail.%s",
					   change.old_python, change.python->cycle,
					   pins_text,
					   patch ? " The patch level of the old tag is not kept: the new tag follows the newest patch release, so add a digest to pin one image."
						 : "");
	}
	out->change = rm_xasprintf("Change the base image to %s. Each expired or expiring release in the tag moves to the newest release in the end-of-life table that has at least a year of support left on the scan date (%s) and has been out long enough for images and packages to follow: a year for CPython, three months for Alpine and Debian, estimated from the end-of-life dates. The other parts of the tag stay, so the image keeps its variant, C library and package manager.%s%s",
				   new_image, today,
				   newest_note ? newest_note : "",
				   python_note ? python_note : "");

done:
	free(old_image);
	free(new_image);
	free(pins);
	free(pins_text);
	free(newest_note);
	free(python_note);
	tag_change_free(&change);
	edit_list_clear(&edits);
	fix_dockerfile_close(&doc);
	return error;
}

/* --- RD105: base image without a release tag ----------------------------- */

int fix_dockerfile_unpinned(fix *out, const fix_context *ctx)
{
	fix_dockerfile_doc doc;
	const df_stage *stage;
	const df_eol *row = NULL;
	const char *repo = NULL, *path = ctx->finding->path, *release = NULL;
	char today[11];
	char *example = NULL;
	int error;

	(void)out;
	if ((error = fix_dockerfile_open(&doc, ctx)) < 0)
		return error;
	df_scan_date(today);
	stage = target_stage(&doc);
	if (stage && stage->resolved) {
		repo = fix_dockerfile_repository(stage->name);
		if (strcmp(repo, "python") == 0)
			row = pick_release("CPython", today);
		else if (strcmp(repo, "alpine") == 0)
			row = pick_release("Alpine", today);
		else if (strcmp(repo, "debian") == 0)
			row = pick_release("Debian", today);
		if (row)
			release = row->codename ? row->codename : row->cycle;
	}
	if (release)
		example = rm_xasprintf(" (for example %s:%s, the newest release with a year of support left)",
				       stage->name, release);

	/*
	 * Picking a release here would be a guess: the untagged image is
	 * whatever 'latest' was when the service was last built, and a
	 * different interpreter or OS release can break it.
	 */
	rm_error_set("the base image '%s' in '%s' names no release, so the tool cannot tell which release the service was built and tested with: pin that release's tag%s, then add the digest of the image you tested (@sha256:...)",
		     stage && stage->resolved ? stage->resolved : "?", path,
		     example ? example : "");
	free(example);
	fix_dockerfile_close(&doc);
	return RM_ENOTFOUND;
}
