package linux.arch.x86.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.arch.x86.Cpus;
import linux.kernel.Errno;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;

/**
 * The part of linux-2.6.20 {@code include/asm-i386/pgtable.h} that both formats share:
 * the predicates and modifiers on {@code pte_low}, the protections, the ptep helpers that
 * touch only the low word, and the page-table walk through the folded levels. State
 * owned: none besides the RAM the tables live in and the CPUs whose TLBs get flushed.
 */
abstract class PgtableCommon implements Pgtable {

    static final long LOW = 0xFFFF_FFFFL;

    final PhysicalMemory ram;
    final Cpus cpus;

    PgtableCommon(PhysicalMemory ram, Cpus cpus) {
        this.ram = ram;
        this.cpus = cpus;
    }

    static int pfnOf(long pointer) {
        return (int) (pointer >>> PAGE_SHIFT);
    }

    static int offsetOf(long pointer) {
        return (int) (pointer & (PAGE_SIZE - 1));
    }

    static long pointer(int pfn, int offset) {
        return ((pfn & LOW) << PAGE_SHIFT) + offset;
    }

    // ---- geometry ------------------------------------------------------------------------

    @Override
    @Mirrors("USER_PTRS_PER_PGD")
    public final int USER_PTRS_PER_PGD() {
        return (int) (TASK_SIZE / PGDIR_SIZE());
    }

    @Override
    @Mirrors("pgd_index")
    public final int pgdIndex(long address) {
        return (int) ((address & LOW) >>> PGDIR_SHIFT()) & (PTRS_PER_PGD() - 1);
    }

    @Override
    @Mirrors("pmd_index")
    public final int pmdIndex(long address) {
        return (int) ((address & LOW) >>> PMD_SHIFT()) & (PTRS_PER_PMD() - 1);
    }

    @Override
    @Mirrors("pte_index")
    public final int pteIndex(long address) {
        return (int) ((address & LOW) >>> PAGE_SHIFT) & (PTRS_PER_PTE() - 1);
    }

    /** asm-generic's {@code *_addr_end}: both the boundary and the comparison wrap at 2^32. */
    private static long addrEnd(long addr, long end, long size) {
        long boundary = (addr + size) & ~(size - 1) & LOW;
        return ((boundary - 1) & LOW) < ((end - 1) & LOW) ? boundary : end;
    }

    @Override
    @Mirrors("pgd_addr_end")
    public final long pgdAddrEnd(long addr, long end) {
        return addrEnd(addr, end, PGDIR_SIZE());
    }

    @Override
    @Mirrors("pmd_addr_end")
    public final long pmdAddrEnd(long addr, long end) {
        return addrEnd(addr, end, PMD_SIZE());
    }

    // ---- protections -----------------------------------------------------------------

    @Override
    @Mirrors("PAGE_NONE")
    public final long PAGE_NONE() {
        return _PAGE_PROTNONE | _PAGE_ACCESSED;
    }

    @Override
    @Mirrors("PAGE_SHARED")
    public final long PAGE_SHARED() {
        return _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
    }

    @Override
    @Mirrors("PAGE_SHARED_EXEC")
    public final long PAGE_SHARED_EXEC() {
        return _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
    }

    @Override
    @Mirrors("PAGE_COPY_NOEXEC")
    public final long PAGE_COPY_NOEXEC() {
        return _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX();
    }

    @Override
    @Mirrors("PAGE_COPY_EXEC")
    public final long PAGE_COPY_EXEC() {
        return _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
    }

    @Override
    @Mirrors("PAGE_COPY")
    public final long PAGE_COPY() {
        return PAGE_COPY_NOEXEC();
    }

    @Override
    @Mirrors("PAGE_READONLY")
    public final long PAGE_READONLY() {
        return _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX();
    }

    @Override
    @Mirrors("PAGE_READONLY_EXEC")
    public final long PAGE_READONLY_EXEC() {
        return _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
    }

    /**
     * {@code __PAGE_KERNEL} as arch/i386/mm/init.c leaves it on a CPU without PGE (mmemu's
     * CPUs have no global pages): {@code _PAGE_KERNEL}. The kernel masks NX only when
     * {@code pfn_pte} builds a pte; masking here as well changes nothing, since every
     * bit of it is supported.
     */
    @Override
    @Mirrors("PAGE_KERNEL")
    public final long PAGE_KERNEL() {
        return (_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_NX()) & supportedPteMask();
    }

