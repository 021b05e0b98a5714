package linux.arch.x86;

import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/pgtable.h} with
 * {@code pgtable-2level{,-defs}.h} / {@code pgtable-3level{,-defs}.h} and the page-table
 * allocation of {@code arch/i386/mm/pgtable.c}: the page-table format as the rest of the
 * kernel sees it. The kernel picks one format at compile time (CONFIG_X86_PAE); mmemu
 * picks one of the two implementations at boot by name: {@code "2level"} or
 * {@code "pae"}.
 *
 * <h2>Values</h2>
 * A pte (and a pmd or pgd entry) is a {@code long}. Under the 2-level format only the low
 * 32 bits are used and every result is a 32-bit value zero-extended
 * ({@code 0 <= pte < 2^32}); every computation is done with 32-bit arithmetic, so bits
 * shifted past bit 31 are dropped as they are in C. Under PAE the value is
 * {@code pte_low | (pte_high << 32)}. A protection ({@code pgprot_t}) is a {@code long}
 * in the same way. Arch-dependent swap entries ({@code swp_entry_t} in the arch format,
 * the {@code __swp_*} macros) are 32-bit {@code int}s in both formats, with C's
 * unsigned semantics; so is a pfn. A virtual address is a {@code long} in
 * {@code [0, 2^32)}.
 *
 * <h2>Pointers</h2>
 * A pointer to a pgd, pmd or pte entry ({@code pgd_t *}, {@code pmd_t *}, {@code pte_t *})
 * is the entry's physical byte address in {@link PhysicalMemory}:
 * {@code (pfn << PAGE_SHIFT) + byte offset}. Methods that return a pointer return
 * {@code -1} where the kernel returns NULL. An address space is named by the pfn of its
 * pgd frame (what its mm's {@code pgd} points at and what CR3 holds); the TLB flushes
 * that the pte helpers perform reach the CPUs whose CR3 holds that pgd.
 *
 * <h2>Locking</h2>
 * As in the kernel: the caller holds the pte lock (mm->page_table_lock) around
 * read-modify-write sequences on a pte; the helpers that must race with the MMU setting
 * ACCESSED/DIRTY ({@link #ptepGetAndClear}, {@link #ptepSetWrprotect},
 * {@link #ptepClearFlushYoung}) use atomic operations on RAM. The pure value functions
 * need no lock.
 */
public interface Pgtable {

    // ---- pte bits (format-independent) -----------------------------------------------

    @Mirrors("_PAGE_BIT_PRESENT") int _PAGE_BIT_PRESENT = 0;
    @Mirrors("_PAGE_BIT_RW") int _PAGE_BIT_RW = 1;
    @Mirrors("_PAGE_BIT_USER") int _PAGE_BIT_USER = 2;
    @Mirrors("_PAGE_BIT_PWT") int _PAGE_BIT_PWT = 3;
    @Mirrors("_PAGE_BIT_PCD") int _PAGE_BIT_PCD = 4;
    @Mirrors("_PAGE_BIT_ACCESSED") int _PAGE_BIT_ACCESSED = 5;
    @Mirrors("_PAGE_BIT_DIRTY") int _PAGE_BIT_DIRTY = 6;
    @Mirrors("_PAGE_BIT_PSE") int _PAGE_BIT_PSE = 7;
    @Mirrors("_PAGE_BIT_GLOBAL") int _PAGE_BIT_GLOBAL = 8;
    @Mirrors("_PAGE_BIT_UNUSED1") int _PAGE_BIT_UNUSED1 = 9;
    @Mirrors("_PAGE_BIT_UNUSED2") int _PAGE_BIT_UNUSED2 = 10;
    @Mirrors("_PAGE_BIT_UNUSED3") int _PAGE_BIT_UNUSED3 = 11;
    @Mirrors("_PAGE_BIT_NX") int _PAGE_BIT_NX = 63;

    @Mirrors("_PAGE_PRESENT") long _PAGE_PRESENT = 1L << _PAGE_BIT_PRESENT;
    @Mirrors("_PAGE_RW") long _PAGE_RW = 1L << _PAGE_BIT_RW;
    @Mirrors("_PAGE_USER") long _PAGE_USER = 1L << _PAGE_BIT_USER;
    @Mirrors("_PAGE_PWT") long _PAGE_PWT = 1L << _PAGE_BIT_PWT;
    @Mirrors("_PAGE_PCD") long _PAGE_PCD = 1L << _PAGE_BIT_PCD;
    @Mirrors("_PAGE_ACCESSED") long _PAGE_ACCESSED = 1L << _PAGE_BIT_ACCESSED;
    @Mirrors("_PAGE_DIRTY") long _PAGE_DIRTY = 1L << _PAGE_BIT_DIRTY;
    @Mirrors("_PAGE_PSE") long _PAGE_PSE = 1L << _PAGE_BIT_PSE;
    @Mirrors("_PAGE_GLOBAL") long _PAGE_GLOBAL = 1L << _PAGE_BIT_GLOBAL;
    @Mirrors("_PAGE_UNUSED1") long _PAGE_UNUSED1 = 1L << _PAGE_BIT_UNUSED1;
    @Mirrors("_PAGE_UNUSED2") long _PAGE_UNUSED2 = 1L << _PAGE_BIT_UNUSED2;
    @Mirrors("_PAGE_UNUSED3") long _PAGE_UNUSED3 = 1L << _PAGE_BIT_UNUSED3;

    /** Only when PRESENT is clear: set = nonlinear file pte, clear = swap pte (the DIRTY bit). */
    @Mirrors("_PAGE_FILE") long _PAGE_FILE = _PAGE_DIRTY;
    /** Only when PRESENT is clear: a PROT_NONE mapping, which pte_present reports present (the PSE bit). */
    @Mirrors("_PAGE_PROTNONE") long _PAGE_PROTNONE = _PAGE_PSE;

    @Mirrors("_PAGE_TABLE")
    long _PAGE_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;
    @Mirrors("_KERNPG_TABLE")
    long _KERNPG_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    /** {@code PAGE_MASK} as the 32-bit {@code unsigned long} it is in both formats. */
    @Mirrors("PTE_MASK") long PTE_MASK = PageGeometry.PAGE_MASK & 0xFFFF_FFFFL;
    @Mirrors("_PAGE_CHG_MASK") long _PAGE_CHG_MASK = PTE_MASK | _PAGE_ACCESSED | _PAGE_DIRTY;

    /** User space ends here (the 3G/1G split): {@code TASK_SIZE == PAGE_OFFSET == 0xC0000000}. */
    @Mirrors("TASK_SIZE") long TASK_SIZE = 0xC000_0000L;

    // ---- format and geometry ---------------------------------------------------------

    /** The name boot selects the format by: {@code "2level"} or {@code "pae"}. */
    String name();

    /** Whether this is the PAE format ({@code CONFIG_X86_PAE}). */
    boolean pae();

    @Mirrors("PGDIR_SHIFT") int PGDIR_SHIFT();
    @Mirrors("PTRS_PER_PGD") int PTRS_PER_PGD();
    /** {@code PMD_SHIFT}; equal to PGDIR_SHIFT when the pmd is folded (2-level). */
    @Mirrors("PMD_SHIFT") int PMD_SHIFT();
    /** {@code PTRS_PER_PMD}; 1 when folded. */
    @Mirrors("PTRS_PER_PMD") int PTRS_PER_PMD();
    @Mirrors("PTRS_PER_PTE") int PTRS_PER_PTE();
    /** {@code sizeof(pte_t)}: 4 or 8 bytes (also the size of a pmd entry). */
    int PTE_SIZE();
    /** Bits of file offset a nonlinear file pte holds: 29 (2-level) or 32 (PAE). */
    @Mirrors("PTE_FILE_MAX_BITS") int PTE_FILE_MAX_BITS();
    /** {@code USER_PTRS_PER_PGD = TASK_SIZE / PGDIR_SIZE}: 768 or 3. */
    @Mirrors("USER_PTRS_PER_PGD") int USER_PTRS_PER_PGD();
    /** {@code _PAGE_NX}: bit 63 under PAE, 0 otherwise. */
    @Mirrors("_PAGE_NX") long _PAGE_NX();
    /** The pte bits this CPU accepts ({@code __supported_pte_mask}); mmemu's CPUs support NX. */
    @Mirrors("__supported_pte_mask") long supportedPteMask();

    @Mirrors("PGDIR_SIZE") default long PGDIR_SIZE() {
        return 1L << PGDIR_SHIFT();
    }

    @Mirrors("PMD_SIZE") default long PMD_SIZE() {
        return 1L << PMD_SHIFT();
    }

    @Mirrors("pgd_index") int pgdIndex(long address);
    @Mirrors("pmd_index") int pmdIndex(long address);
    @Mirrors("pte_index") int pteIndex(long address);

    /** The end of the pgd entry's span containing {@code addr}, or {@code end} if sooner (32-bit wrap-safe). */
    @Mirrors("pgd_addr_end") long pgdAddrEnd(long addr, long end);
    /** The end of the pmd entry's span containing {@code addr}, or {@code end} if sooner. */
    @Mirrors("pmd_addr_end") long pmdAddrEnd(long addr, long end);

    // ---- protections -----------------------------------------------------------------

    @Mirrors("PAGE_NONE") long PAGE_NONE();
    @Mirrors("PAGE_SHARED") long PAGE_SHARED();
    @Mirrors("PAGE_SHARED_EXEC") long PAGE_SHARED_EXEC();
    @Mirrors("PAGE_COPY_NOEXEC") long PAGE_COPY_NOEXEC();
    @Mirrors("PAGE_COPY_EXEC") long PAGE_COPY_EXEC();
    @Mirrors("PAGE_COPY") long PAGE_COPY();
    @Mirrors("PAGE_READONLY") long PAGE_READONLY();
    @Mirrors("PAGE_READONLY_EXEC") long PAGE_READONLY_EXEC();
    @Mirrors("PAGE_KERNEL") long PAGE_KERNEL();

    /**
     * {@code protection_map[index]} of mm/mmap.c, {@code index = vm_flags & (VM_READ |
     * VM_WRITE | VM_EXEC | VM_SHARED)} (0..15): {@code __P000..__P111} then
     * {@code __S000..__S111}.
     */
    @Mirrors("protection_map") long protectionMap(int index);

    // ---- predicates (test pte_low, as i386 does) ---------------------------------------

    @Mirrors("pte_none") boolean pteNone(long pte);
    /** PRESENT or PROTNONE set. */
    @Mirrors("pte_present") boolean ptePresent(long pte);
    @Mirrors("pte_user") boolean pteUser(long pte);
    @Mirrors("pte_read") boolean pteRead(long pte);
    @Mirrors("pte_dirty") boolean pteDirty(long pte);
    @Mirrors("pte_young") boolean pteYoung(long pte);
    @Mirrors("pte_write") boolean pteWrite(long pte);
    @Mirrors("pte_huge") boolean pteHuge(long pte);
    /** Only meaningful when !pte_present. */
    @Mirrors("pte_file") boolean pteFile(long pte);
    @Mirrors("pte_exec") boolean pteExec(long pte);
    @Mirrors("pte_same") boolean pteSame(long a, long b);

    // ---- modifiers -------------------------------------------------------------------

    @Mirrors("pte_rdprotect") long pteRdprotect(long pte);
    @Mirrors("pte_exprotect") long pteExprotect(long pte);
    @Mirrors("pte_mkclean") long pteMkclean(long pte);
    @Mirrors("pte_mkold") long pteMkold(long pte);
    @Mirrors("pte_wrprotect") long pteWrprotect(long pte);
    @Mirrors("pte_mkread") long pteMkread(long pte);
    @Mirrors("pte_mkexec") long pteMkexec(long pte);
    @Mirrors("pte_mkdirty") long pteMkdirty(long pte);
    @Mirrors("pte_mkyoung") long pteMkyoung(long pte);
    @Mirrors("pte_mkwrite") long pteMkwrite(long pte);
    @Mirrors("pte_mkhuge") long pteMkhuge(long pte);
    /** Keeps the frame, ACCESSED and DIRTY; takes the rest (and under PAE, NX) from {@code newprot}. */
    @Mirrors("pte_modify") long pteModify(long pte, long newprot);

    @Mirrors("pte_pfn") int ptePfn(long pte);
    @Mirrors("pfn_pte") long pfnPte(int pfn, long prot);

    // ---- swap ptes and nonlinear file ptes (arch format) ----------------------------------

    @Mirrors("__swp_type") int swpTypeRaw(int archEntry);
    @Mirrors("__swp_offset") int swpOffsetRaw(int archEntry);
    @Mirrors("__swp_entry") int swpEntryRaw(int type, int offset);
    @Mirrors("__pte_to_swp_entry") int pteToSwpEntryRaw(long pte);
    @Mirrors("__swp_entry_to_pte") long swpEntryToPteRaw(int archEntry);

    /** The file page offset of a nonlinear file pte ({@code pgoff_t}, unsigned 32-bit). */
    @Mirrors("pte_to_pgoff") long pteToPgoff(long pte);
    /** A nonlinear file pte for {@code pgoff}, taken as an unsigned 32-bit value (higher bits dropped). */
    @Mirrors("pgoff_to_pte") long pgoffToPte(long pgoff);

    // ---- pmd entries -----------------------------------------------------------------

    /** Tests the low 32 bits only, as the kernel does to avoid races under PAE. */
    @Mirrors("pmd_none") boolean pmdNone(long pmd);
    @Mirrors("pmd_present") boolean pmdPresent(long pmd);
    @Mirrors("pmd_bad") boolean pmdBad(long pmd);
    /** The frame of the pte table a pmd points at ({@code page_to_pfn(pmd_page(pmd))}). */
    @Mirrors("pmd_page") int pmdPage(long pmd);

    // ---- entries in RAM ------------------------------------------------------------------

    /** Reads the pte at {@code ptep}: {@code pte_val(*ptep)}. */
    long ptepGet(long ptep);

    /** Reads the pmd entry at {@code pmdp} (under 2-level, the pgd entry): {@code pmd_val(*pmdp)}. */
    long pmdGet(long pmdp);

    /** Reads the pgd entry at {@code pgdp}: {@code pgd_val(*pgdp)}. */
    long pgdGet(long pgdp);

    /** Stores a pte. PAE: high half first, then low, so the MMU never sees a half-made present pte. */
    @Mirrors("set_pte") void setPte(long ptep, long pte);

    /** {@code set_pte_at(mm, addr, ptep, pte)}: {@link #setPte} on i386. */
    @Mirrors("set_pte_at") void setPteAt(long ptep, long pte);

    /** Stores a pte in one atomic write. */
    @Mirrors("set_pte_atomic") void setPteAtomic(long ptep, long pte);

    /** Replaces a present user pte: PAE clears low, writes high, then low. */
    @Mirrors("set_pte_present") void setPtePresent(long ptep, long pte);

    /** Clears a pte. PAE: low half (with PRESENT) first, then high. */
    @Mirrors("pte_clear") void pteClear(long ptep);

    /** Atomically exchanges the pte (PAE: its low half) with zero; returns the old pte. */
    @Mirrors("ptep_get_and_clear") long ptepGetAndClear(long ptep);

    /** {@code full}: the whole mm is being torn down, a plain read and clear will do. */
    @Mirrors("ptep_get_and_clear_full") long ptepGetAndClearFull(long ptep, boolean full);

    /** Atomically clears RW in the pte's low word (fork's COW setup); no flush, as i386. */
    @Mirrors("ptep_set_wrprotect") void ptepSetWrprotect(long ptep);

    /**
     * Clears ACCESSED if set, flushing {@code address} from the CPUs running {@code pgd};
     * returns whether the pte was young. Called by page_referenced_one under the pte lock.
     */
    @Mirrors("ptep_clear_flush_young") boolean ptepClearFlushYoung(int pgd, long address, long ptep);

    /** Clears DIRTY if set (with a flush); returns whether it was dirty. */
    @Mirrors("ptep_clear_flush_dirty") boolean ptepClearFlushDirty(int pgd, long address, long ptep);

    /** {@code ptep_get_and_clear} then {@code flush_tlb_page}; returns the old pte. */
    @Mirrors("ptep_clear_flush") long ptepClearFlush(int pgd, long address, long ptep);

    /**
     * The i386 quirk: stores {@code entry}'s low 32 bits (and flushes {@code address}) only
     * when {@code dirty} is non-zero; otherwise does nothing at all, since the hardware
     * sets ACCESSED by itself. Called by handle_pte_fault and do_wp_page.
     */
    @Mirrors("ptep_set_access_flags")
    void ptepSetAccessFlags(int pgd, long address, long ptep, long entry, int dirty);

    /** {@code set_pte_present} then {@code flush_tlb_page}: a present-to-present change. */
    @Mirrors("ptep_establish") void ptepEstablish(int pgd, long address, long ptep, long pte);

    // ---- walking and allocating tables -------------------------------------------------

    /** Pointer to the pgd entry of {@code address} in the pgd in frame {@code pgd}. */
    @Mirrors("pgd_offset") long pgdOffset(int pgd, long address);

    /**
     * Pointer to the pmd entry of {@code address} below the pgd entry {@code pgdp}, the
     * pud level folded away. 2-level: the pgd entry itself. PAE: into the pmd table the
     * pgd entry points at ({@code -1} if that entry is not present).
     */
    @Mirrors("pmd_offset") long pmdOffset(long pgdp, long address);

    /**
     * Pointer to the pte of {@code address} in the table {@code *pmdp} points at (which must
     * be present): what pte_offset_map and pte_offset_kernel compute on i386 without
     * CONFIG_HIGHPTE (the kernel's two names, one computation here).
     */
    long pteOffset(long pmdp, long address);

    /** Points the pmd entry at the pte table in frame {@code ptePfn} with {@code _PAGE_TABLE}. */
    @Mirrors("pmd_populate") void pmdPopulate(long pmdp, int ptePfn);

    /** Clears a pmd entry (PAE: low half first). */
    @Mirrors("pmd_clear") void pmdClear(long pmdp);

    /**
     * Allocates a pte table for {@code *pmdp} if it is still none: takes a zeroed frame
     * from {@code allocFrame} ({@code -1} = out of memory) and installs it unless another
     * thread installed one first, in which case the new frame goes back through
     * {@code freeFrame}. Returns 0 or {@code -ENOMEM}. Called without the pte lock.
     */
    @Mirrors("__pte_alloc") int pteAlloc(long pmdp, IntSupplier allocFrame, IntConsumer freeFrame);

    /**
     * {@code pte_alloc_map}: the pte pointer of {@code address} below {@code pmdp},
     * allocating the table if the pmd is not present; {@code -1} if out of memory.
     */
    @Mirrors("pte_alloc_map") long pteAllocMap(long pmdp, long address, IntSupplier allocFrame, IntConsumer freeFrame);

    /**
     * The pte pointer of {@code address} in address space {@code pgd}, or {@code -1} if no
     * pte table covers it (the walk of follow_page and page_check_address; the kernel's
     * lookup_address does the same walk over its own tables).
     */
    long lookupPte(int pgd, long address);

    /**
     * Allocates a pgd (PAE: plus its {@link #USER_PTRS_PER_PGD} pmd tables, which stay for
     * the pgd's lifetime) from zeroed frames; returns the pgd's pfn or {@code -1} on
     * out-of-memory (everything taken is given back). The kernel half of the address space
     * is not mapped in mmemu's page tables.
     */
    @Mirrors("pgd_alloc") int pgdAlloc(IntSupplier allocFrame, IntConsumer freeFrame);

    /** Frees a pgd (PAE: and its pmd tables). Pte tables must already be freed (free_pgtables). */
    @Mirrors("pgd_free") void pgdFree(int pgd, IntConsumer freeFrame);
}
