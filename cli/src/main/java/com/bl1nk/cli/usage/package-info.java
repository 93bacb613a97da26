/** The tenant's usage report: calls, tokens and cost by day, model, agent, key or task. */
package com.bl1nk.cli.usage;
