/**
 * Mirrors linux-2.6.20 {@code mm/vmscan.c} and {@code mm/oom_kill.c}: page reclaim (shrink_zone,
 * shrink_page_list, pageout), kswapd, direct reclaim (try_to_free_pages) and the OOM killer.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.vmscan {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.block;
    requires linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.vmscan.internal to linux.boot, linux.testkit;
}
