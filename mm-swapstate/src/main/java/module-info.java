/**
 * Mirrors linux-2.6.20 {@code mm/swap_state.c}: the swap cache (swapper_space) and swap-in readahead.
 */
module linux.mm.swapstate {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
