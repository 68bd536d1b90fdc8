/*
 * Entry point of the `remediate` command: dispatches to the subcommands
 * and prints the overall help.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char usage[] =
"usage: remediate COMMAND [OPTIONS] [ARGS]\n"
"       remediate [OPTIONS] BEFORE AFTER\n"
"\n"
"Find and fix security defects in a small containerised Python web service.\n"
"\n"
"commands:\n"
"  fix BEFORE AFTER   write a hardened copy of BEFORE to AFTER, a git\n"
"                     repository with one verified commit per fix, and port\n"
"                     the service to C; the default when the first argument\n"
"                     is a folder\n"
"  scan PATH...       find defects in Python code, Dockerfiles, Compose files\n"
"                     and daemon.json; text, JSON (Bandit's schema), SARIF\n"
"                     or Markdown\n"
"  report AFTER       write the Markdown security report of a hardened tree\n"
"                     from its git history and recorded scans (-o FILE)\n"
"  rules              list every rule with its id, severity, confidence and CWE\n"
"\n"
"options:\n"
"  -h, --help         show this help; `remediate COMMAND --help` shows the\n"
"                     options of one command\n"
"  --version          print the version\n"
"\n"
"exit status: 0 clean, 1 findings at or above the threshold, 2 usage or\n"
"input error.\n";

/* Returns `status`, or EXIT_USAGE when standard output could not be
 * written in full (a full disk, a closed pipe): help, versions and rule
 * lists must not look complete when they are not. */
static int finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "remediate: cannot write to standard output: %s\n",
			strerror(errno));
		return EXIT_USAGE;
	}
	return status;
}

static int run(int argc, char **argv)
{
	const char *command;

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	command = argv[1];
	if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 ||
	    strcmp(command, "help") == 0) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(command, "--version") == 0) {
		printf("remediate %s\n", REMEDIATE_VERSION);
		return EXIT_CLEAN;
	}
	if (strcmp(command, "scan") == 0)
		return cli_scan(argc - 1, argv + 1);
	if (strcmp(command, "rules") == 0)
		return cli_rules(argc - 1, argv + 1);
	if (strcmp(command, "report") == 0)
		return cli_report(argc - 1, argv + 1);
	if (strcmp(command, "fix") == 0)
		return cli_fix(argc - 1, argv + 1);
	/* `remediate BEFORE AFTER` and `remediate --force BEFORE AFTER`. */
	if (command[0] == '-' || strchr(command, '/') || is_directory(command) ||
	    argc == 3)
		return cli_fix(argc, argv);

	fprintf(stderr, "remediate: unknown command '%s': run 'remediate --help' for the list\n",
		command);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	return finish(run(argc, argv));
}
