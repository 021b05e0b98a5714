/**
 * Recording fakes of the header interfaces for the test kernels of each module, and what
 * those tests share. A module's test kernel is a Dagger component of its own:
 * <pre>{@code
 * @Singleton
 * @Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, FakesModule.class})
 * interface SwapTestKernel extends KernelParts {
 *     @Component.Factory
 *     interface Factory {
 *         SwapTestKernel create(@BindsInstance BootParams params);
 *     }
 * }
 * }</pre>
 * It lists the real implementation modules upstream of the module under test (Maven forbids
 * test-scope cycles, so never one downstream) and this package's fakes for the others.
 *
 * <h2>Locking</h2>
 * Each fake documents what it records; recording is thread-safe where the header's callers
 * may be concurrent.
 */
package linux.testkit;
