/** First start of an empty installation: the default tenant and its admin key, written once to a private file. */
package com.bl1nk.gateway.bootstrap;
