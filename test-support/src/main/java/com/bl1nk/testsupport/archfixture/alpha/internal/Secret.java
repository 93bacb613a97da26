package com.bl1nk.testsupport.archfixture.alpha.internal;

/** Fixture: an internal of feature alpha. */
public class Secret {}
