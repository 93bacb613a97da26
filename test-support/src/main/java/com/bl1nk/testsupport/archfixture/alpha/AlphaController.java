package com.bl1nk.testsupport.archfixture.alpha;

import org.springframework.web.bind.annotation.RestController;

/** Fixture: alpha's controller. */
@RestController
public class AlphaController {

    /** Fixture. */
    public String hello() {
        return "hello";
    }
}
