/** Wiring only: beans of the task-service features built from their properties; no logic lives here. */
package com.bl1nk.task.config;
