/*
 * `remediate scan` and `remediate rules`: option parsing and output for
 * the analysis side of the tool.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "error.h"
#include "rule.h"
#include "scan.h"
#include "writers/writers.h"

static const char scan_usage[] =
"usage: remediate scan [OPTIONS] PATH...\n"
"\n"
"Scan files and directories for security defects.  Directories are walked\n"
"recursively; Python files (.py, .pyw, or a python shebang), Dockerfiles\n"
"(Dockerfile, Dockerfile.*, *.dockerfile, Containerfile), Compose files\n"
"(docker-compose*.yml, compose*.yaml) and daemon.json are analyzed.  A PATH\n"
"of '-' reads Python source from standard input.  The Python checks are\n"
"Bandit 1.9.4's, under Bandit's ids, and the options below follow Bandit's.\n"
"\n"
"options:\n"
"  -f, --format FORMAT      output format: text (default; txt and screen are\n"
"                           accepted as in Bandit), json (Bandit's\n"
"                           schema), sarif (SARIF 2.1.0) or markdown (a table)\n"
"  -o, --output FILE        write the report to FILE instead of standard output\n"
"  -l, -ll, -lll, --level   report findings of low, medium or high severity\n"
"                           or higher, as in Bandit (these take no value)\n"
"      --severity-level LEVEL\n"
"                           the same as a value: all, low, medium or high\n"
"                           (default all)\n"
"  -i, -ii, -iii, --confidence\n"
"                           the same for confidence\n"
"      --confidence-level LEVEL\n"
"                           report findings of this confidence or higher:\n"
"                           all, low, medium or high (default all)\n"
"  -r, --recursive          accepted for Bandit command lines; directories are\n"
"                           always walked recursively\n"
"  -q, --quiet, --silent    no progress line on a terminal (as --no-progress)\n"
"  -t, --tests IDS          run only these rules (comma-separated ids such as\n"
"                           B602,B607; B001 stands for every B3xx/B4xx\n"
"                           blacklist id); test names are not accepted, as\n"
"                           in Bandit\n"
"  -s, --skip IDS           do not run these rules (comma-separated ids)\n"
"  -x, --exclude PATTERNS   comma-separated names or path globs to leave out,\n"
"                           in addition to the defaults (.git, __pycache__,\n"
"                           .tox, node_modules, ..., and every virtual\n"
"                           environment: a folder with a pyvenv.cfg) and to\n"
"                           the config file's exclude_dirs; as in Bandit, a\n"
"                           path that contains a pattern is left out too\n"
"                           (-x vendor/ leaves out proj/vendor/)\n"
"  -c, --configfile FILE    Bandit configuration: YAML, or the [tool.bandit]\n"
"                           table when FILE ends in .toml (pyproject.toml);\n"
"                           reads tests, skips, exclude_dirs and the plugin\n"
"                           options assert_used.skips,\n"
"                           hardcoded_tmp_directory.tmp_dirs,\n"
"                           try_except_pass.check_typed_exception,\n"
"                           try_except_continue.check_typed_exception,\n"
"                           shell_injection.{subprocess,shell,no_shell},\n"
"                           ssl_with_bad_version.bad_protocol_versions,\n"
"                           weak_cryptographic_key.weak_key_size_*,\n"
"                           markupsafe_xss.{extend_markup_names,allowed_calls};\n"
"                           ids from -t/-s are added to the file's\n"
"  -b, --baseline FILE      a Bandit JSON report (from Bandit or from\n"
"                           'remediate scan --format json'): findings equal\n"
"                           to one in it (same file, id, test name, text,\n"
"                           severity, confidence and CWE; the line may\n"
"                           differ) are not reported\n"
"      --ignore-nosec       report findings marked with '# nosec' too\n"
"  -n, --number N           lines of code around each finding in the JSON\n"
"                           output's code field, 0 to 100 (default 3); the\n"
"                           text output shows the finding's own line\n"
"  -j, --jobs N             worker threads (default: one per processor)\n"
"      --exit-zero          exit 0 even when there are findings\n"
"      --no-progress        never show the progress line on a terminal\n"
"  -h, --help               show this help\n"
"\n"
"'# nosec' on a finding's line (or on any line of its statement) hides it;\n"
"'# nosec B602, B607' hides only those ids, as in Bandit.\n"
"\n"
"Files larger than 10 MiB are skipped and listed as errors: a parsed tree\n"
"needs about 150 bytes of memory per byte of source.\n"
"\n"
"SOURCE_DATE_EPOCH, when set, is the date of the end-of-life check of base\n"
"images (RD106) and of the JSON report's generated_at.  RC216 (a Compose\n"
"service nothing uses) needs the whole project and is reported by\n"
"`remediate fix` only.\n"
"\n"
"exit status: 0 no findings, 1 findings at or above the thresholds, 2 usage\n"
"error or a file that could not be scanned (and no findings).\n";

/* Splits a comma-separated list into a NULL-terminated array of owned
 * strings, appending to *list. */
