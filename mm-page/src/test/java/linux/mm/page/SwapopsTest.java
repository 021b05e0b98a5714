package linux.mm.page;

import linux.kernel.KernelBug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import linux.arch.x86.Pgtable;
import org.junit.jupiter.api.Test;

/**
 * swapops.h on its own. The arch encodings come from a stand-in with the 2-level
 * formulas of pgtable-2level.h (the real formats live in arch-x86's internal package,
 * which only boot may see; boot's tests run these functions against both real formats).
 */
class SwapopsTest {

    /** A Pgtable answering only the swap-pte methods, with the 2-level encoding. */
    static final Pgtable TWO_LEVEL = (Pgtable) Proxy.newProxyInstance(Pgtable.class.getClassLoader(),
            new Class<?>[] {Pgtable.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "pteFile":
                        return ((long) args[0] & Pgtable._PAGE_FILE) != 0;
                    case "pteToSwpEntryRaw":
                        return (int) (long) args[0];
                    case "swpTypeRaw":
                        return ((int) args[0] >>> 1) & 0x1f;
                    case "swpOffsetRaw":
                        return (int) args[0] >>> 8;
                    case "swpEntryRaw":
                        return ((int) args[0] << 1) | ((int) args[1] << 8);
                    case "swpEntryToPteRaw":
                        return (int) args[0] & 0xFFFF_FFFFL;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    @Test
    void constants_matchSwapHAndSwapopsH() {
        assertEquals(5, Swapops.MAX_SWAPFILES_SHIFT);
        assertEquals(32, Swapops.MAX_SWAPFILES);
        assertEquals(27, Swapops.SWP_TYPE_SHIFT);
        assertEquals(0x07FF_FFFF, Swapops.SWP_OFFSET_MASK);
    }

    @Test
    void swpEntry_typeInTopFiveBitsOffsetBelow() {
        assertEquals(0x0000_0000, Swapops.swpEntry(0, 0));
        assertEquals(0x0800_0001, Swapops.swpEntry(1, 1));
        assertEquals(0xFFFF_FFFF, Swapops.swpEntry(31, 0x07FF_FFFF));
        assertEquals(0xF800_0000, Swapops.swpEntry(31, 0));
        for (int type = 0; type < Swapops.MAX_SWAPFILES; type++) {
            for (int offset : new int[] {0, 1, 0x00FF_FFFF, 0x07FF_FFFF}) {
                int e = Swapops.swpEntry(type, offset);
                assertEquals(type, Swapops.swpType(e));
                assertEquals(offset, Swapops.swpOffset(e));
                assertFalse(Swapops.isMigrationEntry(e));
            }
        }
    }

    @Test
    void swpEntry_masksOffsetAndShiftsOutTypeBits() {
        assertEquals(Swapops.swpEntry(2, 0), Swapops.swpEntry(2, 0x0800_0000), "offset bit 27 masked off");
        assertEquals(0x07FF_FFFF, Swapops.swpEntry(0, ~0), "swp_entry(0, ~0UL)");
        assertEquals(Swapops.swpEntry(0, 5), Swapops.swpEntry(32, 5), "type bit 5 shifted out of 32 bits");
    }

    @Test
    void swpEntryToPte_roundTripsThroughTheArchFormat() {
        int e = Swapops.swpEntry(3, 0x12_3456);
        long pte = Swapops.swpEntryToPte(TWO_LEVEL, e);
        assertEquals(0x1234_5606L, pte);
        assertEquals(e, Swapops.pteToSwpEntry(TWO_LEVEL, pte));
    }

    @Test
    void pteToSwpEntry_bugsOnAFilePte() {
        KernelBug bug = assertThrows(KernelBug.class, () -> Swapops.pteToSwpEntry(TWO_LEVEL, 0x40L));
        assertTrue(bug.getMessage().startsWith("kernel BUG: pte_to_swp_entry"), bug.getMessage());
    }

    @Test
    void maxSwapPages_isTheSysSwaponLimit() {
        assertEquals(16_777_214, Swapops.maxSwapPages(TWO_LEVEL));
    }
}
