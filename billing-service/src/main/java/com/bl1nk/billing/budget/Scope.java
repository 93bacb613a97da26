package com.bl1nk.billing.budget;

import java.util.Locale;

/** What a budget limits: the whole tenant, one API key, or one agent. */
public enum Scope {
    TENANT,
    API_KEY,
    AGENT;

    /** Lower-case name used in JSON and SQL. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; null when unknown. */
    public static Scope fromWire(String value) {
        for (Scope s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
