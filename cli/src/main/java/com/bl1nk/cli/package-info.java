/**
 * The bl1nk command-line client: one dispatcher over feature packages (login, agents, knowledge bases, tasks, API keys,
 * usage), each a set of commands over the public API through the gateway.
 */
package com.bl1nk.cli;
