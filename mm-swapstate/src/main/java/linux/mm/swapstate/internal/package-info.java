/**
 * The implementation of mm/swap_state.c ({@link linux.mm.swapstate.internal.SwapState}) and
 * its Dagger registration. Exported only to {@code linux.boot} and {@code linux.testkit},
 * which assemble kernels from it.
 */
package linux.mm.swapstate.internal;