    @Override
    @Mirrors("protection_map")
    public final long protectionMap(int index) {
        switch (index) {
            case 0x0: return PAGE_NONE();          // __P000
            case 0x1: return PAGE_READONLY();      // __P001
            case 0x2: return PAGE_COPY();          // __P010
            case 0x3: return PAGE_COPY();          // __P011
            case 0x4: return PAGE_READONLY_EXEC(); // __P100
            case 0x5: return PAGE_READONLY_EXEC(); // __P101
            case 0x6: return PAGE_COPY_EXEC();     // __P110
            case 0x7: return PAGE_COPY_EXEC();     // __P111
            case 0x8: return PAGE_NONE();          // __S000
            case 0x9: return PAGE_READONLY();      // __S001
            case 0xA: return PAGE_SHARED();        // __S010
            case 0xB: return PAGE_SHARED();        // __S011
            case 0xC: return PAGE_READONLY_EXEC(); // __S100
            case 0xD: return PAGE_READONLY_EXEC(); // __S101
            case 0xE: return PAGE_SHARED_EXEC();   // __S110
            case 0xF: return PAGE_SHARED_EXEC();   // __S111
            default:
                throw new IndexOutOfBoundsException("protection_map has 16 entries, not index " + index);
        }
    }

    // ---- predicates and modifiers on pte_low -------------------------------------------

