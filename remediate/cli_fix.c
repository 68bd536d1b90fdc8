/*
 * `remediate BEFORE AFTER` (also `remediate fix BEFORE AFTER`): option
 * parsing for the main job and its closing summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "pipeline.h"

static const char fix_usage[] =
"usage: remediate [fix] [OPTIONS] BEFORE AFTER\n"
"\n"
"Write a hardened copy of the service in BEFORE to AFTER, a new git\n"
"repository.  The first commit is the untouched copy; every fix is its own\n"
"commit with the trailers Rule, CWE, Severity, Confidence, Location (path,\n"
"line and 1-based column in BEFORE, or in the tree for a finding an earlier\n"
"fix introduced) and Verified (what the rescan showed).  Then a hardened\n"
"daemon.json is added, and the Flask service is ported to C on\n"
"libmicrohttpd (service.json, service/, a multi-stage Dockerfile, nginx in\n"
"front; see docs/porting.md), each step a commit with a `Step` trailer;\n"
"--keep-python skips the port.  The last commit stores the scans in\n"
"AFTER/.remediate/.  BEFORE is never modified.  Read the audit trail with\n"
"`git -C AFTER log`; scripts/verify-after AFTER checks the result end to\n"
"end and `remediate report AFTER` writes the security report.\n"
"\n"
"AFTER must be absent, empty, or an earlier output of remediate without\n"
"uncommitted changes or commits of anyone else; it is then regenerated.\n"
"\n"
"options:\n"
"      --author \"NAME <EMAIL>\"\n"
"                        author and committer of the commits (default: git\n"
"                        config user.name and user.email, else\n"
"                        remediate <remediate@localhost>)\n"
"      --force           replace AFTER even if it holds other work\n"
"      --dry-run         print the planned fixes; write nothing to AFTER\n"
"      --prune-unused    remove Compose services nothing uses, in a commit\n"
"                        of their own (otherwise only recommended)\n"
"      --keep-python     keep the hardened Python service; do not port it\n"
"      --threshold LEVEL findings left for a person below LEVEL (low,\n"
"                        medium, high) do not make the exit status 1\n"
"                        (default low: every finding counts)\n"
"  -h, --help            show this help\n"
"\n"
"environment:\n"
"  SOURCE_DATE_EPOCH     commit time in seconds since 1970; the same input\n"
"                        then gives the same commit ids.  It is also the\n"
"                        date the end-of-life check of base images (RD106)\n"
"                        uses, so an old value can hide that finding\n"
"\n"
"exit status: 0 every finding at or above the threshold was fixed, 1 some\n"
"need manual work (listed on stderr and in AFTER/.remediate/manual.json),\n"
"a file could not be scanned, or the port to C stopped, 2 usage or input\n"
"error.\n";

int cli_fix(int argc, char **argv)
{
	static const struct option options[] = {
		{ "author", required_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "prune-unused", no_argument, NULL, 'P' },
		{ "keep-python", no_argument, NULL, 'K' },
		{ "threshold", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	pipeline_options opt = { .threshold = LEVEL_LOW, .log = stderr };
	pipeline_summary summary;
	int c, error;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'a': opt.author = optarg; break;
		case 'F': opt.force = true; break;
		case 'D': opt.dry_run = true; break;
		case 'P': opt.prune_unused = true; break;
		case 'K': opt.keep_python = true; break;
		case 'T':
			if (level_parse(&opt.threshold, optarg) < 0 ||
			    opt.threshold == LEVEL_UNDEFINED) {
				fprintf(stderr, "remediate: invalid value '%s' for --threshold: expected low, medium or high\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(fix_usage, stdout);
			return EXIT_CLEAN;
		default:
			cli_option_error("fix", c, argv[optind - 1], optopt);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fputs("remediate: expected two folders, BEFORE and AFTER: run 'remediate fix --help'\n",
		      stderr);
		return EXIT_USAGE;
	}
	opt.before = argv[optind];
	opt.after = argv[optind + 1];

	error = pipeline_run(&summary, &opt);
	if (error < 0) {
		fprintf(stderr, "remediate: %s\n", rm_error_last());
		return EXIT_USAGE;
	}
	fprintf(stderr, "remediate: %d findings before, %d after; %d Rule trailers in the fix, removal and port commits (a fix may leave a LOW finding that a later step resolves); %d left for manual work (the findings after, and the tree-wide checks such as RC216 that a scan does not run)%s; %s%s\n",
		summary.findings_before, summary.findings_after, summary.fixed,
		summary.manual,
		summary.unscanned ? ", files that could not be scanned listed above" : "",
		summary.ported ? "ported to C" :
		summary.port_stopped ? "port to C stopped, Python service kept" :
				       "Python service kept (--keep-python)",
		opt.dry_run ? " (dry run: nothing written)" : "");
	if (summary.manual_at_threshold > 0 || summary.port_stopped ||
	    summary.unscanned > 0)
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}
