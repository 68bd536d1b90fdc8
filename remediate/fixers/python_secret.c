/*
 * Fixers for hard-coded passwords: B105 (`NAME = "literal"`), B106
 * (`f(password="literal")`) and B107 (a literal parameter default, left
 * to a person).
 *
 * An assigned password that nothing reads is deleted together with the
 * comment lines that describe it: moving a dead value into configuration
 * would only keep it alive.  "Nothing reads it" means the name occurs
 * nowhere else in the tree: not as a name or inside a string in any .py
 * file, and not as a word in any other text file (templates, Dockerfile,
 * Compose file).  Otherwise the literal becomes os.environ["NAME"], so
 * the service stops at start-up when the secret is not supplied instead
 * of running with a known one.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "fixers/fix_python.h"
#include "python/python.h"
#include "source.h"

/* Files above this size are not searched (generated or data files). */
#define SEARCH_MAX_BYTES (4u << 20)
#define SEARCH_MAX_DEPTH 32

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* True when `name` occurs in text[0, len) as a whole word. */
static bool mentions_word(const char *text, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (size_t)(p - text) + n <= len;) {
		const char *hit = memmem(p, len - (size_t)(p - text), name, n);

		if (!hit)
			return false;
		if ((hit == text || !word_char(hit[-1])) &&
		    ((size_t)(hit - text) + n == len || !word_char(hit[n])))
			return true;
		p = hit + 1;
	}
	return false;
}

/* True when a Python tree names `name` as an identifier or mentions it
 * in a string, outside [skip_start, skip_end). */
static bool python_mentions(TSNode node, const char *text, const char *name,
			    size_t skip_start, size_t skip_end)
{
	bool inside = ts_node_start_byte(node) >= skip_start &&
		      ts_node_end_byte(node) <= skip_end;
	size_t len;
	const char *p;

	if (fix_python_is(node, "identifier") && !inside &&
	    py_node_text_is(node, text, name))
		return true;
	if (fix_python_is(node, "string_content") && !inside) {
		p = py_node_text(node, text, &len);
		if (mentions_word(p, len, name))
			return true;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(node); i++)
		if (python_mentions(ts_node_named_child(node, i), text, name,
				    skip_start, skip_end))
			return true;
	return false;
}

static bool file_mentions(const char *path, const char *name)
{
	source *src = NULL;
	size_t n = strlen(path);
	bool found = false;

	if (source_load(&src, path, SEARCH_MAX_BYTES) < 0 || source_is_binary(src)) {
		source_free(src);
		return false;
	}
	if (n > 3 && strcmp(path + n - 3, ".py") == 0) {
		TSTree *tree = NULL;

		/* A file that does not parse is searched as text. */
		if (py_parse(&tree, src->text, src->len) == 0 && !py_tree_has_error(tree))
			found = python_mentions(ts_tree_root_node(tree), src->text, name, 0, 0);
		else
			found = mentions_word(src->text, src->len, name);
		if (tree)
			ts_tree_delete(tree);
	} else {
		found = mentions_word(src->text, src->len, name);
	}
	source_free(src);
	return found;
}

/* Searches the tree under `dir` except `skip` (the finding's own file,
 * which the caller searched in memory) and dot-directories such as
 * .git. */
static bool tree_mentions(const char *dir, const char *skip, const char *name, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	bool found = false;

	if (!d)
		return false;
	while (!found && (entry = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (entry->d_name[0] == '.')
			continue;
		path = rm_xasprintf("%s/%s", dir, entry->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < SEARCH_MAX_DEPTH)
				found = tree_mentions(path, skip, name, depth + 1);
			else if (S_ISREG(st.st_mode) && strcmp(path, skip) != 0)
				found = file_mentions(path, name);
		}
		free(path);
	}
	closedir(d);
	return found;
}

/* --- the password-name heuristic ---------------------------------------- */

/* One underscore-separated word of a name that Bandit's B105-B107 treat
 * as a password: pas+wo?r?d, pass, passphrase, pwd, token, secrete?. */
static bool password_word(const char *p, size_t n)
{
	static const char *const words[] = {
		"pass", "passphrase", "pwd", "token", "secret", "secrete", NULL,
	};
	size_t i = 2;

	for (size_t w = 0; words[w]; w++)
		if (strlen(words[w]) == n && strncasecmp(p, words[w], n) == 0)
			return true;
	if (n < 4 || strncasecmp(p, "pa", 2) != 0)
		return false;
	while (i < n && (p[i] | 0x20) == 's')
		i++;
	if (i == 2)
		return false;
	if (i < n && (p[i] | 0x20) == 'w') i++;
	if (i < n && (p[i] | 0x20) == 'o') i++;
	if (i < n && (p[i] | 0x20) == 'r') i++;
	return i + 1 == n && (p[i] | 0x20) == 'd';
}

static bool password_name(const char *p, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || p[i] == '_') {
			if (password_word(p + start, i - start))
				return true;
			start = i + 1;
		}
	}
	return false;
}

