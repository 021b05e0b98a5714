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
 * Mirrors linux-2.6.20 {@code include/asm-i386/pgtable-2level.h} and
 * {@code pgtable-2level-defs.h} (with the 2-level half of {@code arch/i386/mm/pgtable.c}):
 * the classic i386 format. A pgd of 1024 four-byte entries, each covering 4 MiB
 * (PGDIR_SHIFT 22); the pud and pmd are folded into it; pte tables of 1024 four-byte
 * ptes. Selected at boot by the name {@code "2level"} ({@code pae=0}).
 *
 * <p>All arithmetic is that of the 32-bit {@code unsigned long}: every value is computed
 * in an {@code int} and zero-extended, so bits shifted past bit 31 are lost exactly as in
 * C. Swap ptes hold the type in bits 1-5 and the offset in bits 8-31 (24 bits); a
 * nonlinear file pte splits a 29-bit offset around bits 0, 6 and 7.
 *
 * <p>State owned: none (the tables live in {@link PhysicalMemory}).
 */
public final class Pgtable2Level extends PgtableCommon {

    /** The name boot selects this format by. */
    public static final String NAME = "2level";

    private static final int FILE = (int) _PAGE_FILE;
    /**
     * Bits 1-5, between PRESENT and FILE (bit 6): the type of a swap pte, the low bits of
     * the offset of a nonlinear file pte.
     */
    private static final int LOW_FIELD_SHIFT = _PAGE_BIT_PRESENT + 1;
    private static final int LOW_FIELD_BITS = _PAGE_BIT_DIRTY - LOW_FIELD_SHIFT;
    private static final int LOW_FIELD_MASK = (1 << LOW_FIELD_BITS) - 1;
    /** Bits 8-31, above PROTNONE (bit 7): the swap offset, the rest of the file offset. */
    private static final int HIGH_FIELD_SHIFT = _PAGE_BIT_PSE + 1;

    private static final int SWP_TYPE_SHIFT = LOW_FIELD_SHIFT;
    private static final int SWP_TYPE_BITS = LOW_FIELD_MASK;
    private static final int SWP_OFFSET_SHIFT = HIGH_FIELD_SHIFT;

    /** Sets CR4.PAE clear on every CPU: the 2-level kernel pages without PAE. */
    @Inject
    public Pgtable2Level(PhysicalMemory ram, Cpus cpus) {
        super(ram, cpus);
        cpus.setCr4Pae(false);
    }

    @Override
    @EmulatorOnly("the name boot selects this page-table format by")
    public String name() {
        return NAME;
    }

    @Override
    @EmulatorOnly("tells callers which format boot chose (CONFIG_X86_PAE is a compile-time choice in the kernel)")
    public boolean pae() {
        return false;
    }

    @Override
    @Mirrors("PGDIR_SHIFT")
    public int PGDIR_SHIFT() {
        return 22;
    }

    @Override
    @Mirrors("PTRS_PER_PGD")
    public int PTRS_PER_PGD() {
        return 1024;
    }

    @Override
    @Mirrors("PMD_SHIFT")
    public int PMD_SHIFT() {
        return PGDIR_SHIFT();
    }

    @Override
    @Mirrors("PTRS_PER_PMD")
    public int PTRS_PER_PMD() {
        return 1;
    }

    @Override
    @Mirrors("PTRS_PER_PTE")
    public int PTRS_PER_PTE() {
        return 1024;
    }

    @Override
    @EmulatorOnly("sizeof(pte_t): the width of one entry in RAM")
    public int PTE_SIZE() {
        return 4;
    }

    @Override
    @Mirrors("PTE_FILE_MAX_BITS")
    public int PTE_FILE_MAX_BITS() {
        return 29;
    }

    @Override
    @Mirrors("_PAGE_NX")
    public long _PAGE_NX() {
        return 0;
    }

    @Override
    @Mirrors("__supported_pte_mask")
    public long supportedPteMask() {
        return LOW;
    }

    // ---- values ----------------------------------------------------------------------

    @Override
    @Mirrors("pte_none")
    public boolean pteNone(long pte) {
        return (pte & LOW) == 0;
    }

    /** Without PAE there is no NX bit: whatever user mode may read, it may also run. */
    @Override
    @Mirrors("pte_exec")
    public boolean pteExec(long pte) {
        return pteUser(pte);
    }

    @Override
    @Mirrors("pte_modify")
    public long pteModify(long pte, long newprot) {
        int low = (int) pte & (int) _PAGE_CHG_MASK;
        low |= (int) newprot;
        return low & LOW;
    }

    @Override
    @Mirrors("pte_pfn")
    public int ptePfn(long pte) {
        return (int) pte >>> PAGE_SHIFT;
    }

    @Override
    @Mirrors("pfn_pte")
    public long pfnPte(int pfn, long prot) {
        return ((pfn << PAGE_SHIFT) | (int) prot) & LOW;
    }

