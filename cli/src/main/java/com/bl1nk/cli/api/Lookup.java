package com.bl1nk.cli.api;

import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Lets users name agents and knowledge bases by name or id: a name is looked up in the tenant's list. */
public final class Lookup {

    /** Pages of 200 read at most while looking for a name (10 000 resources). */
    private static final int MAX_PAGES = 50;

    private Lookup() {}

    /** The agent's id, for an id or a name. */
    public static String agentId(ApiClient api, String nameOrId) {
        return idOf(api, "/api/v1/agents", "agent", nameOrId, "./bl1nk agents list");
    }

    /** The knowledge base's id, for an id or a name. */
    public static String knowledgeBaseId(ApiClient api, String nameOrId) {
        return idOf(api, "/api/v1/knowledge-bases", "knowledge base", nameOrId, "./bl1nk kb list");
    }

    /** Whether {@code s} is a UUID. */
    public static boolean isId(String s) {
        try {
            UUID.fromString(s);
            return s.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String idOf(ApiClient api, String path, String what, String nameOrId, String listCommand) {
        if (isId(nameOrId)) {
            return nameOrId;
        }
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode listed = api.get(ApiClient.query(path, Map.of("limit", 200))
                    + (cursor == null
                            ? ""
                            : "&cursor="
                                    + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)));
            for (JsonNode item : listed.path("items")) {
                if (nameOrId.equals(item.path("name").asString(null))) {
                    return item.path("id").asString();
                }
            }
            JsonNode next = listed.path("nextCursor");
            if (next.isMissingNode() || next.isNull() || next.asString("").isEmpty()) {
                break;
            }
            cursor = next.asString();
        }
        throw new ApiError(404, "no " + what + " named '" + nameOrId + "' in this tenant (" + listCommand + ")", null);
    }
}
