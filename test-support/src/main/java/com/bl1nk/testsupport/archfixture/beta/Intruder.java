package com.bl1nk.testsupport.archfixture.beta;

import com.bl1nk.testsupport.archfixture.alpha.AlphaController;
import com.bl1nk.testsupport.archfixture.alpha.AlphaRepository;
import com.bl1nk.testsupport.archfixture.alpha.internal.Secret;
import com.bl1nk.testsupport.archfixture.client.down.DownClient;
import com.bl1nk.testsupport.archfixture.client.down.Helper;
import com.bl1nk.testsupport.archfixture.config.Wiring;

/** Fixture: feature beta using everything of the others it must not. */
public class Intruder {

    /** Fixture. */
    public Object[] reachIn(AlphaRepository repository, AlphaController controller, DownClient client) {
        Secret secret = repository.secret(this) != null ? repository.secret(this) : new Secret();
        DownClient.Answer answer = client.ask();
        return new Object[] {secret, controller.hello(), new Wiring(), new Helper(), answer};
    }
}
