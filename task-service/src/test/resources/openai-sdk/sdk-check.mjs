// Drives bl1nk's OpenAI-compatible API with the official `openai` npm SDK and prints one JSON line of results.
// Env: BASE_URL (…/v1), IDENTITY (X-Bl1nk-Identity token, or empty when going through the gateway with API_KEY),
//      API_KEY (bl1nk API key; any string when calling task-service directly), MODEL.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.BASE_URL,
  apiKey: process.env.API_KEY || 'unused-direct-call',
  defaultHeaders: process.env.IDENTITY ? { 'X-Bl1nk-Identity': process.env.IDENTITY } : {},
  maxRetries: 0,
  timeout: 30_000,
});
const model = process.env.MODEL;
const result = {};

// 1. a plain chat, with the raw response to read bl1nk's headers
const { data: chat, response } = await client.chat.completions
  .create({ model, messages: [{ role: 'user', content: 'Say hello to the SDK' }] })
  .withResponse();
result.chat = {
  content: chat.choices[0].message.content,
  finishReason: chat.choices[0].finish_reason,
  promptTokens: chat.usage?.prompt_tokens,
  completionTokens: chat.usage?.completion_tokens,
  provider: response.headers.get('x-bl1nk-provider'),
  model: response.headers.get('x-bl1nk-model'),
};

// 2. a streamed chat with usage
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'Stream to the SDK' }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = '';
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
result.stream = { text, chunks, completionTokens: usage?.completion_tokens };

// 3. a tool call round trip
const tools = [{
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];
const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
const first = await client.chat.completions.create({ model, messages, tools, tool_choice: 'auto' });
const call = first.choices[0].message.tool_calls?.[0];
messages.push(first.choices[0].message);
messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 21 }) });
const second = await client.chat.completions.create({ model, messages, tools });
result.tool = {
  name: call.function.name,
  arguments: JSON.parse(call.function.arguments),
  finishReason: first.choices[0].finish_reason,
  answer: second.choices[0].message.content,
};

// 4. errors come back as the SDK's typed errors
try {
  await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] });
  result.error = { thrown: false };
} catch (e) {
  result.error = { thrown: true, status: e.status, code: e.code, type: e.type, isNotFound: e instanceof OpenAI.NotFoundError };
}

// 5. the model list
const models = [];
for await (const m of client.models.list()) models.push(m.id);
result.models = models;

console.log(JSON.stringify(result));
