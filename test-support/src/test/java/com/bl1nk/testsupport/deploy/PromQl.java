package com.bl1nk.testsupport.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found lexically: strings, label matchers, ranges and grouping clauses are
 * removed first, then every identifier that is not a function call or a keyword is a metric name. Enough for the
 * expressions of our dashboards and rules; it errs towards reporting too much, never too little.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "atan2");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {}

    static Set<String> metricNames(String expression) {
        String s = expression;
        s = s.replaceAll("\\$\\{?__\\w+}?|\\$\\{?\\w+}?", "5m"); // Grafana variables such as $__rate_interval
        s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        s = s.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int before = m.start() - 1;
            if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.')) {
                continue; // 1e3, 5m
            }
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            if (after < s.length() && s.charAt(after) == '(') {
                continue; // a function or an aggregation
            }
            if (KEYWORDS.contains(word.toLowerCase())) {
                continue;
            }
            names.add(word);
        }
        return names;
    }
}
