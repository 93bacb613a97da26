// The official TypeScript MCP SDK client (Streamable HTTP) against bl1nk's /mcp through the gateway.
// env: BL1NK_MCP_URL, BL1NK_API_KEY ("" = send no Authorization), BL1NK_TOOL, BL1NK_TOOL_ARGS (JSON).
// Prints one JSON line: {ok, server, tools, result} or {ok: false, error, code}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const key = process.env.BL1NK_API_KEY ?? "";
const headers = key ? { Authorization: `Bearer ${key}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(process.env.BL1NK_MCP_URL), { requestInit: { headers } });
const client = new Client({ name: "bl1nk-platform-e2e", version: "1.0.0" });
let tools = null;
let server = null;
try {
  await client.connect(transport);
  server = client.getServerVersion() ?? null;
  tools = (await client.listTools()).tools.map((t) => ({ name: t.name, required: t.inputSchema?.required ?? [] }));
  let result = null;
  if (process.env.BL1NK_TOOL) {
    result = await client.callTool({ name: process.env.BL1NK_TOOL, arguments: JSON.parse(process.env.BL1NK_TOOL_ARGS ?? "{}") });
  }
  console.log(JSON.stringify({ ok: true, server, tools, result }));
  await client.close();
} catch (e) {
  const cause = String(e?.cause?.cause?.code ?? e?.cause?.code ?? e?.cause?.message ?? e?.cause ?? "");
  console.log(JSON.stringify({ ok: false, server, tools, error: String(e?.message ?? e), code: e?.code ?? null, cause }));
}
process.exit(0);
