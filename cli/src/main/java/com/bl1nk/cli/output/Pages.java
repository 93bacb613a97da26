package com.bl1nk.cli.output;

import com.bl1nk.cli.Context;
import tools.jackson.databind.JsonNode;

/** How a list page is shown: its table (or what to do when it is empty) and the next page's cursor on stderr. */
public final class Pages {

    private Pages() {}

    public static void print(Context context, Table table, JsonNode page, String what, String createHint) {
        if (table.isEmpty()) {
            context.io().out().println("no " + what + " yet (" + createHint + ")");
        } else {
            table.print(context.io().out());
        }
        String next = Context.text(page, "nextCursor");
        if (next != null) {
            context.io().err().println("more: add --cursor " + next);
        }
    }
}
