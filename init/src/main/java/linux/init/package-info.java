/**
 * Mirrors linux-2.6.20 {@code init/main.c}: {@link linux.init.BootParams} parses a kernel
 * command line; {@link linux.init.InitModule} gathers the Dagger modules that build what lies
 * below the kernel .c files, and {@link linux.init.Selection} picks, by the name the command
 * line gives, the implementation behind each kernel file's header interface from the map the
 * implementation modules contribute to. {@link linux.init.KernelParts} lists what a built
 * kernel hands out; {@code linux.boot.KernelComponent} and the test kernels of each module
 * extend it.
 *
 * <h2>Locking</h2>
 * Assembly is single-threaded; the singletons it builds follow their own modules' rules.
 */
package linux.init;
