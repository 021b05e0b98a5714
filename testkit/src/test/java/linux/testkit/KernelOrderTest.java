package linux.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The order checker notices a function out of the kernel's order, and only that. */
class KernelOrderTest {

    static final List<String> KERNEL = List.of("scan_swap_map", "get_swap_page", "swap_info_get", "swap_free");

    @Test
    void methodTags_takesMethodsAndConstructorsButNotFieldsOrTypes() {
        String src = """
                @Mirrors("swap_info_struct")
                final class X {
                    @Mirrors("swap_lock") final Lock swapLock = new Lock();
                    @Mirrors("SWAPFILE_CLUSTER")
                    static final int SWAPFILE_CLUSTER = f(256);
                    /** @Mirrors("in_a_comment") is no tag. */
                    @Mirrors("scan_swap_map")
                    @SuppressWarnings("unused")
                    int scanSwapMap(SwapInfoStruct si) { return 0; }
                    @Mirrors("get_swap_page") @Override public int getSwapPage();
                    @Mirrors("anon_vma_alloc") X() { }
                    @Mirrors("scan_swap_map") int again() { return 1; }
                }
                """;
        assertEquals(List.of("scan_swap_map", "get_swap_page", "anon_vma_alloc"), KernelOrder.methodTags(src));
    }

    @Test
    void check_acceptsTheKernelsOrderWithForeignTagsAnywhere() {
        String src = """
                @Mirrors("scan_swap_map") void a() { }
                @Mirrors("cond_resched") void helper() { }
                @Mirrors("get_swap_page") void b() { }
                @Mirrors("swap_free") void d() { }
                """;
        assertEquals(List.of(), KernelOrder.check(src, KERNEL));
    }

    @Test
    void check_namesTheFunctionsOutOfPlace() {
        String src = """
                @Mirrors("get_swap_page") void b() { }
                @Mirrors("swap_info_get") void c() { }
                @Mirrors("swap_free") void d() { }
                @Mirrors("scan_swap_map") void a() { }
                """;
        assertEquals(List.of("scan_swap_map is out of the kernel's order: it belongs before every other mirrored function"),
                KernelOrder.check(src, KERNEL));
        String swapped = """
                @Mirrors("scan_swap_map") void a() { }
                @Mirrors("swap_info_get") void c() { }
                @Mirrors("get_swap_page") void b() { }
                """;
        // Either one of the swapped pair is out of place; the checker keeps the earlier run.
        assertEquals(List.of("swap_info_get is out of the kernel's order: it belongs after get_swap_page"),
                KernelOrder.check(swapped, KERNEL));
    }
}
