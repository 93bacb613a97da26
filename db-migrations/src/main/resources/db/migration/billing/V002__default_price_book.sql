-- The platform's default price book (tenant_id null), USD per million tokens.
-- mock-llm models get round prices so tests and the offline demo show real, checkable costs.
-- Provider list prices as published at the time of writing; operators add newer versions (never edit these rows:
-- a new row with a later effective_from is a price change that leaves past costs untouched).

insert into billing.prices (id, tenant_id, provider, model, input_per_mtok_usd, output_per_mtok_usd,
                            cached_input_per_mtok_usd, context_window, supports_tools, effective_from, created_by)
values
    -- mock-llm (development default provider)
    ('0b1e0000-0000-4000-8000-000000000001', null, 'mock-llm', 'mock-gpt',        1.00, 2.00, 0.50, 128000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000002', null, 'mock-llm', 'mock-gpt-mini',   0.15, 0.60, 0.075, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000003', null, 'mock-llm', 'mock-embedding',  0.02, 0.00, null, 8192, false,   '2025-01-01T00:00:00Z', 'migration'),
    -- OpenAI
    ('0b1e0000-0000-4000-8000-000000000101', null, 'openai', 'gpt-4o',                 2.50, 10.00, 1.25, 128000, true,   '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000102', null, 'openai', 'gpt-4o-mini',            0.15,  0.60, 0.075, 128000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000103', null, 'openai', 'gpt-4.1',                2.00,  8.00, 0.50, 1047576, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000104', null, 'openai', 'gpt-4.1-mini',           0.40,  1.60, 0.10, 1047576, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000105', null, 'openai', 'gpt-4.1-nano',           0.10,  0.40, 0.025, 1047576, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000106', null, 'openai', 'o3-mini',                1.10,  4.40, 0.55, 200000, true,   '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000107', null, 'openai', 'text-embedding-3-small', 0.02,  0.00, null, 8191, false,    '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000108', null, 'openai', 'text-embedding-3-large', 0.13,  0.00, null, 8191, false,    '2025-01-01T00:00:00Z', 'migration'),
    -- OpenRouter (model ids are "<vendor>/<model>")
    ('0b1e0000-0000-4000-8000-000000000201', null, 'openrouter', 'openai/gpt-4o',                2.50, 10.00, 1.25, 128000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000202', null, 'openrouter', 'openai/gpt-4o-mini',           0.15,  0.60, 0.075, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000203', null, 'openrouter', 'anthropic/claude-3.5-sonnet',  3.00, 15.00, 0.30, 200000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000204', null, 'openrouter', 'anthropic/claude-3.5-haiku',   0.80,  4.00, 0.08, 200000, true,  '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000205', null, 'openrouter', 'google/gemini-2.0-flash-001',  0.10,  0.40, 0.025, 1048576, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000206', null, 'openrouter', 'meta-llama/llama-3.1-70b-instruct', 0.40, 0.40, null, 131072, true, '2025-01-01T00:00:00Z', 'migration'),
    -- AWS Bedrock (Converse model ids)
    ('0b1e0000-0000-4000-8000-000000000301', null, 'bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 3.00, 15.00, null, 200000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000302', null, 'bedrock', 'anthropic.claude-3-haiku-20240307-v1:0',    0.25,  1.25, null, 200000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000303', null, 'bedrock', 'amazon.nova-pro-v1:0',                      0.80,  3.20, 0.20, 300000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000304', null, 'bedrock', 'amazon.nova-lite-v1:0',                     0.06,  0.24, 0.015, 300000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000305', null, 'bedrock', 'amazon.nova-micro-v1:0',                    0.035, 0.14, 0.00875, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000306', null, 'bedrock', 'meta.llama3-1-70b-instruct-v1:0',           0.72,  0.72, null, 128000, true, '2025-01-01T00:00:00Z', 'migration'),
    ('0b1e0000-0000-4000-8000-000000000307', null, 'bedrock', 'amazon.titan-embed-text-v2:0',              0.02,  0.00, null, 8192, false,  '2025-01-01T00:00:00Z', 'migration');
