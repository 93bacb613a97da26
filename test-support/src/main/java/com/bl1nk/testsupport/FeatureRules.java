package com.bl1nk.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.function.BiPredicate;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feature-boundary rules every service's structure test applies to all its feature packages (the direct
 * sub-packages of the service's root): what one feature may use of another. Each rule is a value, so a test can also
 * evaluate it against a deliberately violating set of classes and prove it fails.
 */
public final class FeatureRules {

    private FeatureRules() {}

    /** Every rule, for a service rooted at {@code root} (e.g. {@code com.bl1nk.billing}). */
    public static List<ArchRule> all(String root) {
        return List.of(
                noCycles(root),
                internalsStayInside(root),
                repositoriesStayInside(root),
                controllersAreEntryPointsOnly(root),
                configOnlyWires(root),
                clientsAreUsedThroughTheirClientType(root),
                errorCatalogueIsALeaf(root));
    }

    /** Feature packages depend on each other in one direction only. */
    public static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
    }

    /** Nothing outside a feature uses what it keeps in {@code <feature>.internal}. */
    public static ArchRule internalsStayInside(String root) {
        return rule(
                root,
                "use no other feature's .internal package",
                (origin, target) -> target.getPackageName().contains(".internal")
                        && !feature(root, origin).equals(feature(root, target)));
    }

    /** A repository (its SQL and its rows) is used only by its own feature; others go through its service. */
    public static ArchRule repositoriesStayInside(String root) {
        return rule(
                root,
                "use no other feature's repository",
                (origin, target) ->
                        (target.getSimpleName().endsWith("Repository") || target.isAnnotatedWith(Repository.class))
                                && !feature(root, origin).equals(feature(root, target)));
    }

    /** Controllers are HTTP entry points: no other class calls one. */
    public static ArchRule controllersAreEntryPointsOnly(String root) {
        return rule(
                root,
                "call no controller",
                (origin, target) -> isController(target)
                        && !outermost(origin).equals(outermost(target))
                        && !origin.getSimpleName().endsWith("Tests"));
    }

    /** {@code <root>.config} only wires: features never depend on it. */
    public static ArchRule configOnlyWires(String root) {
        return rule(
                root,
                "depend on the config package only from inside it",
                (origin, target) -> feature(root, target).equals("config")
                        && !feature(root, origin).equals("config"));
    }

    /**
     * An outbound client package ({@code <root>.client.<downstream>}) is used only through its {@code *Client} type
     * (and the records nested in it); its helpers are its own business.
     */
    public static ArchRule clientsAreUsedThroughTheirClientType(String root) {
        String clients = root + ".client.";
        return rule(
                root,
                "use a client package only through its *Client type",
                (origin, target) -> target.getPackageName().startsWith(clients)
                        && !origin.getPackageName().equals(target.getPackageName())
                        && !origin.getPackageName().startsWith(target.getPackageName() + ".")
                        && !outermost(target).getSimpleName().endsWith("Client"));
    }

    /** The error catalogue ({@code <root>.error}) is a leaf every feature may use; it uses no feature. */
    public static ArchRule errorCatalogueIsALeaf(String root) {
        return rule(
                root,
                "use no feature from the error catalogue",
                (origin, target) -> feature(root, origin).equals("error")
                        && target.getPackageName().startsWith(root + ".")
                        && !feature(root, target).equals("error"));
    }

    private static ArchRule rule(String root, String what, BiPredicate<JavaClass, JavaClass> violates) {
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>(what) {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass();
                            if (target.getPackageName().startsWith(root + ".") && violates.test(origin, target)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true);
    }

    /** The feature of a class: the first package segment below {@code root} ("" for the root package itself). */
    static String feature(String root, JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith(root + ".")) {
            return "";
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass current = c;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    private static boolean isController(JavaClass c) {
        JavaClass top = outermost(c);
        return top.isAnnotatedWith(RestController.class)
                || top.isAnnotatedWith(Controller.class)
                || top.getSimpleName().endsWith("Controller") && top.equals(c);
    }
}
