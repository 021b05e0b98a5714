/**
 * The {@code mmemu} command line. {@link linux.cli.Mmemu} is the entry point; each
 * subcommand is one class. A subcommand reports bad input by throwing
 * {@link linux.cli.CliError}, which the entry point prints as a single line on stderr
 * with a non-zero exit status; no stack trace ever reaches the user.
 */
package linux.cli;
