package linux.arch.x86.internal;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageFault.PF_PROT;
import static linux.arch.x86.PageFault.PF_USER;
import static linux.arch.x86.PageFault.PF_WRITE;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.arch.x86.Pgtable._PAGE_ACCESSED;
import static linux.arch.x86.Pgtable._PAGE_DIRTY;
import static linux.arch.x86.Pgtable._PAGE_PRESENT;
import static linux.arch.x86.Pgtable._PAGE_RW;
import static linux.arch.x86.Pgtable._PAGE_USER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.arch.x86.Cpu;
import linux.arch.x86.Cpus;
import linux.arch.x86.PageFault;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every page-table format shares, run against each implementation
 * (Pgtable2LevelTest, Pgtable3LevelTest): predicates and modifiers, the swap and file
 * encodings' round trips and boundaries, the ptep helpers (including the i386
 * ptep_set_access_flags quirk), table allocation, and the MMU walking real tables in RAM.
 */
abstract class PgtableContract {

    static final long USER_ADDR = 0x0804_8000L;

    PhysicalMemory ram;
    Cpus cpus;
    Pgtable pt;
    FrameAllocator frames;

    abstract Pgtable create(PhysicalMemory ram, Cpus cpus);

    /** The largest offset a swap pte of this format holds. */
    abstract int maxArchSwapOffset();

    @BeforeEach
    void boot() {
        ram = new PhysicalMemory(64);
        cpus = new Cpus(ram, 2);
        pt = create(ram, cpus);
        frames = new FrameAllocator(ram, 1);
    }

    // ---- values ----------------------------------------------------------------------

    @Test
    void ptePredicates_followTheirBits() {
        long pte = pt.pfnPte(5, pt.PAGE_SHARED());
        assertTrue(pt.ptePresent(pte));
        assertFalse(pt.pteNone(pte));
        assertTrue(pt.pteUser(pte) && pt.pteRead(pte) && pt.pteWrite(pte) && pt.pteYoung(pte));
        assertFalse(pt.pteDirty(pte));
        assertFalse(pt.pteHuge(pte));
        assertTrue(pt.pteNone(0));
        assertFalse(pt.ptePresent(0));
        // PROT_NONE: PRESENT clear, PROTNONE set: still present to the kernel.
        long protnone = pt.pfnPte(5, pt.PAGE_NONE());
        assertEquals(0, protnone & _PAGE_PRESENT);
        assertTrue(pt.ptePresent(protnone));
        assertFalse(pt.pteUser(protnone));
    }

    @Test
    void pteModifiers_setAndClearExactlyOneBit() {
        long pte = pt.pfnPte(7, pt.PAGE_COPY());
        assertEquals(pte | _PAGE_DIRTY, pt.pteMkdirty(pte));
        assertEquals(pte, pt.pteMkclean(pt.pteMkdirty(pte)));
        assertEquals(pte | _PAGE_RW, pt.pteMkwrite(pte));
        assertEquals(pte, pt.pteWrprotect(pt.pteMkwrite(pte)));
        assertEquals(pte & ~_PAGE_ACCESSED, pt.pteMkold(pte));
        assertEquals(pte, pt.pteMkyoung(pt.pteMkold(pte)));
        assertEquals(pte & ~_PAGE_USER, pt.pteRdprotect(pte));
        assertEquals(pte & ~_PAGE_USER, pt.pteExprotect(pte));
        assertEquals(pte, pt.pteMkread(pt.pteRdprotect(pte)));
        assertEquals(pte, pt.pteMkexec(pt.pteExprotect(pte)));
        assertTrue(pt.pteHuge(pt.pteMkhuge(pte)));
        assertTrue(pt.pteSame(pte, pt.pfnPte(7, pt.PAGE_COPY())));
        assertFalse(pt.pteSame(pte, pt.pteMkdirty(pte)));
    }

    @Test
    void pteModify_keepsFrameAndAccessedDirty() {
        long pte = pt.pteMkdirty(pt.pfnPte(9, pt.PAGE_SHARED()));
        long ro = pt.pteModify(pte, pt.PAGE_READONLY());
        assertEquals(9, pt.ptePfn(ro));
        assertTrue(pt.pteDirty(ro) && pt.pteYoung(ro));
        assertFalse(pt.pteWrite(ro));
        long none = pt.pteModify(pt.pteMkold(pt.pteMkclean(pte)), pt.PAGE_NONE());
        assertEquals(pt.pfnPte(9, pt.PAGE_NONE()), none);
    }

