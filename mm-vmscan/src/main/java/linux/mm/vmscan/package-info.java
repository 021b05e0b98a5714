/**
 * Mirrors linux-2.6.20 {@code mm/vmscan.c} and {@code mm/oom_kill.c}: page reclaim, kswapd
 * and the OOM killer. Their contracts are the header interfaces {@link linux.mm.page.VmscanOps}
 * and {@link linux.mm.page.OomKillOps} of mm-page; this package holds no types, the
 * implementation lives in {@code linux.mm.vmscan.internal}.
 */
package linux.mm.vmscan;
