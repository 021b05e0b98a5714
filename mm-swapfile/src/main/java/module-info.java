/**
 * Mirrors linux-2.6.20 {@code mm/swapfile.c}: swap areas, slot allocation, swapon, swapoff
 * and /proc/swaps, behind {@code linux.mm.page.SwapfileOps}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.swapfile {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.block;
    requires transitive linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.swapfile;

    exports linux.mm.swapfile.internal to linux.boot, linux.testkit;
}
