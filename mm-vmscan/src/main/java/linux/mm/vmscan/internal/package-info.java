/**
 * The implementation of mm/vmscan.c ({@link linux.mm.vmscan.internal.Vmscan}: page reclaim,
 * kswapd, direct reclaim) and mm/oom_kill.c ({@link linux.mm.vmscan.internal.OomKill}), with
 * their Dagger bindings ({@link linux.mm.vmscan.internal.VmscanModule}). Exported only to
 * {@code linux.boot} and {@code linux.testkit}, which wire them; everyone else reaches them
 * through {@link linux.mm.page.VmscanOps} and {@link linux.mm.page.OomKillOps}.
 */
package linux.mm.vmscan.internal;
