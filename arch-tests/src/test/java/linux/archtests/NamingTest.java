package linux.archtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import linux.kernel.Mirrors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The naming rule of STYLE.md over the real modules, with fixtures proving each rule fires.
 * The modules still being written by others ({@link #PENDING}) are only reported: their
 * violations are printed, and a pending module that follows the rule fails the report so
 * that it is taken off the list.
 */
class NamingTest {

    /**
     * Modules whose code is being written elsewhere right now (the kernel files in the
     * works, and boot's main code, which the lead writes): the naming rule reports on them
     * instead of failing. Remove a module once it follows the rule.
     */
    static final Set<String> PENDING = Set.of();

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
    void camel_isTheOneNamingRule() {
        assertEquals("pageLocked", NamingRules.camel("PageLocked"));
        assertEquals("bugOn", NamingRules.camel("BUG_ON"));
        assertEquals("allocPages", NamingRules.camel("__alloc_pages"));
        assertEquals("getSwapPage", NamingRules.camel("get_swap_page"));
        assertEquals("clearPageLRU", NamingRules.camel("__ClearPageLRU"));
        assertEquals("testSetPageLocked", NamingRules.camel("TestSetPageLocked"));
        assertEquals("pmdError", NamingRules.camel("pmd_ERROR"));
        assertEquals("vmBugOn", NamingRules.camel("VM_BUG_ON"));
        assertEquals("pageAlign", NamingRules.camel("PAGE_ALIGN"));
        assertEquals(Set.of("allocPages", "allocPagesLocked", "allocPagesRaw"), NamingRules.allowedNames("__alloc_pages"));
        assertTrue(NamingRules.allowedNames("PAGE_COPY").contains("PAGE_COPY"), "constants keep the kernel spelling");
        assertFalse(NamingRules.allowedNames("swap_free").contains("swap_free"));
    }

    @TestFactory
    Stream<DynamicTest> project_followsTheNamingRule() {
        return NamingRules.all("linux", PENDING).stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(project)));
    }

    @Test
    void pendingModules_areReportedAndLeaveTheListWhenClean() {
        List<String> clean = new ArrayList<>();
        for (String module : PENDING) {
            boolean written = project.stream().anyMatch(c -> LayerRules.moduleOf("linux", c.getPackageName()).equals(module)
                    && (c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(Mirrors.class))
                        || c.getConstructors().stream().anyMatch(m -> m.isAnnotatedWith(Mirrors.class))));
            if (!written) {
                continue;
            }
            Set<String> others = new java.util.HashSet<>(allModules());
            others.remove(module);
            int violations = 0;
            for (ArchRule rule : NamingRules.all("linux", others)) {
                EvaluationResult r = rule.evaluate(project);
                for (String line : r.getFailureReport().getDetails()) {
                    System.out.println("naming rule, " + module + ": " + line);
                    violations++;
                }
            }
            if (violations == 0) {
                clean.add(module);
            }
        }
        assertEquals(List.of(), clean, "these modules follow the naming rule now: take them off NamingTest.PENDING");
    }

    private static Set<String> allModules() {
        Set<String> all = new java.util.HashSet<>();
        project.forEach(c -> all.add(LayerRules.moduleOf("linux", c.getPackageName())));
        all.addAll(PENDING);
        return all;
    }

    @Test
    void mirrorsNameTheMethod_firesOnFixture() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> NamingRules.mirrorsNameTheMethod("fixture.linux", Set.of()).check(fixtures));
        assertTrue(e.getMessage().contains("fixture.linux.mm.swapfile.internal.Misnamed.allocateSlot() mirrors get_swap_page"
                + " but is not named getSwapPage or getSwapPageLocked or getSwapPageRaw"), e.getMessage());
        assertFalse(e.getMessage().contains("clearPageLRURaw"), "a right name is no violation");
    }

    @Test
    void mirrorsOncePerModule_firesOnFixture() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> NamingRules.mirrorsOncePerModule("fixture.linux", Set.of()).check(fixtures));
        assertTrue(e.getMessage().contains("@Mirrors(\"swap_free\") is on 2 members of module fixture.linux.mm.swapfile"),
                e.getMessage());
        assertFalse(e.getMessage().contains("scan_swap_map"), "once is fine");
    }

    @Test
    void mirrorsNeverWithEmulatorOnly_firesOnFixture() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> NamingRules.mirrorsNeverWithEmulatorOnly("fixture.linux", Set.of()).check(fixtures));
        assertTrue(e.getMessage().contains("fixture.linux.mm.swapfile.internal.Misnamed.swapDuplicate(int)"), e.getMessage());
    }
}
