package com.bl1nk.cli;

import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import java.io.IOException;

/** One command of the client ({@code kb upload}, {@code task run}, ...): what it accepts and what it does. */
public interface Command {

    CommandSpec spec();

    /** Runs with parsed arguments and returns the exit code ({@link ExitCodes}). */
    int run(Context context, Args args) throws IOException;
}
