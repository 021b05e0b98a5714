/**
 * Mirrors linux-2.6.20 {@code mm/page_io.c}: building swap bios and their completions, behind
 * {@code linux.mm.page.PageIoOps}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.pageio {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.block;
    requires linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.pageio.internal to linux.boot, linux.testkit;
}
