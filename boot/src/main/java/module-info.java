/**
 * Mirrors linux-2.6.20 `init/main.c`: the Dagger component that assembles a kernel from named implementations, boot parameters, and the syscall surface.
 */
module linux.boot {
    requires transitive linux.kernel;
    requires transitive linux.arch.x86;
    requires transitive linux.block;
    requires transitive linux.mm.page;
    requires linux.mm.swapfile;
    requires linux.mm.swapstate;
    requires linux.mm.pageio;
    requires linux.mm.rmap;
    requires linux.mm.memory;
    requires linux.mm.vmscan;
    requires dagger;
    requires jakarta.inject;

    exports linux.boot;
}
