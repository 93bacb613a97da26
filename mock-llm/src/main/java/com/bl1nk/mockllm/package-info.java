/**
 * An OpenAI-compatible fake LLM provider on loopback, so tests, benchmarks and the offline demo never need a real
 * provider. {@link com.bl1nk.mockllm.MockLlmServer}, {@link com.bl1nk.mockllm.MockLlmConfig},
 * {@link com.bl1nk.mockllm.Rule} and {@link com.bl1nk.mockllm.MockTokenizer} are the API; everything package-private
 * is an implementation detail.
 */
package com.bl1nk.mockllm;
