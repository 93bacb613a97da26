package com.bl1nk.gateway.session;

import com.bl1nk.common.stream.StreamKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.SaveMode;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * WebFlux sessions kept in Redis by Spring Session's plain reactive repository (the indexed one needs keyspace
 * notifications, i.e. CONFIG and pub/sub, which the gateway's Redis user may not use); the per-user index is
 * {@link SessionIndex}. Keys live under {@code <prefix>bl1nk:gateway:session:}, inside the gateway's ACL.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /** Logical namespace of session keys (the configured Redis key prefix goes in front). */
    static final String NAMESPACE = "bl1nk:gateway:session";

    @Bean
    ReactiveRedisSessionRepository bl1nkSessionRepository(
            ReactiveRedisConnectionFactory connections, StreamKeys keys, SessionProperties properties) {
        StringRedisSerializer strings = new StringRedisSerializer();
        RedisSerializationContext<String, Object> context =
                RedisSerializationContext.<String, Object>newSerializationContext(new JdkSerializationRedisSerializer())
                        .key(strings)
                        .hashKey(strings)
                        .build();
        ReactiveRedisSessionRepository repository =
                new ReactiveRedisSessionRepository(new ReactiveRedisTemplate<>(connections, context));
        repository.setRedisKeyNamespace(keys.key(NAMESPACE));
        repository.setDefaultMaxInactiveInterval(properties.idleTimeout());
        repository.setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
        return repository;
    }

    /** Replaces WebFlux's in-memory sessions; the bean name is the one WebFlux looks up. */
    @Bean(name = "webSessionManager")
    WebSessionManager webSessionManager(ReactiveRedisSessionRepository repository, SessionProperties properties) {
        // raw: the repository's session type is package-private in Spring Session
        @SuppressWarnings({"rawtypes", "unchecked"})
        SpringSessionWebSessionStore<?> store = new SpringSessionWebSessionStore(repository);
        CookieWebSessionIdResolver cookies = new CookieWebSessionIdResolver();
        cookies.setCookieName(properties.cookieName());
        cookies.addCookieInitializer(cookie -> cookie.httpOnly(true)
                .secure(properties.cookieSecure())
                .sameSite("Lax")
                .path("/"));
        DefaultWebSessionManager manager = new DefaultWebSessionManager();
        manager.setSessionStore(store);
        manager.setSessionIdResolver(cookies);
        return manager;
    }
}