static char *upper(const char *p, size_t n)
{
	char *s = rm_xstrndup(p, n);

	for (char *c = s; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return s;
}

static const char secret_problem[] =
	"A secret written into the source is visible to everyone who can read the repository, its history or the built image, and it cannot be rotated without a release.";

/* --- B105 ----------------------------------------------------------------- */

/* The line range to delete for the statement `stmt`: its lines, the
 * comment lines directly above it, and the blank lines above them when
 * blank lines follow too (so the gap left behind stays one gap).
 * Returns false when the statement shares a line with other code. */
static bool removal_range(const fix_python_doc *doc, TSNode stmt, size_t *start,
			  size_t *end)
{
	size_t s = ts_node_start_byte(stmt), e = ts_node_end_byte(stmt);
	size_t line = edit_line_start(doc->text, doc->len, s);
	size_t after = edit_line_end(doc->text, doc->len, e);
	size_t i;

	for (i = line; i < s; i++)
		if (doc->text[i] != ' ' && doc->text[i] != '\t')
			return false;
	for (i = e; i < after; i++) {
		if (doc->text[i] == '#')
			break;
		if (doc->text[i] != ' ' && doc->text[i] != '\t')
			return false;
	}
	*end = edit_line_next(doc->text, doc->len, e);

	/* Comment lines directly above, but not a shebang or coding line
	 * in the first two lines. */
	while (line > 0) {
		size_t above = edit_line_start(doc->text, doc->len, line - 1);
		size_t indent = edit_indent_len(doc->text, doc->len, above);
		size_t eol = edit_line_end(doc->text, doc->len, above);
		const char *p = doc->text + above + indent;
		bool header = above == 0 ||
			      edit_line_start(doc->text, doc->len, above - 1) == 0;

		if (*p != '#')
			break;
		if (header && (p[1] == '!' || memmem(p, eol - above - indent, "coding", 6)))
			break;
		line = above;
	}

	/* Blank lines on both sides: drop the ones above. */
	if (*end < doc->len && (doc->text[*end] == '\n' || doc->text[*end] == '\r')) {
		while (line > 0) {
			size_t above = edit_line_start(doc->text, doc->len, line - 1);

			if (edit_line_end(doc->text, doc->len, above) - above !=
			    edit_indent_len(doc->text, doc->len, above))
				break;
			line = above;
		}
	}
	*start = line;
	return true;
}

/* True when `stmt` is the only statement of its block, so deleting it
 * would leave the block empty. */
static bool only_statement(TSNode stmt)
{
	TSNode parent = ts_node_parent(stmt);
	uint32_t count = 0;

	if (!fix_python_is(parent, "block"))
		return false;
	for (uint32_t i = 0; i < ts_node_named_child_count(parent); i++)
		if (!fix_python_is(ts_node_named_child(parent, i), "comment"))
			count++;
	return count == 1;
}

static int reject_form(const fix_python_doc *doc, TSNode parent)
{
	(void)doc;
	if (fix_python_is(parent, "pair") || fix_python_is(parent, "dictionary"))
		rm_error_set("the password is a value in a dictionary literal; read it from the environment or a secret file where the dictionary is built");
	else if (fix_python_is(parent, "comparison_operator"))
		rm_error_set("a value is compared with a literal password; compare with a secret read from the environment or a secret file, ideally as a hash with hmac.compare_digest");
	else if (fix_python_is(parent, "subscript"))
		rm_error_set("the password is stored under a subscript; read it from the environment or a secret file where the container is filled");
	else
		rm_error_set("the password literal is not the value of a plain `NAME = \"...\"` assignment; move it to the environment or a secret file by hand");
	return RM_ENOTFOUND;
}

int fix_python_plan_password_string(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	TSNode literal, parent, left, stmt;
	char *name = NULL, *env = NULL, *own = NULL, *replacement = NULL;
	size_t start, end;
	bool used;
	int error;

	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	literal = fix_python_find(&doc, f->start_byte, f->end_byte, "string");
	if (ts_node_is_null(literal))
		literal = fix_python_find(&doc, f->start_byte, f->end_byte, "concatenated_string");
	if (ts_node_is_null(literal)) {
		rm_error_set("no string literal at the finding's position in '%s'; rescan and retry",
			     f->path);
		error = RM_ENOTFOUND;
		goto done;
	}
	parent = fix_python_parent(literal);
	left = fix_python_field(parent, "left");
	if (!fix_python_is(parent, "assignment") || !fix_python_is(left, "identifier") ||
	    !fix_python_is(ts_node_parent(parent), "expression_statement") ||
	    !ts_node_is_null(fix_python_field(parent, "type"))) {
		error = reject_form(&doc, parent);
		goto done;
	}
	name = fix_python_text(&doc, left);
	stmt = ts_node_parent(parent);

	/* Is the name read anywhere?  This file in memory, the rest of the
	 * tree on disk. */
	own = rm_xasprintf("%s/%s", ctx->root, f->path);
	used = python_mentions(doc.root, doc.text, name, ts_node_start_byte(left),
			       ts_node_end_byte(left)) ||
	       tree_mentions(ctx->root, own, name, 0);

	if (!used && !only_statement(stmt) && removal_range(&doc, stmt, &start, &end)) {
		error = edit_list_add(&doc.edits, start, end, "");
		if (error == 0)
			error = fix_python_commit(out, &doc);
		if (error < 0)
			goto done;
		out->subject = rm_xasprintf("Remove the unused hard-coded %s from %s (B105)",
					    name, f->path);
		out->problem = rm_xasprintf("%s assigned a literal password to %s. %s",
					    f->path, name, secret_problem);
		out->change = rm_xasprintf("Nothing reads %s: the name occurs in no other statement or string of any .py file of the tree, nor in its other text files (Dockerfile, Compose file, templates). The assignment and the comment lines directly above it are therefore deleted instead of moved to configuration, which would keep a dead secret alive. The value remains in the history of the original repository: rotate it wherever it was ever used.",
					   name);
		goto done;
	}

	env = upper(name, strlen(name));
	replacement = rm_xasprintf("os.environ[\"%s\"]", env);
	error = fix_python_replace(&doc, literal, replacement);
	if (error == 0) {
		static const char *const modules[] = { "os" };

		error = fix_python_add_imports(&doc, modules, 1);
	}
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;
	out->subject = rm_xasprintf("Read %s from the environment in %s (B105)", name, f->path);
	out->problem = rm_xasprintf("%s assigned a literal password to %s. %s",
				    f->path, name, secret_problem);
	out->change = rm_xasprintf("%s is now os.environ[\"%s\"], so the service stops at start-up with KeyError when the value is missing instead of running with a password everyone can read. The value must now be supplied to the service, for example as a Compose secret or an environment variable %s. The old value remains in the history of the original repository: rotate it.",
				   name, env, env);

done:
	free(name);
	free(env);
	free(own);
	free(replacement);
	fix_python_close(&doc);
	return error;
}

/* --- B106 ----------------------------------------------------------------- */

int fix_python_plan_password_funcarg(fix *out, const fix_context *ctx)
{
	const finding *f = ctx->finding;
	fix_python_doc doc;
	TSNode call, args, chosen = {0};
	char *keyword = NULL, *env = NULL, *callee = NULL, *replacement = NULL;
	int error;

	error = fix_python_open(&doc, ctx);
	if (error < 0)
		goto done;
	call = fix_python_find(&doc, f->start_byte, f->end_byte, "call");
	args = fix_python_field(call, "arguments");
	if (!fix_python_is(args, "argument_list")) {
		rm_error_set("no call at the finding's position in '%s'; rescan and retry", f->path);
		error = RM_ENOTFOUND;
		goto done;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(args) && ts_node_is_null(chosen); i++) {
		TSNode a = ts_node_named_child(args, i), name, value;
		size_t len;
		const char *p;

		if (!fix_python_is(a, "keyword_argument"))
			continue;
		name = fix_python_field(a, "name");
		value = fix_python_unparen(fix_python_field(a, "value"));
		p = py_node_text(name, doc.text, &len);
		if (password_name(p, len) && fix_python_plain_string(&doc, value))
			chosen = a;
	}
	if (ts_node_is_null(chosen)) {
		rm_error_set("no password-like keyword argument with a plain string value in this call; move the secret to the environment by hand");
		error = RM_ENOTFOUND;
		goto done;
	}
	keyword = fix_python_text(&doc, fix_python_field(chosen, "name"));
	callee = fix_python_text(&doc, fix_python_field(call, "function"));
	env = upper(keyword, strlen(keyword));
	replacement = rm_xasprintf("os.environ[\"%s\"]", env);
	error = fix_python_replace(&doc, fix_python_field(chosen, "value"), replacement);
	if (error == 0) {
		static const char *const modules[] = { "os" };

		error = fix_python_add_imports(&doc, modules, 1);
	}
	if (error == 0)
		error = fix_python_commit(out, &doc);
	if (error < 0)
		goto done;
	out->subject = rm_xasprintf("Read the %s argument from the environment in %s (B106)",
				    keyword, f->path);
	out->problem = rm_xasprintf("%s() received a literal password as %s=. %s",
				    callee, keyword, secret_problem);
	out->change = rm_xasprintf("The argument is now os.environ[\"%s\"], so the call fails with KeyError when the value is missing instead of using a password everyone can read. The value must now be supplied to the service, for example as a Compose secret or an environment variable %s. The old value remains in the history of the original repository: rotate it.",
				   env, env);

done:
	free(keyword);
	free(env);
	free(callee);
	free(replacement);
	fix_python_close(&doc);
	return error;
}

/* --- B107 ----------------------------------------------------------------- */

int fix_python_plan_password_default(fix *out, const fix_context *ctx)
{
	(void)out;
	(void)ctx;
	rm_error_set("changing a parameter default changes the function's interface for every caller, so it is left to a person: default the parameter to None and, when it is None, read the secret from the environment or a secret file");
	return RM_ENOTFOUND;
}
