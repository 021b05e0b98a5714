/**
 * Mirrors linux-2.6.20 `include/linux/{mm_types.h,mm.h,page-flags.h,mmzone.h,swap.h,swapops.h,rmap.h,pagevec.h,mm_inline.h}` with `mm/page_alloc.c`, `mm/swap.c` and the page-lock and writeback helpers of `mm/filemap.c` and `mm/page-writeback.c`: struct page, zones, the buddy allocator, the LRU, and one header interface per layer-2 kernel file.
 */
module linux.mm.page {
    requires linux.kernel;
    requires transitive linux.arch.x86;
    requires linux.block;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;

    exports linux.mm.page;
}
