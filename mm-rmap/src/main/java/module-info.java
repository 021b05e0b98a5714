/**
 * Mirrors linux-2.6.20 `mm/rmap.c`: reverse mapping of anon and file pages, try_to_unmap and page_referenced.
 */
module linux.mm.rmap {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
