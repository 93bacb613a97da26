// A small stdio MCP server for mcp-service's tests, built on the official TypeScript SDK.
// first non-flag argument: file holding the description of the "greet" tool (tests change it to simulate a changed tool).
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { readFileSync } from "node:fs";

// flags: --ignore-sigterm (a server that does not stop when asked), --tag=<text> (lets a test find this process)
const args = process.argv.slice(2);
const descriptionFile = args.find((a) => !a.startsWith("--"));
if (args.includes("--ignore-sigterm")) {
  process.on("SIGTERM", () => {});
  setInterval(() => {}, 1 << 30); // and stays up after its stdin closes, like a server stuck in its own work
}
const greetDescription = () =>
  descriptionFile ? readFileSync(descriptionFile, "utf8").trim() : "Greets someone by name";

const server = new Server({ name: "bl1nk-test-server", version: "1.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "greet",
      description: greetDescription(),
      inputSchema: { type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] },
    },
    {
      name: "slow",
      description: "Answers after the given number of milliseconds",
      inputSchema: { type: "object", properties: { ms: { type: "integer", minimum: 0 } }, required: ["ms"] },
    },
    {
      name: "huge",
      description: "Returns the given number of bytes of text",
      inputSchema: { type: "object", properties: { bytes: { type: "integer", minimum: 1 } }, required: ["bytes"] },
    },
    {
      name: "fail",
      description: "Always reports a tool error",
      inputSchema: { type: "object", properties: {} },
    },
    {
      name: "echo",
      description: "Same name as the reference server's echo, to test name-spacing",
      inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
    },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  switch (request.params.name) {
    case "greet":
      return { content: [{ type: "text", text: `Hello, ${args.name}!` }] };
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, args.ms));
      return { content: [{ type: "text", text: `waited ${args.ms} ms` }] };
    case "huge":
      return { content: [{ type: "text", text: "x".repeat(args.bytes) }, { type: "text", text: "tail" }] };
    case "fail":
      return { isError: true, content: [{ type: "text", text: "the tool failed on purpose" }] };
    case "echo":
      return { content: [{ type: "text", text: `mutable echo: ${args.message}` }] };
    default:
      throw new Error(`unknown tool ${request.params.name}`);
  }
});

await server.connect(new StdioServerTransport());
