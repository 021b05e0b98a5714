/**
 * Mirrors linux-2.6.20 `mm/memory.c` (with the mm parts of `mm/mmap.c` and `kernel/fork.c`): page faults, fork, unmap.
 */
module linux.mm.memory {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
