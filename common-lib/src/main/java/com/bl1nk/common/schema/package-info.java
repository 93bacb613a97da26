/** Startup check that the service's database schema has been migrated far enough (services run without Flyway). */
package com.bl1nk.common.schema;
