package linux.mm.pagealloc.internal;

import linux.mm.page.*;

import static linux.mm.page.Gfp.GFP_ATOMIC;
import linux.kernel.Current;
import static linux.mm.page.Gfp.GFP_KERNEL;
import static linux.mm.page.Gfp.GFP_NOWAIT;
import static linux.mm.page.Gfp.__GFP_COLD;
import static linux.mm.page.Gfp.__GFP_HIGH;
import static linux.mm.page.Gfp.__GFP_NOMEMALLOC;
import static linux.mm.page.Gfp.__GFP_NORETRY;
import static linux.mm.page.Gfp.__GFP_NOWARN;
import static linux.mm.page.Gfp.__GFP_REPEAT;
import static linux.mm.page.Gfp.__GFP_ZERO;
import static linux.mm.pagealloc.internal.Machines.boot;
import static linux.mm.pagealloc.internal.Machines.bootWithoutRam;
import static linux.mm.pagealloc.internal.Machines.mib;
import static linux.mm.pagealloc.internal.Machines.nrFree;

import linux.block.Bio;
import linux.mm.pagealloc.internal.Machines.RecordingReclaim;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** mm/page_alloc.c: boot, watermarks, the buddy allocator, per-CPU lists, page checks. */
class PageAllocTest {

    private final Printk.Buffer log = new Printk.Buffer();

    @AfterEach
    void resetCurrent() {
        Current.ThreadInfo c = Machines.CURRENT.current();
        c.cpu = 0;
        c.flags = 0;
        c.comm = "swapper";
        c.rtTask = false;
        c.tifMemdie = false;
    }

    // ---- watermarks, computed by hand ------------------------------------------------