static void split_list(char ***list, const char *text)
{
	size_t count = 0;
	char *copy = rm_xstrdup(text), *save = NULL, *item;

	while (*list && (*list)[count])
		count++;
	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		if (!*item)
			continue;
		*list = rm_xrealloc(*list, (count + 2) * sizeof(char *));
		(*list)[count++] = rm_xstrdup(item);
		(*list)[count] = NULL;
	}
	free(copy);
}

static void free_list(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}

/* Rejects rule ids that are not in the catalog, so a typo in --skip or
 * --tests does not silently select nothing. */
static int check_ids(char **ids, const char *option)
{
	for (char **p = ids; p && *p; p++) {
		if (strcmp(*p, "B001") != 0 && !catalog_find(*p)) {
			fprintf(stderr, "remediate: unknown rule id '%s' in %s: run 'remediate rules' for the list\n",
				*p, option);
			return -1;
		}
	}
	return 0;
}

void cli_option_error(const char *command, int kind, const char *arg,
		      int option)
{
	char letter[3] = { '-', (char)option, '\0' };
	const char *name = arg;
	int len = (int)strlen(arg);

	if (strncmp(arg, "--", 2) == 0) {
		const char *equals = strchr(arg, '=');

		if (equals)
			len = (int)(equals - arg);
	} else if (option > 0 && option < 128) {
		name = letter;
		len = 2;
	}
	if (kind == ':')
		fprintf(stderr, "remediate: option '%.*s' needs a value: run 'remediate %s --help' for the options\n",
			len, name, command);
	else
		fprintf(stderr, "remediate: unknown option '%.*s': run 'remediate %s --help' for the options\n",
			len, name, command);
}

