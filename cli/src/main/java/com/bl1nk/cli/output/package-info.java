/** Human output of the client (tables); machine output is the server's JSON as it came. */
package com.bl1nk.cli.output;
