package linux.archtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
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

    /** The layer-2 kernel files, one module each. */
    static final List<String> LAYER_2 = List.of("swapfile", "swapstate", "pageio", "rmap", "memory", "vmscan");

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

    /** Each layer-2 module depends on mm-page, layer 0, the base and libraries only. */
    static List<ArchRule> layerTwoDependsOnHeadersOnly(String root) {
        List<ArchRule> rules = new ArrayList<>();
        for (String file : LAYER_2) {
            String own = root + ".mm." + file + "..";
            rules.add(classes().that().resideInAPackage(own)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            allowed(own, root + ".mm.page..", root + ".block..", root + ".arch..", root + ".kernel.."))
                    .because("mm/" + file + ".c reaches other kernel files only through the declarations in the headers (mm-page)"));
        }
        return rules;
    }

    /** No layer-2 module reaches another layer-2 module. */
    static List<ArchRule> layerTwoNeverReachesAnother(String root) {
        List<ArchRule> rules = new ArrayList<>();
        for (String file : LAYER_2) {
            String[] others = LAYER_2.stream().filter(f -> !f.equals(file))
                    .map(f -> root + ".mm." + f + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(root + ".mm." + file + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("the kernel's .c files call each other through headers, and only boot knows which implementation backs each header"));
        }
        return rules;
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
        rules.addAll(layerTwoDependsOnHeadersOnly(root));
        rules.addAll(layerTwoNeverReachesAnother(root));
        rules.add(daggerComponentsOnlyInBoot(root));
        rules.add(onlyBootAndCliUseComponents(root));
        rules.add(noStandardStreamsOutsideCli(root));
        rules.add(internalPublicMethodsCarryMirrors(root));
        return rules;
    }
}
