/** Reading server-sent events (a task's event stream) without a browser: the wire format only. */
package com.bl1nk.cli.sse;
