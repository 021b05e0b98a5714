/**
 * Mirrors linux-2.6.20 {@code init/main.c} ({@code start_kernel}): the Dagger component
 * that links every kernel file's implementation into one kernel and chooses among them by
 * the names the boot parameters give, and the syscall surface.
 */
module linux.boot {
    requires transitive linux.init;
    requires linux.mm.pagealloc;
    requires linux.mm.swap;
    requires linux.mm.swapfile;
    requires linux.mm.swapstate;
    requires linux.mm.pageio;
    requires linux.mm.rmap;
    requires linux.mm.memory;
    requires linux.mm.vmscan;

    exports linux.boot;
}
