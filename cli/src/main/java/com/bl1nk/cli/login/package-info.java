/** Logging in: checking a key against the platform and keeping it, privately, for the next commands. */
package com.bl1nk.cli.login;
