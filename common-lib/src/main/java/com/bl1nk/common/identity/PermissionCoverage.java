package com.bl1nk.common.identity;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes of a servlet service's own controllers with the permission each declares, and the start-up check that
 * none is undeclared: a service with an endpoint lacking {@link Requires} does not start, so no route ships unguarded.
 */
public final class PermissionCoverage {

    private static final String OWN_PACKAGE = "com.bl1nk.";

    private PermissionCoverage() {}

    /**
     * One route.
     *
     * @param permission what it requires, or {@code null} when undeclared
     * @param consumes the request body type it is mapped to, or {@code null} for any
     * @param produces the response type it is mapped to, or {@code null} for any
     */
    public record Route(
            String method, String path, Permission permission, Method handler, String consumes, String produces) {}

    /** Every (method, path) of the bl1nk controllers in {@code mapping}, sorted by path and method. */
    public static List<Route> routes(RequestMappingHandlerMapping mapping) {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            Method method = handler.getMethod();
            if (!method.getDeclaringClass().getName().startsWith(OWN_PACKAGE)) {
                return;
            }
            Requires requires = method.getAnnotation(Requires.class);
            String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream()
                    .findFirst()
                    .map(Object::toString)
                    .orElse(null);
            String produces = info.getProducesCondition().getProducibleMediaTypes().stream()
                    .findFirst()
                    .map(Object::toString)
                    .orElse(null);
            for (String path : info.getPatternValues()) {
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    routes.add(new Route(
                            verb.name(), path, requires == null ? null : requires.value(), method, consumes, produces));
                }
            }
        });
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    /** @throws IllegalStateException naming every route without {@link Requires} */
    public static void requireDeclared(List<Route> routes) {
        List<String> missing = routes.stream()
                .filter(r -> r.permission() == null)
                .map(r -> r.method() + " " + r.path() + " -> "
                        + r.handler().getDeclaringClass().getSimpleName() + "."
                        + r.handler().getName())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Endpoints without @Requires (declare the permission each one needs): "
                    + String.join("; ", missing));
        }
    }
}
