package com.bl1nk.cli.args;

/** The command line itself is wrong (unknown flag, missing argument): exit code 2, with the command's usage line. */
public final class UsageException extends RuntimeException {

    private final String usage;

    public UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    /** The usage line of the command that was mistyped, e.g. {@code bl1nk kb upload KB DIR}. */
    public String usage() {
        return usage;
    }
}
