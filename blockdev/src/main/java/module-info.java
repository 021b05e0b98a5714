/**
 * Mirrors linux-2.6.20 {@code include/linux/bio.h}, {@code fs/bio.c}, {@code block/ll_rw_blk.c} and {@code block/*-iosched.c}: block devices over real files, bios, request queues, elevators and asynchronous completion.
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
