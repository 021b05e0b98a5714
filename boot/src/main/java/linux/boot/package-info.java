/**
 * Assembly of an emulated linux-2.6.20 kernel (init/main.c): {@link linux.init.BootParams}
 * parses a kernel command line, {@link linux.boot.KernelComponent#startKernel} builds the Dagger
 * component that chooses, by name, the implementation behind each replaceable interface
 * (so far the page-table format: {@code pae=0|1} or {@code pgtable=2level|pae}).
 *
 * <h2>Locking</h2>
 * Booting is single-threaded; a built component is immutable and its singletons may be
 * shared by every thread. The objects it hands out follow their own modules' rules.
 */
package linux.boot;
