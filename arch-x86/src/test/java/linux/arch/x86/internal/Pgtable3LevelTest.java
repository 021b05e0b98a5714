package linux.arch.x86.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.arch.x86.Cpu;
import linux.arch.x86.Cpus;
import linux.arch.x86.PageFault;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** pgtable-3level.h: the exact PAE encodings, on top of the shared contract. */
class Pgtable3LevelTest extends PgtableContract {

    static final long NX = 1L << 63;

    @Override
    Pgtable create(PhysicalMemory ram, Cpus cpus) {
        return new Pgtable3Level(ram, cpus);
    }

    @Override
    int maxArchSwapOffset() {
        return 0x07FF_FFFF;
    }

    @Test
    void geometry_isThreeLevelWithFourEntryPgd() {
        assertEquals("pae", pt.name());
        assertTrue(pt.pae());
        assertTrue(cpus.cr4Pae());
        assertEquals(30, pt.PGDIR_SHIFT());
        assertEquals(4, pt.PTRS_PER_PGD());
        assertEquals(21, pt.PMD_SHIFT());
        assertEquals(512, pt.PTRS_PER_PMD());
        assertEquals(512, pt.PTRS_PER_PTE());
        assertEquals(8, pt.PTE_SIZE());
        assertEquals(32, pt.PTE_FILE_MAX_BITS());
        assertEquals(3, pt.USER_PTRS_PER_PGD());
        assertEquals(NX, pt._PAGE_NX());
        assertEquals(2, pt.pgdIndex(0xBFFF_FFFFL));
        assertEquals(511, pt.pmdIndex(0xBFFF_FFFFL));
        assertEquals(0x48, pt.pteIndex(0x0804_8000L));
        assertEquals(0x40, pt.pmdIndex(0x0804_8000L));
    }

    @Test
    void swpEntry_livesInPteHighWithZeroLowWord() {
        assertEquals(0x0000_0041, pt.swpEntryRaw(1, 2));
        assertEquals(0xFFFF_FFFF, pt.swpEntryRaw(31, 0x07FF_FFFF));
        assertEquals(0xFFFF_FFFF_0000_0000L, pt.swpEntryToPteRaw(0xFFFF_FFFF));
        assertEquals(0x0000_0020_0000_0000L, pt.swpEntryToPteRaw(pt.swpEntryRaw(0, 1)));
        assertEquals(31, pt.swpTypeRaw(0xFFFF_FFFF));
        assertEquals(0x07FF_FFFF, pt.swpOffsetRaw(0xFFFF_FFFF));
        // offset << 5 in 32 bits: bits 27..31 of the offset are lost.
        assertEquals(0x0000_0001, pt.swpEntryRaw(1, 0x0800_0000));
        // The low word is ignored on the way back (pte_high only).
        assertEquals(0x41, pt.pteToSwpEntryRaw(0x0000_0041_0000_0002L));
        // A swap pte with only high bits is not none (both halves are tested).
        assertFalse(pt.pteNone(0x0000_0001_0000_0000L));
    }

    @Test
    void pgoffToPte_keepsAll32BitsInPteHigh() {
        assertEquals(0x40L, pt.pgoffToPte(0));
        assertEquals(0xFFFF_FFFF_0000_0040L, pt.pgoffToPte(0xFFFF_FFFFL));
        assertEquals(0xFFFF_FFFFL, pt.pteToPgoff(0xFFFF_FFFF_0000_0040L));
        assertEquals(0x40L, pt.pgoffToPte(1L << 32), "pgoff_t is 32 bits");
    }

    @Test
    void pfnPte_splitsFrameAcrossHalvesAndKeepsNx() {
        long pte = pt.pfnPte(0x123456, pt.PAGE_COPY());
        assertEquals(0x8000_0001_2345_6025L, pte);
        assertEquals(0x123456, pt.ptePfn(pte));
        assertFalse(pt.pteExec(pte), "NX set");
        assertTrue(pt.pteExec(pt.pfnPte(1, pt.PAGE_COPY_EXEC())));
        // pte_pfn is an unsigned long: high bits above 11 of pte_high are shifted out.
        assertEquals(0xFFFF_FFFF, pt.ptePfn(0x7FFF_FFFF_FFFF_F000L));
    }

