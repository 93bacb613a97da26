/** Agents: list, show, create (from flags or a JSON file) and delete, naming agents and knowledge bases by name. */
package com.bl1nk.cli.agent;
