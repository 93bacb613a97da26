package com.bl1nk.cli.config;

/**
 * Where to call and with which key, and where each came from (so errors can say which setting to change).
 *
 * @param url the platform's base URL
 * @param key the API key, or {@code null} when none is configured
 * @param urlSource where the URL came from ({@code --url}, {@code BL1NK_URL}, the config file or the default)
 * @param keySource where the key came from ({@code BL1NK_API_KEY} or the config file)
 */
public record Credentials(String url, String key, String urlSource, String keySource) {

    /** The key shown safely: its public prefix only, e.g. {@code bl1nk_ab12cd_…}. */
    public String maskedKey() {
        return mask(key);
    }

    /** {@code bl1nk_<prefix>_…} for a bl1nk key, else {@code …} with the last 0 characters: never the secret. */
    public static String mask(String key) {
        if (key == null) {
            return "(none)";
        }
        String[] parts = key.split("_", 3);
        if (parts.length == 3 && parts[0].equals("bl1nk")) {
            return "bl1nk_" + parts[1] + "_…";
        }
        return "…";
    }

    @Override
    public String toString() {
        return "Credentials[url=" + url + ", key=" + maskedKey() + "]";
    }
}
