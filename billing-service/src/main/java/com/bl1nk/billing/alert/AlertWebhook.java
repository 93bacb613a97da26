package com.bl1nk.billing.alert;

/**
 * The tenant's alert webhook. On PUT only {@code url} is read; the answer carries the signing {@code secret} once
 * (GET never shows it).
 */
public record AlertWebhook(String url, String secret, Boolean configured) {}
