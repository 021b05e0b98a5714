package linux.mm.swap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import linux.testkit.KernelOrder;
import org.junit.jupiter.api.Test;

/** Swap.java reads beside mm/swap.c: its mirrored functions come in the file's order. */
class KernelOrderTest {

    @Test
    void swap_mirrorsSwapCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Swap.class, "kernel-order/mm_swap.c.txt"));
    }
}