    @Test
    void pfnPte_roundTripsEveryRamFrameAndBoundaries() {
        for (int pfn = 0; pfn < ram.nrFrames(); pfn++) {
            assertEquals(pfn, pt.ptePfn(pt.pfnPte(pfn, pt.PAGE_SHARED())));
        }
        assertEquals(0xFFFFF, pt.ptePfn(pt.pfnPte(0xFFFFF, pt.PAGE_SHARED())));
    }

    @Test
    void swpEntry_roundTripsEveryTypeAtOffsetBoundaries() {
        int max = maxArchSwapOffset();
        for (int type = 0; type < 32; type++) {
            for (int offset : new int[] {0, 1, 0x12345 & max, max - 1, max}) {
                int arch = pt.swpEntryRaw(type, offset);
                long pte = pt.swpEntryToPteRaw(arch);
                String what = "type " + type + " offset " + offset;
                assertFalse(pt.ptePresent(pte), what);
                assertFalse(pt.pteFile(pte), what);
                assertEquals(type == 0 && offset == 0, pt.pteNone(pte), what);
                int back = pt.pteToSwpEntryRaw(pte);
                assertEquals(arch, back, what);
                assertEquals(type, pt.swpTypeRaw(back), what);
                assertEquals(offset, pt.swpOffsetRaw(back), what);
            }
        }
    }

    @Test
    void swpEntry_dropsOffsetBitsTheFormatCannotHold() {
        int max = maxArchSwapOffset();
        int arch = pt.swpEntryRaw(3, max + 1);
        assertEquals(0, pt.swpOffsetRaw(arch));
        assertEquals(3, pt.swpTypeRaw(arch));
        // The arch-independent maximum offset (27 bits) comes back as the format's maximum:
        // the sys_swapon computation of maxpages.
        int roundTrip = pt.swpOffsetRaw(pt.pteToSwpEntryRaw(pt.swpEntryToPteRaw(pt.swpEntryRaw(0, 0x07FF_FFFF))));
        assertEquals(max, roundTrip);
    }

    @Test
    void pgoffToPte_roundTripsUpToPteFileMaxBits() {
        long max = (1L << pt.PTE_FILE_MAX_BITS()) - 1;
        for (long pgoff : new long[] {0, 1, 0x1f, 0x20, 0x12345, max - 1, max}) {
            long pte = pt.pgoffToPte(pgoff);
            assertFalse(pt.ptePresent(pte), "pgoff " + pgoff);
            assertTrue(pt.pteFile(pte), "pgoff " + pgoff);
            assertFalse(pt.pteNone(pte));
            assertEquals(pgoff, pt.pteToPgoff(pte), "pgoff " + pgoff);
        }
        assertEquals(0, pt.pteToPgoff(pt.pgoffToPte(max + 1)), "bits above PTE_FILE_MAX_BITS are dropped");
    }

    @Test
    void protectionMap_privateWritableHasNoRw() {
        for (int i = 0; i < 8; i++) {
            assertFalse(pt.pteWrite(pt.protectionMap(i)), "__P" + Integer.toBinaryString(i));
        }
        assertTrue(pt.pteWrite(pt.protectionMap(0xA)));
        assertTrue(pt.pteWrite(pt.protectionMap(0xB)));
        assertTrue(pt.pteWrite(pt.protectionMap(0xE)));
        assertTrue(pt.pteWrite(pt.protectionMap(0xF)));
        assertEquals(0xA0L, pt.protectionMap(0));
        assertEquals(0xA0L, pt.protectionMap(8));
        assertEquals(0x25L, pt.protectionMap(0x4));
        assertEquals(0x27L, pt.protectionMap(0xA));
        assertThrows(IndexOutOfBoundsException.class, () -> pt.protectionMap(16));
    }

