package linux.arch.x86.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;

import jakarta.inject.Inject;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.arch.x86.Cpus;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/pgtable-3level.h} and
 * {@code pgtable-3level-defs.h} (with the PAE half of {@code arch/i386/mm/pgtable.c}):
 * Physical Address Extension paging. A pgd of 4 eight-byte entries, each covering 1 GiB
 * (PGDIR_SHIFT 30); pmd tables of 512 entries covering 2 MiB each (PMD_SHIFT 21); pte
 * tables of 512 eight-byte ptes. Selected at boot by the name {@code "pae"}
 * ({@code pae=1}).
 *
 * <p>A pte is {@code pte_low | (long) pte_high << 32}; the kernel handles the two
 * 32-bit halves separately and so does this class (stores in the kernel's order, the
 * swap and file encodings in {@code pte_high} with 32-bit arithmetic). Swap ptes have a
 * zero low word, the type in bits 0-4 and the offset in bits 5-31 of the high word
 * (27 bits); a nonlinear file pte has {@code _PAGE_FILE} in the low word and the whole
 * 32-bit offset in the high word.
 *
 * <p>The pgd occupies the first 32 bytes of a frame of its own (the kernel takes it from
 * a slab cache); its three user entries point at pmd tables allocated with it, marked
 * present only ({@code 1 + __pa(pmd)}), as pgd_alloc does. The fourth (kernel) entry
 * stays empty in mmemu.
 *
 * <p>{@code __supported_pte_mask} keeps NX: mmemu's CPUs have the NX feature enabled,
 * so PAGE_COPY, PAGE_READONLY and PAGE_KERNEL carry bit 63.
 *
 * <p>State owned: none (the tables live in {@link PhysicalMemory}).
 */
public final class Pgtable3Level extends PgtableCommon {

    /** The name boot selects this format by. */
    public static final String NAME = "pae";

    private static final int HIGH = 4;
    /** A swap entry in pte_high: the type in bits 0-4, the offset from bit 5. */
    private static final int SWP_OFFSET_SHIFT = 5;
    private static final int SWP_TYPE_BITS = (1 << SWP_OFFSET_SHIFT) - 1;
    /** The NX bit as a bit of pte_high. */
    private static final int NX_HIGH = 1 << (_PAGE_BIT_NX - 32);

    /** Sets CR4.PAE on every CPU: the PAE kernel turns it on before enabling paging. */
    @Inject
    public Pgtable3Level(PhysicalMemory ram, Cpus cpus) {
        super(ram, cpus);
        cpus.setCr4Pae(true);
    }

    @Override
    @EmulatorOnly("the name boot selects this page-table format by")
    public String name() {
        return NAME;
    }

    @Override
    @EmulatorOnly("tells callers which format boot chose (CONFIG_X86_PAE is a compile-time choice in the kernel)")
    public boolean pae() {
        return true;
    }

    @Override
    @Mirrors("PGDIR_SHIFT")
    public int PGDIR_SHIFT() {
        return 30;
    }

    @Override
    @Mirrors("PTRS_PER_PGD")
    public int PTRS_PER_PGD() {
        return 4;
    }

    @Override
    @Mirrors("PMD_SHIFT")
    public int PMD_SHIFT() {
        return 21;
    }

    @Override
    @Mirrors("PTRS_PER_PMD")
    public int PTRS_PER_PMD() {
        return 512;
    }

    @Override
    @Mirrors("PTRS_PER_PTE")
    public int PTRS_PER_PTE() {
        return 512;
    }

    @Override
    @EmulatorOnly("sizeof(pte_t): the width of one entry in RAM")
    public int PTE_SIZE() {
        return 8;
    }

    @Override
    @Mirrors("PTE_FILE_MAX_BITS")
    public int PTE_FILE_MAX_BITS() {
        return 32;
    }

    @Override
    @Mirrors("_PAGE_NX")
    public long _PAGE_NX() {
        return 1L << _PAGE_BIT_NX;
    }

    @Override
    @Mirrors("__supported_pte_mask")
    public long supportedPteMask() {
        return -1L;
    }

