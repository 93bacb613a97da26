/**
 * A deliberately broken miniature service for {@link com.bl1nk.testsupport.FeatureRules}: feature {@code beta} reaches
 * into {@code alpha}'s internals, repository, controller, the config package and a client's helper, {@code alpha}
 * reaches back (a cycle), and the error catalogue uses a feature, so each rule has a violation to find.
 */
package com.bl1nk.testsupport.archfixture;
