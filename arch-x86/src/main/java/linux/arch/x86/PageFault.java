package linux.arch.x86;

/**
 * Mirrors linux-2.6.20 {@code arch/i386/mm/fault.c}: the page-fault exception (#PF) as
 * the hardware raises it, with the error-code bits {@code do_page_fault} reads.
 *
 * <p>The bits are the ones fault.c documents above {@code do_page_fault}: bit 0 clear
 * means no page was found, set means a protection violation; bit 1 set means a write;
 * bit 2 set means the access came from user mode; bit 3 set means a reserved bit was
 * found set in a paging entry. (2.6.20 tests the raw numbers; the {@code PF_*} names are
 * the ones later kernels gave them.)
 *
 * <p>An instance is what a {@link Cpu} throws when a fault reaches no handler (see
 * {@link Cpus#setPageFaultHandler}); it carries the faulting address (the CR2 register)
 * and the error code, and has no stack trace: a fault is an expected event.
 */
public final class PageFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error-code bit 0: the page was present; the access violated its protection. */
    public static final int PF_PROT = 1 << 0;
    /** Error-code bit 1: the access was a write. */
    public static final int PF_WRITE = 1 << 1;
    /** Error-code bit 2: the access came from user mode (CPL 3). */
    public static final int PF_USER = 1 << 2;
    /** Error-code bit 3: a reserved bit was set in a paging entry. */
    public static final int PF_RSVD = 1 << 3;

    private final long address;
    private final int errorCode;

    public PageFault(long address, int errorCode) {
        super(describe(address, errorCode), null, false, false);
        this.address = address;
        this.errorCode = errorCode;
    }

    /** The faulting virtual address (what {@code read_cr2()} returns). */
    public long address() {
        return address;
    }

    /** The error code pushed by the CPU. */
    public int errorCode() {
        return errorCode;
    }

    /** E.g. {@code "page fault at 0x08048000: user write, protection violation"}. */
    public static String describe(long address, int errorCode) {
        return String.format("page fault at 0x%08x: %s %s, %s%s", address,
                (errorCode & PF_USER) != 0 ? "user" : "kernel",
                (errorCode & PF_WRITE) != 0 ? "write" : "read",
                (errorCode & PF_PROT) != 0 ? "protection violation" : "page not present",
                (errorCode & PF_RSVD) != 0 ? ", reserved bit set" : "");
    }
}