    @Test
    void indices_andAddrEnd() {
        long a = 0xBFFF_F123L;
        assertEquals((int) (a >>> pt.PGDIR_SHIFT()) & (pt.PTRS_PER_PGD() - 1), pt.pgdIndex(a));
        assertEquals((int) (a >>> 12) & (pt.PTRS_PER_PTE() - 1), pt.pteIndex(a));
        assertEquals(pt.PTRS_PER_PTE() - 1, pt.pteIndex(a));
        // The last span of the address space ends at 2^32, which wraps to 0 in 32 bits:
        // *_addr_end then still returns `end`.
        long top = 0xFFFF_F000L;
        assertEquals(0xFFFF_FFFFL, pt.pgdAddrEnd(top, 0xFFFF_FFFFL));
        assertEquals(0x1000L, pt.pmdAddrEnd(0, 0x1000L));
        assertEquals(pt.PMD_SIZE(), pt.pmdAddrEnd(0x1000L, 0x8000_0000L));
        assertEquals(pt.PGDIR_SIZE(), pt.pgdAddrEnd(0x1000L, 0x8000_0000L + pt.PGDIR_SIZE()));
    }

    // ---- entries in RAM ------------------------------------------------------------------

    /** Maps {@code address} to {@code pfn} with {@code prot} in a fresh address space; returns the ptep. */
    long map(int pgd, long address, int pfn, long prot) {
        long pmdp = pt.pmdOffset(pt.pgdOffset(pgd, address), address);
        long ptep = pt.pteAllocMap(pmdp, address, frames::alloc, frames::free);
        assertNotEquals(-1L, ptep);
        pt.setPteAt(ptep, pt.pfnPte(pfn, prot));
        return ptep;
    }

    int newMm() {
        int pgd = pt.pgdAlloc(frames::alloc, frames::free);
        assertTrue(pgd > 0);
        return pgd;
    }

    @Test
    void pgdAlloc_pteAllocMap_lookupPte_pgdFree() {
        int before = frames.inUse.size();
        int pgd = newMm();
        assertEquals(-1L, pt.lookupPte(pgd, USER_ADDR), "no pte table yet");
        long ptep = map(pgd, USER_ADDR, 40, pt.PAGE_SHARED());
        assertEquals(ptep, pt.lookupPte(pgd, USER_ADDR));
        assertEquals(ptep + pt.PTE_SIZE(), pt.lookupPte(pgd, USER_ADDR + PAGE_SIZE));
        long pmdp = pt.pmdOffset(pt.pgdOffset(pgd, USER_ADDR), USER_ADDR);
        long pmd = pt.pmdGet(pmdp);
        assertTrue(pt.pmdPresent(pmd));
        assertFalse(pt.pmdBad(pmd));
        assertEquals(Pgtable._PAGE_TABLE, pmd & 0xFFF);
        assertEquals(pt.pfnPte(40, pt.PAGE_SHARED()), pt.ptepGet(ptep));
        // Tear down as free_pgtables + pgd_free do.
        int table = pt.pmdPage(pmd);
        pt.pmdClear(pmdp);
        assertTrue(pt.pmdNone(pt.pmdGet(pmdp)));
        frames.free(table);
        pt.pgdFree(pgd, frames::free);
        assertEquals(before, frames.inUse.size(), "every frame came back");
    }

    @Test
    void pteAlloc_outOfMemoryAndLostRace() {
        int pgd = newMm();
        long pmdp = pt.pmdOffset(pt.pgdOffset(pgd, USER_ADDR), USER_ADDR);
        frames.budget = 0;
        assertEquals(-12, pt.pteAlloc(pmdp, frames::alloc, frames::free), "-ENOMEM");
        assertEquals(-1L, pt.pteAllocMap(pmdp, USER_ADDR, frames::alloc, frames::free));
        frames.budget = Integer.MAX_VALUE;
        int used = frames.inUse.size();
        assertEquals(0, pt.pteAlloc(pmdp, frames::alloc, frames::free));
        long pmd = pt.pmdGet(pmdp);
        // Someone else already populated it: the second table goes back.
        assertEquals(0, pt.pteAlloc(pmdp, frames::alloc, frames::free));
        assertEquals(pmd, pt.pmdGet(pmdp));
        assertEquals(used + 1, frames.inUse.size());
    }

    @Test
    void pgdAlloc_outOfMemoryReturnsEverything() {
        int used = frames.inUse.size();
        int needed = 1 + (pt.pae() ? pt.USER_PTRS_PER_PGD() : 0);
        for (int budget = 0; budget < needed; budget++) {
            frames.budget = budget;
            assertEquals(-1, pt.pgdAlloc(frames::alloc, frames::free), "budget " + budget);
            assertEquals(used, frames.inUse.size());
        }
        frames.budget = needed;
        int pgd = pt.pgdAlloc(frames::alloc, frames::free);
        assertTrue(pgd > 0);
        assertEquals(used + needed, frames.inUse.size());
    }

