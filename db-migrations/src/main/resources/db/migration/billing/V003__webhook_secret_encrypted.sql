-- The alert webhook signing secret is stored encrypted (AES-256-GCM, common-lib SecretBox, bound to the tenant id)
-- under the operator's master key (bl1nk.crypto.master-key); billing decrypts it only to sign a delivery.
comment on column billing.tenant_settings.alert_webhook_secret is
    'AES-256-GCM ciphertext of the Standard Webhooks signing secret (common-lib SecretBox, associated data = tenant_id)';
