package linux.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;

/**
 * STYLE.md's one naming rule as ArchUnit rules: a method mirroring kernel function
 * {@code x} is named {@link #camel camel(x)} (optionally with {@code Locked} or
 * {@code Raw}), each kernel function is mirrored at most once per module, and never by a
 * method that also says it has no kernel counterpart. Built for a package root like
 * {@link LayerRules}; {@code excluded} names modules (by {@link LayerRules#moduleOf}) the
 * rule leaves out, for modules still being written whose report is read separately.
 */
final class NamingRules {
    private NamingRules() {
    }

    /**
     * camel(x), the name a mirror of kernel symbol {@code x} gets: leading underscores
     * dropped, the snake_case words joined in camelCase, and the first word lowered (all
     * of it when it is all capitals, else its first letter); the later words keep their
     * spelling but for a capital first letter, and lose their other capitals when they are
     * all capitals. {@code PageLocked → pageLocked}, {@code get_swap_page → getSwapPage},
     * {@code BUG_ON → bugOn}, {@code __ClearPageLRU → clearPageLRU},
     * {@code __alloc_pages → allocPages}.
     */
    static String camel(String x) {
        String s = x.replaceFirst("^_+", "");
        StringBuilder out = new StringBuilder();
        for (String word : s.split("_+")) {
            if (word.isEmpty()) {
                continue;
            }
            boolean allCaps = word.chars().noneMatch(Character::isLowerCase);
            if (out.length() == 0) {
                out.append(allCaps ? word.toLowerCase() : Character.toLowerCase(word.charAt(0)) + word.substring(1));
            } else {
                String w = allCaps ? word.toLowerCase() : word;
                out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            }
        }
        return out.toString();
    }

    /**
     * The names a method mirroring {@code x} may have: camel(x), camel(x) + "Locked",
     * camel(x) + "Raw"; and, for a symbol spelled in capitals (a {@code #define} constant
     * such as {@code PAGE_COPY} that a page-table format computes), the kernel spelling
     * itself, since constants keep it.
     */
    static Set<String> allowedNames(String x) {
        String c = camel(x);
        boolean constant = x.chars().noneMatch(Character::isLowerCase);
        return constant ? Set.of(c, c + "Locked", c + "Raw", x) : Set.of(c, c + "Locked", c + "Raw");
    }

    private static DescribedPredicate<JavaClass> inRootButNot(String root, Collection<String> excluded) {
        return DescribedPredicate.describe("in " + root + " but not in " + excluded,
                c -> c.getPackageName().startsWith(root + ".") && !excluded.contains(LayerRules.moduleOf(root, c.getPackageName())));
    }

    /** A method carrying {@code @Mirrors("x")} is named camel(x), camel(x)Locked or camel(x)Raw. */
    static ArchRule mirrorsNameTheMethod(String root, Collection<String> excluded) {
        ArchCondition<JavaMethod> named = new ArchCondition<>("be named camel(x), camel(x)Locked or camel(x)Raw for @Mirrors(\"x\")") {
            @Override
            public void check(JavaMethod m, ConditionEvents events) {
                String x = m.getAnnotationOfType(Mirrors.class).value();
                Set<String> ok = allowedNames(x);
                if (!ok.contains(m.getName())) {
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " mirrors " + x + " but is not named "
                            + String.join(" or ", new java.util.TreeSet<>(ok))));
                }
            }
        };
        return methods().that().areAnnotatedWith(Mirrors.class).and().areDeclaredInClassesThat(inRootButNot(root, excluded))
                .should(named).allowEmptyShould(true)
                .because("STYLE.md: one naming rule, so that a kernel name finds its Java method and back");
    }

    /**
     * A kernel function is mirrored by at most one method or constructor per module. An
     * override carrying the same tag as the method it overrides is that method again (the
     * header's declaration, an implementation's, each page-table format's) and does not
     * count twice.
     */
    static ArchRule mirrorsOncePerModule(String root, Collection<String> excluded) {
        ArchCondition<JavaCodeUnit> once = new ArchCondition<>("be the only mirror of their kernel function in their module") {
            private final Map<String, List<JavaCodeUnit>> byModuleAndName = new TreeMap<>();

            @Override
            public void check(JavaCodeUnit u, ConditionEvents events) {
                String x = u.getAnnotationOfType(Mirrors.class).value();
                if (u instanceof JavaMethod m && overridesSameMirror(m, x)) {
                    return;
                }
                byModuleAndName.computeIfAbsent(LayerRules.moduleOf(root, u.getOwner().getPackageName()) + " " + x,
                        k -> new ArrayList<>()).add(u);
            }

            @Override
            public void finish(ConditionEvents events) {
                for (Map.Entry<String, List<JavaCodeUnit>> e : byModuleAndName.entrySet()) {
                    List<JavaCodeUnit> units = e.getValue();
                    if (units.size() > 1) {
                        List<String> names = units.stream().map(JavaCodeUnit::getFullName).sorted().toList();
                        events.add(SimpleConditionEvent.violated(units.get(0), "@Mirrors(\"" + e.getKey().split(" ", 2)[1]
                                + "\") is on " + units.size() + " members of module " + e.getKey().split(" ", 2)[0] + ": " + names));
                    }
                }
                byModuleAndName.clear();
            }
        };
        return codeUnits().that().areAnnotatedWith(Mirrors.class).and().areDeclaredInClassesThat(inRootButNot(root, excluded))
                .should(once).allowEmptyShould(true)
                .because("@Mirrors goes only on the one real counterpart of a kernel function, so grep finds exactly it");
    }

    /** Whether {@code m} overrides a method of a supertype that carries the same {@code @Mirrors} value. */
    private static boolean overridesSameMirror(JavaMethod m, String x) {
        List<JavaClass> supers = new ArrayList<>(m.getOwner().getAllRawSuperclasses());
        supers.addAll(m.getOwner().getAllRawInterfaces());
        for (JavaClass sup : supers) {
            for (JavaMethod other : sup.getMethods()) {
                if (other.getName().equals(m.getName())
                        && other.getRawParameterTypes().equals(m.getRawParameterTypes())
                        && other.isAnnotatedWith(Mirrors.class)
                        && other.getAnnotationOfType(Mirrors.class).value().equals(x)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** No method or constructor says both that it mirrors a kernel function and that it has no counterpart. */
    static ArchRule mirrorsNeverWithEmulatorOnly(String root, Collection<String> excluded) {
        return noCodeUnits().that().areAnnotatedWith(Mirrors.class).and().areDeclaredInClassesThat(inRootButNot(root, excluded))
                .should().beAnnotatedWith(EmulatorOnly.class)
                .because("a member either mirrors a kernel function or has none; @Mirrors with @EmulatorOnly says both");
    }

    /** The three rules for one root. */
    static List<ArchRule> all(String root, Collection<String> excluded) {
        return List.of(mirrorsNameTheMethod(root, excluded), mirrorsOncePerModule(root, excluded),
                mirrorsNeverWithEmulatorOnly(root, excluded));
    }
}
