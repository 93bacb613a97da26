/**
 * Routing: the path table that forwards public paths to task, rag, mcp and billing services, with URIs from typed
 * configuration so deployments can move services without code changes.
 */
package com.bl1nk.gateway.routing;
