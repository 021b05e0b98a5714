package linux.mm.page;

import linux.kernel.KernelBug;

import linux.arch.x86.Pgtable;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/swapops.h} (with MAX_SWAPFILES_SHIFT and
 * MAX_SWAPFILES of {@code include/linux/swap.h}): the arch-independent swap entry and its
 * conversion to and from the arch's swap pte. State owned: none.
 *
 * <p>A {@code swp_entry_t} is an {@code int} holding the kernel's 32-bit
 * {@code unsigned long val}: the type in the top 5 bits, the offset in the low 27. This
 * is the value the swap cache is indexed by and {@code page->private} holds; the
 * arch-dependent form exists only inside ptes.
 *
 * <p>Differs from 2.6.20: CONFIG_MIGRATION is off on i386 (it depends on NUMA), so there
 * are no migration entries and {@link #isMigrationEntry} is constantly false. BUG_ON
 * throws {@link KernelBug}.
 */
public final class Swapops {
    private Swapops() {
    }

    @Mirrors("MAX_SWAPFILES_SHIFT")
    public static final int MAX_SWAPFILES_SHIFT = 5;

    /** 32: no CONFIG_MIGRATION, so no types are reserved for migration entries. */
    @Mirrors("MAX_SWAPFILES")
    public static final int MAX_SWAPFILES = 1 << MAX_SWAPFILES_SHIFT;

    /** {@code sizeof(val) * 8 - MAX_SWAPFILES_SHIFT} = 27. */
    @Mirrors("SWP_TYPE_SHIFT")
    public static final int SWP_TYPE_SHIFT = Integer.SIZE - MAX_SWAPFILES_SHIFT;

    /** {@code (1UL << SWP_TYPE_SHIFT) - 1} = 0x07FFFFFF. */
    @Mirrors("SWP_OFFSET_MASK")
    public static final int SWP_OFFSET_MASK = (1 << SWP_TYPE_SHIFT) - 1;

    /**
     * The entry for slot {@code offset} of swap area {@code type}. Both are C
     * {@code unsigned long}s: offset bits above 26 are masked off and type bits above 4
     * are shifted out, as in the kernel.
     */
    @Mirrors("swp_entry")
    public static int swpEntry(int type, int offset) {
        return (type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK);
    }

    /** The swap area index (0..31). */
    @Mirrors("swp_type")
    public static int swpType(int entry) {
        return entry >>> SWP_TYPE_SHIFT;
    }

    /** The page slot within the area (0..2^27-1). */
    @Mirrors("swp_offset")
    public static int swpOffset(int entry) {
        return entry & SWP_OFFSET_MASK;
    }

    /**
     * The arch-independent entry a swap pte holds. BUG if the pte is a nonlinear file
     * pte. Callers (do_swap_page, unuse_pte, zap_pte_range, copy_one_pte) have checked
     * that it is neither none nor present.
     */
    @Mirrors("pte_to_swp_entry")
    public static int pteToSwpEntry(Pgtable pgtable, long pte) {
        if (pgtable.pteFile(pte)) {
            throw new KernelBug(String.format("pte_to_swp_entry of a file pte 0x%x", pte));
        }
        int arch = pgtable.pteToSwpEntryRaw(pte);
        return swpEntry(pgtable.swpTypeRaw(arch), pgtable.swpOffsetRaw(arch));
    }

    /**
     * The swap pte for {@code entry} in {@code pgtable}'s format (try_to_unmap_one,
     * sys_swapon). Offset bits the format cannot hold are lost, as in the kernel; BUG if
     * the result would read as a file pte.
     */
    @Mirrors("swp_entry_to_pte")
    public static long swpEntryToPte(Pgtable pgtable, int entry) {
        int arch = pgtable.swpEntryRaw(swpType(entry), swpOffset(entry));
        long pte = pgtable.swpEntryToPteRaw(arch);
        if (pgtable.pteFile(pte)) {
            throw new KernelBug(String.format("swp_entry_to_pte(0x%08x) made a file pte", entry));
        }
        return pte;
    }

    /**
     * The largest number of pages a swap area may have in {@code pgtable}'s format,
     * computed as sys_swapon computes its {@code maxpages}: the offset that survives a
     * round trip of {@code swp_entry(0, ~0UL)} through a swap pte, minus one.
     * 2-level: 16,777,214; PAE: 134,217,726.
     */
    public static int maxSwapPages(Pgtable pgtable) {
        return swpOffset(pteToSwpEntry(pgtable, swpEntryToPte(pgtable, swpEntry(0, ~0)))) - 1;
    }

    /** Always false: CONFIG_MIGRATION is off on i386. */
    @Mirrors("is_migration_entry")
    public static boolean isMigrationEntry(int entry) {
        return false;
    }
}
