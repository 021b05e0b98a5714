/**
 * Mirrors linux-2.6.20 {@code mm/rmap.c}: reverse mapping of anon and file pages, try_to_unmap and page_referenced; with the swap token of {@code mm/thrash.c}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.rmap {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    // Its API package is exported once the package holds its first type.

    exports linux.mm.rmap.internal to linux.boot, linux.testkit;
}
