/**
 * The messages services exchange, each defined once: one sub-package per stream or downstream, records only,
 * no behaviour beyond validation, so producer and consumer cannot drift apart.
 */
package com.bl1nk.contracts;
