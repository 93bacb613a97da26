package com.bl1nk.mcp.connect;

import com.bl1nk.common.error.ApiException;
import org.springframework.http.HttpStatus;

/** A registered MCP server could not be reached or did not speak MCP; a 502, never mistaken for a tool error. */
public class ServerConnectException extends ApiException {

    private ServerConnectException(HttpStatus status, String code, String detail, Throwable cause) {
        super(status, code, detail, cause);
    }

    /** 502 {@code mcp_server_unreachable}. */
    public static ServerConnectException unreachable(String what, Throwable cause) {
        return new ServerConnectException(
                HttpStatus.BAD_GATEWAY, "mcp_server_unreachable", "The MCP server could not be used: " + what, cause);
    }

    /** 504 {@code mcp_server_timeout}. */
    public static ServerConnectException timeout(String what) {
        return new ServerConnectException(
                HttpStatus.GATEWAY_TIMEOUT,
                "mcp_server_timeout",
                "The MCP server did not answer in time: " + what,
                null);
    }

    /** 403 {@code stdio_command_not_allowed}: only commands an operator allowed may run. */
    public static ServerConnectException commandNotAllowed(String command) {
        return new ServerConnectException(
                HttpStatus.FORBIDDEN,
                "stdio_command_not_allowed",
                "The command '" + command + "' is not in the operator's list of allowed stdio MCP server commands",
                null);
    }
}
