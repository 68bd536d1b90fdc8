/*
 * Subcommands of the `remediate` command line.  Each takes the arguments
 * after its name (argv[0] is the subcommand) and returns the process exit
 * code: 0 clean, 1 findings at or above the threshold (or work left for a
 * person), 2 usage or input error.
 */
#ifndef RM_CLI_H
#define RM_CLI_H

#define REMEDIATE_VERSION "0.1.0"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

int cli_scan(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_fix(int argc, char **argv);
int cli_report(int argc, char **argv);

/* Formats SOURCE_DATE_EPOCH, or the current time when it is unset, as
 * Bandit's UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into buf. */
void cli_timestamp(char *buf, unsigned long size);

/* Prints the error for an option that getopt_long rejected.  `kind` is
 * its result (':' for a missing value, as the optstring starts with ':',
 * '?' for an unknown option), `arg` the argument it was reading and
 * `option` its optopt.  A long option is named as typed, a short one by
 * its letter, also inside a cluster such as -lz. */
void cli_option_error(const char *command, int kind, const char *arg,
		      int option);

#endif
