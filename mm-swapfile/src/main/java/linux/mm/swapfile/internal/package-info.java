/**
 * The implementation of mm/swapfile.c ({@link linux.mm.swapfile.internal.Swapfile}) and
 * the Dagger module that registers it under the name {@code swapfile}. Exported only to
 * {@code linux.boot}, which assembles kernels from it, and {@code linux.testkit}.
 */
package linux.mm.swapfile.internal;
