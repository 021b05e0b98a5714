/**
 * Mirrors linux-2.6.20 {@code mm/page_alloc.c}: the zoned buddy allocator, per-CPU page
 * lists, watermarks and the boot-time freeing of RAM, behind {@code linux.mm.page.PageAllocOps}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.pagealloc {
    requires linux.kernel;
    requires linux.block;
    requires transitive linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.pagealloc.internal to linux.boot, linux.testkit;
}
