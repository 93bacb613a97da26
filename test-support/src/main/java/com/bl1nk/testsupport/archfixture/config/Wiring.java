package com.bl1nk.testsupport.archfixture.config;

/** Fixture: a class of the config package. */
public class Wiring {}
