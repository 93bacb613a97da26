package com.bl1nk.task.llm;

/**
 * One value a caller may put in {@code model}.
 *
 * @param id the model id, built-in alias or routing policy name
 * @param ownedBy the provider serving the model, {@code bl1nk} for a built-in alias, {@code bl1nk-policy} for a
 *     tenant's routing policy
 */
public record CallableModel(String id, String ownedBy) {}
