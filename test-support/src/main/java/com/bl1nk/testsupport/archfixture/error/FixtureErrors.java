package com.bl1nk.testsupport.archfixture.error;

import com.bl1nk.testsupport.archfixture.beta.Intruder;

/** Fixture: an error catalogue that uses a feature. */
public class FixtureErrors {

    /** Fixture. */
    public Intruder intruder() {
        return new Intruder();
    }
}
