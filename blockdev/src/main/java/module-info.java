/**
 * Mirrors linux-2.6.20 `include/linux/bio.h`, `fs/bio.c`, `block/ll_rw_blk.c` and `block/*-iosched.c`: block devices over real files, bios, request queues, elevators and asynchronous completion.
 */
module linux.block {
    requires linux.trace;
    requires linux.arch.x86;

    // Its API package is exported once the package holds its first type.
}
