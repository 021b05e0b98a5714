package linux.archtests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds the real modules to the layering of DESIGN.md §1, and proves every rule can
 * fire: each rule is also run against a fixture package that breaks it on purpose,
 * and must fail there naming the offending fixture class.
 */
class LayeringTest {

    private static JavaClasses project;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        project = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("linux");
        fixtures = new ClassFileImporter().importPackages("fixture.linux");
    }

    @Test
    void project_isImported() {
        // A rule over an empty import passes vacuously; make sure the modules are really there.
        for (String pkg : List.of("linux.kernel", "linux.arch.x86", "linux.cli")) {
            assertTrue(project.containPackage(pkg), "classes of " + pkg + " imported");
        }
    }

    @TestFactory
    Stream<DynamicTest> project_followsEveryRule() {
        return LayerRules.all("linux").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(project)));
    }

    private static void assertFires(Function<String, ArchRule> rule, String offender) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.apply("fixture.linux").check(fixtures));
        assertTrue(e.getMessage().contains(offender), "violation names " + offender + ": " + e.getMessage());
    }

    @Test
    void kernelDependsOnNothing_firesOnFixture() {
        assertFires(LayerRules::kernelDependsOnNothing, "fixture.linux.kernel.KernelReachesArch");
    }

    @Test
    void archDependsOnKernelOnly_firesOnFixture() {
        assertFires(LayerRules::archDependsOnKernelOnly, "fixture.linux.arch.x86.ArchReachesBlock");
    }

    @Test
    void blockDependsOnKernelAndArchOnly_firesOnFixture() {
        assertFires(LayerRules::blockDependsOnKernelAndArchOnly, "fixture.linux.block.BlockReachesPage");
    }

    @Test
    void mmPageDependsOnLayerZeroOnly_firesOnFixture() {
        assertFires(LayerRules::mmPageDependsOnLayerZeroOnly, "fixture.linux.mm.page.PageReachesSwapfile");
    }

    @Test
    void layerTwoDependsOnHeadersOnly_firesOnFixture() {
        // mm/swapfile.c reaching boot breaks the "headers only" rule of the swapfile module.
        int swapfile = LayerRules.LAYER_2.indexOf("swapfile");
        assertFires(root -> LayerRules.layerTwoDependsOnHeadersOnly(root).get(swapfile),
                "fixture.linux.mm.swapfile.SwapfileReachesBoot");
    }

    @Test
    void layerTwoNeverReachesAnother_firesOnFixture() {
        int swapfile = LayerRules.LAYER_2.indexOf("swapfile");
        assertFires(root -> LayerRules.layerTwoNeverReachesAnother(root).get(swapfile),
                "fixture.linux.mm.swapfile.SwapfileReachesSwapState");
    }

    @Test
    void daggerComponentsOnlyInBoot_firesOnFixture() {
        assertFires(LayerRules::daggerComponentsOnlyInBoot, "fixture.linux.mm.vmscan.VmscanComponent");
    }

    @Test
    void onlyBootAndCliUseComponents_firesOnFixture() {
        assertFires(LayerRules::onlyBootAndCliUseComponents, "fixture.linux.mm.rmap.RmapUsesComponent");
    }

    @Test
    void internalPublicMethodsCarryMirrors_firesOnFixture() {
        assertFires(LayerRules::internalPublicMethodsCarryMirrors, "fixture.linux.mm.swapfile.internal.Unnamed.scan()");
    }

    @Test
    void noStandardStreamsOutsideCli_firesOnFixture() {
        assertFires(LayerRules::noStandardStreamsOutsideCli, "fixture.linux.mm.rmap.RmapPrints");
    }
}
