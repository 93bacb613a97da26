package com.bl1nk.mcp.connect;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.mcp.error.McpErrorCode;

/** A registered MCP server could not be reached or did not speak MCP; a 502, never mistaken for a tool error. */
public class ServerConnectException extends ApiException {

    private ServerConnectException(McpErrorCode code, String detail, Throwable cause) {
        super(code, detail, cause);
    }

    /** 502 {@code mcp_server_unreachable}. */
    public static ServerConnectException unreachable(String what, Throwable cause) {
        return new ServerConnectException(
                McpErrorCode.MCP_SERVER_UNREACHABLE, "The MCP server could not be used: " + what, cause);
    }

    /** 504 {@code mcp_server_timeout}. */
    public static ServerConnectException timeout(String what) {
        return new ServerConnectException(
                McpErrorCode.MCP_SERVER_TIMEOUT, "The MCP server did not answer in time: " + what, null);
    }

    /** 403 {@code stdio_command_not_allowed}: only commands an operator allowed may run. */
    public static ServerConnectException commandNotAllowed(String command) {
        return new ServerConnectException(
                McpErrorCode.STDIO_COMMAND_NOT_ALLOWED,
                "The command '" + command + "' is not in the operator's list of allowed stdio MCP server commands",
                null);
    }
}
