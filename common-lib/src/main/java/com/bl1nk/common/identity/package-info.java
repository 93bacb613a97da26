/**
 * The identity hand-over between the gateway and the services: the {@link com.bl1nk.common.identity.Identity} record,
 * the signed token that carries it, the servlet filter that requires it, and the pieces that expose it to controllers,
 * deep code and outgoing calls.
 */
package com.bl1nk.common.identity;
