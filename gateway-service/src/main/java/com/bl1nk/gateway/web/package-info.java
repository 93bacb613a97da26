/** Shared reactive plumbing of the gateway's own endpoints: running blocking work off the event loop with the trace. */
package com.bl1nk.gateway.web;
