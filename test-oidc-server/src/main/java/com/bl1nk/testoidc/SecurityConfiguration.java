package com.bl1nk.testoidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * The provider's security: the authorization server's endpoints (OIDC on) in one chain, form login for people and the
 * open {@code /test-admin/**} setup endpoints in the other.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/test-admin/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/test-admin/**"))
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /** The store needs one client to start with; the tests register their own. */
    @Bean
    RegisteredClientRepository registeredClients() {
        return new InMemoryRegisteredClientRepository(
                RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId("placeholder")
                        .clientSecret("{noop}" + UUID.randomUUID())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                        .redirectUri("http://127.0.0.1/placeholder")
                        .scope(OidcScopes.OPENID)
                        .build());
    }

    /** The issuer follows the URL it is called by (http://127.0.0.1:port), which is how the tests address it. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder().build();
    }

    /** A fresh RSA signing key per run, published at the JWKS endpoint. */
    @Bean
    JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** ID tokens carry the user's email, name and groups, and the test's deliberate faults (audience, expiry). */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(TestUsers users) {
        return context -> {
            if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                return;
            }
            users.find(context.getPrincipal().getName())
                    .ifPresent(user -> context.getClaims().claims(claims -> {
                        if (user.email() != null) {
                            claims.put("email", user.email());
                            claims.put("email_verified", Boolean.TRUE.equals(user.emailVerified()));
                        }
                        if (user.name() != null) {
                            claims.put("name", user.name());
                        }
                        claims.put("groups", user.groups());
                        if (user.idTokenAudience() != null) {
                            claims.put("aud", java.util.List.of(user.idTokenAudience()));
                            claims.remove("azp");
                        }
                        if (Boolean.TRUE.equals(user.idTokenExpired())) {
                            // issued two hours ago, expired an hour ago (a token must expire after it was issued)
                            Instant issued = Instant.now().minusSeconds(7200);
                            claims.put("iat", issued);
                            claims.put("exp", TestUsers.expiredAt(issued));
                        }
                    }));
        };
    }
}