    private static int low(long pte) {
        return (int) pte;
    }

    private static int high(long pte) {
        return (int) (pte >>> 32);
    }

    private static long pte(int low, int high) {
        return ((long) high << 32) | (low & LOW);
    }

    // ---- values ----------------------------------------------------------------------

    @Override
    @Mirrors("pte_none")
    public boolean pteNone(long pte) {
        return low(pte) == 0 && high(pte) == 0;
    }

    /** Executable when user-accessible and NX is clear. */
    @Override
    @Mirrors("pte_exec")
    public boolean pteExec(long pte) {
        return pteUser(pte) && (pte & _PAGE_NX()) == 0;
    }

    @Override
    @Mirrors("pte_modify")
    public long pteModify(long pte, long newprot) {
        int low = low(pte) & (int) _PAGE_CHG_MASK;
        low |= (int) newprot;
        int high = high(pte) & ~NX_HIGH;
        high |= (int) (newprot >>> 32) & (int) (supportedPteMask() >>> 32);
        return pte(low, high);
    }

    @Override
    @Mirrors("pte_pfn")
    public int ptePfn(long pte) {
        return (low(pte) >>> PAGE_SHIFT) | (high(pte) << (32 - PAGE_SHIFT));
    }

    @Override
    @Mirrors("pfn_pte")
    public long pfnPte(int pfn, long prot) {
        long supported = supportedPteMask();
        int high = (pfn >>> (32 - PAGE_SHIFT)) | (int) (prot >>> 32);
        high &= (int) (supported >>> 32);
        int low = ((pfn << PAGE_SHIFT) | (int) prot) & (int) supported;
        return pte(low, high);
    }

    @Override
    @Mirrors("__swp_type")
    public int swpTypeRaw(int archEntry) {
        return archEntry & SWP_TYPE_BITS;
    }

    @Override
    @Mirrors("__swp_offset")
    public int swpOffsetRaw(int archEntry) {
        return archEntry >>> SWP_OFFSET_SHIFT;
    }

    /** Neither field is masked, as in the macro: a type above 31 spills into the offset. */
    @Override
    @Mirrors("__swp_entry")
    public int swpEntryRaw(int type, int offset) {
        return type | (offset << SWP_OFFSET_SHIFT);
    }

    @Override
    @Mirrors("__pte_to_swp_entry")
    public int pteToSwpEntryRaw(long pte) {
        return high(pte);
    }

    @Override
    @Mirrors("__swp_entry_to_pte")
    public long swpEntryToPteRaw(int archEntry) {
        return pte(0, archEntry);
    }

    @Override
    @Mirrors("pte_to_pgoff")
    public long pteToPgoff(long pte) {
        return high(pte) & LOW;
    }

    @Override
    @Mirrors("pgoff_to_pte")
    public long pgoffToPte(long pgoff) {
        return pte((int) _PAGE_FILE, (int) pgoff);
    }

    // ---- entries in RAM ------------------------------------------------------------------

    @Override
    @EmulatorOnly("reads *ptep from RAM; C simply dereferences the pointer")
    public long ptepGet(long ptep) {
        return ram.readLong(pfnOf(ptep), offsetOf(ptep));
    }

    @Override
    @EmulatorOnly("reads *pmdp from RAM; C simply dereferences the pointer")
    public long pmdGet(long pmdp) {
        return ram.readLong(pfnOf(pmdp), offsetOf(pmdp));
    }

    @Override
    @EmulatorOnly("reads *pgdp from RAM; C simply dereferences the pointer")
    public long pgdGet(long pgdp) {
        return pmdGet(pgdp);
    }

    /** High half first, then low: the MMU may see a not-present pte, never a torn present one. */
    @Override
    @Mirrors("set_pte")
    public void setPte(long ptep, long pte) {
        int pfn = pfnOf(ptep);
        int off = offsetOf(ptep);
        ram.writeInt(pfn, off + HIGH, high(pte));
        ram.writeInt(pfn, off, low(pte));
    }