void cli_timestamp(char *buf, unsigned long size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	if (epoch && *epoch) {
		char *end;
		long long value;

		errno = 0;
		value = strtoll(epoch, &end, 10);
		if (errno == 0 && *end == '\0' && value >= 0)
			now = (time_t)value;
	}
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int parse_level_option(level *out, const char *value, const char *option)
{
	if (level_parse(out, value) < 0) {
		fprintf(stderr, "remediate: invalid value '%s' for %s: expected all, low, medium or high\n",
			value, option);
		return -1;
	}
	return 0;
}

static void report_errors(const scan_result *result)
{
	for (size_t i = 0; i < result->errors_count; i++)
		fprintf(stderr, "remediate: skipped '%s': %s\n",
			result->errors[i].path, result->errors[i].reason);
}

/* Prints a hint for each PATH that is a level name and not a file.  As
 * in Bandit, -l takes no value, so `-l high` makes 'high' a PATH. */
static void warn_level_paths(char **paths, int count)
{
	static const char *const names[] = { "all", "low", "medium", "high" };
	struct stat st;

	for (int i = 0; i < count; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(paths[i], names[k]) == 0 && stat(paths[i], &st) != 0)
				fprintf(stderr, "remediate: '%s' is a PATH, not a level: -l and -i take no value; write --severity-level %s or --confidence-level %s\n",
					paths[i], names[k], names[k]);
}

/* Prints a note for each PATH with a .bandit INI file, which Bandit
 * reads by itself and this scan does not. */
static void note_bandit_ini(char **paths, int count)
{
	for (int i = 0; i < count; i++) {
		char *ini = rm_xasprintf("%s/.bandit", paths[i]);
		struct stat st;

		if (stat(ini, &st) == 0 && S_ISREG(st.st_mode))
			fprintf(stderr, "remediate: note: '%s' (Bandit's INI file) is not read: pass its settings with -c or on the command line\n",
				ini);
		free(ini);
	}
}

int cli_scan(int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "severity-level", required_argument, NULL, 'S' },
		{ "confidence-level", required_argument, NULL, 'C' },
		{ "tests", required_argument, NULL, 't' },
		{ "skip", required_argument, NULL, 's' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "ignore-nosec", no_argument, NULL, 'N' },
		{ "number", required_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "exit-zero", no_argument, NULL, 'Z' },
		{ "no-progress", no_argument, NULL, 'P' },
		{ "configfile", required_argument, NULL, 'c' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "silent", no_argument, NULL, 'q' },
		{ "level", no_argument, NULL, 'l' },
		{ "confidence", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	scan_config cfg;
	scan_result result;
	const char *format = "text", *output = NULL, *config_path = NULL;
	const char *baseline_path = NULL;
	bandit_config bconf;
	baseline base = { 0 };
	char **tests = NULL, **skip = NULL, **exclude = NULL, **exclude_parts = NULL;
	int severity_count = 0, confidence_count = 0;
	bool severity_value = false, confidence_value = false;
	long number;
	bool exit_zero = false, progress = true;
	FILE *out = stdout;
	int opt, status = EXIT_USAGE, error;
	char *end;

	scan_config_init(&cfg);
	memset(&bconf, 0, sizeof(bconf));
	plugin_options_init(&bconf.plugins);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:lirqt:s:x:n:j:c:b:h", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'l': severity_count++; break;
		case 'i': confidence_count++; break;
		case 'S':
			if (parse_level_option(&cfg.min_severity, optarg,
					       "--severity-level") < 0)
				goto done;
			severity_value = true;
			break;
		case 'C':
			if (parse_level_option(&cfg.min_confidence, optarg,
					       "--confidence-level") < 0)
				goto done;
			confidence_value = true;
			break;
		case 't': split_list(&tests, optarg); break;
		case 's': split_list(&skip, optarg); break;
		case 'x': split_list(&exclude, optarg); break;
		case 'N': cfg.ignore_nosec = true; break;
		case 'n':
			number = strtol(optarg, &end, 10);
			cfg.context_lines = (int)number;
			if (*end || end == optarg || number < 0 || number > 100) {
				fprintf(stderr, "remediate: invalid value '%s' for --number: expected 0 to 100 lines\n",
					optarg);
				goto done;
			}
			break;
		case 'j':
			number = strtol(optarg, &end, 10);
			cfg.jobs = (int)number;
			if (*end || end == optarg || number < 1 || number > 256) {
				fprintf(stderr, "remediate: invalid value '%s' for --jobs: expected 1 to 256 threads\n",
					optarg);
				goto done;
			}
			break;
		case 'Z': exit_zero = true; break;
		case 'c': config_path = optarg; break;
		case 'b': baseline_path = optarg; break;
		case 'P':
		case 'q':
			progress = false;
			break;
		case 'r': break;   /* Bandit's -r: every directory is walked */
		case 'h':
			fputs(scan_usage, stdout);
			status = EXIT_CLEAN;
			goto done;
		default:
			cli_option_error("scan", opt, argv[optind - 1], optopt);
			goto done;
		}
	}
	if (optind >= argc) {
		fputs("remediate: scan needs at least one PATH: run 'remediate scan --help'\n", stderr);
		goto done;
	}
	warn_level_paths(argv + optind, argc - optind);
	note_bandit_ini(argv + optind, argc - optind);
	/* As in Bandit, a counted flag and a level value exclude each other. */
	if ((severity_count > 0 && severity_value) ||
	    (confidence_count > 0 && confidence_value)) {
		if (severity_count > 0 && severity_value)
			fputs("remediate: -l and --severity-level exclude each other: give one of them\n", stderr);
		else
			fputs("remediate: -i and --confidence-level exclude each other: give one of them\n", stderr);
		goto done;
	}
	/* Bandit's names for its text report. */
	if (strcmp(format, "txt") == 0 || strcmp(format, "screen") == 0)
		format = "text";
	if (strcmp(format, "text") && strcmp(format, "json") &&
	    strcmp(format, "sarif") && strcmp(format, "markdown")) {
		fprintf(stderr, "remediate: unknown format '%s': expected text, json, sarif or markdown\n",
			format);
		goto done;
	}
	if (severity_count > 0)
		cfg.min_severity = severity_count >= 3 ? LEVEL_HIGH
					: (level)(LEVEL_UNDEFINED + severity_count);
	if (confidence_count > 0)
		cfg.min_confidence = confidence_count >= 3 ? LEVEL_HIGH
					: (level)(LEVEL_UNDEFINED + confidence_count);
	if (config_path) {
		if (bandit_config_load(&bconf, config_path) < 0) {
			fprintf(stderr, "remediate: %s\n", rm_error_last());
			goto done;
		}
		for (char **p = bconf.notes; p && *p; p++)
			fprintf(stderr, "remediate: note: %s\n", *p);
		/* As in Bandit, the file's ids and the command line's add up. */
		for (char **p = bconf.tests; p && *p; p++)
			split_list(&tests, *p);
		for (char **p = bconf.skips; p && *p; p++)
			split_list(&skip, *p);
		for (char **p = bconf.exclude_dirs; p && *p; p++)
			split_list(&exclude, *p);
		cfg.plugins = &bconf.plugins;
	}
	if (baseline_path && baseline_load(&base, baseline_path) < 0) {
		fprintf(stderr, "remediate: %s\n", rm_error_last());
		goto done;
	}
	if (check_ids(tests, config_path ? "--tests or the config's tests" : "--tests") < 0 ||
	    check_ids(skip, config_path ? "--skip or the config's skips" : "--skip") < 0)
		goto done;
	cfg.tests = (const char **)tests;
	cfg.skip = (const char **)skip;
	if (exclude) {
		/* User patterns come on top of the defaults, and are also
		 * matched as parts of a path, as Bandit's -x is. */
		char **all = NULL;
		size_t n = 0;

		for (char **p = exclude; *p; p++)
			split_list(&exclude_parts, *p);
		cfg.exclude_parts = (const char **)exclude_parts;
		for (const char **p = cfg.exclude; p && *p; p++) {
			all = rm_xrealloc(all, (n + 2) * sizeof(char *));
			all[n++] = rm_xstrdup(*p);
			all[n] = NULL;
		}
		for (char **p = exclude; *p; p++) {
			all = rm_xrealloc(all, (n + 2) * sizeof(char *));
			all[n++] = rm_xstrdup(*p);
			all[n] = NULL;
		}
		free_list(exclude);
		exclude = all;
		cfg.exclude = (const char **)exclude;
	}
	cfg.progress = progress;

	error = scan_paths(&result, (const char **)argv + optind,
			   (size_t)(argc - optind), &cfg);
	if (error < 0) {
		fprintf(stderr, "remediate: scan failed: %s\n", rm_error_last());
		goto done;
	}

	/* File names are compared as written, so a baseline made from
	 * another folder matches nothing, and Bandit prints no hint. */
	if (baseline_path && base.count > 0 && baseline_filter(&result, &base) == 0 &&
	    result.findings.count > 0) {
		fprintf(stderr, "remediate: note: none of the %zu entries of the baseline '%s' matched a finding; file names are compared as written (the baseline has '%s', this scan '%s'): if these findings are in the baseline, make it from the same folder with the same PATH\n",
			base.count, baseline_path, base.items[0].filename,
			result.findings.items[0].path);
	}

	if (output) {
		out = fopen(output, "w");
		if (!out) {
			fprintf(stderr, "remediate: cannot write '%s': %s\n",
				output, strerror(errno));
			scan_result_free(&result);
			out = stdout;
			goto done;
		}
	}
	if (strcmp(format, "json") == 0) {
		char stamp[32];
		cli_timestamp(stamp, sizeof(stamp));
		error = writer_json(out, &result, stamp);
	} else if (strcmp(format, "sarif") == 0) {
		error = writer_sarif(out, &result, REMEDIATE_VERSION);
	} else if (strcmp(format, "markdown") == 0) {
		error = writer_markdown(out, &result);
	} else {
		error = writer_text(out, &result, out == stdout && isatty(STDOUT_FILENO));
	}
	if (strcmp(format, "text") != 0 || out != stdout)
		report_errors(&result);
	/* A full disk shows in the writer's result, in the stream's error
	 * flag, or only at the flush.  Each of them fails the scan, so a cut
	 * report never passes for a complete one. */
	if (fflush(out) != 0 || ferror(out))
		error = RM_EIO;
	if (out != stdout && fclose(out) != 0)
		error = RM_EIO;
	out = stdout;
	if (error < 0) {
		const char *reason = errno ? strerror(errno) : "write error";

		if (output) {
			fprintf(stderr, "remediate: cannot write '%s': %s\n", output, reason);
		} else {
			fprintf(stderr, "remediate: cannot write to standard output: %s\n", reason);
			clearerr(stdout);   /* reported here, not again by main() */
		}
		scan_result_free(&result);
		status = EXIT_USAGE;
		goto done;
	}

	if (result.findings.count > 0)
		status = exit_zero ? EXIT_CLEAN : EXIT_FINDINGS;
	else if (result.errors_count > 0)
		status = exit_zero ? EXIT_CLEAN : EXIT_USAGE;
	else
		status = EXIT_CLEAN;
	scan_result_free(&result);

