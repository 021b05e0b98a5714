package linux.mm.swapfile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import linux.mm.page.SwapInfoStruct;
import linux.mm.swapfile.SwapInvariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The §4.3 checker notices each kind of broken accounting. */
class SwapInvariantsTest {

    @TempDir
    Path dir;

    Swapfile sf = SwapfileTestKernel.boot("").sf();

    SwapInfoStruct area(String name, int flags) throws IOException {
        assertEquals(0, sf.sysSwapon(SwapAreas.mkswap(dir, name, 12).toString(), flags));
        return sf.getSwapInfoStruct(sf.nrSwapfiles() - 1);
    }

    @Test
    void check_acceptsConsistentStateAndNamesEachViolation() throws IOException {
        SwapInfoStruct a = area("a", SwapInfoStruct.SWAP_FLAG_PREFER | 4);
        SwapInfoStruct b = area("b", 0);
        sf.getSwapPage();
        assertEquals(List.of(), SwapInvariants.check(sf));

        a.swapMap[5] = 1;
        assertEquals(List.of("swap_info[0]: inuse_pages 1 but 2 slots are in use"), SwapInvariants.check(sf));
        a.swapMap[5] = 0;

        a.swapMap[0] = 0;
        assertEquals(List.of("swap_info[0]: swap_map[0] (the header) is 0, not SWAP_MAP_BAD"), SwapInvariants.check(sf));
        a.swapMap[0] = SwapInfoStruct.SWAP_MAP_BAD;

        a.lowestBit = 4;
        assertEquals(List.of("swap_info[0]: free slots 2..10 outside [lowest_bit 4, highest_bit 10]"), SwapInvariants.check(sf));
        a.lowestBit = 2;

        b.prio = 9;
        assertEquals(List.of("swap_list: swap_info[1] (prio 9) follows prio 4"), SwapInvariants.check(sf));
        b.prio = -1;

        a.next = -1;
        assertEquals(List.of("swap_list: 1 areas linked but 2 are active"), SwapInvariants.check(sf));
        a.next = b.type;

        sf.swapList.next = 5;
        SwapInfoStruct ghost = sf.getSwapInfoStruct(5);
        assertEquals(List.of(), SwapInvariants.check(sf), "an unused slot: the 2.6.20 swapoff quirk");
        ghost.flags = SwapInfoStruct.SWP_USED;
        assertEquals(List.of("swap_list.next 5 is an area in use that is not on the list"), SwapInvariants.check(sf));
        ghost.flags = 0;
        sf.swapList.next = a.type;

        a.pages++;
        assertEquals(List.of("swap_info[0]: pages 11 but 10 usable slots below max 11",
                "nr_swap_pages 19 but the areas have 20 free slots",
                "total_swap_pages 20 but the areas have 21 slots"), SwapInvariants.check(sf));
        a.pages--;
        assertEquals(List.of(), SwapInvariants.check(sf));
    }
}
