/**
 * Mirrors linux-2.6.20 {@code mm/swap_state.c}: the swap cache (swapper_space, its statistics,
 * add_to_swap, read_swap_cache_async), behind {@code linux.mm.page.SwapStateOps}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.swapstate {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.swapstate.internal to linux.boot, linux.testkit;
}