done:
	bandit_config_free(&bconf);
	baseline_free(&base);
	free_list(tests);
	free_list(skip);
	free_list(exclude_parts);
	free_list(exclude);
	return status;
}

static const char rules_usage[] =
"usage: remediate rules [-f text|markdown]\n"
"\n"
"List every rule of the catalog, one a line under a header: id, analyzer,\n"
"severity, confidence, CWE, whether an automatic fix exists (fix or -),\n"
"and the name (Bandit's test name for B ids).  Retired Bandit ids are\n"
"listed as retired and never reported.\n"
"\n"
"options:\n"
"  -f, --format FORMAT      text (default) or markdown, the rule reference\n"
"                           that docs/rules.md holds (`make docs` writes it)\n"
"  -h, --help               show this help\n"
"\n"
"exit status: 0, or 2 for a usage error\n";

/* Returns the rule's anchor in docs/rules.md, its id in lower case, as
 * the JSON writer links our own rules; the caller frees it. */
static char *rule_anchor(const rule *r)
{
	char *anchor = rm_xstrdup(r->id);

	for (char *p = anchor; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return anchor;
}

static void print_markdown_rule(const rule *r)
{
	char *anchor = rule_anchor(r);

	printf("<a id=\"%s\"></a>\n\n### %s %s\n\n", anchor, r->id, r->name);
	free(anchor);
	if (r->retired) {
		puts("Retired by Bandit: listed so the id is never reused, and never reported.\n");
		return;
	}
	printf("- Analyzer: %s\n", target_name(r->target));
	printf("- Severity: %s, confidence: %s\n", level_name(r->severity),
	       level_name(r->confidence));
	if (r->cwe)
		printf("- Weakness: [CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)\n",
		       r->cwe, r->cwe);
	if (r->xref)
		printf("- Cross-reference: %s\n", r->xref);
	printf("- Automatic fix: %s\n", r->fixable ? "yes" : "no");
	if (r->stride)
		printf("- STRIDE: %s\n", r->stride);
	if (r->attack)
		printf("- MITRE ATT&CK: %s\n", r->attack);
	if (r->nist)
		printf("- NIST SP 800-53: %s\n", r->nist);
	if (r->more_info)
		printf("- More: <%s>\n", r->more_info);
	putchar('\n');
	if (r->description)
		printf("%s\n\n", r->description);
	if (r->remedy)
		printf("**Remedy:** %s\n\n", r->remedy);
}

static void print_markdown(const rule *rules, size_t count)
{
	static const struct { target kind; const char *title; } sections[] = {
		{ TARGET_PYTHON, "Python (Bandit 1.9.4 ids)" },
		{ TARGET_DOCKERFILE, "Dockerfile" },
		{ TARGET_COMPOSE, "Compose" },
		{ TARGET_DAEMON, "Docker daemon (daemon.json)" },
	};

	puts("# Rules\n");
	puts("Generated by `remediate rules --format markdown` from the rule catalog; "
	     "do not edit by hand (`make docs` rewrites it, and a test checks that "
	     "it is current).\n");
	puts("| Id | Analyzer | Severity | Confidence | CWE | Fix | Cross-reference | Name |");
	puts("|---|---|---|---|---|---|---|---|");
	for (size_t i = 0; i < count; i++) {
		const rule *r = &rules[i];
		char cwe[16] = "-";
		char *anchor = rule_anchor(r);

		if (r->cwe)
			snprintf(cwe, sizeof(cwe), "CWE-%d", r->cwe);
		printf("| [%s](#%s) | %s | %s | %s | %s | %s | %s | %s |\n", r->id,
		       anchor, target_name(r->target),
		       r->retired ? "retired" : level_name(r->severity),
		       r->retired ? "-" : level_name(r->confidence), cwe,
		       r->fixable ? "yes" : "no", r->xref ? r->xref : "-", r->name);
		free(anchor);
	}
	putchar('\n');
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		printf("## %s\n\n", sections[s].title);
		for (size_t i = 0; i < count; i++)
			if (rules[i].target == sections[s].kind)
				print_markdown_rule(&rules[i]);
	}
}

