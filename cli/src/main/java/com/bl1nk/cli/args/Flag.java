package com.bl1nk.cli.args;

/**
 * One flag a command accepts.
 *
 * @param name the long name without dashes, e.g. {@code model}
 * @param value the value's placeholder in help ({@code MODEL}), or {@code null} for a switch
 * @param repeatable whether the flag may be given more than once (e.g. {@code --kb A --kb B})
 * @param help one line of help
 */
public record Flag(String name, String value, boolean repeatable, String help) {

    /** A switch: present or not. */
    public static Flag bool(String name, String help) {
        return new Flag(name, null, false, help);
    }

    /** A flag with one value. */
    public static Flag value(String name, String value, String help) {
        return new Flag(name, value, false, help);
    }

    /** A flag that may be given several times, each with a value. */
    public static Flag many(String name, String value, String help) {
        return new Flag(name, value, true, help);
    }

    boolean takesValue() {
        return value != null;
    }
}
