package linux.mm.swapfile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import linux.testkit.KernelOrder;
import org.junit.jupiter.api.Test;

/** Swapfile.java reads beside mm/swapfile.c: its mirrored functions come in the file's order. */
class KernelOrderTest {

    @Test
    void swapfile_mirrorsSwapfileCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Swapfile.class, "kernel-order/mm_swapfile.c.txt"));
    }
}
