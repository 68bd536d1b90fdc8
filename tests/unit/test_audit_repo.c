/*
 * Tests for the audit repository on real repositories in temporary
 * folders.  The results are checked with the git binary: fsck, log,
 * interpret-trailers.  The last test kills a committing child process at
 * random moments and checks that the repository survives.
 *
 * Every test runs with HOME and XDG_CONFIG_HOME pointing at an empty
 * temporary folder and without the system git config, so neither the
 * user's identity nor their settings leak in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "error.h"

#define TEST_AUTHOR "Test Author <test@example.com>"

static char *home_dir;

/* ---- helpers ----------------------------------------------------------- */

/* Runs a shell command and returns its output (stdout and stderr);
 * *status receives the exit status.  The test frees the output. */
static char *run(int *status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *run(int *status, const char *fmt, ...)
{
	size_t len = 0, cap = 4096;
	char *cmd, *out = rm_xmalloc(cap);
	FILE *pipe;
	va_list ap;
	int raw;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	pipe = popen(cmd, "r");
	assert_non_null(pipe);
	for (;;) {
		size_t n;

		if (len + 1024 > cap)
			out = rm_xrealloc(out, cap *= 2);
		n = fread(out + len, 1, cap - len - 1, pipe);
		if (n == 0)
			break;
		len += n;
	}
	out[len] = '\0';
	raw = pclose(pipe);
	*status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
	free(cmd);
	return out;
}

/* Runs a command that must succeed and returns its output. */
static char *run_ok(const char *cmd)
{
	int status;
	char *out = run(&status, "%s 2>&1", cmd);

	if (status != 0)
		fail_msg("'%s' exited with %d:\n%s", cmd, status, out);
	return out;
}

static char *make_dir(void)
{
	char *dir = rm_xstrdup("/tmp/test_audit_repo_XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

static void remove_dir(char *dir)
{
	int status;

	free(run(&status, "rm -rf '%s'", dir));
	assert_int_equal(status, 0);
	free(dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = rm_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static void remove_file(const char *dir, const char *name)
{
	char *path = rm_xasprintf("%s/%s", dir, name);

	assert_int_equal(unlink(path), 0);
	free(path);
}

/* Returns a fix message with the six trailers; the test frees it. */
static char *fix_message(const char *rule, const char *cwe,
			 const char *location)
{
	audit_message *msg = NULL;
	char *subject = rm_xasprintf("Fix %s at %s", rule, location);
	char *verified = rm_xasprintf("rescan has no %s; no new findings", rule);
	char *text;

	assert_int_equal(audit_message_new(&msg, subject), 0);
	assert_int_equal(audit_message_add_paragraph(msg,
		"What was wrong, what changed and why."), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Rule", rule), 0);
	assert_int_equal(audit_message_add_trailer(msg, "CWE", cwe), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Severity", "HIGH"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Confidence", "HIGH"), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Location", location), 0);
	assert_int_equal(audit_message_add_trailer(msg, "Verified", verified), 0);
	text = audit_message_format(msg);
	audit_message_free(msg);
	free(subject);
	free(verified);
	return text;
}

/*
 * Builds the standard history in `dir`: a baseline commit of two files,
 * a fix that edits app.py, and a fix that deletes notes.txt and adds
 * requirements.txt.  ids[0..2] receive the commit ids.
 */
static void build_history(const char *dir, const char *author,
			  char ids[3][AUDIT_ID_SIZE])
{
	audit_identity who = { author };
	audit_repo *repo = NULL;
	char *msg;

	write_file(dir, "app.py", "import os\nos.system('ping ' + ip)\n");
	write_file(dir, "notes.txt", "old notes\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);

	assert_int_equal(audit_commit_all(repo, "Import the baseline copy",
					  ids[0]), 0);

	write_file(dir, "app.py", "import subprocess\n"
		   "subprocess.run(['ping', ip])\n");
	msg = fix_message("B605", "CWE-78", "app.py:2:0");
	assert_int_equal(audit_commit_all(repo, msg, ids[1]), 0);
	free(msg);

	remove_file(dir, "notes.txt");
	write_file(dir, "requirements.txt", "flask==3.0.0\n");
	msg = fix_message("B000", "CWE-1104", "requirements.txt:1:0");
	assert_int_equal(audit_commit_all(repo, msg, ids[2]), 0);
	free(msg);

	audit_repo_free(repo);
}

static void assert_fsck_clean(const char *dir)
{
	int status;
	char *out = run(&status, "git -C '%s' fsck --strict 2>&1", dir);

	if (status != 0 || strstr(out, "error") || strstr(out, "missing") ||
	    strstr(out, "broken"))
		fail_msg("git fsck in '%s' exited with %d:\n%s", dir, status, out);
	free(out);
}

/* ---- tests ------------------------------------------------------------- */

static void history_checked_by_git(void **state)
{
	char *dir = make_dir(), *out, *cmd;
	char ids[3][AUDIT_ID_SIZE];
	const char *expected_trailers[3] = {
		"Generated-by: remediate\n",
		"Rule: B605\nCWE: CWE-78\nSeverity: HIGH\nConfidence: HIGH\n"
		"Location: app.py:2:0\n"
		"Verified: rescan has no B605; no new findings\n"
		"Generated-by: remediate\n",
		"Rule: B000\nCWE: CWE-1104\nSeverity: HIGH\nConfidence: HIGH\n"
		"Location: requirements.txt:1:0\n"
		"Verified: rescan has no B000; no new findings\n"
		"Generated-by: remediate\n",
	};

	(void)state;
	build_history(dir, TEST_AUTHOR, ids);
	assert_fsck_clean(dir);

	/* Three commits on main, ids as audit_commit_all() returned them. */
	cmd = rm_xasprintf("git -C '%s' log --format=%%H", dir);
	out = run_ok(cmd);
	free(cmd);
	{
		char *expected = rm_xasprintf("%s\n%s\n%s\n", ids[2], ids[1], ids[0]);

		assert_string_equal(out, expected);
		free(expected);
	}
	free(out);
	cmd = rm_xasprintf("git -C '%s' symbolic-ref HEAD", dir);
	out = run_ok(cmd);
	assert_string_equal(out, "refs/heads/" AUDIT_BRANCH "\n");
	free(out);
	free(cmd);

	/* Each message's trailers as git reads them. */
	for (int i = 0; i < 3; i++) {
		cmd = rm_xasprintf("git -C '%s' log -1 --format=%%B %s | "
				   "git interpret-trailers --parse", dir, ids[i]);
		out = run_ok(cmd);
		assert_string_equal(out, expected_trailers[i]);
		free(out);
		free(cmd);
	}

	/* The last fix deleted one file and added another. */
	cmd = rm_xasprintf("git -C '%s' show --name-status --format= %s",
			   dir, ids[2]);
	out = run_ok(cmd);
	assert_string_equal(out, "D\tnotes.txt\nA\trequirements.txt\n");
	free(out);
	free(cmd);

	/* The work tree is exactly what was committed. */
	cmd = rm_xasprintf("git -C '%s' status --porcelain", dir);
	out = run_ok(cmd);
	assert_string_equal(out, "");
	free(out);
	free(cmd);
	remove_dir(dir);
}

static void log_reads_history(void **state)
{
	char *dir = make_dir(), *cmd, *out;
	char ids[3][AUDIT_ID_SIZE];
	audit_commit *log = NULL;
	audit_repo *repo = NULL;
	size_t count = 0;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	build_history(dir, TEST_AUTHOR, ids);
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_log(repo, &log, &count), 0);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(count, 3);

	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(log[i].id, ids[i]);
		assert_int_equal(strncmp(log[i].short_id, ids[i],
					 strlen(log[i].short_id)), 0);
		assert_true(strlen(log[i].short_id) >= 7);
		assert_string_equal(log[i].author_name, "Test Author");
		assert_string_equal(log[i].author_email, "test@example.com");
		assert_int_equal(log[i].time, 1700000000);
		assert_int_equal(log[i].offset_minutes, 0);
	}

	/* Baseline: subject only, both files added. */
	assert_string_equal(log[0].subject, "Import the baseline copy");
	assert_string_equal(log[0].body, "");
	assert_int_equal(log[0].trailer_count, 1);
	assert_string_equal(log[0].trailers[0].key, "Generated-by");
	assert_string_equal(log[0].trailers[0].value, "remediate");
	assert_int_equal(log[0].change_count, 2);
	assert_int_equal(log[0].changes[0].status, 'A');
	assert_string_equal(log[0].changes[0].path, "app.py");
	assert_int_equal(log[0].changes[1].status, 'A');
	assert_string_equal(log[0].changes[1].path, "notes.txt");

	/* First fix: body, the six trailers plus the marker, a patch. */
	assert_string_equal(log[1].subject, "Fix B605 at app.py:2:0");
	assert_string_equal(log[1].body, "What was wrong, what changed and why.");
	assert_int_equal(log[1].trailer_count, 7);
	assert_string_equal(audit_trailer_find(log[1].trailers,
		log[1].trailer_count, "Location"), "app.py:2:0");
	assert_int_equal(log[1].change_count, 1);
	assert_int_equal(log[1].changes[0].status, 'M');
	assert_string_equal(log[1].changes[0].path, "app.py");
	assert_non_null(strstr(log[1].changes[0].patch,
			       "-os.system('ping ' + ip)\n"));
	assert_non_null(strstr(log[1].changes[0].patch,
			       "+subprocess.run(['ping', ip])\n"));
	assert_string_equal(log[1].diff, log[1].changes[0].patch);

	/* Second fix: one deletion, one addition; the diff has both. */
	assert_int_equal(log[2].change_count, 2);
	assert_int_equal(log[2].changes[0].status, 'D');
	assert_string_equal(log[2].changes[0].path, "notes.txt");
	assert_int_equal(log[2].changes[1].status, 'A');
	assert_string_equal(log[2].changes[1].path, "requirements.txt");
	assert_non_null(strstr(log[2].diff, "-old notes\n"));
	assert_non_null(strstr(log[2].diff, "+flask==3.0.0\n"));

	/* The patch text is what git prints for the same commit, apart from
	 * the "index" line, whose abbreviation length may differ. */
	cmd = rm_xasprintf("git -C '%s' show --format= %s | grep -v '^index '",
			   dir, ids[1]);
	out = run_ok(cmd);
	{
		char *ours = rm_xstrdup(log[1].diff);
		char *index_line = strstr(ours, "\nindex ");
		char *eol = index_line ? strchr(index_line + 1, '\n') : NULL;

		assert_non_null(eol);
		memmove(index_line, eol, strlen(eol) + 1);
		assert_string_equal(ours, out);
		free(ours);
	}
	free(out);
	free(cmd);

	audit_log_free(log, count);
	audit_repo_free(repo);
	remove_dir(dir);
}

static void binary_change_in_log(void **state)
{
	char *dir = make_dir(), *path;
	audit_identity who = { TEST_AUTHOR };
	audit_commit *log = NULL;
	audit_repo *repo = NULL;
	size_t count = 0;
	FILE *f;

	(void)state;
	path = rm_xasprintf("%s/blob.bin", dir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite("\0\1\2\3", 1, 4, f), 4);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite("\0\7\6", 1, 3, f), 3);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(audit_commit_all(repo, "Change the binary", NULL), 0);

	assert_int_equal(audit_log(repo, &log, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(log[1].change_count, 1);
	assert_int_equal(log[1].changes[0].status, 'M');
	assert_string_equal(log[1].changes[0].path, "blob.bin");
	assert_non_null(strstr(log[1].changes[0].patch,
			       "Binary files a/blob.bin and b/blob.bin differ"));
	audit_log_free(log, count);
	audit_repo_free(repo);
	free(path);
	remove_dir(dir);
}

static void ids_reproducible(void **state)
{
	char *first = make_dir(), *second = make_dir(), *cmd, *out;
	char ids_a[3][AUDIT_ID_SIZE], ids_b[3][AUDIT_ID_SIZE];

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	build_history(first, TEST_AUTHOR, ids_a);
	build_history(second, TEST_AUTHOR, ids_b);
	unsetenv("SOURCE_DATE_EPOCH");

	for (int i = 0; i < 3; i++)
		assert_string_equal(ids_a[i], ids_b[i]);

	cmd = rm_xasprintf("git -C '%s' log -1 --format='%%at %%ai|%%ct %%ci'",
			   first);
	out = run_ok(cmd);
	assert_string_equal(out, "1700000000 2023-11-14 22:13:20 +0000|"
			    "1700000000 2023-11-14 22:13:20 +0000\n");
	free(out);
	free(cmd);
	remove_dir(first);
	remove_dir(second);
}

static void invalid_epoch_rejected(void **state)
{
	static const char *const bad[] = { "", "17e8", "-5", "1.5", " 1",
					   "99999999999999999999" };
	char *dir = make_dir();
	audit_repo *repo = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		assert_int_equal(audit_open(&repo, dir, NULL), RM_EINVALID);
		assert_null(repo);
		assert_non_null(strstr(rm_error_last(), "SOURCE_DATE_EPOCH"));
	}
	unsetenv("SOURCE_DATE_EPOCH");
	remove_dir(dir);
}

static void author_override(void **state)
{
	char *dir = make_dir(), *cmd, *out;
	audit_identity who = { "  Alice Example   <alice@example.org> " };
	audit_repo *repo = NULL;

	(void)state;
	write_file(dir, "a.txt", "a\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	audit_repo_free(repo);

	cmd = rm_xasprintf("git -C '%s' log -1 --format='%%an <%%ae>|%%cn <%%ce>'",
			   dir);
	out = run_ok(cmd);
	assert_string_equal(out, "Alice Example <alice@example.org>|"
			    "Alice Example <alice@example.org>\n");
	free(out);
	free(cmd);
	remove_dir(dir);
}

static void author_from_config_or_fallback(void **state)
{
	char *dir = make_dir(), *cmd, *out;
	audit_repo *repo = NULL;

	(void)state;

	/* No config anywhere: the fixed fallback identity. */
	write_file(dir, "a.txt", "a\n");
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	audit_repo_free(repo);
	cmd = rm_xasprintf("git -C '%s' log -1 --format='%%an <%%ae>'", dir);
	out = run_ok(cmd);
	assert_string_equal(out, AUDIT_FALLBACK_NAME " <"
			    AUDIT_FALLBACK_EMAIL ">\n");
	free(out);

	/* The repository's user.name and user.email win over the fallback. */
	{
		char *config = rm_xasprintf("git -C '%s' config user.name "
					    "'Config User' && git -C '%s' config "
					    "user.email cfg@example.net", dir, dir);

		free(run_ok(config));
		free(config);
	}
	write_file(dir, "a.txt", "b\n");
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_commit_all(repo, "Change a", NULL), 0);
	audit_repo_free(repo);
	out = run_ok(cmd);
	assert_string_equal(out, "Config User <cfg@example.net>\n");
	free(out);
	free(cmd);
	remove_dir(dir);
}

static void invalid_author_rejected(void **state)
{
	static const char *const bad[] = { "no email", "<only@email>",
		"Name <>", "Name <a@b> trailing", "Name <a<b@c>",
		"Na>me <a@b>", "Name\n <a@b>", "Name a@b>", "Eve\033[31m <e@x>",
		"Name <a@b\x7f>" };
	char *dir = make_dir();
	audit_repo *repo = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		audit_identity who = { bad[i] };

		assert_int_equal(audit_open(&repo, dir, &who), RM_EINVALID);
		assert_null(repo);
		assert_non_null(strstr(rm_error_last(), "expected 'Name <email>'"));
	}
	remove_dir(dir);
}

static void missing_workdir_rejected(void **state)
{
	char *dir = make_dir();
	char *missing = rm_xasprintf("%s/absent", dir);
	audit_repo *repo = NULL;

	(void)state;
	assert_int_equal(audit_open(&repo, missing, NULL), RM_ENOTFOUND);
	assert_null(repo);
	assert_non_null(strstr(rm_error_last(), missing));
	write_file(dir, "file", "x");
	free(missing);
	missing = rm_xasprintf("%s/file", dir);
	assert_int_equal(audit_open(&repo, missing, NULL), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "not a directory"));
	free(missing);

	/* A reader never creates a repository. */
	assert_int_equal(audit_open_existing(&repo, dir), RM_ENOTFOUND);
	assert_null(repo);
	assert_non_null(strstr(rm_error_last(), "no git repository"));
	missing = rm_xasprintf("%s/.git", dir);
	assert_int_equal(access(missing, F_OK), -1);
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	audit_repo_free(repo);
	assert_int_equal(audit_open_existing(&repo, dir), 0);
	assert_non_null(repo);
	assert_string_equal(audit_workdir(repo), dir);
	audit_repo_free(repo);
	free(missing);
	remove_dir(dir);
}

static void is_clean_tracks_changes(void **state)
{
	char *dir = make_dir(), *cmd, *out;
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;
	bool clean = false;

	(void)state;
	write_file(dir, "app.py", "print(1)\n");
	write_file(dir, ".gitignore", "*.log\n");
	write_file(dir, "debug.log", "ignored\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);

	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_false(clean);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_true(clean);

	/* The ignored file was not committed. */
	cmd = rm_xasprintf("git -C '%s' ls-files", dir);
	out = run_ok(cmd);
	assert_string_equal(out, ".gitignore\napp.py\n");
	free(out);
	free(cmd);

	/* A changed tracked file. */
	write_file(dir, "app.py", "print(2)\n");
	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_false(clean);
	assert_int_equal(audit_commit_all(repo, "Change app", NULL), 0);
	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_true(clean);

	/* An untracked file; an ignored one does not count. */
	write_file(dir, "more.log", "ignored too\n");
	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_true(clean);
	write_file(dir, "new.py", "x = 1\n");
	assert_int_equal(audit_is_clean(repo, &clean), 0);
	assert_false(clean);

	audit_repo_free(repo);
	remove_dir(dir);
}

static void nothing_to_commit(void **state)
{
	char *dir = make_dir();
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;
	char id[AUDIT_ID_SIZE] = "stale";

	(void)state;
	/* An empty baseline is allowed, a second empty commit is not. */
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Empty baseline", id), 0);
	assert_int_equal(strlen(id), 40);
	assert_int_equal(audit_commit_all(repo, "No change", id), RM_EEXISTS);
	assert_string_equal(id, "");
	assert_non_null(strstr(rm_error_last(), "nothing to commit"));

	/* An empty message is rejected before anything is staged. */
	write_file(dir, "a", "a\n");
	assert_int_equal(audit_commit_all(repo, " \n\n \n", NULL), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "message is empty"));
	audit_repo_free(repo);
	remove_dir(dir);
}

static void message_normalised_with_marker(void **state)
{
	char *dir = make_dir(), *cmd, *out;
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;
	char id[AUDIT_ID_SIZE];

	(void)state;
	write_file(dir, "a", "a\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo,
		"\n\nSubject   \n\n\n\nBody.  \n\nRule: B101\nCWE: CWE-703",
		id), 0);
	cmd = rm_xasprintf("git -C '%s' cat-file commit %s | sed '1,/^$/d'",
			   dir, id);
	out = run_ok(cmd);
	assert_string_equal(out, "Subject\n\nBody.\n\nRule: B101\nCWE: CWE-703\n"
			    "Generated-by: remediate\n");
	free(out);
	free(cmd);

	/* A marker already present is not added twice. */
	write_file(dir, "a", "b\n");
	assert_int_equal(audit_commit_all(repo,
		"Subject\n\nGenerated-by: remediate\n", id), 0);
	cmd = rm_xasprintf("git -C '%s' cat-file commit %s | sed '1,/^$/d'",
			   dir, id);
	out = run_ok(cmd);
	assert_string_equal(out, "Subject\n\nGenerated-by: remediate\n");
	free(out);
	free(cmd);
	audit_repo_free(repo);
	remove_dir(dir);
}

static void made_by_tool_detects_others(void **state)
{
	char *dir = make_dir(), *cmd;
	char ids[3][AUDIT_ID_SIZE];
	char reason[256];
	audit_repo *repo = NULL;
	bool yes = true;

	(void)state;

	/* A repository without commits is not ours to delete. */
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_made_by_tool(repo, &yes, reason, sizeof(reason)), 0);
	assert_false(yes);
	assert_non_null(strstr(reason, "no commits"));
	audit_repo_free(repo);

	build_history(dir, TEST_AUTHOR, ids);
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_made_by_tool(repo, &yes, reason, sizeof(reason)), 0);
	assert_true(yes);
	assert_string_equal(reason, "");

	/* A commit by someone else on top, made with the git binary. */
	write_file(dir, "app.py", "print('hand edit')\n");
	cmd = rm_xasprintf("git -C '%s' -c user.name=Other -c user.email=o@x "
			   "commit -q -am 'Hand edit'", dir);
	free(run_ok(cmd));
	free(cmd);
	assert_int_equal(audit_made_by_tool(repo, &yes, reason, sizeof(reason)), 0);
	assert_false(yes);
	assert_non_null(strstr(reason, "'Hand edit'"));
	assert_non_null(strstr(reason, "Generated-by: remediate"));
	audit_repo_free(repo);
	remove_dir(dir);

	/* A foreign commit on another branch counts as well. */
	dir = make_dir();
	build_history(dir, TEST_AUTHOR, ids);
	cmd = rm_xasprintf("cd '%s' && git checkout -q -b side && "
			   "echo x > side.txt && git add side.txt && "
			   "git -c user.name=Other -c user.email=o@x commit -q "
			   "-m 'Side work' && git checkout -q main", dir);
	free(run_ok(cmd));
	free(cmd);
	assert_int_equal(audit_open(&repo, dir, NULL), 0);
	assert_int_equal(audit_made_by_tool(repo, &yes, NULL, 0), 0);
	assert_false(yes);
	audit_repo_free(repo);
	remove_dir(dir);
}

