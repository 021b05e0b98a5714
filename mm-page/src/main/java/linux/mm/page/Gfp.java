package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/gfp.h: the __GFP_* bits, the GFP_* combinations and
 * gfp_zone. Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/gfp.h}: the allocation-context bits every
 * caller of the page allocator passes ({@code gfp_t}, an {@code int} here) and
 * {@code gfp_zone}, which picks the zonelist an allocation starts from.
 *
 * <p>The emulated machine is i386 with CONFIG_HIGHMEM and without CONFIG_ZONE_DMA32, so
 * {@code __GFP_DMA32} exists as a bit but selects ZONE_NORMAL, as in the i386 build.
 */
public final class Gfp {
    private Gfp() {
    }

    @Mirrors("__GFP_DMA")
    public static final int __GFP_DMA = 0x01;
    @Mirrors("__GFP_HIGHMEM")
    public static final int __GFP_HIGHMEM = 0x02;
    @Mirrors("__GFP_DMA32")
    public static final int __GFP_DMA32 = 0x04;
    /** The caller may sleep (and so may enter direct reclaim). */
    @Mirrors("__GFP_WAIT")
    public static final int __GFP_WAIT = 0x10;
    /** The caller may dip into the emergency reserve (ALLOC_HIGH). */
    @Mirrors("__GFP_HIGH")
    public static final int __GFP_HIGH = 0x20;
    /** Reclaim may start physical I/O. */
    @Mirrors("__GFP_IO")
    public static final int __GFP_IO = 0x40;
    /** Reclaim may call into a filesystem. */
    @Mirrors("__GFP_FS")
    public static final int __GFP_FS = 0x80;
    /** A cache-cold page is wanted (the per-CPU cold list). */
    @Mirrors("__GFP_COLD")
    public static final int __GFP_COLD = 0x100;
    /** Do not print the allocation-failure warning. */
    @Mirrors("__GFP_NOWARN")
    public static final int __GFP_NOWARN = 0x200;
    @Mirrors("__GFP_REPEAT")
    public static final int __GFP_REPEAT = 0x400;
    @Mirrors("__GFP_NOFAIL")
    public static final int __GFP_NOFAIL = 0x800;
    @Mirrors("__GFP_NORETRY")
    public static final int __GFP_NORETRY = 0x1000;
    @Mirrors("__GFP_NO_GROW")
    public static final int __GFP_NO_GROW = 0x2000;
    @Mirrors("__GFP_COMP")
    public static final int __GFP_COMP = 0x4000;
    /** Hand the page out zero-filled. */
    @Mirrors("__GFP_ZERO")
    public static final int __GFP_ZERO = 0x8000;
    /** Never use the PF_MEMALLOC emergency pools. */
    @Mirrors("__GFP_NOMEMALLOC")
    public static final int __GFP_NOMEMALLOC = 0x10000;
    @Mirrors("__GFP_HARDWALL")
    public static final int __GFP_HARDWALL = 0x20000;
    @Mirrors("__GFP_THISNODE")
    public static final int __GFP_THISNODE = 0x40000;

    @Mirrors("__GFP_BITS_SHIFT")
    public static final int __GFP_BITS_SHIFT = 20;
    @Mirrors("__GFP_BITS_MASK")
    public static final int __GFP_BITS_MASK = (1 << __GFP_BITS_SHIFT) - 1;

    @Mirrors("GFP_ATOMIC")
    public static final int GFP_ATOMIC = __GFP_HIGH;
    @Mirrors("GFP_NOWAIT")
    public static final int GFP_NOWAIT = GFP_ATOMIC & ~__GFP_HIGH;
    @Mirrors("GFP_NOIO")
    public static final int GFP_NOIO = __GFP_WAIT;
    @Mirrors("GFP_NOFS")
    public static final int GFP_NOFS = __GFP_WAIT | __GFP_IO;
    @Mirrors("GFP_KERNEL")
    public static final int GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;
    @Mirrors("GFP_USER")
    public static final int GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
    @Mirrors("GFP_HIGHUSER")
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    /** Without CONFIG_NUMA GFP_THISNODE is 0. */
    @Mirrors("GFP_THISNODE")
    public static final int GFP_THISNODE = 0;
    @Mirrors("GFP_DMA")
    public static final int GFP_DMA = __GFP_DMA;

    /**
     * The highest zone an allocation with {@code flags} may use, which is also the index
     * of the node zonelist it walks: DMA if {@code __GFP_DMA}, HighMem if
     * {@code __GFP_HIGHMEM}, otherwise Normal.
     */
    @Mirrors("gfp_zone")
    public static int gfpZone(int flags) {
        if ((flags & __GFP_DMA) != 0) {
            return Zone.ZONE_DMA;
        }
        if ((flags & __GFP_HIGHMEM) != 0) {
            return Zone.ZONE_HIGHMEM;
        }
        return Zone.ZONE_NORMAL;
    }
}
