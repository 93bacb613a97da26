package com.bl1nk.testsupport.archfixture.client.down;

/** Fixture: a client's helper, public by mistake. */
public class Helper {}
