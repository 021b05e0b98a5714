package linux.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        for (String pkg : List.of("linux.kernel", "linux.arch.x86", "linux.cli", "linux.init", "linux.testkit",
                "linux.mm.pagealloc.internal", "linux.mm.swapfile.internal")) {
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
        assertFires(LayerRules::layerTwoDependsOnHeadersOnly, "fixture.linux.mm.swapfile.SwapfileReachesBoot");
        assertFires(LayerRules::layerTwoDependsOnHeadersOnly, "fixture.linux.mm.swapfile.SwapfileReachesSwapState");
    }

    @Test
    void layerTwoDependsOnHeadersOnly_coversEveryMmModuleByPattern() {
        // mm-pagealloc was never on a list of names, and mm-mlock does not exist: the
        // pattern covers both.
        assertFires(LayerRules::layerTwoDependsOnHeadersOnly, "fixture.linux.mm.pagealloc.PageAllocReachesSwap");
        assertFires(LayerRules::layerTwoDependsOnHeadersOnly, "fixture.linux.mm.mlock.MlockReachesVmscan");
    }

    @Test
    void layerTwoNeverReachesAnother_firesOnFixture() {
        assertFires(LayerRules::layerTwoNeverReachesAnother, "fixture.linux.mm.swapfile.SwapfileReachesSwapState");
        assertFires(LayerRules::layerTwoNeverReachesAnother, "fixture.linux.mm.pagealloc.PageAllocReachesSwap");
        assertFires(LayerRules::layerTwoNeverReachesAnother, "fixture.linux.mm.mlock.MlockReachesVmscan");
    }

    @Test
    void moduleOf_groupsPackagesByModule() {
        assertEquals("linux.mm.swapfile", LayerRules.moduleOf("linux", "linux.mm.swapfile.internal"));
        assertEquals("linux.mm.page", LayerRules.moduleOf("linux", "linux.mm.page"));
        assertEquals("linux.arch.x86", LayerRules.moduleOf("linux", "linux.arch.x86.internal"));
        assertEquals("linux.block", LayerRules.moduleOf("linux", "linux.block.internal"));
        assertEquals("linux.init", LayerRules.moduleOf("linux", "linux.init"));
        assertTrue(LayerRules.isLayerTwo("linux", "linux.mm.pagealloc.internal"));
        assertTrue(LayerRules.isLayerTwo("linux", "linux.mm.mlock"));
        assertFalse(LayerRules.isLayerTwo("linux", "linux.mm.page"));
        assertFalse(LayerRules.isLayerTwo("linux", "linux.init"));
    }

    @Test
    void assemblyNamesNoImplementation_firesOnFixture() {
        assertFires(LayerRules::assemblyNamesNoImplementation, "fixture.linux.init.InitBuildsSwapfile");
        assertFires(LayerRules::assemblyNamesNoImplementation, "fixture.linux.boot.BootBuildsLru");
    }

    @Test
    void testkitIsForTestsOnly_firesOnFixture() {
        assertFires(LayerRules::testkitIsForTestsOnly, "fixture.linux.mm.rmap.RmapUsesAFake");
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
