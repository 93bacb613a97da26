package com.bl1nk.mcp.quota;

import com.bl1nk.common.error.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A tenant reached one of its quotas: problem code {@code quota_exceeded} with the {@code quota} that was hit and its
 * {@code limit}. Nothing was written and nothing was started.
 */
public class QuotaExceededException extends ApiException {

    /** Name of the registered-servers quota in the problem's {@code quota} property. */
    public static final String SERVERS = "mcp_servers_per_tenant";

    /** Name of the live-stdio-processes quota in the problem's {@code quota} property. */
    public static final String STDIO_PROCESSES = "stdio_processes_per_tenant";

    private QuotaExceededException(HttpStatus status, String quota, int limit, String detail) {
        super(status, "quota_exceeded", detail);
        withProperty("quota", quota);
        withProperty("limit", limit);
    }

    /**
     * 409: the tenant already holds {@code limit} servers. Waiting does not help (hence not 429); deleting one does.
     */
    public static QuotaExceededException servers(int limit) {
        return new QuotaExceededException(
                HttpStatus.CONFLICT,
                SERVERS,
                limit,
                "The tenant already has " + limit + " registered MCP servers, the most it may hold; delete one first");
    }

    /**
     * 429: {@code limit} stdio server processes of the tenant are running. A slot frees when one of them exits (its
     * session is idle for the connect idle-timeout, reaches its max-lifetime, or its server is disabled or deleted).
     */
    public static QuotaExceededException stdioProcesses(int limit) {
        return new QuotaExceededException(
                HttpStatus.TOO_MANY_REQUESTS,
                STDIO_PROCESSES,
                limit,
                "The tenant already runs " + limit + " stdio MCP server processes, the most it may run at once; try"
                        + " again when one of its servers has been idle for a while, or disable one");
    }
}
