package linux.arch.x86.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** pgtable-2level.h: the exact 32-bit encodings, on top of the shared contract. */
class Pgtable2LevelTest extends PgtableContract {

    @Override
    Pgtable create(PhysicalMemory ram, Cpus cpus) {
        return new Pgtable2Level(ram, cpus);
    }

    @Override
    int maxArchSwapOffset() {
        return 0x00FF_FFFF;
    }

    @Test
    void geometry_isTheClassicTwoLevelLayout() {
        assertEquals("2level", pt.name());
        assertFalse(pt.pae());
        assertFalse(cpus.cr4Pae());
        assertEquals(22, pt.PGDIR_SHIFT());
        assertEquals(1024, pt.PTRS_PER_PGD());
        assertEquals(22, pt.PMD_SHIFT());
        assertEquals(1, pt.PTRS_PER_PMD());
        assertEquals(1024, pt.PTRS_PER_PTE());
        assertEquals(4, pt.PTE_SIZE());
        assertEquals(29, pt.PTE_FILE_MAX_BITS());
        assertEquals(768, pt.USER_PTRS_PER_PGD());
        assertEquals(0L, pt._PAGE_NX());
        assertEquals(0x2FF, pt.pgdIndex(0xBFFF_FFFFL));
        assertEquals(0, pt.pmdIndex(0xBFFF_FFFFL));
        assertEquals(0x48, pt.pteIndex(0x0804_8000L));
    }

    @Test
    void swpEntry_layoutTypeInBits1to5OffsetFrom8() {
        assertEquals(0x0000_0202, pt.swpEntryRaw(1, 2));
        assertEquals(0xFFFF_FF3E, pt.swpEntryRaw(31, 0xFF_FFFF));
        assertEquals(0xFFFF_FF3EL, pt.swpEntryToPteRaw(0xFFFF_FF3E));
        assertEquals(0x0000_0100L, pt.swpEntryToPteRaw(pt.swpEntryRaw(0, 1)));
        assertEquals(31, pt.swpTypeRaw(0xFFFF_FF3E));
        assertEquals(0xFF_FFFF, pt.swpOffsetRaw(0xFFFF_FF3E));
        // offset << 8 in 32 bits: the top 8 bits of a 27-bit offset are lost.
        assertEquals(0xFFFF_FF00, pt.swpEntryRaw(0, 0x07FF_FFFF));
        assertEquals(0x0000_0000, pt.swpEntryRaw(0, 0x0100_0000));
        // An unmasked type of 32 spills into _PAGE_FILE (swapops BUGs on that).
        assertTrue(pt.pteFile(pt.swpEntryToPteRaw(pt.swpEntryRaw(32, 0))));
        assertEquals(0xFFFF_FF3E, pt.pteToSwpEntryRaw(0xFFFF_FF3EL));
    }

    @Test
    void pgoffToPte_splitsAroundBits0and6and7() {
        assertEquals(0x40L, pt.pgoffToPte(0));
        assertEquals(0x7EL, pt.pgoffToPte(0x1F));
        assertEquals(0x140L, pt.pgoffToPte(0x20));
        assertEquals(0xFFFF_FF7EL, pt.pgoffToPte(0x1FFF_FFFFL));
        assertEquals(0x1FFF_FFFFL, pt.pteToPgoff(0xFFFF_FF7EL));
        assertEquals(0x40L, pt.pgoffToPte(0x2000_0000L), "bit 29 shifted past bit 31");
        assertEquals(0x40L, pt.pgoffToPte(1L << 32), "pgoff_t is 32 bits");
    }

    @Test
    void pfnPte_is32BitArithmetic() {
        assertEquals(0xFFFF_F067L, pt.pfnPte(0xFFFFF, Pgtable._PAGE_TABLE));
        assertEquals(0x0000_0067L, pt.pfnPte(0x100000, Pgtable._PAGE_TABLE), "pfn bit 20 shifted out");
        assertEquals(0xFFFFF, pt.ptePfn(0xFFFF_FFFFL));
        assertEquals(0x1234_5067L, pt.pteMkdirty(pt.pteMkwrite(pt.pfnPte(0x12345, pt.PAGE_COPY()))),
                "do_anonymous_page's pte: pfn<<12 | 0x067");
        assertTrue(pt.pteExec(pt.pfnPte(1, pt.PAGE_COPY())), "no NX without PAE: user pages execute");
        assertTrue(pt.pteNone(0L));
    }

    @Test
    void protectionMap_hasNoNxBits() {
        long[] expected = {0xA0, 0x25, 0x25, 0x25, 0x25, 0x25, 0x25, 0x25,
            0xA0, 0x25, 0x27, 0x27, 0x25, 0x25, 0x27, 0x27};
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], pt.protectionMap(i), "index " + i);
        }
        assertEquals(0x63L, pt.PAGE_KERNEL());
    }
}
