// The official `openai` SDK against bl1nk's OpenAI-compatible API (through the gateway).
// env: BL1NK_BASE_URL (…/v1), BL1NK_API_KEY, BL1NK_MODEL. Prints one JSON line: what each call returned, with headers.
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.BL1NK_BASE_URL,
  apiKey: process.env.BL1NK_API_KEY,
  maxRetries: 0,
  timeout: 60_000,
});
const model = process.env.BL1NK_MODEL;

function bl1nkHeaders(response) {
  const out = {};
  for (const [name, value] of response.headers.entries()) {
    if (name.startsWith("x-bl1nk-") || name === "content-type" || name === "x-trace-id") out[name] = value;
  }
  return out;
}

async function chat() {
  const { data, response } = await client.chat.completions
    .create({ model, messages: [{ role: "user", content: "Hello, world!" }] })
    .withResponse();
  return { status: response.status, headers: bl1nkHeaders(response), completion: data };
}

async function streamedChat() {
  const { data: stream, response } = await client.chat.completions
    .create({
      model,
      messages: [{ role: "user", content: "Stream me three short facts" }],
      stream: true,
      stream_options: { include_usage: true },
    })
    .withResponse();
  let text = "";
  let chunks = 0;
  let usage = null;
  let finishReason = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      if (choice.delta?.content) text += choice.delta.content;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { status: response.status, headers: bl1nkHeaders(response), text, chunks, usage, finishReason };
}

async function toolRoundTrip() {
  const tools = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Current weather of a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];
  const messages = [{ role: "user", content: "What is the weather in Paris?" }];
  const first = await client.chat.completions.create({ model, messages, tools, tool_choice: "auto" });
  const call = first.choices[0].message.tool_calls?.[0];
  if (!call) return { first, second: null };
  messages.push(first.choices[0].message);
  messages.push({ role: "tool", tool_call_id: call.id, content: "18 degrees and sunny" });
  const second = await client.chat.completions.create({ model, messages, tools });
  return { first, messages, second };
}

async function models() {
  const page = await client.models.list();
  return page.data.map((m) => m.id);
}

async function badRequest() {
  try {
    await client.chat.completions.create({ model, messages: [] });
    return { thrown: false };
  } catch (e) {
    return { thrown: true, name: e?.constructor?.name, status: e?.status ?? null, error: e?.error ?? null };
  }
}

async function wrongKey() {
  const other = new OpenAI({ baseURL: process.env.BL1NK_BASE_URL, apiKey: "sk-not-a-bl1nk-key", maxRetries: 0 });
  try {
    await other.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
    return { thrown: false };
  } catch (e) {
    return { thrown: true, name: e?.constructor?.name, status: e?.status ?? null };
  }
}

const result = {};
for (const [name, fn] of Object.entries({ chat, streamedChat, toolRoundTrip, models, badRequest, wrongKey })) {
  try {
    result[name] = await fn();
  } catch (e) {
    result[name] = {
      failed: true,
      name: e?.constructor?.name,
      status: e?.status ?? null,
      message: String(e?.message ?? e),
      cause: String(e?.cause?.cause?.code ?? e?.cause?.code ?? e?.cause?.message ?? e?.cause ?? ""),
    };
  }
}
console.log(JSON.stringify(result));