    @Override
    @Mirrors("__swp_type")
    public int swpTypeRaw(int archEntry) {
        return (archEntry >>> SWP_TYPE_SHIFT) & SWP_TYPE_BITS;
    }

    @Override
    @Mirrors("__swp_offset")
    public int swpOffsetRaw(int archEntry) {
        return archEntry >>> SWP_OFFSET_SHIFT;
    }

    /** Neither field is masked, as in the macro: a type above 31 spills into bit 6 (_PAGE_FILE). */
    @Override
    @Mirrors("__swp_entry")
    public int swpEntryRaw(int type, int offset) {
        return (type << SWP_TYPE_SHIFT) | (offset << SWP_OFFSET_SHIFT);
    }

    @Override
    @Mirrors("__pte_to_swp_entry")
    public int pteToSwpEntryRaw(long pte) {
        return (int) pte;
    }

    @Override
    @Mirrors("__swp_entry_to_pte")
    public long swpEntryToPteRaw(int archEntry) {
        return archEntry & LOW;
    }

    @Override
    @Mirrors("pte_to_pgoff")
    public long pteToPgoff(long pte) {
        int low = (int) pte;
        return (((low >>> LOW_FIELD_SHIFT) & LOW_FIELD_MASK) + ((low >>> HIGH_FIELD_SHIFT) << LOW_FIELD_BITS)) & LOW;
    }

    @Override
    @Mirrors("pgoff_to_pte")
    public long pgoffToPte(long pgoff) {
        int off = (int) pgoff;
        return (((off & LOW_FIELD_MASK) << LOW_FIELD_SHIFT) + ((off >>> LOW_FIELD_BITS) << HIGH_FIELD_SHIFT) + FILE) & LOW;
    }

    // ---- entries in RAM ------------------------------------------------------------------

    @Override
    @EmulatorOnly("reads *ptep from RAM; C simply dereferences the pointer")
    public long ptepGet(long ptep) {
        return ram.readInt(pfnOf(ptep), offsetOf(ptep)) & LOW;
    }

    @Override
    @EmulatorOnly("reads *pmdp from RAM; C simply dereferences the pointer")
    public long pmdGet(long pmdp) {
        return ram.readInt(pfnOf(pmdp), offsetOf(pmdp)) & LOW;
    }

    @Override
    @EmulatorOnly("reads *pgdp from RAM; C simply dereferences the pointer")
    public long pgdGet(long pgdp) {
        return pmdGet(pgdp);
    }

    @Override
    @Mirrors("set_pte")
    public void setPte(long ptep, long pte) {
        ram.writeInt(pfnOf(ptep), offsetOf(ptep), (int) pte);
    }

    @Override
    @Mirrors("set_pte_atomic")
    public void setPteAtomic(long ptep, long pte) {
        setPte(ptep, pte);
    }

    @Override
    @Mirrors("set_pte_present")
    public void setPtePresent(long ptep, long pte) {
        setPte(ptep, pte);
    }

    @Override
    @Mirrors("pte_clear")
    public void pteClear(long ptep) {
        setPte(ptep, 0);
    }

    /** {@code xchg} of the whole 32-bit pte with zero. */
    @Override
    @Mirrors("ptep_get_and_clear")
    public long ptepGetAndClear(long ptep) {
        return ram.getAndSetInt(pfnOf(ptep), offsetOf(ptep), 0) & LOW;
    }

    // ---- walking -----------------------------------------------------------------------

    /** The pud and the pmd are folded: the pmd entry is the pgd entry. */
    @Override
    @Mirrors("pmd_offset")
    public long pmdOffset(long pgdp, long address) {
        return pgdp;
    }

    @Override
    @Mirrors("pmd_populate")
    public void pmdPopulate(long pmdp, int ptePfn) {
        ram.writeInt(pfnOf(pmdp), offsetOf(pmdp), (int) _PAGE_TABLE + (ptePfn << PAGE_SHIFT));
    }

    @Override
    boolean installPmd(long pmdp, int pfn) {
        return ram.compareAndSetInt(pfnOf(pmdp), offsetOf(pmdp), 0, (int) _PAGE_TABLE + (pfn << PAGE_SHIFT));
    }

    @Override
    @Mirrors("pmd_clear")
    public void pmdClear(long pmdp) {
        ram.writeInt(pfnOf(pmdp), offsetOf(pmdp), 0);
    }

    /** One zeroed frame of 1024 entries; the kernel's half stays empty in mmemu. */
    @Override
    @Mirrors("pgd_alloc")
    public int pgdAlloc(IntSupplier allocFrame, IntConsumer freeFrame) {
        int pfn = allocFrame.getAsInt();
        return pfn < 0 ? -1 : pfn;
    }

    @Override
    @Mirrors("pgd_free")
    public void pgdFree(int pgd, IntConsumer freeFrame) {
        freeFrame.accept(pgd);
    }
}