    @Override
    @Mirrors("set_pte_atomic")
    public void setPteAtomic(long ptep, long pte) {
        ram.writeLong(pfnOf(ptep), offsetOf(ptep), pte);
    }

    /** Present-to-present: clear low (dropping PRESENT), write high, then the new low. */
    @Override
    @Mirrors("set_pte_present")
    public void setPtePresent(long ptep, long pte) {
        int pfn = pfnOf(ptep);
        int off = offsetOf(ptep);
        ram.writeInt(pfn, off, 0);
        ram.writeInt(pfn, off + HIGH, high(pte));
        ram.writeInt(pfn, off, low(pte));
    }

    /** Low half (carrying PRESENT) first, then high. */
    @Override
    @Mirrors("pte_clear")
    public void pteClear(long ptep) {
        int pfn = pfnOf(ptep);
        int off = offsetOf(ptep);
        ram.writeInt(pfn, off, 0);
        ram.writeInt(pfn, off + HIGH, 0);
    }

    /** {@code xchg} of the low half with zero, then the high half read and cleared. */
    @Override
    @Mirrors("ptep_get_and_clear")
    public long ptepGetAndClear(long ptep) {
        int pfn = pfnOf(ptep);
        int off = offsetOf(ptep);
        int low = ram.getAndSetInt(pfn, off, 0);
        int high = ram.readInt(pfn, off + HIGH);
        ram.writeInt(pfn, off + HIGH, 0);
        return pte(low, high);
    }

    // ---- walking -----------------------------------------------------------------------

    /** The pud is folded into the pgd; the pgd entry points at a pmd table. */
    @Override
    @Mirrors("pmd_offset")
    public long pmdOffset(long pgdp, long address) {
        long pgd = pgdGet(pgdp);
        if ((pgd & _PAGE_PRESENT) == 0) {
            return -1;
        }
        return pointer((int) ((pgd & PTE_MASK) >>> PAGE_SHIFT), pmdIndex(address) * PTE_SIZE());
    }

    @Override
    @Mirrors("pmd_populate")
    public void pmdPopulate(long pmdp, int ptePfn) {
        ram.writeLong(pfnOf(pmdp), offsetOf(pmdp), _PAGE_TABLE + ((ptePfn & LOW) << PAGE_SHIFT));
    }

    @Override
    boolean installPmd(long pmdp, int pfn) {
        return ram.compareAndSetLong(pfnOf(pmdp), offsetOf(pmdp), 0L, _PAGE_TABLE + ((pfn & LOW) << PAGE_SHIFT));
    }

    /** Low half first, then high. */
    @Override
    @Mirrors("pmd_clear")
    public void pmdClear(long pmdp) {
        ram.writeInt(pfnOf(pmdp), offsetOf(pmdp), 0);
        ram.writeInt(pfnOf(pmdp), offsetOf(pmdp) + HIGH, 0);
    }

    @Override
    @Mirrors("pgd_alloc")
    public int pgdAlloc(IntSupplier allocFrame, IntConsumer freeFrame) {
        int pgd = allocFrame.getAsInt();
        if (pgd < 0) {
            return -1;
        }
        int users = USER_PTRS_PER_PGD();
        for (int i = 0; i < users; i++) {
            int pmd = allocFrame.getAsInt();
            if (pmd < 0) {
                for (int j = 0; j < i; j++) {
                    freeFrame.accept(pmdTableOf(pgd, j));
                }
                freeFrame.accept(pgd);
                return -1;
            }
            ram.writeLong(pgd, i * PTE_SIZE(), 1 + ((pmd & LOW) << PAGE_SHIFT));
        }
        return pgd;
    }

    private int pmdTableOf(int pgd, int i) {
        return (int) ((ram.readLong(pgd, i * PTE_SIZE()) - 1) >>> PAGE_SHIFT);
    }

    @Override
    @Mirrors("pgd_free")
    public void pgdFree(int pgd, IntConsumer freeFrame) {
        for (int i = 0; i < USER_PTRS_PER_PGD(); i++) {
            freeFrame.accept(pmdTableOf(pgd, i));
        }
        freeFrame.accept(pgd);
    }
}
