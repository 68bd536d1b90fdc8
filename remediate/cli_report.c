/*
 * `remediate report AFTER [-o FILE]`: writes the Markdown security report
 * of a hardened tree (report.h) to standard output or to FILE.  The file
 * is written under a temporary name and renamed into place, so a failed
 * run never leaves half a report behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "report.h"

static const char report_usage[] =
"usage: remediate report [OPTIONS] AFTER\n"
"\n"
"Write a Markdown security report of AFTER, a tree written by\n"
"`remediate BEFORE AFTER`: the counts before and after, every commit, the\n"
"fixed findings by analyzer with CWE, location and rationale, the findings\n"
"left for a person, the Compose architecture before and after as Mermaid\n"
"diagrams, the final rescan and the threat mapping (STRIDE, MITRE ATT&CK,\n"
"NIST SP 800-53).  Everything comes from AFTER's git history and the scans\n"
"in AFTER/.remediate/, so the same AFTER always gives the same report.\n"
"\n"
"options:\n"
"  -o, --output FILE  write the report to FILE (its folder is created)\n"
"                     instead of standard output\n"
"  -h, --help         show this help\n"
"\n"
"exit status: 0 report written, 2 usage error, or AFTER is missing, not a\n"
"git repository, or has commits remediate did not write.\n";

/* Creates the folders above `path` that do not exist yet. */
static int make_parents(const char *path)
{
	char *copy = rm_xstrdup(path);
	int error = RM_OK;

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
			rm_error_set("cannot create the folder '%s': %s", copy,
				     strerror(errno));
			error = RM_EIO;
			break;
		}
		*p = '/';
	}
	free(copy);
	return error;
}

static int write_file(const char *after, const char *output)
{
	char *tmp = rm_xasprintf("%s.tmp-%ld", output, (long)getpid());
	FILE *file = NULL;
	int error;

	if ((error = make_parents(output)) < 0)
		goto done;
	file = fopen(tmp, "w");
	if (!file) {
		rm_error_set("cannot write '%s': %s", tmp, strerror(errno));
		error = RM_EIO;
		goto done;
	}
	error = report_write(file, after);
	if (fclose(file) != 0 && error == RM_OK) {
		rm_error_set("cannot write '%s': %s", tmp, strerror(errno));
		error = RM_EIO;
	}
	if (error == RM_OK && rename(tmp, output) < 0) {
		rm_error_set("cannot move the report into '%s': %s", output,
			     strerror(errno));
		error = RM_EIO;
	}
	if (error < 0)
		unlink(tmp);
done:
	free(tmp);
	return error;
}

int cli_report(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	struct stat st;
	int c, error;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'h':
			fputs(report_usage, stdout);
			return EXIT_CLEAN;
		default:
			cli_option_error("report", c, argv[optind - 1], optopt);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fputs("remediate: report expects one folder, AFTER: run 'remediate report --help'\n",
		      stderr);
		return EXIT_USAGE;
	}

	/* Checked first so that a missing AFTER leaves no empty folder for
	 * the report behind. */
	if (stat(argv[optind], &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "remediate: cannot report on '%s': %s: give the folder that 'remediate BEFORE AFTER' wrote\n",
			argv[optind], stat(argv[optind], &st) < 0 ? strerror(errno) : "not a folder");
		return EXIT_USAGE;
	}
	if (output)
		error = write_file(argv[optind], output);
	else
		error = report_write(stdout, argv[optind]);
	if (error < 0) {
		fprintf(stderr, "remediate: %s\n", rm_error_last());
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}
