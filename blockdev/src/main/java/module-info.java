/**
 * Mirrors linux-2.6.20 `include/linux/bio.h`, `fs/bio.c`, `block/ll_rw_blk.c` and `block/*-iosched.c`: block devices over real files, bios, request queues, elevators and asynchronous completion.
 */
module linux.block {
    requires transitive linux.kernel;
    requires transitive linux.arch.x86;
    requires static dagger;
    requires jakarta.inject;
    requires jdk.unsupported;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;

    exports linux.block;

    exports linux.block.internal to linux.boot, linux.init, linux.testkit;
}
