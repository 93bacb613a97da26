package com.bl1nk.gateway.serviceaccount;

/**
 * Body of {@code PATCH /api/v1/service-accounts/{id}}; an absent field stays as it is.
 *
 * @param name new name, 1 to 100 characters
 * @param description new description, up to 1000 characters
 * @param disabled {@code true} stops every key of the account at once, {@code false} lets them work again
 */
public record UpdateServiceAccountRequest(String name, String description, Boolean disabled) {}