    @Test
    void ptepGetAndClear_returnsOldAndLeavesNone() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 41, pt.PAGE_SHARED());
        long pte = pt.ptepGet(ptep);
        assertEquals(pte, pt.ptepGetAndClear(ptep));
        assertTrue(pt.pteNone(pt.ptepGet(ptep)));
        pt.setPte(ptep, pte);
        assertEquals(pte, pt.ptepGetAndClearFull(ptep, true));
        assertTrue(pt.pteNone(pt.ptepGet(ptep)));
        long swp = pt.swpEntryToPteRaw(pt.swpEntryRaw(31, maxArchSwapOffset()));
        pt.setPte(ptep, swp);
        assertEquals(swp, pt.ptepGet(ptep));
        pt.pteClear(ptep);
        assertEquals(0L, pt.ptepGet(ptep));
    }

    @Test
    void ptepSetWrprotect_clearsOnlyRw() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 42, pt.PAGE_SHARED());
        long pte = pt.ptepGet(ptep);
        pt.ptepSetWrprotect(ptep);
        assertEquals(pt.pteWrprotect(pte), pt.ptepGet(ptep));
    }

    @Test
    void ptepSetAccessFlags_storesOnlyWhenDirty() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 43, pt.PAGE_COPY());
        long old = pt.ptepGet(ptep);
        long entry = pt.pteMkdirty(pt.pteMkwrite(old));
        pt.ptepSetAccessFlags(pgd, USER_ADDR, ptep, entry, 0);
        assertEquals(old, pt.ptepGet(ptep), "dirty == 0: the kernel leaves the pte to the hardware");
        pt.ptepSetAccessFlags(pgd, USER_ADDR, ptep, entry, 1);
        assertEquals(entry, pt.ptepGet(ptep));
    }

    @Test
    void ptepClearFlushYoung_clearsAccessedOnceAndFlushes() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 44, pt.PAGE_SHARED());
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        cpu.loadByte(USER_ADDR);
        assertTrue(cpu.tlbHolds(USER_ADDR));
        assertTrue(pt.ptepClearFlushYoung(pgd, USER_ADDR, ptep));
        assertFalse(pt.pteYoung(pt.ptepGet(ptep)));
        assertFalse(cpu.tlbHolds(USER_ADDR), "the young bit is only seen again if the CPU walks again");
        assertFalse(pt.ptepClearFlushYoung(pgd, USER_ADDR, ptep));
        cpu.loadByte(USER_ADDR);
        assertTrue(pt.pteYoung(pt.ptepGet(ptep)), "the walk set ACCESSED again");
    }

    @Test
    void ptepClearFlushDirty_reportsAndClears() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 45, pt.PAGE_SHARED());
        assertFalse(pt.ptepClearFlushDirty(pgd, USER_ADDR, ptep));
        pt.setPte(ptep, pt.pteMkdirty(pt.ptepGet(ptep)));
        assertTrue(pt.ptepClearFlushDirty(pgd, USER_ADDR, ptep));
        assertFalse(pt.pteDirty(pt.ptepGet(ptep)));
    }

    // ---- the MMU -----------------------------------------------------------------------

    @Test
    void mmu_faultsOnMissingTranslationWithNotPresentCode() {
        int pgd = newMm();
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        PageFault read = assertThrows(PageFault.class, () -> cpu.loadByte(USER_ADDR));
        assertEquals(PF_USER, read.errorCode());
        assertEquals(USER_ADDR, read.address());
        PageFault write = assertThrows(PageFault.class, () -> cpu.storeByte(USER_ADDR + 5, (byte) 1));
        assertEquals(PF_USER | PF_WRITE, write.errorCode());
        assertEquals(USER_ADDR + 5, write.address());
        // A pte table exists but the pte is a swap pte: still "not present".
        long ptep = map(pgd, USER_ADDR, 46, pt.PAGE_SHARED());
        pt.setPte(ptep, pt.swpEntryToPteRaw(pt.swpEntryRaw(1, 77)));
        assertEquals(PF_USER, assertThrows(PageFault.class, () -> cpu.loadInt(USER_ADDR)).errorCode());
        // PROT_NONE is present to the kernel, not to the hardware.
        pt.setPte(ptep, pt.pfnPte(46, pt.PAGE_NONE()));
        assertEquals(PF_USER, assertThrows(PageFault.class, () -> cpu.loadInt(USER_ADDR)).errorCode());
        assertEquals(4, cpu.pageFaults());
    }

    @Test
    void mmu_readSetsAccessedWriteSetsDirty() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 47, pt.pteMkold(pt.PAGE_SHARED()));
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        assertFalse(pt.pteYoung(pt.ptepGet(ptep)));
        assertEquals(0, cpu.loadInt(USER_ADDR + 8));
        long pte = pt.ptepGet(ptep);
        assertTrue(pt.pteYoung(pte));
        assertFalse(pt.pteDirty(pte));
        cpu.storeInt(USER_ADDR + 8, 0xCAFE_F00D);
        assertTrue(pt.pteDirty(pt.ptepGet(ptep)), "a write through a clean TLB entry walks again to set DIRTY");
        assertEquals(0xCAFE_F00D, ram.readInt(47, 8));
        assertEquals(0xCAFE_F00D, cpu.loadInt(USER_ADDR + 8));
        // The pmd/pgd entry got ACCESSED too.
        long pmd = pt.pmdGet(pt.pmdOffset(pt.pgdOffset(pgd, USER_ADDR), USER_ADDR));
        assertTrue((pmd & _PAGE_ACCESSED) != 0);
    }

    @Test
    void mmu_writeToReadOnlyIsProtectionFault() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 48, pt.PAGE_READONLY());
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        ram.writeByte(48, 3, (byte) 0x5A);
        assertEquals((byte) 0x5A, cpu.loadByte(USER_ADDR + 3));
        PageFault f = assertThrows(PageFault.class, () -> cpu.storeByte(USER_ADDR + 3, (byte) 1));
        assertEquals(PF_PROT | PF_WRITE | PF_USER, f.errorCode());
        assertFalse(pt.pteDirty(pt.ptepGet(ptep)));
        assertEquals((byte) 0x5A, ram.readByte(48, 3));
    }

    /**
     * 2.6.20 runs with CR0.WP set, so the kernel's own write to a read-only user page
     * (copy_to_user into a COW page) faults too: protection violation, write, kernel mode.
     * A kernel read of it, and a kernel write of a writable user page, succeed.
     */
    @Test
    void mmu_kernelWriteToReadOnlyPageFaultsBecauseCr0WpIsSet() {
        int pgd = newMm();
        // Read-only but dirty: a page written before fork, write-protected for COW.
        long ptep = map(pgd, USER_ADDR, 55, pt.PAGE_COPY() | _PAGE_DIRTY);
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        // Through the walk (empty TLB), then through the TLB entry a read leaves.
        PageFault f = assertThrows(PageFault.class, () -> cpu.translate(USER_ADDR + 8, PF_WRITE));
        assertEquals(PF_PROT | PF_WRITE, f.errorCode());
        assertEquals(USER_ADDR + 8, f.address());
        assertEquals(55L << 12, cpu.translate(USER_ADDR, 0));
        assertTrue(cpu.tlbHolds(USER_ADDR));
        assertEquals(PF_PROT | PF_WRITE, assertThrows(PageFault.class, () -> cpu.translate(USER_ADDR, PF_WRITE)).errorCode());
        assertEquals(pt.pfnPte(55, pt.PAGE_COPY() | _PAGE_DIRTY | _PAGE_ACCESSED), pt.ptepGet(ptep));
        // What do_wp_page ends with: a writable dirty pte, flushed; the retry succeeds.
        pt.ptepEstablish(pgd, USER_ADDR, ptep, pt.pteMkdirty(pt.pteMkwrite(pt.ptepGet(ptep))));
        assertEquals((55L << 12) + 8, cpu.translate(USER_ADDR + 8, PF_WRITE));
    }

    /** A PROT_NONE pte faults as not present for every access, kernel or user, read or write. */
    @Test
    void mmu_protNonePteFaultsAsNotPresent() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 56, pt.PAGE_NONE());
        assertTrue(pt.ptePresent(pt.ptepGet(ptep)));
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        for (int access : new int[] {0, PF_WRITE, PF_USER, PF_USER | PF_WRITE}) {
            PageFault f = assertThrows(PageFault.class, () -> cpu.translate(USER_ADDR, access));
            assertEquals(access, f.errorCode(), "error code for access " + access);
        }
        assertFalse(cpu.tlbHolds(USER_ADDR));
        assertEquals(pt.pfnPte(56, pt.PAGE_NONE()), pt.ptepGet(ptep), "the walk set no bit in a PROT_NONE pte");
    }

    @Test
    void mmu_userAccessToSupervisorPageIsProtectionFault() {
        int pgd = newMm();
        map(pgd, USER_ADDR, 49, pt.PAGE_KERNEL());
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        assertEquals(PF_PROT | PF_USER, assertThrows(PageFault.class, () -> cpu.loadByte(USER_ADDR)).errorCode());
        assertEquals(PF_PROT | PF_WRITE | PF_USER,
                assertThrows(PageFault.class, () -> cpu.storeInt(USER_ADDR, 1)).errorCode());
        // The kernel itself may write it.
        long pa = cpu.translate(USER_ADDR + 4, PF_WRITE);
        assertEquals((49L << 12) + 4, pa);
    }

    @Test
    void mmu_tlbHitsAfterWalkAndFlushInvalidates() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 50, pt.PAGE_SHARED());
        ram.writeInt(50, 0, 111);
        ram.writeInt(51, 0, 222);
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        assertFalse(cpu.tlbHolds(USER_ADDR));
        assertEquals(111, cpu.loadInt(USER_ADDR));
        assertEquals(1, cpu.tlbMisses());
        assertTrue(cpu.tlbHolds(USER_ADDR));
        assertEquals(111, cpu.loadInt(USER_ADDR));
        assertEquals(1, cpu.tlbHits());
        // Repoint the pte without a flush: the CPU keeps using the stale translation.
        pt.setPte(ptep, pt.pfnPte(51, pt.PAGE_SHARED()));
        assertEquals(111, cpu.loadInt(USER_ADDR));
        cpus.flushTlbPage(pgd, USER_ADDR);
        assertFalse(cpu.tlbHolds(USER_ADDR));
        assertEquals(222, cpu.loadInt(USER_ADDR));
        // ptep_clear_flush: the next access faults.
        pt.ptepClearFlush(pgd, USER_ADDR, ptep);
        assertThrows(PageFault.class, () -> cpu.loadInt(USER_ADDR));
    }

    @Test
    void mmu_flushesReachOnlyCpusRunningTheMm() {
        int mmA = newMm();
        int mmB = newMm();
        map(mmA, USER_ADDR, 52, pt.PAGE_SHARED());
        map(mmB, USER_ADDR, 53, pt.PAGE_SHARED());
        Cpu c0 = cpus.cpu(0);
        Cpu c1 = cpus.cpu(1);
        c0.loadCr3(mmA);
        c1.loadCr3(mmB);
        c0.loadByte(USER_ADDR);
        c1.loadByte(USER_ADDR);
        cpus.flushTlbMm(mmA);
        assertFalse(c0.tlbHolds(USER_ADDR));
        assertTrue(c1.tlbHolds(USER_ADDR));
        c0.loadByte(USER_ADDR);
        cpus.flushTlbRange(mmB, USER_ADDR, USER_ADDR + PAGE_SIZE);
        assertTrue(c0.tlbHolds(USER_ADDR));
        assertFalse(c1.tlbHolds(USER_ADDR));
        c1.loadByte(USER_ADDR);
        cpus.flushTlbAll();
        assertFalse(c0.tlbHolds(USER_ADDR));
        assertFalse(c1.tlbHolds(USER_ADDR));
        c0.loadByte(USER_ADDR);
        c0.loadCr3(mmB);
        assertFalse(c0.tlbHolds(USER_ADDR), "loading CR3 empties the TLB");
        assertEquals(mmB, c0.cr3());
    }

    @Test
    void mmu_staleReadOnlyEntryFaultsOnceThenWalks() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 54, pt.PAGE_COPY());
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        cpu.loadByte(USER_ADDR);
        // Make it writable in memory without a flush (what ptep_set_access_flags with
        // dirty == 0 would leave): the write faults from the stale entry, which is dropped.
        pt.setPte(ptep, pt.pteMkwrite(pt.ptepGet(ptep)));
        List<Integer> codes = new ArrayList<>();
        cpus.setPageFaultHandler((c, address, code) -> codes.add(code));
        cpu.storeByte(USER_ADDR, (byte) 7);
        assertEquals(List.of(PF_PROT | PF_WRITE | PF_USER), codes);
        assertEquals((byte) 7, ram.readByte(54, 0));
        assertTrue(pt.pteDirty(pt.ptepGet(ptep)));
    }

    @Test
    void mmu_handlerThatMapsThePageRestartsTheAccess() {
        int pgd = newMm();
        Cpu cpu = cpus.cpu(1);
        cpu.loadCr3(pgd);
        cpus.setPageFaultHandler((c, address, code) -> {
            assertEquals(1, c.id());
            int pfn = frames.alloc();
            map(c.cr3(), address & ~(PAGE_SIZE - 1L), pfn, (code & PF_WRITE) != 0
                    ? pt.pteMkdirty(pt.pteMkwrite(pt.PAGE_COPY())) : pt.PAGE_COPY());
        });
        // An int straddling two pages: two faults, one per page.
        long a = USER_ADDR + PAGE_SIZE - 2;
        cpu.storeInt(a, 0x0403_0201);
        assertEquals(2, cpu.pageFaults());
        assertEquals(0x0403_0201, cpu.loadInt(a));
        byte[] tail = new byte[2];
        ram.read(pt.ptePfn(pt.ptepGet(pt.lookupPte(pgd, a))), PAGE_SIZE - 2, tail, 0, 2);
        assertArrayEquals(new byte[] {1, 2}, tail);
    }

    @Test
    void mmu_handlerThatNeverFixesTheFaultIsAKernelBug() {
        int pgd = newMm();
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        cpus.setPageFaultHandler((c, address, code) -> { });
        KernelBug e = assertThrows(KernelBug.class, () -> cpu.loadByte(USER_ADDR));
        assertTrue(e.getMessage().startsWith("kernel BUG: access to 0x"), e.getMessage());
    }

    @Test
    void mmu_rejectsAddressesBeyond32Bits() {
        int pgd = newMm();
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        assertThrows(IllegalArgumentException.class, () -> cpu.loadByte(1L << 32));
    }

    @Test
    void ptepClearFlush_waitsForTheAccessInFlight() throws InterruptedException {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 57, pt.pteMkdirty(pt.PAGE_SHARED()));
        Cpu cpu = cpus.cpu(1);
        cpu.loadCr3(pgd);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; ; i++) {
                    cpu.storeInt(USER_ADDR, i);
                }
            } catch (PageFault unmapped) {
                // the store after the flush walks, finds the pte gone, and faults
            }
        }, "cpu1");
        writer.start();
        while (ram.readInt(57, 0) < 1000) {
            Thread.onSpinWait();
        }
        long old = pt.ptepClearFlush(pgd, USER_ADDR, ptep);
        int afterFlush = ram.readInt(57, 0);
        writer.join();
        assertEquals(57, pt.ptePfn(old));
        assertEquals(afterFlush, ram.readInt(57, 0), "no store may land once flush_tlb_page has returned");
    }

    /**
     * The MMU sets ACCESSED with a compare-and-set on the value it walked, so a pte the
     * kernel clears meanwhile stays clear (a plain locked OR would leave a bare ACCESSED
     * bit behind: a pte that is neither none nor a valid swap entry).
     */
    @Test
    void mmu_neverResurrectsAPteClearedDuringTheWalk() throws Exception {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 58, pt.PAGE_SHARED());
        long oldPte = pt.pteMkold(pt.ptepGet(ptep));
        Cpu cpu = cpus.cpu(1);
        cpu.loadCr3(pgd);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                cpu.flushTlb();
                try {
                    cpu.loadByte(USER_ADDR);
                } catch (PageFault cleared) {
                    // walked after the clear: fine
                }
            }
        }, "cpu1");
        reader.start();
        try {
            for (int i = 0; i < 50_000; i++) {
                pt.setPte(ptep, oldPte);
                long got = pt.ptepGetAndClear(ptep);
                assertEquals(oldPte, got & ~_PAGE_ACCESSED, "round " + i);
                assertEquals(0L, pt.ptepGet(ptep), "round " + i + ": ACCESSED set in a cleared pte");
            }
        } finally {
            stop.set(true);
            reader.join();
        }
    }
}
