/**
 * The mm/rmap.c implementation ({@link linux.mm.rmap.internal.Rmap}) and the swap token of
 * mm/thrash.c ({@link linux.mm.rmap.internal.Thrash}), bound by name in
 * {@link linux.mm.rmap.internal.RmapModule}. Reached only through mm-page's
 * {@link linux.mm.page.RmapOps} and {@link linux.mm.page.SwapTokenOps}.
 */
package linux.mm.rmap.internal;
