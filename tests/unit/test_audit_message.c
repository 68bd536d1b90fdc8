/*
 * Tests for commit message building and trailer parsing.  The parser is
 * checked against the real `git interpret-trailers --parse` on a table
 * of ordinary and awkward messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "error.h"

/* Returns what `git interpret-trailers --parse` prints for `message`. */
static char *git_parse_trailers(const char *message)
{
	char path[] = "/tmp/test_audit_message_XXXXXX";
	char *cmd, *out = rm_xcalloc(1, 65536);
	size_t n;
	FILE *pipe;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, message, strlen(message)),
			 (ssize_t)strlen(message));
	close(fd);

	cmd = rm_xasprintf("git interpret-trailers --parse < '%s'", path);
	pipe = popen(cmd, "r");
	assert_non_null(pipe);
	n = fread(out, 1, 65535, pipe);
	out[n] = '\0';
	assert_int_equal(pclose(pipe), 0);
	unlink(path);
	free(cmd);
	return out;
}

/* Returns our parser's result in git's --parse output format. */
static char *our_parse_trailers(const char *message)
{
	audit_trailer *trailers = NULL;
	size_t count = 0, len = 0;
	char *out = rm_xcalloc(1, 65536);

	assert_int_equal(audit_trailers_parse(&trailers, &count, message), 0);
	for (size_t i = 0; i < count; i++)
		len += (size_t)snprintf(out + len, 65536 - len, "%s: %s\n",
					trailers[i].key, trailers[i].value);
	audit_trailers_free(trailers, count);
	return out;
}

static void parser_matches_git(void **state)
{
	static const char *const messages[] = {
		"Fix B602 in app.py\n\nbody\n\nRule: B602\nCWE: CWE-78\n",
		"Subject\n\nRule: B602\nCWE: CWE-78\n",
		"Rule: B602\nCWE: CWE-78\n",
		"Subject\nRule: B602\n",
		"Subject\n\nbody\n\nRule: B602\n  continued here\n\tand here  \nCWE: x\n",
		"Subject\n\nbody\n\nRule: B602\nnot a trailer\nSigned-off-by: a <b>\n",
		"Subject\n\nbody\n\nRule: B602\nno\nno\nno\nSigned-off-by: a <b>\n",
		"Subject\n\nbody\n\nRule: B602\nno\nno\nno\nno\nSigned-off-by: a <b>\n",
		"Subject\n\nbody\n\nRule: B602\n--- x\nCWE: x\n",
		"Subject\n\nbody\n\nRule: B602\n---x\nCWE: x\n",
		"Subject\n\nbody\n\nRule: B602\nCWE: x\n---\ndiff\n",
		"Subject\n\nRule : B602\nCWE:x\n# comment\n",
		"Subject\n\nRule: B602\n# comment\nCWE: x\n",
		"Subject\n\nRule: B602\nCWE: x\n\n\n",
		"Subject\n\nRule_x: B602\nCWE: x\n",
		"Subject\n\nRule: B602\nKey:\n",
		"Subject\n\nRule: B602\nKey:   spaced   value  \n",
		"Subject\n\nRule=B602\n",
		"Subject\n\n  Rule: B602\nCWE: x\n",
		"Subject\n\nA: 1\n (cherry picked from commit 1)\n",
		"Subject\n\nA: 1\n\n# trailing comment\n",
		"Subject\n\nsee http://example.org\n",
		"Subject\n\nA: 1\nConflicts:\n\tapp.py\n",
		"Subject\n\nVerified: rescan of app.py has no B602; no new findings",
		"",
		"\n\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		char *expected = git_parse_trailers(messages[i]);
		char *actual = our_parse_trailers(messages[i]);

		if (strcmp(expected, actual) != 0)
			fail_msg("message %zu:\n%s\ngit: [%s]\nours: [%s]", i,
				 messages[i], expected, actual);
		free(expected);
		free(actual);
	}
}

static void trailer_find_ignores_case(void **state)
{
	audit_trailer *trailers = NULL;
	size_t count = 0;

	(void)state;
	assert_int_equal(audit_trailers_parse(&trailers, &count,
		"S\n\nRule: B602\nrule: second\nCWE: CWE-78\n"), 0);
	assert_int_equal(count, 3);
	assert_string_equal(audit_trailer_find(trailers, count, "RULE"), "B602");
	assert_string_equal(audit_trailer_find(trailers, count, "cwe"), "CWE-78");
	assert_null(audit_trailer_find(trailers, count, "Severity"));
	audit_trailers_free(trailers, count);

	assert_int_equal(audit_trailers_parse(&trailers, &count, "S\n"), 0);
	assert_null(trailers);
	assert_int_equal(count, 0);
}

