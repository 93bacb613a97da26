package com.bl1nk.task.github;

import java.time.Instant;
import java.util.Optional;

/** A GitHub API call failed; {@link #retryAt()} says when GitHub lets us try again after a rate limit. */
class GithubApiException extends RuntimeException {

    private final int status;
    private final transient Instant retryAt;

    GithubApiException(int status, String message, Instant retryAt) {
        super(message);
        this.status = status;
        this.retryAt = retryAt;
    }

    int status() {
        return status;
    }

    Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    boolean rateLimited() {
        return retryAt != null;
    }
}
