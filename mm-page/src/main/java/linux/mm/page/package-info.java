/**
 * Mirrors linux-2.6.20 {@code include/linux/{mm_types.h, mm.h, page-flags.h, swap.h, rmap.h}}
 * and the page-lock / writeback helpers of {@code mm/filemap.c} and {@code mm/page-writeback.c}:
 * struct page and the shared mm types, plus one header interface per layer-2 kernel file.
 * (Full contract, naming scheme, lock order and Locking section: see below.)
 */
package linux.mm.page;