static void message_layout(void **state)
{
	audit_message *msg = NULL;
	char *text;

	(void)state;
	assert_int_equal(audit_message_new(&msg, "  Fix B602 in app.py:19  "), 0);
	assert_int_equal(audit_message_add_paragraph(msg,
		"The ping route ran a shell.\n\n\nNow it does not."), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Rule", "B602"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "CWE", " CWE-78 "), 0);
	text = audit_message_format(msg);
	assert_string_equal(text,
		"Fix B602 in app.py:19\n"
		"\n"
		"The ping route ran a shell.\n"
		"\n"
		"Now it does not.\n"
		"\n"
		"Rule: B602\n"
		"CWE: CWE-78\n");
	free(text);
	audit_message_free(msg);

	/* Subject only: one line, one newline. */
	assert_int_equal(audit_message_new(&msg, "Import baseline"), 0);
	text = audit_message_format(msg);
	assert_string_equal(text, "Import baseline\n");
	free(text);
	audit_message_free(msg);
}

static void paragraph_wrapped_at_72(void **state)
{
	static const char prose[] =
		"The route passed the request parameter straight to a shell "
		"command, so any caller could run commands as the service user. "
		"The fix calls the program directly with an argument vector and "
		"validates the address first. A-very-long-token-that-cannot-be-"
		"broken-anywhere-because-it-has-no-spaces-at-all-in-it-whatsoever.";
	audit_message *msg = NULL;
	char *text, *line, *save = NULL, *joined;
	size_t joined_len = 0, lines = 0;

	(void)state;
	assert_int_equal(audit_message_new(&msg, "S"), 0);
	assert_int_equal(audit_message_add_paragraph(msg, prose), 0);
	text = audit_message_format(msg);

	/* Every line fits, except the one holding the unbreakable word. */
	joined = rm_xcalloc(1, sizeof(prose) + 8);
	for (line = strtok_r(text + 3, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, "A-very-long"))
			assert_true(strlen(line) <= 72);
		else
			assert_false(strchr(line, ' '));
		if (joined_len)
			joined[joined_len++] = ' ';
		strcpy(joined + joined_len, line);
		joined_len += strlen(line);
		lines++;
	}
	assert_true(lines >= 4);
	assert_string_equal(joined, prose);
	free(joined);
	free(text);
	audit_message_free(msg);
}

static void list_and_code_paragraphs(void **state)
{
	audit_message *msg = NULL;
	char *text;

	(void)state;
	assert_int_equal(audit_message_new(&msg, "S"), 0);
	assert_int_equal(audit_message_add_paragraph(msg,
		"Changes:\n"
		"- drop shell=True from the subprocess call so the argument "
		"vector reaches ping unchanged and no shell parses it\n"
		"- validate the address"), 0);
	assert_int_equal(audit_message_add_paragraph(msg,
		"    subprocess.run(['ping', '-c', '1', ip])   \n"
		"    # a long line of code stays as written, however long it is, past column 72"), 0);
	text = audit_message_format(msg);
	assert_string_equal(text,
		"S\n"
		"\n"
		"Changes:\n"
		"- drop shell=True from the subprocess call so the argument vector\n"
		"  reaches ping unchanged and no shell parses it\n"
		"- validate the address\n"
		"\n"
		"    subprocess.run(['ping', '-c', '1', ip])\n"
		"    # a long line of code stays as written, however long it is, past column 72\n");
	free(text);
	audit_message_free(msg);
}

static void invalid_parts_rejected(void **state)
{
	audit_message *msg = NULL;

	(void)state;
	assert_int_equal(audit_message_new(&msg, ""), RM_EINVALID);
	assert_null(msg);
	assert_int_equal(audit_message_new(&msg, "   "), RM_EINVALID);
	assert_int_equal(audit_message_new(&msg, "two\nlines"), RM_EINVALID);
	assert_int_equal(audit_message_new(&msg, "--- looks like a patch"),
			 RM_EINVALID);

	assert_int_equal(audit_message_new(&msg, "S"), 0);
	assert_int_equal(audit_message_add_paragraph(msg, "text\n---\nmore"),
			 RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "'---'"));
	assert_int_equal(audit_message_add_paragraph(msg, "---x is fine"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Bad Key", "v"),
			 RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "'Bad Key'"));
	assert_int_equal(audit_message_add_trailer(msg, "", "v"), RM_EINVALID);
	assert_int_equal(audit_message_add_trailer(msg, "Key_1", "v"),
			 RM_EINVALID);
	assert_int_equal(audit_message_add_trailer(msg, "Verified", "a\nb"),
			 RM_EINVALID);
	assert_int_equal(audit_message_add_trailer(msg, "Verified", "ok"), 0);
	audit_message_free(msg);
	audit_message_free(NULL);
}

static void built_message_parsed_by_git(void **state)
{
	audit_message *msg = NULL;
	char *text, *parsed;

	(void)state;
	assert_int_equal(audit_message_new(&msg, "Run ping without a shell"), 0);
	assert_int_equal(audit_message_add_paragraph(msg,
		"Key: value lines in the body are not trailers because the "
		"trailer block is the last paragraph."), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Rule", "B602"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "CWE", "CWE-78"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Severity", "HIGH"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Confidence", "HIGH"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Location",
						   "app.py:19:14"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Verified",
		"rescan of app.py has no B602; no new findings"), 0);
	text = audit_message_format(msg);
	parsed = git_parse_trailers(text);
	assert_string_equal(parsed,
		"Rule: B602\n"
		"CWE: CWE-78\n"
		"Severity: HIGH\n"
		"Confidence: HIGH\n"
		"Location: app.py:19:14\n"
		"Verified: rescan of app.py has no B602; no new findings\n");
	free(parsed);
	free(text);
	audit_message_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parser_matches_git),
		cmocka_unit_test(trailer_find_ignores_case),
		cmocka_unit_test(message_layout),
		cmocka_unit_test(paragraph_wrapped_at_72),
		cmocka_unit_test(list_and_code_paragraphs),
		cmocka_unit_test(invalid_parts_rejected),
		cmocka_unit_test(built_message_parsed_by_git),
	};

	/* Trailer settings in the user's git config would change what git
	 * prints, so the git binary runs with no config files. */
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);

	return cmocka_run_group_tests(tests, NULL, NULL);
}
