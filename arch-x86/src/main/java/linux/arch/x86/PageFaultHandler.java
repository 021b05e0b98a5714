package linux.arch.x86;

/**
 * The page-fault vector of the emulated interrupt descriptor table: what a {@link Cpu}
 * calls when a translation faults (the kernel installs {@code do_page_fault} of
 * {@code arch/i386/mm/fault.c} here).
 *
 * <p>The CPU calls it on the faulting CPU's thread, holding no lock of its own, exactly
 * where the hardware would enter the exception. Returning normally restarts the access
 * (the {@code iret} back to the faulting instruction), which then walks the page tables
 * again. To abandon the access (SIGSEGV, SIGBUS, OOM kill), the handler throws; the
 * exception propagates out of the load or store that faulted.
 */
@FunctionalInterface
public interface PageFaultHandler {

    /**
     * Handles a fault at {@code address} (CR2) with the i386 {@code errorCode}
     * ({@link PageFault#PF_PROT}, {@link PageFault#PF_WRITE}, {@link PageFault#PF_USER}).
     */
    void doPageFault(Cpu cpu, long address, int errorCode);

    /** The handler of a CPU before the kernel installs one: every fault is thrown as a {@link PageFault}. */
    PageFaultHandler UNHANDLED = (cpu, address, errorCode) -> {
        throw new PageFault(address, errorCode);
    };
}
