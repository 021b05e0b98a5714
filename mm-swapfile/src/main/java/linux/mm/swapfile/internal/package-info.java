/**
 * The implementation of mm/swapfile.c ({@link linux.mm.swapfile.internal.Swapfile}) and
 * the host-file {@link linux.mm.page.Vfs}. Exported only to {@code linux.boot},
 * which wires them.
 */
package linux.mm.swapfile.internal;
