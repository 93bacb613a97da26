-- Platform prices (tenant_id null) for every model the default routing names when a provider variable is set
-- (task-service EnvironmentProviders: AWS_BEDROCK_REGION, CLOUDFLARE_AI_GATEWAY_URL, BL1NK_LLM_BASE_URL), and for
-- more of the OpenRouter models people pick first, so `./bl1nk up` with a key answers without a 422 model_not_priced.
-- USD per million tokens, list prices as published at the time of writing, effective from 2025-01-01 like V002.
-- Never edit these rows: a price change is a new row with a later effective_from.
-- The custom OpenAI-compatible provider (Ollama/vLLM at BL1NK_LLM_BASE_URL) runs on the operator's own hardware:
-- its default model is priced at zero, so calls are metered in tokens and budgets still apply to paid models.

insert into billing.prices (id, tenant_id, provider, model, input_per_mtok_usd, output_per_mtok_usd,
                            cached_input_per_mtok_usd, context_window, supports_tools, effective_from, created_by)
values
    -- AWS Bedrock default (BEDROCK_MODELS)
    ('0b1e0000-0000-4000-8000-000000000308', null, 'bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0', 0.80, 4.00, 0.08, 200000, true, '2025-01-01T00:00:00Z', 'migration'),
    -- Cloudflare AI Gateway default (CLOUDFLARE_MODELS); the gateway passes the upstream provider's price through
    ('0b1e0000-0000-4000-8000-000000000401', null, 'cloudflare', 'openai/gpt-4o-mini', 0.15, 0.60, 0.075, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000402', null, 'cloudflare', 'openai/gpt-4o',      2.50, 10.00, 1.25, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    -- custom OpenAI-compatible provider default (BL1NK_LLM_MODELS), self-hosted
    ('0b1e0000-0000-4000-8000-000000000501', null, 'custom', 'llama3.1', 0.00, 0.00, null, 131072, true, '2025-01-01T00:00:00Z', 'migration'),
    -- OpenRouter: more common models
    ('0b1e0000-0000-4000-8000-000000000207', null, 'openrouter', 'openai/gpt-4.1',                     2.00,  8.00, 0.50, 1047576, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000208', null, 'openrouter', 'openai/gpt-4.1-mini',                0.40,  1.60, 0.10, 1047576, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000209', null, 'openrouter', 'anthropic/claude-sonnet-4',          3.00, 15.00, 0.30, 200000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000210', null, 'openrouter', 'anthropic/claude-3.7-sonnet',        3.00, 15.00, 0.30, 200000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000211', null, 'openrouter', 'google/gemini-2.5-flash',            0.30,  2.50, 0.075, 1048576, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000212', null, 'openrouter', 'meta-llama/llama-3.3-70b-instruct',  0.13,  0.40, null, 131072, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000213', null, 'openrouter', 'deepseek/deepseek-chat',             0.27,  1.10, 0.07, 163840, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000214', null, 'openrouter', 'mistralai/mistral-small-3.1-24b-instruct', 0.10, 0.30, null, 128000, true, '2025-01-01T00:00:00Z', 'migration');
