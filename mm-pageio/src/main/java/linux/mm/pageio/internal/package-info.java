/**
 * The implementation of mm/page_io.c ({@link linux.mm.pageio.internal.PageIo}) and its
 * Dagger registration. Exported only to {@code linux.boot} and {@code linux.testkit},
 * which assemble kernels from it.
 */
package linux.mm.pageio.internal;
