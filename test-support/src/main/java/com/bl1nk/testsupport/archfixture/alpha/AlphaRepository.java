package com.bl1nk.testsupport.archfixture.alpha;

import com.bl1nk.testsupport.archfixture.alpha.internal.Secret;
import com.bl1nk.testsupport.archfixture.beta.Intruder;
import org.springframework.stereotype.Repository;

/** Fixture: alpha's repository, which also reaches back into beta (a cycle). */
@Repository
public class AlphaRepository {

    /** Fixture. */
    public Secret secret(Intruder intruder) {
        return new Secret();
    }
}