static void nested_repository_kept_apart(void **state)
{
	char *outer = make_dir(), *inner, *cmd, *out;
	char id[AUDIT_ID_SIZE];
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;

	(void)state;
	cmd = rm_xasprintf("git init -q '%s'", outer);
	free(run_ok(cmd));
	free(cmd);
	inner = rm_xasprintf("%s/after", outer);
	assert_int_equal(mkdir(inner, 0755), 0);
	write_file(inner, "a", "a\n");

	/* after/ gets its own repository, not a commit in the outer one. */
	assert_int_equal(audit_open(&repo, inner, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", id), 0);
	audit_repo_free(repo);
	cmd = rm_xasprintf("git -C '%s' rev-parse HEAD", inner);
	out = run_ok(cmd);
	assert_int_equal(strncmp(out, id, 40), 0);
	free(out);
	free(cmd);
	cmd = rm_xasprintf("git -C '%s' rev-parse --verify -q HEAD", outer);
	{
		int status;

		free(run(&status, "%s", cmd));
		assert_int_not_equal(status, 0);
	}
	free(cmd);
	free(inner);
	remove_dir(outer);
}

static void stale_lock_reported(void **state)
{
	char *dir = make_dir();
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;

	(void)state;
	write_file(dir, "a", "a\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	write_file(dir, ".git/index.lock", "");
	write_file(dir, "a", "b\n");
	assert_int_equal(audit_commit_all(repo, "Change", NULL), RM_ERROR);
	assert_non_null(strstr(rm_error_last(), "/.git/index'"));
	assert_non_null(strstr(rm_error_last(), "remove it"));
	remove_file(dir, ".git/index.lock");

	/* A branch lock: the index is written, the branch does not move. */
	write_file(dir, ".git/refs/heads/main.lock", "");
	assert_int_equal(audit_commit_all(repo, "Change", NULL), RM_ERROR);
	assert_non_null(strstr(rm_error_last(), "refs/heads/main.lock"));
	assert_non_null(strstr(rm_error_last(), "remove it"));
	remove_file(dir, ".git/refs/heads/main.lock");
	assert_int_equal(audit_commit_all(repo, "Change", NULL), 0);
	audit_repo_free(repo);
	remove_dir(dir);
}

/* ---- crash safety ------------------------------------------------------ */

/* Child process: commits a changing file until killed.  Writes one byte
 * to `ready` once the repository is open. */
static void commit_forever(const char *dir, int ready)
{
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;
	char text[64];

	if (audit_open(&repo, dir, &who) < 0)
		_exit(3);
	if (write(ready, "r", 1) != 1)
		_exit(4);
	for (unsigned long i = 0;; i++) {
		char *msg = fix_message("B602", "CWE-78", "app.py:1:0");

		snprintf(text, sizeof(text), "counter = %lu\n", i);
		write_file(dir, "app.py", text);
		snprintf(text, sizeof(text), "file%lu.txt", i % 5);
		write_file(dir, text, msg);
		if (audit_commit_all(repo, msg, NULL) < 0 &&
		    strstr(rm_error_last(), "nothing to commit") == NULL)
			_exit(5);
		free(msg);
	}
}

static void kill_during_commits(void **state)
{
	/* Rounds and delays bound the test to a few seconds. */
	enum { ROUNDS = 6, MAX_DELAY_US = 300000 };
	static const char *const locks[] = { "index.lock", "HEAD.lock",
					     "refs/heads/main.lock" };
	char *dir = make_dir(), *cmd, *out;
	char id[AUDIT_ID_SIZE];
	audit_identity who = { TEST_AUTHOR };
	audit_repo *repo = NULL;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	long commits_before, commits_after = 0;

	(void)state;
	print_message("kill test seed %u\n", seed);
	srand(seed);
	write_file(dir, "app.py", "counter = 0\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "Baseline", NULL), 0);
	audit_repo_free(repo);
	commits_before = 1;

	for (int round = 0; round < ROUNDS; round++) {
		int ready[2], status;
		char byte;
		pid_t child;

		assert_int_equal(pipe(ready), 0);
		child = fork();
		assert_true(child >= 0);
		if (child == 0) {
			close(ready[0]);
			commit_forever(dir, ready[1]);
		}
		close(ready[1]);
		assert_int_equal(read(ready[0], &byte, 1), 1);
		close(ready[0]);
		usleep((useconds_t)(rand() % MAX_DELAY_US));
		assert_int_equal(kill(child, SIGKILL), 0);
		assert_int_equal(waitpid(child, &status, 0), child);
		assert_true(WIFSIGNALED(status));

		assert_fsck_clean(dir);

		/* A lock file left by the killed process is the only leftover
		 * a later commit trips over, so the test removes and reports it. */
		for (size_t i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
			char *path = rm_xasprintf("%s/.git/%s", dir, locks[i]);

			if (unlink(path) == 0)
				print_message("round %d: removed stale %s\n",
					      round, locks[i]);
			free(path);
		}

		/* The repository reopens and every commit is complete. */
		assert_int_equal(audit_open(&repo, dir, &who), 0);
		{
			audit_commit *log = NULL;
			size_t count = 0;
			bool yes = false;

			assert_int_equal(audit_log(repo, &log, &count), 0);
			print_message("round %d: %zu commits\n", round, count);
			assert_true((long)count >= commits_after);
			commits_after = (long)count;
			assert_int_equal(audit_made_by_tool(repo, &yes, NULL, 0), 0);
			assert_true(yes);
			audit_log_free(log, count);
		}
		audit_repo_free(repo);
	}

	/* The history grew, git agrees on its length, and it takes a
	 * further commit. */
	assert_true(commits_after > commits_before);
	cmd = rm_xasprintf("git -C '%s' rev-list --count HEAD", dir);
	out = run_ok(cmd);
	assert_int_equal(strtol(out, NULL, 10), commits_after);
	free(out);
	free(cmd);
	write_file(dir, "app.py", "counter = -1\n");
	assert_int_equal(audit_open(&repo, dir, &who), 0);
	assert_int_equal(audit_commit_all(repo, "After the kills", id), 0);
	audit_repo_free(repo);
	assert_fsck_clean(dir);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history_checked_by_git),
		cmocka_unit_test(log_reads_history),
		cmocka_unit_test(binary_change_in_log),
		cmocka_unit_test(ids_reproducible),
		cmocka_unit_test(invalid_epoch_rejected),
		cmocka_unit_test(author_override),
		cmocka_unit_test(author_from_config_or_fallback),
		cmocka_unit_test(invalid_author_rejected),
		cmocka_unit_test(missing_workdir_rejected),
		cmocka_unit_test(is_clean_tracks_changes),
		cmocka_unit_test(nothing_to_commit),
		cmocka_unit_test(message_normalised_with_marker),
		cmocka_unit_test(made_by_tool_detects_others),
		cmocka_unit_test(nested_repository_kept_apart),
		cmocka_unit_test(stale_lock_reported),
		cmocka_unit_test(kill_during_commits),
	};
	int failures;

	home_dir = make_dir();
	setenv("HOME", home_dir, 1);
	setenv("XDG_CONFIG_HOME", home_dir, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("SOURCE_DATE_EPOCH");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	failures = cmocka_run_group_tests(tests, NULL, NULL);
	remove_dir(home_dir);
	return failures;
}
