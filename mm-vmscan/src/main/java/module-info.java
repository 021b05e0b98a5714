/**
 * Mirrors linux-2.6.20 {@code mm/vmscan.c}: page reclaim and kswapd.
 */
module linux.mm.vmscan {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
