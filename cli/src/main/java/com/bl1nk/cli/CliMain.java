package com.bl1nk.cli;

/** Entry point of the runnable jar ({@code ./bl1nk cli ...} and the script's short forms). */
public final class CliMain {

    private CliMain() {}

    public static void main(String[] args) {
        int code = new Cli(Io.system()).run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
