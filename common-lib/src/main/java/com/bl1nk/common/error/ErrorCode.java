package com.bl1nk.common.error;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * One entry of a service's error catalogue: the stable problem {@code code} clients switch on, the HTTP status it is
 * answered with, and what it means; each service lists its codes in one enum so no call site invents a code.
 */
public interface ErrorCode {

    /** The stable machine-readable code, also the last segment of the problem type. */
    String code();

    /** The HTTP status this code is answered with. */
    HttpStatus status();

    /** One line saying what went wrong, for the generated catalogue. */
    String meaning();

    /** The catalogue as a Markdown table (code, status, meaning), in the given order. */
    static String table(String title, String intro, List<? extends ErrorCode> codes) {
        StringBuilder doc = new StringBuilder("# ")
                .append(title)
                .append("\n\n")
                .append(intro)
                .append("\n\n| Code | Status | Meaning |\n|---|---|---|\n");
        for (ErrorCode c : codes) {
            doc.append("| `")
                    .append(c.code())
                    .append("` | ")
                    .append(c.status().value())
                    .append(' ')
                    .append(c.status().getReasonPhrase())
                    .append(" | ")
                    .append(c.meaning().replace("|", "\\|"))
                    .append(" |\n");
        }
        return doc.toString();
    }
}
