package linux.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering of DESIGN.md §1 as ArchUnit rules. Every rule is built for a package
 * root: {@code "linux"} for the real modules, {@code "fixture.linux"} for the
 * deliberately violating fixtures that prove each rule can fire.
 */
final class LayerRules {
    private LayerRules() {
    }

    /** Libraries every module above the base may use. */
    private static final String[] LIBRARIES = {
        "java..", "jakarta.inject..", "dagger..", "javax.annotation..", "org.eclipse.collections..",
        // jdk.unsupported: ExtendedOpenOption.DIRECT, the JDK's only way to ask for O_DIRECT.
        "com.sun.nio.file..",
    };

    private static String[] allowed(String... packages) {
        List<String> all = new ArrayList<>(List.of(packages));
        all.addAll(List.of(LIBRARIES));
        return all.toArray(String[]::new);
    }

    static ArchRule kernelDependsOnNothing(String root) {
        return classes().that().resideInAPackage(root + ".kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".kernel..", "java..")
                .because("the kernel base module is the base every module may use, so it can use none of them");
    }

    static ArchRule archDependsOnKernelOnly(String root) {
        return classes().that().resideInAPackage(root + ".arch..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed(root + ".arch..", root + ".kernel.."))
                .because("arch-x86 is the hardware: it knows nothing of the kernel above it");
    }

    static ArchRule blockDependsOnKernelAndArchOnly(String root) {
        return classes().that().resideInAPackage(root + ".block..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        allowed(root + ".block..", root + ".arch..", root + ".kernel.."))
                .because("a disk controller DMAs into RAM by pfn and never sees struct page");
    }

    static ArchRule mmPageDependsOnLayerZeroOnly(String root) {
        return classes().that().resideInAPackage(root + ".mm.page..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        allowed(root + ".mm.page..", root + ".block..", root + ".arch..", root + ".kernel.."))
                .because("the headers sit below every kernel .c file and call them only through interfaces");
    }

    /**
     * The module a package belongs to: {@code root.mm.X} and {@code root.arch.X} for the
     * kernel-file and hardware modules, else {@code root.X} ({@code root.kernel},
     * {@code root.block}, {@code root.init}, {@code root.boot}, ...). Sub-packages
     * ({@code internal}) belong to their module.
     */
    static String moduleOf(String root, String pkg) {
        if (!pkg.startsWith(root + ".")) {
            return pkg;
        }
        String[] segs = pkg.substring(root.length() + 1).split("\\.");
        if ((segs[0].equals("mm") || segs[0].equals("arch")) && segs.length > 1) {
            return root + "." + segs[0] + "." + segs[1];
        }
        return root + "." + segs[0];
    }

    /** Whether {@code pkg} belongs to a layer-2 module: {@code root.mm.X} for any X but {@code page}. */
    static boolean isLayerTwo(String root, String pkg) {
        String module = moduleOf(root, pkg);
        return module.startsWith(root + ".mm.") && !module.equals(root + ".mm.page");
    }

    private static DescribedPredicate<JavaClass> layerTwo(String root) {
        return DescribedPredicate.describe("in a layer-2 module (" + root + ".mm.* but " + root + ".mm.page)",
                c -> isLayerTwo(root, c.getPackageName()));
    }

    /**
     * Each layer-2 module (every {@code root.mm.X} but mm-page, found by package pattern, so
     * a new kernel-file module is covered the day it is added) depends on its own packages,
     * mm-page, layer 0, the base and libraries only.
     */
    static ArchRule layerTwoDependsOnHeadersOnly(String root) {
        String[] shared = allowed(root + ".mm.page..", root + ".block..", root + ".arch..", root + ".kernel..");
        DescribedPredicate<JavaClass> sharedLayers = JavaClass.Predicates.resideInAnyPackage(shared);
        ArchCondition<JavaClass> onlyHeaders = new ArchCondition<>(
                "only depend on their own module, mm-page, layer 0, the base and libraries") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = moduleOf(root, item.getPackageName());
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (target.isPrimitive() || sharedLayers.test(target)
                            || moduleOf(root, target.getPackageName()).equals(own)) {
                        continue;
                    }
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                }
            }
        };
        return classes().that(layerTwo(root)).should(onlyHeaders)
                .because("a kernel .c file reaches the others only through the declarations in the headers (mm-page)");
    }

    /** No layer-2 module reaches another (by package pattern, like the rule above). */
    static ArchRule layerTwoNeverReachesAnother(String root) {
        return SlicesRuleDefinition.slices().matching(root + ".mm.(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(root + ".mm.page.."))
                .because("the kernel's .c files call each other through headers, and only boot knows which implementation backs each header");
    }

    /**
     * The assembly layer ({@code init}, like {@code boot}) and the front end may use
     * everything below them but the implementation classes of the kernel files: the
     * classes of a layer-2 module's {@code internal} package other than its Dagger modules.
     * Dagger's generated code (which instantiates them) is exempt.
     */
    static ArchRule assemblyNamesNoImplementation(String root) {
        DescribedPredicate<JavaClass> implementation = DescribedPredicate.describe(
                "are layer-2 implementation classes (" + root + ".mm.*.internal, not a Dagger @Module)",
                c -> isLayerTwo(root, c.getPackageName()) && c.getPackageName().contains(".internal")
                        && !c.isAnnotatedWith("dagger.Module"));
        DescribedPredicate<JavaClass> daggerGenerated = DescribedPredicate.describe("generated by Dagger", c -> {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return top.isAnnotatedWith("dagger.internal.DaggerGenerated") || top.getSimpleName().startsWith("Dagger");
        });
        return noClasses().that().resideInAnyPackage(root + ".init..", root + ".boot..", root + ".cli..")
                .and(DescribedPredicate.not(daggerGenerated))
                .should().dependOnClassesThat(implementation)
                .because("only the boot parameters choose which implementation backs a header; the assembly lists"
                        + " each kernel file's Dagger module, never its class");
    }

    /** Main code never depends on testkit (its fakes and test kernels are for tests only). */
    static ArchRule testkitIsForTestsOnly(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".testkit..")
                .should().dependOnClassesThat().resideInAPackage(root + ".testkit..")
                .because("a fake must never back a header of a kernel users boot; testkit is a test-scope dependency");
    }

    static ArchRule daggerComponentsOnlyInBoot(String root) {
        return classes().that().areAnnotatedWith(dagger.Component.class)
                .and().resideInAPackage(root + "..")
                .should().resideInAPackage(root + ".boot..")
                .because("only boot knows which implementation backs an interface");
    }

    static ArchRule onlyBootAndCliUseComponents(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(root + ".boot..", root + ".cli..")
                .should().dependOnClassesThat().areAnnotatedWith(dagger.Component.class)
                .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(root + "..")
                        .and(JavaClass.Predicates.simpleNameStartingWith("Dagger")))
                .because("only boot and cli mention Dagger components");
    }

