package com.bl1nk.common.net;

import com.bl1nk.common.error.ApiException;
import org.springframework.http.HttpStatus;

/** A URL the SSRF guard refused; renders as 400 {@code url_not_allowed} so the caller learns why nothing was fetched. */
public class UrlBlockedException extends ApiException {

    /** Stable problem code. */
    public static final String CODE = "url_not_allowed";

    private final String url;

    UrlBlockedException(String url, String reason) {
        super(HttpStatus.BAD_REQUEST, CODE, "Refused to connect to " + url + ": " + reason);
        this.url = url;
        withProperty("url", url);
    }

    /** The URL (or host) that was refused. */
    public String url() {
        return url;
    }

    /** The first {@link UrlBlockedException} in a cause chain (clients wrap it in their own exceptions), or null. */
    public static UrlBlockedException findIn(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof UrlBlockedException blocked) {
                return blocked;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof UrlBlockedException blocked) {
                    return blocked;
                }
            }
        }
        return null;
    }
}
