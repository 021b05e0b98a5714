package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mm.h struct zap_details. Owns the parameters of one
 * truncation-driven unmap.
 */

import linux.kernel.Mirrors;

/**
 * {@code struct zap_details}: when non-null, unmap_vmas / zap_page_range unmap only the
 * pages of {@link #checkMapping} within [firstIndex, lastIndex] (truncation) and leave
 * non-present ptes (swap entries) alone. Null means "unmap everything" (munmap, exit).
 */
@Mirrors("zap_details")
public final class ZapDetails {
    /** Non-null when the vma being zapped is nonlinear. */
    public VmAreaStruct nonlinearVma;
    /** Only pages of this mapping are unmapped (null: any). */
    public AddressSpace checkMapping;
    /** First page index to unmap (unsigned). */
    public int firstIndex;
    /** Last page index to unmap (unsigned, inclusive). */
    public int lastIndex;
}
