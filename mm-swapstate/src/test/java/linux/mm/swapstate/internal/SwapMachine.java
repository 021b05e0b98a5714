package linux.mm.swapstate.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.PageFlags.pageSwapCache;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linux.arch.x86.PhysicalMemory;
import linux.block.BlockDevice;
import linux.block.ManualDevice;
import linux.kernel.Printk;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.MmInvariants;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.swapfile.SwapInvariants;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * One test kernel with the handles swap_state's tests use, the references they hold (pages,
 * and slot references standing in for swap ptes), and the end-of-test routine: check the
 * invariants of kernel-2.6.20.md §4.1, §4.2, §4.3 and §4.4 with the test's references still
 * held, give every reference back, check them again at rest, swapoff every area and close
 * the devices.
 */
final class SwapMachine {
    final SwapStateTestKernel k;
    final Printk.Buffer log;
    final PhysicalMemory ram;
    final PageAllocOps pa;
    final SwapOps swap;
    final SwapfileOps sf;
    final SwapStateOps cache;
    final PageIoOps io;
    final PageWriteback pw;
    /** References the test holds on slots in place of swap ptes, by entry. */
    final IntIntHashMap pteRefs = new IntIntHashMap();
    /** Pages the test holds a reference to (each once per reference). */
    final List<Page> held = new ArrayList<>();
    private final List<String> areas = new ArrayList<>();
    private final List<BlockDevice> devices = new ArrayList<>();

    SwapMachine(String cmdline) {
        k = SwapStateTestKernel.boot(cmdline);
        log = k.printk();
        ram = k.physicalMemory();
        pa = k.pageAlloc();
        swap = k.swap();
        sf = k.swapfile();
        cache = k.swapState();
        io = k.pageIo();
        pw = k.pageWriteback();
    }

    /** A swap file of {@code pages} pages on a new manual disk {@code name} (major 3): swapon'd. */
    ManualDevice manualArea(String name, int minor, int pages) {
        ManualDevice disk = new ManualDevice(name, 3, minor, (long) pages << (PAGE_SHIFT - 9), ram, k.blockLayer());
        devices.add(disk);
        DiskSwapFile.Blocks blocks = new DiskSwapFile.Blocks() {
            @Override
            public void read(long byteOffset, byte[] dst) {
                disk.readStore(byteOffset, dst);
            }

            @Override
            public void write(long byteOffset, byte[] src) {
                disk.writeStore(byteOffset, src);
            }
        };
        swapon(new DiskSwapFile("/" + name + "/swapfile", disk, blocks, pages, PAGE_SHIFT, b -> b), pages);
        return disk;
    }

    /** Writes a mkswap header of a {@code pages}-page area into {@code file} and swapons it. */
    void swapon(DiskSwapFile file, int pages) {
        SwapHeader h = SwapHeader.empty();
        h.writeV1(pages - 1, new byte[16], "");
        file.writePage(0, h.page());
        k.testVfs().register(file);
        assertEquals(0, sf.sysSwapon(file.path(), 0), log.messages().toString());
        areas.add(file.path());
        log.clear();
    }

    /** Swapons the host file at {@code path} (through the host VFS, as a user's swapon does). */
    void swaponPath(String path) {
        assertEquals(0, sf.sysSwapon(path, 0), log.messages().toString());
        areas.add(path);
        log.clear();
    }

    /** Closes {@code dev} at the end of the test (after swapoff). */
    void closeAtEnd(BlockDevice dev) {
        devices.add(dev);
    }

    /** A fresh page filled with bytes from {@code seed}, held by the test. */
    Page filled(long seed) {
        Page p = pa.allocPage(Gfp.GFP_HIGHUSER);
        byte[] b = new byte[PAGE_SIZE];
        new Random(seed).nextBytes(b);
        ram.write(p.pfn, 0, b, 0, PAGE_SIZE);
        held.add(p);
        return p;
    }

    byte[] frame(Page p) {
        byte[] b = new byte[PAGE_SIZE];
        ram.read(p.pfn, 0, b, 0, PAGE_SIZE);
        return b;
    }

    /** A slot with one "pte" reference and {@code data} on {@code disk} (identity block map). */
    int slotHolding(ManualDevice disk, byte[] data) {
        int entry = sf.getSwapPage();
        pteRefs.addToValue(entry, 1);
        disk.writeStore((long) Swapops.swpOffset(entry) << PAGE_SHIFT, data);
        return entry;
    }

    /** Gives back one "pte" reference of {@code entry}, as do_swap_page's swap_free does. */
    void dropPteRef(int entry) {
        sf.swapFree(entry);
        if (pteRefs.addToValue(entry, -1) == 0) {
            pteRefs.remove(entry);
        }
    }

    /** swap_map[offset] of {@code entry}. */
    int swapMap(int entry) {
        return sf.getSwapInfoStruct(Swapops.swpType(entry)).swapMap[Swapops.swpOffset(entry)];
    }

    void checkInvariants(boolean atRest) {
        assertEquals(List.of(), new MmInvariants(pa.pgdat().nodeMemMap, cache.swapperSpace()).recordNode(pa.pgdat())
                .atRest(atRest).check());
        assertEquals(List.of(), SwapInvariants.check(sf));
        assertEquals(List.of(), SwapCacheCheck.check(sf, cache.swapperSpace(), pteRefs));
    }

    /** The end of every test: invariants, give everything back, invariants at rest, swapoff, close. */
    void finish() {
        for (BlockDevice d : devices) {
            if (d instanceof ManualDevice m) {
                assertEquals(0, m.pending(), "bios left pending on " + m);
            }
        }
        // Quiescent means no page lock held; a test that failed half-way may have left one,
        // which is reported (after the unlock, so the cleanup below cannot hang on it).
        List<String> locked = new ArrayList<>();
        for (Page p : pa.pgdat().nodeMemMap) {
            if (p != null && PageFlags.pageLocked(p)) {
                locked.add("page pfn 0x" + Integer.toHexString(p.pfn) + " still locked");
                Filemap.unlockPage(p);
            }
        }
        assertEquals(List.of(), locked);
        swap.lruAddDrainAll();
        checkInvariants(false);
        for (Page p : held) {
            if (pageSwapCache(p)) {
                Filemap.lockPage(p);
                if (pageSwapCache(p)) {
                    cache.deleteFromSwapCache(p);
                }
                Filemap.unlockPage(p);
            }
            swap.pageCacheRelease(p);
        }
        held.clear();
        // Pages only the cache still holds (e.g. a read whose caller let go): as reclaim would.
        List<Integer> cached = new ArrayList<>();
        cache.swapperSpace().forEachPage((entry, p) -> cached.add(entry));
        for (int entry : cached) {
            Page p = Filemap.findGetPage(cache.swapperSpace(), entry);
            if (p != null) {
                Filemap.lockPage(p);
                if (pageSwapCache(p)) {
                    cache.deleteFromSwapCache(p);
                }
                Filemap.unlockPage(p);
                swap.pageCacheRelease(p);
            }
        }
        pteRefs.forEachKeyValue((entry, n) -> {
            for (int i = 0; i < n; i++) {
                sf.swapFree(entry);
            }
        });
        pteRefs.clear();
        swap.lruAddDrainAll();
        checkInvariants(true);
        assertEquals(0, cache.totalSwapcachePages());
        for (String a : areas) {
            assertEquals(0, sf.sysSwapoff(a), log.messages().toString());
        }
        assertEquals(List.of(), SwapInvariants.check(sf));
        for (BlockDevice d : devices) {
            d.close();
        }
    }
}
