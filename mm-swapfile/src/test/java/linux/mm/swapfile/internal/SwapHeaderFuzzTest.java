package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds sys_swapon malformed swap areas: random bytes, truncated files, huge last_page and
 * nr_badpages, random bad-page lists, on regular files and partitions. Every outcome must be
 * 0 or a negative errno with the kernel's bookkeeping intact; nothing may throw.
 *
 * <p>Seeded: the seed is printed; rerun one with {@code -Dmmemu.fuzz.seed=<seed>}
 * ({@code -Dmmemu.fuzz.rounds=<n>} changes the number of areas tried).
 */
class SwapHeaderFuzzTest {

    @TempDir
    Path dir;

    @Test
    void sysSwapon_survivesMalformedHeaders() throws IOException {
        long seed = Long.getLong("mmemu.fuzz.seed", System.nanoTime());
        int rounds = Integer.getInteger("mmemu.fuzz.rounds", 300);
        System.out.println("SwapHeaderFuzzTest seed=" + seed + " (rerun with -Dmmemu.fuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        SwapfileTestKernel k = SwapfileTestKernel.boot(rnd.nextBoolean() ? "pae=1" : "");
        var vfs = k.hostVfs();
        Swapfile sf = k.sf();
        int accepted = 0;
        for (int round = 0; round < rounds; round++) {
            Path p = dir.resolve("f" + round);
            byte[] page = new byte[PAGE_SIZE];
            SwapHeader h = new SwapHeader(page);
            int kind = rnd.nextInt(6);
            long filePages = 1 + rnd.nextInt(80);
            switch (kind) {
                case 0 -> rnd.nextBytes(page);
                case 1 -> {
                    rnd.nextBytes(page);
                    h.setMagic(rnd.nextBoolean() ? SwapHeader.SWAPSPACE2 : SwapHeader.SWAP_SPACE);
                }
                default -> {
                    h.writeV1(rnd.nextInt(3) == 0 ? rnd.nextInt() & 0xFFFFFFFFL : rnd.nextInt((int) filePages + 3), new byte[16], "fuzz");
                    if (rnd.nextInt(4) == 0) {
                        h.setVersion(rnd.nextInt(3));
                    }
                    int nbad = switch (rnd.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> rnd.nextInt(5);
                        case 2 -> 630 + rnd.nextInt(15);
                        default -> rnd.nextInt();
                    };
                    h.setNrBadpages(nbad & 0xFFFFFFFFL);
                    for (int i = 0; i < SwapHeader.MAX_SWAP_BADPAGES; i++) {
                        h.setBadpage(i, rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt((int) filePages + 2));
                    }
                }
            }
            // Truncate some files inside or right after the header page.
            long size = rnd.nextInt(5) == 0 ? rnd.nextInt(PAGE_SIZE + 100) : filePages * PAGE_SIZE;
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.write(page, 0, (int) Math.min(size, PAGE_SIZE));
                f.setLength(size);
            }
            boolean partition = rnd.nextBoolean() && size % 512 == 0;
            if (partition) {
                vfs.addBlockDeviceImage(p);
            }
            long nrBefore = sf.nrSwapPages();
            int err;
            try {
                err = sf.sysSwapon(p.toString(), rnd.nextBoolean() ? 0 : SwapInfoStruct.SWAP_FLAG_PREFER | rnd.nextInt(0x8000));
            } catch (KernelError e) {
                fail("seed " + seed + " round " + round + ": sys_swapon threw instead of returning " + e);
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + round + " (" + (partition ? "partition" : "file")
                        + ", " + size + " bytes): " + e, e);
            }
            if (err == 0) {
                accepted++;
                SwapInfoStruct si = findArea(sf, p);
                assertEquals(nrBefore + Integer.toUnsignedLong(si.pages), sf.nrSwapPages(), "seed " + seed);
                assertTrue(si.max <= size / PAGE_SIZE, "seed " + seed + ": max beyond the file");
                if (h.nrBadpages() == 0) {
                    assertEquals(java.util.List.of(), linux.mm.swapfile.SwapInvariants.check(sf), "seed " + seed);
                }
                assertEquals(0, sf.sysSwapoff(p.toString()), "seed " + seed);
            } else {
                assertTrue(Errno.of(err) != null && err < 0, "seed " + seed + ": not an errno: " + err);
                assertEquals(nrBefore, sf.nrSwapPages(), "seed " + seed);
            }
            assertEquals(0, sf.nrSwapPages(), "seed " + seed + ": every area was removed again");
            Files.delete(p);
        }
        System.out.println("SwapHeaderFuzzTest: " + accepted + " of " + rounds + " areas accepted");
    }

    static SwapInfoStruct findArea(Swapfile sf, Path p) throws IOException {
        String real = p.toRealPath().toString();
        for (int t = 0; t < sf.nrSwapfiles(); t++) {
            SwapInfoStruct si = sf.getSwapInfoStruct(t);
            if (si.swapFile != null && si.swapFile.path().equals(real)) {
                return si;
            }
        }
        throw new AssertionError("no area for " + p);
    }
}
