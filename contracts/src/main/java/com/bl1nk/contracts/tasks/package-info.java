/** {@code bl1nk:tasks}: the work queue of task-service, produced by its API and sweeper, consumed by its workers. */
package com.bl1nk.contracts.tasks;
