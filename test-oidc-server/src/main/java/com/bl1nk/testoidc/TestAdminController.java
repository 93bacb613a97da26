package com.bl1nk.testoidc;

import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The test's hands on the provider's setup: register a client (with the gateway's callback URL, known only once the
 * gateway runs) and put users. Loopback only, test tooling only; the OIDC endpoints themselves are the real ones.
 */
@RestController
class TestAdminController {

    /**
     * A client registration.
     *
     * @param secret client secret, or null for a public client (PKCE only)
     * @param redirectUris the exact redirect URIs allowed
     * @param authMethod {@code client_secret_basic} (default), {@code client_secret_post} or {@code none}
     */
    record ClientRequest(String secret, List<String> redirectUris, String authMethod) {}

    private final RegisteredClientRepository clients;
    private final TestUsers users;

    TestAdminController(RegisteredClientRepository clients, TestUsers users) {
        this.clients = clients;
        this.users = users;
    }

    @PutMapping("/test-admin/clients/{clientId}")
    ResponseEntity<Void> putClient(@PathVariable String clientId, @RequestBody ClientRequest request) {
        RegisteredClient existing = clients.findByClientId(clientId);
        String method = request.authMethod() == null ? "client_secret_basic" : request.authMethod();
        RegisteredClient.Builder builder = RegisteredClient.withId(
                        existing != null ? existing.getId() : UUID.randomUUID().toString())
                .clientId(clientId)
                .clientAuthenticationMethod(new ClientAuthenticationMethod(method))
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build());
        if (request.secret() != null) {
            builder.clientSecret("{noop}" + request.secret());
        }
        request.redirectUris().forEach(builder::redirectUri);
        clients.save(builder.build());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/test-admin/users/{username}")
    ResponseEntity<Void> putUser(@PathVariable String username, @RequestBody TestUsers.TestUser user) {
        users.put(username, user);
        return ResponseEntity.noContent().build();
    }
}
