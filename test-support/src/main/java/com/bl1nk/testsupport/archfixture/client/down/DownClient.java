package com.bl1nk.testsupport.archfixture.client.down;

/** Fixture: a client's public type, with a nested record others may use. */
public class DownClient {

    /** Fixture. */
    public record Answer(String text) {}

    /** Fixture. */
    public Answer ask() {
        return new Answer(new Helper().toString());
    }
}
