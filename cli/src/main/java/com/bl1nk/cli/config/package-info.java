/** Where the client calls and with which key: the login file (mode 600) and the environment that overrides it. */
package com.bl1nk.cli.config;