int cli_rules(int argc, char **argv)
{
	size_t count;
	const rule *rules = catalog_rules(&count);
	bool markdown = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(rules_usage, stdout);
			return EXIT_CLEAN;
		}
		if ((strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-f") == 0) &&
		    i + 1 < argc) {
			const char *value = argv[++i];
			if (strcmp(value, "markdown") == 0)
				markdown = true;
			else if (strcmp(value, "text") != 0) {
				fprintf(stderr, "remediate: unknown format '%s': expected text or markdown\n",
					value);
				return EXIT_USAGE;
			}
			continue;
		}
		fprintf(stderr, "remediate: unexpected argument '%s': run 'remediate rules --help'\n",
			argv[i]);
		return EXIT_USAGE;
	}

	if (markdown) {
		print_markdown(rules, count);
		return EXIT_CLEAN;
	}
	printf("%-6s %-10s %-9s %-10s %-9s %-4s %s\n", "ID", "ANALYZER",
	       "SEVERITY", "CONFIDENCE", "CWE", "FIX", "NAME");
	for (size_t i = 0; i < count; i++) {
		const rule *r = &rules[i];
		char cwe[16] = "-";

		if (r->cwe)
			snprintf(cwe, sizeof(cwe), "CWE-%d", r->cwe);
		printf("%-6s %-10s %-9s %-10s %-9s %-4s %s\n", r->id,
		       target_name(r->target),
		       r->retired ? "retired" : level_name(r->severity),
		       r->retired ? "-" : level_name(r->confidence), cwe,
		       r->fixable ? "fix" : "-", r->name);
	}
	return EXIT_CLEAN;
}
