package com.bl1nk.mockllm;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** The active rules with their use counters, swapped as a whole so a request never sees half a rule set. */
final class RuleBook {

    /** Used when no rule matches: the echo answer. */
    static final Rule DEFAULT_RULE = Rule.always().named("default echo").on(Rule.Endpoint.ANY);

    private final List<Rule> rules;
    private final AtomicIntegerArray uses;

    RuleBook(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.uses = new AtomicIntegerArray(this.rules.size());
    }

    /** The first rule that matches and still has uses left (its use is counted), else the default rule. */
    Rule select(Rule.MatchInput input) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.matches(input)) {
                continue;
            }
            if (rule.times() == 0) {
                uses.incrementAndGet(i);
                return rule;
            }
            while (true) {
                int used = uses.get(i);
                if (used >= rule.times()) {
                    break;
                }
                if (uses.compareAndSet(i, used, used + 1)) {
                    return rule;
                }
            }
        }
        return DEFAULT_RULE;
    }

    List<Rule> rules() {
        return rules;
    }

    int uses(int index) {
        return uses.get(index);
    }
}
