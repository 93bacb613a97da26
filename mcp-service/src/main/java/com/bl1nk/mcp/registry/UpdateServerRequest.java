package com.bl1nk.mcp.registry;

import jakarta.validation.constraints.NotNull;

/** Turns a server on or off; a disabled server's tools cannot be called. */
public record UpdateServerRequest(@NotNull Boolean enabled) {}
