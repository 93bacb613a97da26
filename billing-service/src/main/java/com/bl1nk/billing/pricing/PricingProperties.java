package com.bl1nk.billing.pricing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which providers the platform pays for.
 *
 * @param platformProviders names of task-service's platform providers, as task names them to billing (the provider
 *     name, e.g. {@code openrouter}); only {@code platform:admin} may price these. A provider with a platform default
 *     price row counts as a platform provider too, listed here or not.
 */
@ConfigurationProperties("bl1nk.billing.pricing")
public record PricingProperties(List<String> platformProviders) {

    public PricingProperties {
        platformProviders = platformProviders == null
                ? List.of()
                : platformProviders.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