    static ArchRule noStandardStreamsOutsideCli(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(root + ".cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("kernel modules report through printk, counters and the tracer; only the cli prints");
    }

    /**
     * Every public method of an implementation class (an {@code internal} package) names
     * the kernel function it mirrors, so that grep finds both sides and the tracer can
     * print kernel names; a method with no kernel counterpart says so with
     * {@code @EmulatorOnly}. Dagger's generated factories, the Object methods, interfaces
     * and non-public (nested helper) classes are exempt.
     */
    static ArchRule internalPublicMethodsCarryMirrors(String root) {
        return methods().that().areDeclaredInClassesThat().resideInAPackage(root + "..internal..")
                .and().areDeclaredInClassesThat().areNotAnnotatedWith("dagger.internal.DaggerGenerated")
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().areNotInterfaces()
                .and().arePublic()
                .and().doNotHaveName("toString").and().doNotHaveName("equals").and().doNotHaveName("hashCode")
                .should().beAnnotatedWith(linux.kernel.Mirrors.class)
                .orShould().beAnnotatedWith(linux.kernel.EmulatorOnly.class)
                .because("STYLE.md: every method that mirrors a kernel function carries @Mirrors, so grep finds both sides;"
                        + " the few with no kernel counterpart say so with @EmulatorOnly");
    }

    /** Every rule above, for one root. */
    static List<ArchRule> all(String root) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(kernelDependsOnNothing(root));
        rules.add(archDependsOnKernelOnly(root));
        rules.add(blockDependsOnKernelAndArchOnly(root));
        rules.add(mmPageDependsOnLayerZeroOnly(root));
        rules.add(layerTwoDependsOnHeadersOnly(root));
        rules.add(layerTwoNeverReachesAnother(root));
        rules.add(assemblyNamesNoImplementation(root));
        rules.add(testkitIsForTestsOnly(root));
        rules.add(daggerComponentsOnlyInBoot(root));
        rules.add(onlyBootAndCliUseComponents(root));
        rules.add(noStandardStreamsOutsideCli(root));
        rules.add(internalPublicMethodsCarryMirrors(root));
        return rules;
    }
}
