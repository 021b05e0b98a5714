package linux.mm.swapfile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import linux.mm.page.SwapInfoStruct;
import linux.mm.swapfile.SwapInvariants;
import linux.kernel.Printk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get_swap_page, swap_duplicate and swap_free from several CPUs at once while another
 * CPU keeps swapping a low-priority area on and off: no slot is handed out twice, and
 * the accounting is exact when everything is given back. Seeded ({@code -Dmmemu.seed=}).
 */
class SwapfileConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void getSwapPage_neverHandsOutASlotTwiceUnderConcurrency() throws Exception {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("SwapfileConcurrencyTest seed=" + seed + " (rerun with -Dmmemu.seed=" + seed + ")");
        SwapfileTestKernel k = SwapfileTestKernel.boot("maxcpus=4");
        Printk.Buffer log = k.printk();
        Swapfile sf = k.sf();
        for (String n : List.of("a", "b")) {
            assertEquals(0, sf.sysSwapon(SwapAreas.mkswap(dir, n, 1500).toString(), SwapInfoStruct.SWAP_FLAG_PREFER | 5));
        }
        assertEquals(0, sf.sysSwapon(SwapAreas.mkswap(dir, "c", 700).toString(), SwapInfoStruct.SWAP_FLAG_PREFER | 1));
        String d = SwapAreas.mkswap(dir, "d", 300).toString();
        long total = sf.totalSwapPages();

        Set<Integer> held = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Random rnd = new Random(seed + t);
            new Thread(() -> {
                ArrayDeque<Integer> mine = new ArrayDeque<>();
                try {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (mine.size() < 700 && rnd.nextInt(3) != 0) {
                            int e = sf.getSwapPage();
                            if (e != 0 && !held.add(e)) {
                                throw new AssertionError(String.format("slot %08x handed out twice", e));
                            }
                            if (e != 0) {
                                mine.add(e);
                            }
                        } else if (!mine.isEmpty()) {
                            int e = rnd.nextBoolean() ? mine.pollFirst() : mine.pollLast();
                            if (rnd.nextInt(4) == 0) {
                                assertEquals(1, sf.swapDuplicate(e));
                                sf.swapFree(e);
                            }
                            held.remove(e);
                            sf.swapFree(e);
                        }
                    }
                    for (int e : mine) {
                        held.remove(e);
                        sf.swapFree(e);
                    }
                } catch (Throwable x) {
                    failure.compareAndSet(null, x);
                } finally {
                    done.countDown();
                }
            }, "cpu" + t).start();
        }
        start.countDown();
        int cycles = 0;
        while (done.getCount() > 0) {
            int on = sf.sysSwapon(d, SwapInfoStruct.SWAP_FLAG_PREFER | 0);
            assertEquals(0, on, log.messages().toString());
            int off = sf.sysSwapoff(d);
            // The lowest-priority area is used only when the others are full. Slots the
            // CPUs hold there are in no page table, so try_to_unuse keeps coming back to
            // them until their holders free them; swapoff ends once they have.
            assertEquals(0, off, "swapoff: " + off);
            cycles++;
        }
        if (failure.get() != null) {
            throw new AssertionError("seed " + seed, failure.get());
        }
        assertTrue(cycles > 0);
        assertEquals(total, sf.totalSwapPages());
        assertEquals(total, sf.nrSwapPages(), "seed " + seed + ": every slot given back");
        assertEquals(List.of(), SwapInvariants.check(sf), "seed " + seed);
        for (int t = 0; t < sf.nrSwapfiles(); t++) {
            assertEquals(0, sf.getSwapInfoStruct(t).inusePages);
        }
    }
}