    @Test
    void pteModify_replacesNxFromNewProt() {
        long pte = pt.pteMkdirty(pt.pfnPte(0x123456, pt.PAGE_COPY()));
        long shared = pt.pteModify(pte, pt.PAGE_SHARED());
        assertEquals(0x0000_0001_2345_6067L, shared);
        assertEquals(pte | Pgtable._PAGE_RW, pt.pteModify(shared, pt.PAGE_COPY()) | Pgtable._PAGE_RW);
    }

    @Test
    void protectionMap_carriesNxWhereTheKernelDoes() {
        long[] expected = {0xA0, NX | 0x25, NX | 0x25, NX | 0x25, 0x25, 0x25, 0x25, 0x25,
            0xA0, NX | 0x25, 0x27, 0x27, 0x25, 0x25, 0x27, 0x27};
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], pt.protectionMap(i), "index " + i);
        }
        assertEquals(NX | 0x63L, pt.PAGE_KERNEL());
    }

    @Test
    void ptepSetAccessFlags_storesOnlyTheLowHalf() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 43, pt.PAGE_COPY());
        long old = pt.ptepGet(ptep);
        long entry = pt.pteMkdirty(pt.pteMkwrite(old)) & ~NX;
        pt.ptepSetAccessFlags(pgd, USER_ADDR, ptep, entry, 1);
        assertEquals((old & 0xFFFF_FFFF_0000_0000L) | (entry & 0xFFFF_FFFFL), pt.ptepGet(ptep),
                "pte_high is not written: NX stays");
    }

    @Test
    void pgdAlloc_preallocatesUserPmdsMarkedPresentOnly() {
        int pgd = newMm();
        for (int i = 0; i < 3; i++) {
            long e = pt.pgdGet(pt.pgdOffset(pgd, (long) i << 30));
            assertEquals(1L, e & 0xFFF, "pgd entry = 1 + __pa(pmd)");
        }
        assertEquals(0L, pt.pgdGet(pt.pgdOffset(pgd, 0xC000_0000L)), "kernel quarter not mapped");
        assertEquals(-1L, pt.pmdOffset(pt.pgdOffset(pgd, 0xC000_0000L), 0xC000_0000L));
        assertEquals(-1L, pt.lookupPte(pgd, 0xC000_0000L));
    }

    @Test
    void mmu_reservedBitIsReported() {
        int pgd = newMm();
        long ptep = map(pgd, USER_ADDR, 55, pt.PAGE_SHARED());
        pt.setPte(ptep, pt.ptepGet(ptep) | (1L << 40));
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        PageFault f = assertThrows(PageFault.class, () -> cpu.loadByte(USER_ADDR));
        assertEquals(PageFault.PF_RSVD | PageFault.PF_PROT | PageFault.PF_USER, f.errorCode());
    }

    @Test
    void mmu_pdptesAreReadWhenCr3IsLoaded() {
        int pgd = newMm();
        map(pgd, USER_ADDR, 56, pt.PAGE_SHARED());
        Cpu cpu = cpus.cpu(0);
        cpu.loadCr3(pgd);
        long pgdp = pt.pgdOffset(pgd, USER_ADDR);
        long saved = pt.pgdGet(pgdp);
        ram.writeLong(pgd, 0, 0L);
        cpu.loadByte(USER_ADDR);
        cpu.flushTlb();
        assertEquals(PageFault.PF_USER, assertThrows(PageFault.class, () -> cpu.loadByte(USER_ADDR)).errorCode());
        ram.writeLong(pgd, 0, saved);
        cpu.loadCr3(pgd);
        cpu.loadByte(USER_ADDR);
    }
}
