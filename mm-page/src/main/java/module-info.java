/**
 * Mirrors linux-2.6.20's mm headers, {@code include/linux/{mm_types.h, mm.h, page-flags.h,
 * mmzone.h, swap.h, swapops.h, rmap.h, pagevec.h, mm_inline.h, pagemap.h, vmstat.h,
 * writeback.h}} and the swap parts of {@code fs.h}: struct page and the other mm types,
 * the header inlines (page flags, lock_page and the writeback flags, the vmstat counters,
 * list helpers), and one header interface per kernel file, through which the kernel-file
 * modules call each other. No .c file lives here.
 */
module linux.mm.page {
    requires transitive linux.kernel;
    requires transitive linux.arch.x86;
    requires transitive linux.block;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;

    exports linux.mm.page;
}
