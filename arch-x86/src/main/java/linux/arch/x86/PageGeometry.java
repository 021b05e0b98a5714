package linux.arch.x86;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/page.h}: the page geometry every other
 * layer builds on. Physical frames, page tables and swap slots are all PAGE_SIZE units.
 */
public final class PageGeometry {
    private PageGeometry() {
    }

    @Mirrors("PAGE_SHIFT")
    public static final int PAGE_SHIFT = 12;

    @Mirrors("PAGE_SIZE")
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** The 32-bit mask that clears the offset within a page ({@code 0xFFFFF000}). */
    @Mirrors("PAGE_MASK")
    public static final int PAGE_MASK = ~(PAGE_SIZE - 1);

    /** Sectors of 512 bytes per page, the factor page_io uses to turn slots into sectors. */
    public static final int SECTORS_PER_PAGE = PAGE_SIZE >> 9;
}
