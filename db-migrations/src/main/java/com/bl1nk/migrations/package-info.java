/** Flyway migrations for every bl1nk schema, runnable on their own or from tests. */
package com.bl1nk.migrations;