    @Test
    void setupPerZonePagesMin_16MiB() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        // DMA spans 4096 pfns; mem_map costs 4096*32/4096 = 32 pages -> present 4064.
        assertEquals(4096, dma.spannedPages);
        assertEquals(4064, dma.presentPages);
        assertEquals(0, pa.pgdat().normalZone().presentPages);
        assertEquals(0, pa.pgdat().highmemZone().presentPages);
        // lowmem_kbytes = 4064*4 = 16256; int_sqrt(16256*16 = 260096) = 509 (510^2 = 260100).
        assertEquals(509, pa.minFreeKbytes());
        // pages_min total = 509 >> 2 = 127, all of it DMA's: tmp = 127*4064/4064 = 127;
        // low = 127 + 127/4 (31) = 158; high = 127 + 127/2 (63) = 190.
        assertEquals(127, dma.pagesMin);
        assertEquals(158, dma.pagesLow);
        assertEquals(190, dma.pagesHigh);
        assertArrayEquals(new long[] {0, 0, 0}, dma.lowmemReserve);
        // an empty HighMem zone still gets pages_min clamped up to SWAP_CLUSTER_MAX
        assertEquals(32, pa.pgdat().highmemZone().pagesMin);
        // totalreserve = min(4064, 0 + 190) + min(0, ...) + min(0, ...) = 190
        assertEquals(190, pa.totalreservePages());
        assertTrue(log.messages().contains("  DMA zone: 32 pages used for memmap"), log.messages()::toString);
        assertTrue(log.messages().contains("  DMA zone: 4064 pages, LIFO batch:0"), log.messages()::toString);
        assertTrue(log.messages().contains("  HighMem zone: 0 pages used for memmap"));
        assertTrue(log.messages().contains("Built 1 zonelists.  Total pages: 4064"));
    }

    @Test
    void setupPerZonePagesMin_64MiB() {
        PageAlloc pa = bootWithoutRam(mib(64), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        Zone normal = pa.pgdat().normalZone();
        // DMA present 4096 - 32 = 4064; Normal spans 12288, mem_map share 96 -> 12192.
        assertEquals(4064, dma.presentPages);
        assertEquals(12192, normal.presentPages);
        // lowmem 16256 pages = 65024 KiB; int_sqrt(1040384) = 1019 (1020^2 = 1040400).
        assertEquals(1019, pa.minFreeKbytes());
        // total = 1019 >> 2 = 254.
        // DMA: tmp = 254*4064/16256 = 63 (63.5); low 63+15 = 78; high 63+31 = 94.
        assertEquals(63, dma.pagesMin);
        assertEquals(78, dma.pagesLow);
        assertEquals(94, dma.pagesHigh);
        // Normal: tmp = 254*12192/16256 = 190 (190.5); low 190+47 = 237; high 190+95 = 285.
        assertEquals(190, normal.pagesMin);
        assertEquals(237, normal.pagesLow);
        assertEquals(285, normal.pagesHigh);
        // lowmem_reserve: DMA[1] = 12192/256 = 47; DMA[2] = (0 + 12192)/256 = 47; Normal[2] = 0/32.
        assertArrayEquals(new long[] {0, 47, 47}, dma.lowmemReserve);
        assertArrayEquals(new long[] {0, 0, 0}, normal.lowmemReserve);
        // totalreserve = min(4064, 47+94) + min(12192, 0+285) = 141 + 285 = 426
        assertEquals(426, pa.totalreservePages());
        // Normal batch: 12192/1024 = 11, /4 = 2, 2+1 = 3 -> 2^(fls(3)-1) - 1 = 1.
        assertEquals(6, normal.zonePcp(0).pcp[0].high);
        assertEquals(1, normal.zonePcp(0).pcp[0].batch);
        assertEquals(2, normal.zonePcp(0).pcp[1].high);
        assertEquals(1, normal.zonePcp(0).pcp[1].batch);
    }

    @Test
    void setupPerZonePagesMin_1GiB() {
        PageAlloc pa = bootWithoutRam(mib(1024), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        Zone normal = pa.pgdat().normalZone();
        Zone high = pa.pgdat().highmemZone();
        // Normal spans 229376 - 4096 = 225280, minus 1760 for mem_map -> 223520.
        // HighMem spans 262144 - 229376 = 32768, minus 256 -> 32512.
        assertEquals(223520, normal.presentPages);
        assertEquals(229376, high.zoneStartPfn);
        assertEquals(32512, high.presentPages);
        // lowmem = 4064 + 223520 = 227584 pages = 910336 KiB; x16 = 14565376;
        // int_sqrt = 3816 (3816^2 = 14561856, 3817^2 = 14569489).
        assertEquals(3816, pa.minFreeKbytes());
        // total = 3816 >> 2 = 954.
        // DMA: tmp = 954*4064/227584 = 17; low 17+4 = 21; high 17+8 = 25.
        assertEquals(17, dma.pagesMin);
        assertEquals(21, dma.pagesLow);
        assertEquals(25, dma.pagesHigh);
        // Normal: tmp = 954*223520/227584 = 936; low 936+234 = 1170; high 936+468 = 1404.
        assertEquals(936, normal.pagesMin);
        assertEquals(1170, normal.pagesLow);
        assertEquals(1404, normal.pagesHigh);
        // HighMem: tmp = 954*32512/227584 = 136; min = 32512/1024 = 31 -> clamped to 32;
        // low 32+34 = 66; high 32+68 = 100.
        assertEquals(32, high.pagesMin);
        assertEquals(66, high.pagesLow);
        assertEquals(100, high.pagesHigh);
        // DMA[1] = 223520/256 = 873; Normal[2] = 32512/32 = 1016; DMA[2] = 256032/256 = 1000.
        assertArrayEquals(new long[] {0, 873, 1000}, dma.lowmemReserve);
        assertArrayEquals(new long[] {0, 0, 1016}, normal.lowmemReserve);
        // totalreserve = (1000+25) + (1016+1404) + (0+100) = 3545
        assertEquals(3545, pa.totalreservePages());
        // 223520/1024 = 218 -> capped at 512 KiB = 128, /4 = 32, 32+16 = 48 -> 31
        assertEquals(186, normal.zonePcp(0).pcp[0].high);
        assertEquals(31, normal.zonePcp(0).pcp[0].batch);
        assertEquals(62, normal.zonePcp(0).pcp[1].high);
        assertEquals(15, normal.zonePcp(0).pcp[1].batch);
        // zonelists per gfp_zone: DMA -> [DMA]; Normal -> [Normal, DMA]; HighMem -> all three
        assertEquals("zonelist[DMA]", pa.pgdat().nodeZonelists[Zone.ZONE_DMA].toString());
        assertEquals("zonelist[Normal, DMA]", pa.pgdat().nodeZonelists[Zone.ZONE_NORMAL].toString());
        assertEquals("zonelist[HighMem, Normal, DMA]", pa.pgdat().nodeZonelists[Zone.ZONE_HIGHMEM].toString());
        assertEquals(262144 - 1 - 2048, pa.totalramPages());
        assertEquals(32768, pa.totalhighPages());
    }

    @Test
    void setupPerZonePagesMin_2GiBClampsHighmemMinAt128() {
        PageAlloc pa = bootWithoutRam(mib(2048), 1, log);
        Zone high = pa.pgdat().highmemZone();
        // HighMem spans 524288 - 229376 = 294912, minus 2304 -> 292608.
        assertEquals(292608, high.presentPages);
        // lowmem is as for 1 GiB: min_free_kbytes 3816, total 954.
        assertEquals(3816, pa.minFreeKbytes());
        // tmp = 954*292608/227584 = 1226; min = 292608/1024 = 285 -> capped at 128;
        // low 128+306 = 434; high 128+613 = 741.
        assertEquals(128, high.pagesMin);
        assertEquals(434, high.pagesLow);
        assertEquals(741, high.pagesHigh);
        // Normal[2] = 292608/32 = 9144; DMA[2] = (292608+223520)/256 = 2016.
        assertArrayEquals(new long[] {0, 873, 2016}, pa.pgdat().dmaZone().lowmemReserve);
        assertArrayEquals(new long[] {0, 0, 9144}, pa.pgdat().normalZone().lowmemReserve);
        // (2016+25) + (9144+1404) + (0+741) = 13330
        assertEquals(13330, pa.totalreservePages());
    }

    @Test
    void minFreeKbytesSysctlHandler_recomputesWatermarks() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        pa.minFreeKbytesSysctlHandler(1024);
        // 1024 >> 2 = 256 pages, all DMA: min 256, low 256+64, high 256+128
        Zone dma = pa.pgdat().dmaZone();
        assertEquals(256, dma.pagesMin);
        assertEquals(320, dma.pagesLow);
        assertEquals(384, dma.pagesHigh);
        assertEquals(384, pa.totalreservePages());
    }

    @Test
    void intSqrt_roundsDown() {
        assertEquals(0, PageAlloc.intSqrt(0));
        assertEquals(1, PageAlloc.intSqrt(3));
        assertEquals(2, PageAlloc.intSqrt(4));
        assertEquals(509, PageAlloc.intSqrt(260096));
        assertEquals(510, PageAlloc.intSqrt(260100));
        assertEquals(3816, PageAlloc.intSqrt(14569488));
        assertEquals(3817, PageAlloc.intSqrt(14569489));
        assertEquals(1L << 30, PageAlloc.intSqrt(1L << 60));
    }

    // ---- boot ------------------------------------------------------------------------

    @Test
    void memInit_freesEverythingButPfn0AndMemMap() {
        PageAlloc pa = bootWithoutRam(mib(64), 2, log);
        // mem_map: 16384 descriptors x 32 bytes = 128 frames, placed at 16 MiB
        assertEquals(4096, pa.memmapStartPfn());
        assertEquals(128, pa.memmapFrames());
        long onPcp = pa.pcpPages(pa.pgdat().dmaZone()) + pa.pcpPages(pa.pgdat().normalZone());
        assertEquals(16384 - 1 - 128, pa.nrFreePages() + onPcp);
        assertEquals(16384 - 1 - 128, pa.totalramPages());
        Page zero = pa.pgdat().pfnToPage(0);
        assertTrue(PageFlags.pageReserved(zero));
        assertEquals(1, Page.pageCount(zero));
        Page map = pa.pgdat().pfnToPage(4096 + 127);
        assertTrue(PageFlags.pageReserved(map));
        Page after = pa.pgdat().pfnToPage(4096 + 128);
        assertFalse(PageFlags.pageReserved(after));
        assertEquals(0, Page.pageCount(after));
        assertEquals(Zone.ZONE_NORMAL, Page.pageZonenum(after));
        assertSame(pa.pgdat().normalZone(), pa.pgdat().pageZone(after));
        assertSame(pa.pgdat().dmaZone(), pa.pgdat().pageZone(pa.pgdat().pfnToPage(4095)));
    }

    @Test
    void memInit_buddyLayoutOf16MiB() {
        PageAlloc pa = boot(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        // mem_map (32 frames) does not fit above 16 MiB, so bootmem puts it at pfn 1..32.
        assertEquals(1, pa.memmapStartPfn());
        // free pfns 33..4095: 33 (o0), 34-35 (o1), 36-39 (o2), 40-47 (o3), 48-63 (o4),
        // 64-127 (o6), 128-255 (o7), 256-511 (o8), 512-1023 (o9), 3 x 1024 (o10)
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 3}, nrFree(dma));
        assertEquals(4063, dma.freePages);
        assertEquals(0, pa.pcpPages(dma));
        Page p = dma.freeArea[9].freeList.first();
        assertEquals(512, p.pfn);
        assertTrue(PageFlags.pageBuddy(p));
        assertEquals(9, PageAlloc.pageOrder(p));
    }

    // ---- buddy split and merge ---------------------------------------------------------

    @Test
    void rmqueue_splitsSmallestBlockAndFreeMergesBack() {
        PageAlloc pa = boot(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        long[] boot = nrFree(dma);

        Page a = pa.allocPage(GFP_KERNEL);
        assertEquals(33, a.pfn); // the lone order-0 block
        Page b = pa.allocPage(GFP_KERNEL);
        assertEquals(34, b.pfn); // 34-35 split: 35 goes to order 0
        assertArrayEquals(new long[] {1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 3}, nrFree(dma));
        Page c = pa.allocPages(GFP_KERNEL, 5);
        assertEquals(64, c.pfn); // no order-5 block: 64-127 split, 96-127 back at order 5
        assertArrayEquals(new long[] {1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 3}, nrFree(dma));
        Page d = pa.allocPages(GFP_KERNEL, 10);
        assertEquals(3072, d.pfn); // the last block boot freed sits at the head of the list
        assertEquals(4063 - 1 - 1 - 32 - 1024, dma.freePages);
        assertEquals(1, Page.pageCount(d));
        assertFalse(PageFlags.pageBuddy(d));
        assertEquals(0, Page.pagePrivate(d));

        pa.freePagesRaw(c, 5);
        pa.freePageRaw(b);
        pa.freePageRaw(a);
        pa.freePagesRaw(d, 10);
        assertArrayEquals(boot, nrFree(dma));
        assertEquals(4063, dma.freePages);
        assertEquals(1 + 1 + 32 + 1024, pa.vmstat().vmEvent(VmEventItem.PGALLOC_DMA));
    }

    @Test
    void freeOnePage_coalescesSplitBlockBackToMaxOrder() {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("freeOnePage_coalescesSplitBlockBackToMaxOrder seed=" + seed + " (-Dmmemu.seed=" + seed + ")");
        PageAlloc pa = boot(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        long[] boot = nrFree(dma);
        Page block = pa.allocPages(GFP_KERNEL, Zone.MAX_ORDER - 1);
        pa.splitPage(block, Zone.MAX_ORDER - 1);
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < Zone.MAX_ORDER_NR_PAGES; i++) {
            Page p = pa.pgdat().pfnToPage(block.pfn + i);
            assertEquals(1, Page.pageCount(p));
            pages.add(p);
        }
        java.util.Collections.shuffle(pages, new Random(seed));
        for (Page p : pages) {
            pa.freePageRaw(p);
        }
        pa.drainLocalPages();
        assertArrayEquals(boot, nrFree(dma), "seed " + seed);
        assertEquals(4063, dma.freePages);
    }

    @Test
    void allocPages_randomOrdersKeepBuddyConsistent() {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("allocPages_randomOrdersKeepBuddyConsistent seed=" + seed + " (-Dmmemu.seed=" + seed + ")");
        Random rnd = new Random(seed);
        PageAlloc pa = bootWithoutRam(mib(64), 1, log);
        pa.drainLocalPages();
        long[] bootDma = nrFree(pa.pgdat().dmaZone());
        long[] bootNormal = nrFree(pa.pgdat().normalZone());
        List<Page> held = new ArrayList<>();
        List<Integer> orders = new ArrayList<>();
        boolean[] allocated = new boolean[mib(64)];
        for (int step = 0; step < 3000; step++) {
            if (held.isEmpty() || rnd.nextInt(3) != 0) {
                int order = rnd.nextInt(6);
                Page p = pa.allocPages(GFP_KERNEL | __GFP_NOWARN, order);
                if (p == null) {
                    continue;
                }
                assertEquals(0, p.pfn & ((1 << order) - 1), "seed " + seed + ": misaligned block");
                for (int i = 0; i < (1 << order); i++) {
                    assertFalse(allocated[p.pfn + i], "seed " + seed + ": pfn handed out twice");
                    allocated[p.pfn + i] = true;
                }
                held.add(p);
                orders.add(order);
            } else {
                int i = rnd.nextInt(held.size());
                Page p = held.remove(i);
                int order = orders.remove(i);
                for (int k = 0; k < (1 << order); k++) {
                    allocated[p.pfn + k] = false;
                }
                pa.freePagesRaw(p, order);
            }
            if (step % 500 == 0) {
                checkBuddy(pa, allocated, seed);
            }
        }
        for (int i = 0; i < held.size(); i++) {
            pa.freePagesRaw(held.get(i), orders.get(i));
        }
        pa.drainLocalPages();
        assertEquals(List.of(), pa.checkFreeLists(), "seed " + seed);
        assertArrayEquals(bootDma, nrFree(pa.pgdat().dmaZone()), "seed " + seed);
        assertArrayEquals(bootNormal, nrFree(pa.pgdat().normalZone()), "seed " + seed);
    }

    /** The allocator's own list check, plus: no free block covers an allocated pfn. */
    private static void checkBuddy(PageAlloc pa, boolean[] allocated, long seed) {
        assertEquals(List.of(), pa.checkFreeLists(), "seed " + seed);
        for (Zone zone : pa.pgdat().nodeZones) {
            for (int o = 0; o < Zone.MAX_ORDER; o++) {
                ListHead list = zone.freeArea[o].freeList;
                for (Page p = list.first(); p != null; p = list.next(p)) {
                    for (int i = 0; i < (1 << o); i++) {
                        assertFalse(allocated[p.pfn + i], "seed " + seed + ": free block over an allocated pfn");
                    }
                }
            }
        }
    }

    @Test
    void checkFreeLists_findsACorruptedCount() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        assertEquals(List.of(), pa.checkFreeLists());
        pa.pgdat().dmaZone().freeArea[3].nrFree++;
        assertEquals(List.of("DMA order 3: nr_free 2 but 1 on the list"), pa.checkFreeLists());
    }

    @Test
    void allocPageVma_isAnOrderZeroAllocation() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Page p = pa.allocPageVma(Gfp.GFP_HIGHUSER, null, 0x08048000);
        assertEquals(33, p.pfn);
        assertEquals(1, Page.pageCount(p));
    }

    @Test
    void pageAlloc_bootRunsOnCpu0WhateverTheCallingThreadIs() {
        Machines.CURRENT.current().cpu = 3;
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        assertEquals(3, Machines.CURRENT.current().cpu);
        assertEquals(List.of(), pa.checkFreeLists());
    }

    @Test
    void allocPages_orderAtOrAboveMaxOrderFails() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        assertNull(pa.allocPages(GFP_KERNEL, Zone.MAX_ORDER));
    }

    // ---- watermarks in action ------------------------------------------------------------

    @Test
    void allocPages_downToAndBelowEachWatermark() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = boot(mib(16), 1, log, r);
        Zone dma = pa.pgdat().dmaZone(); // the only zone; min 127, low 158, high 190
        List<Page> held = new ArrayList<>();
        long[] boot = nrFree(dma);

        // above pages_low: the first pass succeeds, kswapd is left alone
        while (dma.freePages > 159) {
            held.add(pa.allocPage(GFP_KERNEL));
        }
        held.add(pa.allocPage(GFP_KERNEL)); // 159 > 158: still fine
        assertEquals(158, dma.freePages);
        assertEquals(List.of(), r.wakeups);

        // at pages_low the first pass fails: kswapd is woken, the pages_min pass succeeds
        held.add(pa.allocPage(GFP_KERNEL));
        assertEquals(157, dma.freePages);
        assertEquals(List.of("DMA/0"), r.wakeups);
        while (dma.freePages > 127) {
            Page q = pa.allocPage(GFP_KERNEL);
            assertNotNull(q);
            held.add(q);
        }
        assertEquals(1 + (157 - 127), r.wakeups.size());

        // At pages_min a GFP_KERNEL allocation reclaims; without progress (and with
        // __GFP_FS) it calls the OOM killer and starts over. Here the victim frees 40 pages.
        log.clear();
        r.onOutOfMemory = () -> {
            for (int i = 0; i < 40; i++) {
                pa.freePageRaw(held.remove(held.size() - 1));
            }
        };
        Page got = pa.allocPage(GFP_KERNEL);
        assertNotNull(got, "an order-0 GFP_KERNEL allocation does not fail");
        held.add(got);
        assertEquals(127 + 40 - 1, dma.freePages);
        assertEquals(List.of("DMA,0xd0"), r.directReclaims);
        assertEquals(1, r.oomCalls);
        assertEquals(List.of(), log.messages());
        r.onOutOfMemory = () -> {
            throw new AssertionError("no second OOM kill");
        };
        while (dma.freePages > 127) {
            held.add(pa.allocPage(GFP_KERNEL));
        }

        // __GFP_NORETRY gives up after one reclaim without progress: no OOM kill, no retry
        assertNull(pa.allocPage(GFP_KERNEL | __GFP_NORETRY));
        assertEquals(127, dma.freePages);
        assertEquals(2, r.directReclaims.size());
        assertEquals(1, r.oomCalls);
        assertEquals(List.of("swapper: page allocation failure. order:0, mode:0x10d0"), log.messages());

        // ALLOC_HARDER alone (cannot sleep, not __GFP_HIGH): 127 - 127/4 = 96
        int n = 0;
        Page p;
        while ((p = pa.allocPage(GFP_NOWAIT)) != null) {
            held.add(p);
            n++;
        }
        assertEquals(31, n);
        assertEquals(96, dma.freePages);
        assertEquals("swapper: page allocation failure. order:0, mode:0x0", last(log.messages()));
        assertEquals(2, r.directReclaims.size(), "an atomic allocation never enters direct reclaim");

        // ALLOC_HIGH alone (__GFP_HIGH, may sleep): 127 - 127/2 = 64
        n = 0;
        while ((p = pa.allocPage(GFP_KERNEL | __GFP_HIGH | __GFP_NORETRY)) != null) {
            held.add(p);
            n++;
        }
        assertEquals(32, n);
        assertEquals(64, dma.freePages);
        assertEquals(3, r.directReclaims.size());

        // GFP_ATOMIC: both, 127 - 63 = 64, then 64 - 64/4 = 48
        n = 0;
        while ((p = pa.allocPage(GFP_ATOMIC)) != null) {
            held.add(p);
            n++;
        }
        assertEquals(16, n);
        assertEquals(48, dma.freePages);
        assertEquals("swapper: page allocation failure. order:0, mode:0x20", last(log.messages()));
        int lines = log.messages().size();
        assertNull(pa.allocPage(GFP_ATOMIC | __GFP_NOWARN));
        assertEquals(lines, log.messages().size(), "__GFP_NOWARN suppresses the warning");

        // PF_MEMALLOC ignores the watermarks (unless __GFP_NOMEMALLOC) and never reclaims
        Machines.CURRENT.current().flags |= Current.PF_MEMALLOC;
        assertNull(pa.allocPage(GFP_KERNEL | __GFP_NOMEMALLOC | __GFP_NOWARN));
        n = 0;
        while ((p = pa.allocPage(GFP_KERNEL | __GFP_NOWARN)) != null) {
            held.add(p);
            n++;
        }
        assertEquals(48, n);
        assertEquals(0, dma.freePages);
        assertEquals(3, r.directReclaims.size());
        assertEquals(1, r.oomCalls);
        Machines.CURRENT.current().flags = 0;

        for (Page h : held) {
            pa.freePageRaw(h);
        }
        assertArrayEquals(boot, nrFree(dma));
    }

    private static String last(List<String> l) {
        return l.get(l.size() - 1);
    }

    /** Allocates GFP_KERNEL pages until the zone is at pages_min (127 on 16 MiB). */
    private static List<Page> drainToMin(PageAlloc pa) {
        Zone dma = pa.pgdat().dmaZone();
        List<Page> held = new ArrayList<>();
        while (dma.freePages > dma.pagesMin) {
            held.add(pa.allocPage(GFP_KERNEL));
        }
        return held;
    }

    @Test
    void allocPages_directReclaimProgressLetsAllocationSucceed() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = bootWithoutRam(mib(16), 1, log, r);
        Zone dma = pa.pgdat().dmaZone();
        List<Page> held = drainToMin(pa);
        r.progress = 1;
        r.onTryToFreePages = () -> {
            for (int i = 0; i < 10; i++) {
                pa.freePageRaw(held.remove(held.size() - 1));
            }
        };
        Page p = pa.allocPage(GFP_KERNEL);
        assertNotNull(p);
        assertEquals(1, r.directReclaims.size());
        assertEquals(0, r.oomCalls);
        assertEquals(127 + 10 - 1, dma.freePages);
        assertEquals(0, Machines.CURRENT.current().flags & Current.PF_MEMALLOC, "PF_MEMALLOC cleared after reclaim");
    }

    @Test
    void allocPages_reachesVmscanAndTheOomKillerThroughTheirHeaders() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = bootWithoutRam(mib(16), 1, log, r);
        List<Page> held = drainToMin(pa);
        assertEquals(158 - 127, r.wakeups.size(), "each allocation below pages_low woke kswapd");
        r.wakeups.clear();

        // order 1, no progress, __GFP_FS: the OOM killer, then from the top again
        r.onOutOfMemory = () -> {
            for (int i = 0; i < 64; i++) {
                pa.freePageRaw(held.remove(held.size() - 1));
            }
        };
        assertNotNull(pa.allocPages(GFP_KERNEL, 1));
        assertEquals(List.of("DMA/1"), r.wakeups, "the restart found the zone above pages_low");
        assertEquals(List.of("DMA,0xd0"), r.directReclaims);
        assertEquals(1, r.oomCalls);
        assertEquals(0, r.backingDev.congestionWaits(Bio.WRITE));
    }

    @Test
    void allocPages_highOrdersFailAfterProgressUnlessRepeat() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = bootWithoutRam(mib(16), 1, log, r);
        List<Page> held = drainToMin(pa);
        r.progress = 1; // progress reported, but nothing contiguous freed

        // order 4 > 3: after progress and a failed retry, nopage
        assertNull(pa.allocPages(GFP_KERNEL, 4));
        assertEquals(1, r.directReclaims.size());
        assertEquals(0, r.backingDev.congestionWaits(Bio.WRITE));
        assertEquals("swapper: page allocation failure. order:4, mode:0xd0", last(log.messages()));

        // __GFP_REPEAT: nap and rebalance until reclaim frees enough (here: the third time)
        r.onTryToFreePages = () -> {
            if (r.directReclaims.size() == 4) {
                for (int i = 0; i < 64; i++) {
                    pa.freePageRaw(held.remove(held.size() - 1));
                }
            }
        };
        assertNotNull(pa.allocPages(GFP_KERNEL | __GFP_REPEAT, 4));
        assertEquals(4, r.directReclaims.size());
        assertEquals(2, r.backingDev.congestionWaits(Bio.WRITE), "congestion_wait(WRITE, HZ/50) before each retry");
        assertEquals(0, r.oomCalls);
    }

    @Test
    void allocPages_withoutGfpFsNoProgressNapsAndReclaimsAgain() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = bootWithoutRam(mib(16), 1, log, r);
        List<Page> held = drainToMin(pa);
        // GFP_NOFS may not OOM-kill; order 0 retries for ever: rebalance, reclaim, nap
        r.onTryToFreePages = () -> {
            if (r.directReclaims.size() == 3) {
                r.progress = 1;
                for (int i = 0; i < 10; i++) {
                    pa.freePageRaw(held.remove(held.size() - 1));
                }
            }
        };
        log.clear();

        assertNotNull(pa.allocPage(Gfp.GFP_NOFS));

        assertEquals(List.of("DMA,0x50", "DMA,0x50", "DMA,0x50"), r.directReclaims);
        assertEquals(2, r.backingDev.congestionWaits(Bio.WRITE));
        assertEquals(0, r.oomCalls);
        assertEquals(List.of(), log.messages());
    }

    @Test
    void allocPages_oomKilledTaskAllocatesBelowTheWatermarks() {
        RecordingReclaim r = new RecordingReclaim();
        PageAlloc pa = bootWithoutRam(mib(16), 1, log, r);
        drainToMin(pa);
        Machines.CURRENT.current().tifMemdie = true;

        assertNotNull(pa.allocPage(GFP_KERNEL));

        assertEquals(List.of(), r.directReclaims, "TIF_MEMDIE takes from the reserves without reclaiming");
        assertEquals(126, pa.pgdat().dmaZone().freePages);
    }

    @Test
    void zoneWatermarkOk_highOrderNeedsBlocksOfEachLowerOrder() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Zone z = new Zone(pa.pgdat(), Zone.ZONE_NORMAL, 1);
        z.freePages = 100;
        z.freeArea[0].nrFree = 90;
        z.freeArea[1].nrFree = 5;
        // order 1: free = 100 - 2 + 1 = 99 > 20; minus the 90 order-0 pages = 9 <= 20/2
        assertFalse(pa.zoneWatermarkOk(z, 1, 20, Zone.ZONE_NORMAL, 0));
        // mark 16: 99 > 16, then 9 > 8
        assertTrue(pa.zoneWatermarkOk(z, 1, 16, Zone.ZONE_NORMAL, 0));
        // order 0 only compares free pages with the mark: 100 > 99, not > 100
        assertTrue(pa.zoneWatermarkOk(z, 0, 99, Zone.ZONE_NORMAL, 0));
        assertFalse(pa.zoneWatermarkOk(z, 0, 100, Zone.ZONE_NORMAL, 0));
        // ALLOC_HIGH halves the mark: 190 -> 95; ALLOC_HARDER takes a quarter: 130 -> 98
        assertTrue(pa.zoneWatermarkOk(z, 0, 190, Zone.ZONE_NORMAL, PageAlloc.ALLOC_HIGH));
        assertFalse(pa.zoneWatermarkOk(z, 0, 200, Zone.ZONE_NORMAL, PageAlloc.ALLOC_HIGH));
        assertTrue(pa.zoneWatermarkOk(z, 0, 130, Zone.ZONE_NORMAL, PageAlloc.ALLOC_HARDER));
        assertFalse(pa.zoneWatermarkOk(z, 0, 134, Zone.ZONE_NORMAL, PageAlloc.ALLOC_HARDER));
        // the lowmem reserve for a higher classzone is added to the mark
        z.lowmemReserve[Zone.ZONE_HIGHMEM] = 80;
        assertTrue(pa.zoneWatermarkOk(z, 0, 19, Zone.ZONE_NORMAL, 0));
        assertFalse(pa.zoneWatermarkOk(z, 0, 20, Zone.ZONE_HIGHMEM, 0));
        assertTrue(pa.zoneWatermarkOk(z, 0, 19, Zone.ZONE_HIGHMEM, 0));
    }

    @Test
    void getPageFromFreelist_fallsBackToLowerZoneAboveItsReserve() {
        PageAlloc pa = bootWithoutRam(mib(64), 1, log);
        Zone normal = pa.pgdat().normalZone();
        Zone dma = pa.pgdat().dmaZone();
        List<Page> held = new ArrayList<>();
        // drain Normal to its pages_low (237): the next GFP_KERNEL page comes from DMA
        while (true) {
            Page p = pa.allocPage(GFP_KERNEL);
            held.add(p);
            if (pa.pgdat().pageZone(p) == dma) {
                break;
            }
        }
        assertTrue(normal.freePages <= normal.pagesLow);
        // DMA serves Normal-class allocations only above pages_low + lowmem_reserve[1] (78 + 47)
        long dmaBefore = dma.freePages;
        assertTrue(dmaBefore > 125);
        assertEquals(1, pa.vmstat().vmEvent(VmEventItem.PGALLOC_DMA));
        assertEquals(held.size() - 1, pa.vmstat().vmEvent(VmEventItem.PGALLOC_NORMAL));
        for (Page p : held) {
            pa.freePageRaw(p);
        }
    }

    @Test
    void allocPages_highuserPrefersHighmemAndFallsBackBelowItsLowMark() {
        PageAlloc pa = bootWithoutRam(mib(1024), 1, log);
        Pglist node = pa.pgdat();
        Zone high = node.highmemZone();
        assertSame(node.normalZone(), node.pageZone(pa.allocPage(GFP_KERNEL)), "GFP_KERNEL never gets HighMem");
        int fromHigh = 0;
        Page p;
        while (node.pageZone(p = pa.allocPage(Gfp.GFP_HIGHUSER)) == high) {
            fromHigh++;
        }
        // HighMem served while it had more than pages_low (66) free; then Normal, whose
        // pages_low plus lowmem_reserve[HighMem] (1170 + 1016) it is far above
        assertSame(node.normalZone(), node.pageZone(p));
        assertTrue(high.freePages <= high.pagesLow, "HighMem free " + high.freePages);
        assertEquals(fromHigh, pa.vmstat().vmEvent(VmEventItem.PGALLOC_HIGH));
        assertEquals(2, pa.vmstat().vmEvent(VmEventItem.PGALLOC_NORMAL));
        assertEquals(List.of(), pa.checkFreeLists());
    }

    // ---- per-CPU lists ---------------------------------------------------------------------

    @Test
    void freeHotColdPage_pcpPagesAreNotFreePages() {
        // 128 MiB: Normal present 28448 -> batch 28448/1024 = 27, /4 = 6, 6+3 = 9 -> 7;
        // hot high 42 batch 7, cold high 14 batch 3.
        PageAlloc pa = bootWithoutRam(mib(128), 2, log);
        Zone normal = pa.pgdat().normalZone();
        assertEquals(42, normal.zonePcp(0).pcp[0].high);
        assertEquals(7, normal.zonePcp(0).pcp[0].batch);
        assertEquals(14, normal.zonePcp(0).pcp[1].high);
        assertEquals(3, normal.zonePcp(0).pcp[1].batch);
        pa.drainPagesRaw(0);
        pa.drainPagesRaw(1);
        long free = normal.freePages;
        Zone.PerCpuPages hot0 = normal.zonePcp(0).pcp[0];

        Page a = pa.allocPage(GFP_KERNEL); // refills cpu 0's hot list with a batch of 7
        assertEquals(free - 7, normal.freePages);
        assertEquals(6, hot0.count);
        pa.freePageRaw(a); // back on the hot list, free_pages unchanged
        assertEquals(7, hot0.count);
        assertEquals(free - 7, normal.freePages);
        assertEquals(free - 7, pa.nrFreePages() - pa.pgdat().dmaZone().freePages);
        assertSame(a, pa.allocPage(GFP_KERNEL), "the hot list is LIFO");
        pa.freePageRaw(a);

        // another CPU has its own lists
        Machines.CURRENT.current().cpu = 1;
        Page b = pa.allocPage(GFP_KERNEL);
        assertEquals(6, normal.zonePcp(1).pcp[0].count);
        assertEquals(7, hot0.count);
        pa.freePageRaw(b);
        Machines.CURRENT.current().cpu = 0;

        // filling cpu 0's hot list to high (42) spills batch (7) pages from its tail
        List<Page> extra = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            Page e = pa.allocPages(GFP_KERNEL, 1); // order 1 bypasses the per-CPU lists
            pa.splitPage(e, 1);
            extra.add(e);
        }
        long beforeSpill = normal.freePages;
        Page oldest = hot0.list.lruToPage();
        for (int i = 0; i < 34; i++) {
            pa.freePageRaw(extra.get(i));
        }
        assertEquals(41, hot0.count);
        assertEquals(beforeSpill, normal.freePages);
        pa.freePageRaw(extra.get(34));
        assertEquals(42 - 7, hot0.count);
        assertEquals(beforeSpill + 7, normal.freePages);
        assertFalse(hot0.list.contains(oldest), "the spill takes the oldest pages, from the tail");
        assertEquals(0, Page.pageCount(oldest));
        assertSame(extra.get(34), hot0.list.first());

        // __GFP_COLD uses the cold list, refilled by its own batch of 3
        long beforeCold = normal.freePages;
        Page c = pa.allocPage(GFP_KERNEL | __GFP_COLD);
        assertEquals(2, normal.zonePcp(0).pcp[1].count);
        assertEquals(beforeCold - 3, normal.freePages);
        pa.freeColdPage(decRef(c));
        assertEquals(3, normal.zonePcp(0).pcp[1].count);

        pa.drainLocalPages();
        assertEquals(0, hot0.count);
        assertEquals(0, normal.zonePcp(0).pcp[1].count);
        assertEquals(0, pa.pcpPages(normal) - normal.zonePcp(1).pcp[0].count - normal.zonePcp(1).pcp[1].count);
    }

    /** Drops the caller's reference without freeing, for tests that call free_cold_page directly. */
    private static Page decRef(Page p) {
        assertTrue(Page.putPageTestzero(p));
        return p;
    }

    // ---- page checks -------------------------------------------------------------------------

    @Test
    void freePagesCheck_reportsAndRepairsABadPage() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        Page p = pa.allocPage(GFP_KERNEL);
        long free = dma.freePages;
        PageFlags.setPageLRU(p); // still on an LRU list: a freeing bug
        log.clear();
        pa.freePageRaw(p);
        List<String> m = log.messages();
        assertEquals("Bad page state in process 'swapper'", m.get(0));
        assertTrue(m.get(1).startsWith("page:pfn " + p.pfn + " flags:0x"), m.get(1));
        assertTrue(m.get(1).endsWith(" mapping:00000000 mapcount:0 count:0"), m.get(1));
        assertEquals("Trying to fix it up, but a reboot is needed", m.get(2));
        assertEquals(Printk.KERN_EMERG + "Bad page state in process 'swapper'", log.lines().get(0));
        assertFalse(PageFlags.pageLRU(p));
        assertEquals(1, pa.badPages());
        assertEquals(free + 1, dma.freePages, "the repaired page is freed");
    }

    @Test
    void badPage_countsEveryReportFromConcurrentCpus() throws Exception {
        PageAlloc pa = bootWithoutRam(mib(16), 2, Printk.NONE);
        Page[] pages = {pa.allocPage(GFP_KERNEL), pa.allocPage(GFP_KERNEL)};
        int reports = 40_000;
        CyclicBarrier start = new CyclicBarrier(2);
        Thread[] cpus = new Thread[2];
        Throwable[] failed = new Throwable[2];
        for (int c = 0; c < 2; c++) {
            final int cpu = c;
            cpus[c] = new Thread(() -> {
                try {
                    Machines.CURRENT.current().cpu = cpu;
                    start.await();
                    for (int i = 0; i < reports; i++) {
                        pa.badPage(pages[cpu]);
                    }
                } catch (Throwable t) {
                    failed[cpu] = t;
                }
            }, "cpu" + c);
            cpus[c].start();
        }
        for (Thread t : cpus) {
            t.join();
        }
        assertNull(failed[0]);
        assertNull(failed[1]);
        assertEquals(2 * reports, pa.badPages(), "no report may be lost when two CPUs find bad pages at once");
    }

    @Test
    void freePagesCheck_mappedPageIsBad() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Page p = pa.allocPage(GFP_KERNEL);
        Page.atomicSetMapcount(p, 0);
        pa.freePageRaw(p);
        assertEquals(1, pa.badPages());
        assertTrue(log.messages().stream().anyMatch(l -> l.endsWith("mapcount:1 count:0")), log.messages()::toString);
        assertEquals(0, Page.pageMapcount(p));
    }

    @Test
    void freePagesCheck_dirtyIsClearedSilently() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Page p = pa.allocPage(GFP_KERNEL);
        PageFlags.setPageDirty(p);
        log.clear();
        pa.freePageRaw(p);
        assertEquals(0, pa.badPages());
        assertEquals(List.of(), log.messages());
        assertFalse(PageFlags.pageDirty(p));
    }

    @Test
    void freePagesCheck_reservedPageIsReportedAndKept() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        long free = dma.freePages;
        Page zero = pa.pgdat().pfnToPage(0);
        pa.freePageRaw(zero);
        assertEquals(1, pa.badPages());
        assertTrue(PageFlags.pageReserved(zero));
        assertEquals(free, dma.freePages, "a reserved page is never freed");
    }

    @Test
    void prepNewPage_reportsDirtyFreePageAndClearsStaleFlags() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Page p = pa.allocPage(GFP_KERNEL);
        assertEquals(33, p.pfn);
        PageFlags.setPageUptodate(p);
        PageFlags.setPageReferenced(p);
        PageFlags.setPageError(p);
        pa.freePageRaw(p); // back to order 0 (its buddy, pfn 32, is mem_map)
        Page again = pa.allocPage(GFP_KERNEL);
        assertSame(p, again);
        assertFalse(PageFlags.pageUptodate(p));
        assertFalse(PageFlags.pageReferenced(p));
        assertFalse(PageFlags.pageError(p));
        assertEquals(0, pa.badPages());
        pa.freePageRaw(again);
        PageFlags.setPageDirty(p); // corrupt a free page
        Page bad = pa.allocPage(GFP_KERNEL);
        assertSame(p, bad);
        assertEquals(1, pa.badPages());
        assertFalse(PageFlags.pageDirty(bad));
        assertEquals(1, Page.pageCount(bad));
    }

    @Test
    void prepNewPage_gfpZeroClearsTheFrame() {
        PageAlloc pa = boot(mib(16), 1, log);
        Page p = pa.allocPage(GFP_KERNEL);
        pa.pgdat().ram.writeInt(p.pfn, 100, 0xdeadbeef);
        pa.freePageRaw(p);
        Page q = pa.allocPage(GFP_KERNEL | __GFP_ZERO);
        assertSame(p, q);
        assertEquals(0, pa.pgdat().ram.readInt(q.pfn, 100));
    }

    @Test
    void freeHotColdPage_anonMappingIsDroppedBeforeTheCheck() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Page p = pa.allocPage(GFP_KERNEL);
        p.mapping = new AnonVma();
        pa.freePageRaw(p);
        assertEquals(0, pa.badPages());
        assertNull(p.mapping);
    }

    @Test
    void nrFreePages_countsBuddyPagesOnly() {
        PageAlloc pa = bootWithoutRam(mib(64), 1, log);
        long sum = 0;
        for (Zone z : pa.pgdat().nodeZones) {
            sum += z.freePages;
        }
        assertEquals(sum, pa.nrFreePages());
        // nr_free_pagecache_pages = sum of (present - pages_high): (4064-94) + (12192-285)
        assertEquals(3970 + 11907, pa.nrFreePagecachePages());
        assertEquals(3970 + 11907, pa.nrFreeBufferPages());
        // vm_total_pages was taken before the watermarks existed: all present pages
        assertEquals(4064 + 12192, pa.vmTotalPages());
        assertEquals(16384, pa.numPhyspages());
        assertTrue(Arrays.stream(pa.pgdat().nodeZones).allMatch(z -> z.allUnreclaimable == 0));
    }

    @Test
    void showFreeAreas_reportsPerCpuListsWatermarksAndBuddyBlocks() {
        PageAlloc pa = bootWithoutRam(mib(16), 2, log);
        log.clear();
        pa.showFreeAreas();
        assertEquals(List.of(
                "DMA per-cpu:",
                "CPU    0: Hot: hi:    0, btch:   1 usd:   0   Cold: hi:    0, btch:   1 usd:   0",
                "CPU    1: Hot: hi:    0, btch:   1 usd:   0   Cold: hi:    0, btch:   1 usd:   0",
                "Active:0 inactive:0 dirty:0 writeback:0 unstable:0 free:4063 slab:0 mapped:0 pagetables:0",
                "DMA free:16252kB min:508kB low:632kB high:760kB active:0kB inactive:0kB present:16256kB"
                        + " pages_scanned:0 all_unreclaimable? no",
                "lowmem_reserve[]: 0 0 0",
                "DMA: 1*4kB 1*8kB 1*16kB 1*32kB 1*64kB 0*128kB 1*256kB 1*512kB 1*1024kB 1*2048kB 3*4096kB = 16252kB"),
                log.messages());
    }

    @Test
    void freePagesBulk_clearsAllUnreclaimableAndPagesScanned() {
        PageAlloc pa = bootWithoutRam(mib(16), 1, log);
        Zone dma = pa.pgdat().dmaZone();
        Page p = pa.allocPage(GFP_KERNEL);
        dma.allUnreclaimable = 1;
        dma.pagesScanned = 500;
        pa.freePageRaw(p);
        assertEquals(0, dma.allUnreclaimable);
        assertEquals(0, dma.pagesScanned);
        Page q = pa.allocPages(GFP_KERNEL, 2);
        dma.allUnreclaimable = 1;
        dma.pagesScanned = 7;
        pa.freePagesRaw(q, 2); // free_one_page
        assertEquals(0, dma.allUnreclaimable);
        assertEquals(0, dma.pagesScanned);
    }
}
