package linux.mm.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import linux.testkit.KernelOrder;
import org.junit.jupiter.api.Test;

/** Each class of this module reads beside its kernel file: its mirrored functions come in the file's order. */
class KernelOrderTest {

    @Test
    void memory_mirrorsMemoryCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Memory.class, "kernel-order/mm_memory.c.txt"));
    }

    @Test
    void mmap_mirrorsMmapCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Mmap.class, "kernel-order/mm_mmap.c.txt"));
    }

    @Test
    void mprotect_mirrorsMprotectCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Mprotect.class, "kernel-order/mm_mprotect.c.txt"));
    }

    @Test
    void fork_mirrorsForkCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Fork.class, "kernel-order/kernel_fork.c.txt"));
    }

    @Test
    void exit_mirrorsExitCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Exit.class, "kernel-order/kernel_exit.c.txt"));
    }

    @Test
    void fault_mirrorsFaultCInItsOrder() {
        assertEquals(List.of(), KernelOrder.check(Fault.class, "kernel-order/arch_i386_mm_fault.c.txt"));
    }
}
