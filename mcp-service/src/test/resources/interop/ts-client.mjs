// Connects the official TypeScript MCP SDK client to a Streamable HTTP endpoint, lists tools and calls one.
// argv: url, header name ("-" for none), header value, tool name, JSON arguments. Prints one JSON line.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, headerName, headerValue, toolName, toolArgs] = process.argv.slice(2);
const headers = headerName && headerName !== "-" ? { [headerName]: headerValue } : {};
const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const client = new Client({ name: "bl1nk-ts-interop", version: "1.0.0" });
let tools = null;
try {
  await client.connect(transport);
  tools = (await client.listTools()).tools.map((t) => t.name);
  const result = await client.callTool({ name: toolName, arguments: JSON.parse(toolArgs ?? "{}") });
  console.log(JSON.stringify({ ok: true, tools, result }));
  await client.close();
} catch (e) {
  console.log(JSON.stringify({ ok: false, tools, error: String(e?.message ?? e), code: e?.code ?? null }));
}
process.exit(0);
