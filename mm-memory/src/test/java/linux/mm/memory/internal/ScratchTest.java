package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;

import linux.mm.page.Task;
import linux.mm.page.VmAreaStruct;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void remap() {
        Machine m = new Machine("mem=64M");
        m.spawn("init", 0);
        Task t = m.spawn("t", 0);
        long hot = m.mmap(t, 64 * PAGE_SIZE, RW, PRIVATE);
        System.out.println("hot " + Long.toHexString(hot));
        for (int r = 0; r < 5; r++) {
            long a = m.mmap(t, 1024 * PAGE_SIZE, RW, PRIVATE);
            StringBuilder sb = new StringBuilder();
            for (VmAreaStruct v = t.mm.mmap; v != null; v = v.vmNext) sb.append(v).append(' ');
            System.out.println("round " + r + " a=" + Long.toHexString(a) + " " + sb);
            for (int i = 0; i < 1024; i++) t.storeInt(a + (long) i * PAGE_SIZE, 1);
            m.k.mmap().sysMunmap(t.mm, a, 1024 * PAGE_SIZE);
        }
        for (int i = 0; i < 64; i++) t.storeInt(hot + (long) i * PAGE_SIZE, 1);
    }
}