    @Override
    @Mirrors("pte_present")
    public final boolean ptePresent(long pte) {
        return (pte & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0;
    }

    @Override
    @Mirrors("pte_user")
    public final boolean pteUser(long pte) {
        return (pte & _PAGE_USER) != 0;
    }

    @Override
    @Mirrors("pte_read")
    public final boolean pteRead(long pte) {
        return (pte & _PAGE_USER) != 0;
    }

    @Override
    @Mirrors("pte_dirty")
    public final boolean pteDirty(long pte) {
        return (pte & _PAGE_DIRTY) != 0;
    }

    @Override
    @Mirrors("pte_young")
    public final boolean pteYoung(long pte) {
        return (pte & _PAGE_ACCESSED) != 0;
    }

    @Override
    @Mirrors("pte_write")
    public final boolean pteWrite(long pte) {
        return (pte & _PAGE_RW) != 0;
    }

    @Override
    @Mirrors("pte_huge")
    public final boolean pteHuge(long pte) {
        return (pte & _PAGE_PSE) != 0;
    }

    @Override
    @Mirrors("pte_file")
    public final boolean pteFile(long pte) {
        return (pte & _PAGE_FILE) != 0;
    }

    @Override
    @Mirrors("pte_same")
    public final boolean pteSame(long a, long b) {
        return a == b;
    }

    @Override
    @Mirrors("pte_rdprotect")
    public final long pteRdprotect(long pte) {
        return pte & ~_PAGE_USER;
    }

    @Override
    @Mirrors("pte_exprotect")
    public final long pteExprotect(long pte) {
        return pte & ~_PAGE_USER;
    }

    @Override
    @Mirrors("pte_mkclean")
    public final long pteMkclean(long pte) {
        return pte & ~_PAGE_DIRTY;
    }

    @Override
    @Mirrors("pte_mkold")
    public final long pteMkold(long pte) {
        return pte & ~_PAGE_ACCESSED;
    }

    @Override
    @Mirrors("pte_wrprotect")
    public final long pteWrprotect(long pte) {
        return pte & ~_PAGE_RW;
    }

    @Override
    @Mirrors("pte_mkread")
    public final long pteMkread(long pte) {
        return pte | _PAGE_USER;
    }

    @Override
    @Mirrors("pte_mkexec")
    public final long pteMkexec(long pte) {
        return pte | _PAGE_USER;
    }

    @Override
    @Mirrors("pte_mkdirty")
    public final long pteMkdirty(long pte) {
        return pte | _PAGE_DIRTY;
    }

    @Override
    @Mirrors("pte_mkyoung")
    public final long pteMkyoung(long pte) {
        return pte | _PAGE_ACCESSED;
    }

    @Override
    @Mirrors("pte_mkwrite")
    public final long pteMkwrite(long pte) {
        return pte | _PAGE_RW;
    }

    @Override
    @Mirrors("pte_mkhuge")
    public final long pteMkhuge(long pte) {
        return pte | _PAGE_PSE;
    }

    // ---- pmd entries -----------------------------------------------------------------

    @Override
    @Mirrors("pmd_none")
    public final boolean pmdNone(long pmd) {
        return (pmd & LOW) == 0;
    }

    @Override
    @Mirrors("pmd_present")
    public final boolean pmdPresent(long pmd) {
        return (pmd & _PAGE_PRESENT) != 0;
    }

    /** Bad unless the low 12 bits, USER aside, are exactly {@code _KERNPG_TABLE}. */
    @Override
    @Mirrors("pmd_bad")
    public final boolean pmdBad(long pmd) {
        return (pmd & (~PTE_MASK & LOW & ~_PAGE_USER)) != _KERNPG_TABLE;
    }

    @Override
    @Mirrors("pmd_page")
    public final int pmdPage(long pmd) {
        return (int) (pmd >>> PAGE_SHIFT);
    }

    // ---- ptep helpers on the low word ------------------------------------------------------

    @Override
    @Mirrors("set_pte_at")
    public final void setPteAt(long ptep, long pte) {
        setPte(ptep, pte);
    }

    @Override
    @Mirrors("ptep_get_and_clear_full")
    public final long ptepGetAndClearFull(long ptep, boolean full) {
        if (full) {
            long pte = ptepGet(ptep);
            pteClear(ptep);
            return pte;
        }
        return ptepGetAndClear(ptep);
    }

    @Override
    @Mirrors("ptep_set_wrprotect")
    public final void ptepSetWrprotect(long ptep) {
        ram.getAndBitwiseAndInt(pfnOf(ptep), offsetOf(ptep), (int) ~_PAGE_RW);
    }

    @Override
    @Mirrors("ptep_clear_flush_young")
    public final boolean ptepClearFlushYoung(int pgd, long address, long ptep) {
        boolean young = (ram.readInt(pfnOf(ptep), offsetOf(ptep)) & _PAGE_ACCESSED) != 0;
        if (young) {
            ram.getAndBitwiseAndInt(pfnOf(ptep), offsetOf(ptep), (int) ~_PAGE_ACCESSED);
            cpus.flushTlbPage(pgd, address);
        }
        return young;
    }

    @Override
    @Mirrors("ptep_clear_flush_dirty")
    public final boolean ptepClearFlushDirty(int pgd, long address, long ptep) {
        boolean dirty = (ram.readInt(pfnOf(ptep), offsetOf(ptep)) & _PAGE_DIRTY) != 0;
        if (dirty) {
            ram.getAndBitwiseAndInt(pfnOf(ptep), offsetOf(ptep), (int) ~_PAGE_DIRTY);
            cpus.flushTlbPage(pgd, address);
        }
        return dirty;
    }

    /** asm-generic: get-and-clear, then flush the page from every CPU running the mm. */
    @Override
    @Mirrors("ptep_clear_flush")
    public final long ptepClearFlush(int pgd, long address, long ptep) {
        long pte = ptepGetAndClear(ptep);
        cpus.flushTlbPage(pgd, address);
        return pte;
    }

    @Override
    @Mirrors("ptep_set_access_flags")
    public final void ptepSetAccessFlags(int pgd, long address, long ptep, long entry, int dirty) {
        if (dirty != 0) {
            ram.writeInt(pfnOf(ptep), offsetOf(ptep), (int) entry);
            cpus.flushTlbPage(pgd, address);
        }
    }

    @Override
    @Mirrors("ptep_establish")
    public final void ptepEstablish(int pgd, long address, long ptep, long pte) {
        setPtePresent(ptep, pte);
        cpus.flushTlbPage(pgd, address);
    }

    // ---- walking -----------------------------------------------------------------------

    @Override
    @Mirrors("pgd_offset")
    public final long pgdOffset(int pgd, long address) {
        return pointer(pgd, pgdIndex(address) * PTE_SIZE());
    }

    @Override
    @EmulatorOnly("pte_offset_map and pte_offset_kernel in one: without HIGHPTE both are this address computation")
    public final long pteOffset(long pmdp, long address) {
        long pmd = pmdGet(pmdp);
        assert pmdPresent(pmd) : "pte_offset_map on a pmd that is not present";
        return pointer(pmdPage(pmd), pteIndex(address) * PTE_SIZE());
    }

    @Override
    @Mirrors("__pte_alloc")
    public final int pteAlloc(long pmdp, IntSupplier allocFrame, IntConsumer freeFrame) {
        int pfn = allocFrame.getAsInt();
        if (pfn < 0) {
            return Errno.ENOMEM.negative();
        }
        if (!installPmd(pmdp, pfn)) {
            // Another thread populated it while we allocated: give ours back.
            freeFrame.accept(pfn);
        }
        return 0;
    }

    /** Atomically sets a none pmd entry to point at table {@code pfn}; false if it was not none. */
    abstract boolean installPmd(long pmdp, int pfn);

    @Override
    @Mirrors("pte_alloc_map")
    public final long pteAllocMap(long pmdp, long address, IntSupplier allocFrame, IntConsumer freeFrame) {
        if (!pmdPresent(pmdGet(pmdp)) && pteAlloc(pmdp, allocFrame, freeFrame) != 0) {
            return -1;
        }
        return pteOffset(pmdp, address);
    }

    @Override
    @EmulatorOnly("walks pgd, pmd and pte without allocating, as follow_page and the fault path open-code it")
    public final long lookupPte(int pgd, long address) {
        long pmdp = pmdOffset(pgdOffset(pgd, address), address);
        if (pmdp < 0) {
            return -1;
        }
        long pmd = pmdGet(pmdp);
        if (pmdNone(pmd) || !pmdPresent(pmd)) {
            return -1;
        }
        return pteOffset(pmdp, address);
    }
}
