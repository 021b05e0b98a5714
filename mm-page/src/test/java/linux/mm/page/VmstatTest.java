package linux.mm.page;

import static linux.mm.page.Machines.bootWithoutRam;
import static linux.mm.page.Machines.mib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.trace.Printk;
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
    void getZoneCounts_sumsActiveInactiveFree() {
        long[] c = vm.getZoneCounts();
        assertEquals(0, c[0]);
        assertEquals(0, c[1]);
        assertEquals(pa.nrFreePages(), c[2]);
    }
}
