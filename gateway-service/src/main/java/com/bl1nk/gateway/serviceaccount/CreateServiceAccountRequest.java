package com.bl1nk.gateway.serviceaccount;

/**
 * Body of {@code POST /api/v1/service-accounts}.
 *
 * @param name 1 to 100 characters, unique among the tenant's service accounts
 * @param description optional, up to 1000 characters
 */
public record CreateServiceAccountRequest(String name, String description) {}
