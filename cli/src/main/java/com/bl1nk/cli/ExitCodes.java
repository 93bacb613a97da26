package com.bl1nk.cli;

/** The client's exit codes, so scripts can tell an API error from a mistyped command from a failed task. */
public final class ExitCodes {

    /** Done as asked (a task succeeded, every document is ready). */
    public static final int OK = 0;
    /** The platform refused the call or could not be reached (the error line says why). */
    public static final int API_ERROR = 1;
    /** The command line is wrong: unknown flag, missing argument (the usage line follows). */
    public static final int USAGE = 2;
    /** The work itself failed: the task failed, or a document could not be ingested. */
    public static final int FAILED = 3;
    /** The task timed out, or waiting for ingestion ran past {@code --timeout}. */
    public static final int TIMED_OUT = 4;
    /** The task was cancelled. */
    public static final int CANCELLED = 5;
    /** Ctrl-C while following: detached, the task keeps running (128 + SIGINT, as shells report it). */
    public static final int DETACHED = 130;

    private ExitCodes() {}
}
