/**
 * Command-line parsing: each command declares its arguments and flags once, so unknown flags and missing arguments are
 * refused the same way everywhere (exit code 2 with the usage line).
 */
package com.bl1nk.cli.args;
