package linux.mm.pagealloc.internal;

import linux.mm.page.*;

import static linux.mm.pagealloc.internal.Machines.bootWithoutRam;
import static linux.mm.pagealloc.internal.Machines.mib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import linux.kernel.Printk;
import org.junit.jupiter.api.Test;

/** include/linux/vmstat.h and mm/vmstat.c: zone and global counters, events, /proc/vmstat. */
class VmstatTest {

    private final PageAlloc pa = bootWithoutRam(mib(64), 1, Printk.NONE);
    private final Vmstat vm = pa.vmstat();

    @Test
    void modZonePageState_updatesZoneAndGlobalCounters() {
        Zone dma = pa.pgdat().dmaZone();
        Zone normal = pa.pgdat().normalZone();
        vm.modZonePageState(dma, ZoneStatItem.NR_FILE_PAGES, 3);
        vm.incZoneState(normal, ZoneStatItem.NR_FILE_PAGES);
        Page inNormal = pa.pgdat().pfnToPage(8000);
        vm.incZonePageState(inNormal, ZoneStatItem.NR_ANON_PAGES);
        vm.incZonePageState(inNormal, ZoneStatItem.NR_ANON_PAGES);
        vm.decZonePageState(inNormal, ZoneStatItem.NR_ANON_PAGES);
        assertEquals(3, vm.zonePageState(dma, ZoneStatItem.NR_FILE_PAGES));
        assertEquals(1, vm.zonePageState(normal, ZoneStatItem.NR_FILE_PAGES));
        assertEquals(4, vm.globalPageState(ZoneStatItem.NR_FILE_PAGES));
        assertEquals(1, vm.zonePageState(normal, ZoneStatItem.NR_ANON_PAGES));
        assertEquals(0, vm.zonePageState(dma, ZoneStatItem.NR_ANON_PAGES));
        assertEquals(1, vm.globalPageState(ZoneStatItem.NR_ANON_PAGES));
    }

    @Test
    void countZoneVmEvents_picksTheZonesMemberOfTheFamily() {
        vm.countZoneVmEvents(VmEventItem.PGSCAN_DIRECT_DMA, pa.pgdat().normalZone(), 5);
        vm.countZoneVmEvents(VmEventItem.PGSTEAL_DMA, pa.pgdat().highmemZone(), 2);
        assertEquals(5, vm.vmEvent(VmEventItem.PGSCAN_DIRECT_NORMAL));
        assertEquals(2, vm.vmEvent(VmEventItem.PGSTEAL_HIGH));
        assertEquals(VmEventItem.PGREFILL_HIGH, VmEventItem.forZone(VmEventItem.PGREFILL_DMA, Zone.ZONE_HIGHMEM));
    }

    @Test
    void procVmstat_listsCountersInKernelOrder() {
        vm.countVmEvents(VmEventItem.PGPGIN, 9);
        vm.countVmEvent(VmEventItem.ALLOCSTALL);
        String[] lines = vm.procVmstat().split("\n");
        assertEquals(ZoneStatItem.NR_VM_ZONE_STAT_ITEMS + VmEventItem.NR_VM_EVENT_ITEMS, lines.length);
        assertEquals("nr_anon_pages 0", lines[0]);
        assertEquals("nr_mapped 0", lines[1]);
        assertEquals("nr_vmscan_write 0", lines[10]);
        assertEquals("pgpgin 4", lines[11], "sectors are halved into KiB");
        assertEquals("pgalloc_dma", lines[15].split(" ")[0]);
        assertEquals("pgalloc_high", lines[17].split(" ")[0]);
        assertEquals("pgfree", lines[18].split(" ")[0]);
        assertTrue(Long.parseLong(lines[18].split(" ")[1]) > 0, "boot freed pages");
        assertEquals("allocstall 1", lines[lines.length - 2]);
        assertEquals("pgrotated 0", lines[lines.length - 1]);
        assertEquals(31, VmEventItem.NR_VM_EVENT_ITEMS);
        assertEquals(11, ZoneStatItem.NR_VM_ZONE_STAT_ITEMS);
    }

    @Test
    void procZoneinfo_showsWatermarksCountersAndProtection() {
        String text = vm.procZoneinfo();
        String expectDma = String.join("\n",
                "Node 0, zone      DMA",
                "  pages free     " + pa.pgdat().dmaZone().freePages,
                "        min      63",
                "        low      78",
                "        high     94",
                "        active   0",
                "        inactive 0",
                "        scanned  0 (a: 0 i: 0)",
                "        spanned  4096",
                "        present  4064",
                "    nr_anon_pages 0",
                "    nr_mapped    0");
        assertTrue(text.startsWith(expectDma), text);
        assertTrue(text.contains("\n        protection: (0, 47, 47)\n  pagesets\n  all_unreclaimable: 0"
                + "\n  prev_priority:     12\n  start_pfn:         0\n"), text);
        assertTrue(text.contains("Node 0, zone   Normal\n"), text);
        assertTrue(text.contains("\n  start_pfn:         4096\n"), text);
        assertTrue(!text.contains("HighMem"), "unpopulated zones are skipped");
    }

    @Test
    void procZoneinfo_listsPerCpuPagesOfBusyCpus() {
        Page p = pa.allocPage(Gfp.GFP_KERNEL); // 64 MiB Normal: hot high 6, batch 1
        pa.freePageRaw(p);
        String text = vm.procZoneinfo();
        // threshold: 2 * fls(1 cpu) * (1 + fls(12192 >> 15 = 0)) = 2
        assertTrue(text.contains("\n  pagesets\n    cpu: 0 pcp: 0\n              count: 1\n              high:  6"
                + "\n              batch: 1\n    cpu: 0 pcp: 1\n              count: 0\n              high:  2"
                + "\n              batch: 1\n  vm stats threshold: 2\n"), text);
    }

    @Test
    void procBuddyinfo_countsFreeBlocksPerOrder() {
        pa.drainLocalPages();
        String[] lines = vm.procBuddyinfo().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("Node 0, zone      DMA "), lines[0]);
        assertTrue(lines[1].startsWith("Node 0, zone   Normal "), lines[1]);
        String[] f = lines[0].substring("Node 0, zone      DMA ".length()).trim().split(" +");
        assertEquals(Zone.MAX_ORDER, f.length);
        for (int o = 0; o < Zone.MAX_ORDER; o++) {
            assertEquals(pa.pgdat().dmaZone().freeArea[o].nrFree, Long.parseLong(f[o]));
        }
    }

    @Test
    void getZoneCounts_sumsActiveInactiveFree() {
        long[] c = vm.getZoneCounts();
        assertEquals(0, c[0]);
        assertEquals(0, c[1]);
        assertEquals(pa.nrFreePages(), c[2]);
    }
}
