package linux.mm.memory.internal;

import linux.mm.page.MmapOps;

/** Short names for the mman.h constants the tests use. */
final class MmapOpsConstants {
    private MmapOpsConstants() {
    }

    static final int PROT_NONE = MmapOps.PROT_NONE;
    static final int PROT_READ = MmapOps.PROT_READ;
    static final int PROT_WRITE = MmapOps.PROT_WRITE;
}
