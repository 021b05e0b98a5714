package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/vmstat.h and mm/vmstat.c: vm_stat[], the zone-stat
 * helpers (zone_page_state, global_page_state, mod/inc/dec_zone_page_state), the VM event
 * counters, get_zone_counts and the /proc/vmstat, /proc/zoneinfo and /proc/buddyinfo
 * texts. Owns the machine's global counters.
 */

import java.util.concurrent.atomic.AtomicLongArray;
import linux.arch.x86.PageGeometry;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/vmstat.h} and {@code mm/vmstat.c}: the
 * global zone-stat counters {@code vm_stat[]} (each zone keeps its own copy in
 * {@link Zone#vmStat}), the VM event counters of {@code /proc/vmstat}, and the text of
 * {@code /proc/vmstat} itself. One instance per emulated machine, owned by its
 * {@link Pglist}.
 *
 * <p>Locking: none needed; every counter is an atomic long.
 *
 * <p>Differs from 2.6.20: the SMP kernel keeps per-CPU differentials of the zone
 * counters and folds them in when they pass a threshold, so its totals lag; here every
 * update goes straight to the zone and global atomics (the kernel's uniprocessor form),
 * so {@link #globalPageState} is exact at any moment. Event counters are one shared
 * array rather than one per CPU; {@code all_vm_events} would sum the per-CPU arrays to
 * the same totals.
 */
public final class Vmstat implements WritebackAccounting {

    private final Pglist pgdat;
    private final AtomicLongArray vmStat = new AtomicLongArray(ZoneStatItem.NR_VM_ZONE_STAT_ITEMS);
    private final AtomicLongArray vmEvents = new AtomicLongArray(VmEventItem.NR_VM_EVENT_ITEMS);

    Vmstat(Pglist pgdat) {
        this.pgdat = pgdat;
    }

    /** Adds {@code x} to a zone's counter and to the global one. */
    @Mirrors("zone_page_state_add")
    void zonePageStateAdd(long x, Zone zone, ZoneStatItem item) {
        zone.vmStat.addAndGet(item.ordinal(), x);
        vmStat.addAndGet(item.ordinal(), x);
    }

    /**
     * The machine-wide value of {@code item}, clamped at 0 as the SMP kernel clamps a
     * transiently negative sum (a decrement on one CPU seen before the increment on
     * another).
     */
    @Mirrors("global_page_state")
    public long globalPageState(ZoneStatItem item) {
        return Math.max(vmStat.get(item.ordinal()), 0);
    }

    /** The value of {@code item} in one zone, clamped at 0 like {@link #globalPageState}. */
    @Mirrors("zone_page_state")
    public long zonePageState(Zone zone, ZoneStatItem item) {
        return Math.max(zone.vmStat.get(item.ordinal()), 0);
    }

    /** Adds {@code delta} to {@code item} of {@code zone} (the caller may hold any lock). */
    @Mirrors("mod_zone_page_state")
    public void modZonePageState(Zone zone, ZoneStatItem item, long delta) {
        zonePageStateAdd(delta, zone, item);
    }

    /** Increments {@code item} of the zone that holds {@code page}. */
    @Mirrors("inc_zone_page_state")
    public void incZonePageState(Page page, ZoneStatItem item) {
        zonePageStateAdd(1, pgdat.pageZone(page), item);
    }

    /** Decrements {@code item} of the zone that holds {@code page}. */
    @Mirrors("dec_zone_page_state")
    public void decZonePageState(Page page, ZoneStatItem item) {
        zonePageStateAdd(-1, pgdat.pageZone(page), item);
    }

    /** NR_WRITEBACK++ for the page's zone (PG_writeback went 0 to 1; called by page-writeback). */
    @Override
    public void incNrWriteback(Page page) {
        incZonePageState(page, ZoneStatItem.NR_WRITEBACK);
    }

    /** NR_WRITEBACK-- for the page's zone (PG_writeback went 1 to 0). */
    @Override
    public void decNrWriteback(Page page) {
        decZonePageState(page, ZoneStatItem.NR_WRITEBACK);
    }

    /** NR_FILE_DIRTY++ for the page's zone. */
    @Override
    public void incNrFileDirty(Page page) {
        incZonePageState(page, ZoneStatItem.NR_FILE_DIRTY);
    }

    /** NR_FILE_DIRTY-- for the page's zone. */
    @Override
    public void decNrFileDirty(Page page) {
        decZonePageState(page, ZoneStatItem.NR_FILE_DIRTY);
    }

    /** Increments {@code item} of {@code zone}. */
    @Mirrors("inc_zone_state")
    public void incZoneState(Zone zone, ZoneStatItem item) {
        zonePageStateAdd(1, zone, item);
    }

    /** Clears a zone's counters at zone setup (their global share is not touched). */
    @Mirrors("zap_zone_vm_stats")
    static void zapZoneVmStats(Zone zone) {
        for (int i = 0; i < ZoneStatItem.NR_VM_ZONE_STAT_ITEMS; i++) {
            zone.vmStat.set(i, 0);
        }
    }

    /** Counts one {@code item} event. */
    @Mirrors("count_vm_event")
    public void countVmEvent(VmEventItem item) {
        vmEvents.incrementAndGet(item.ordinal());
    }

    /** Counts {@code delta} {@code item} events. */
    @Mirrors("count_vm_events")
    public void countVmEvents(VmEventItem item, long delta) {
        vmEvents.addAndGet(item.ordinal(), delta);
    }

    /**
     * Counts {@code delta} events of a per-zone family against {@code zone}:
     * {@code base} is the family's {@code _DMA} member, e.g.
     * {@code countZoneVmEvents(PGALLOC_DMA, zone, 1 << order)}.
     */
    @Mirrors("__count_zone_vm_events")
    public void countZoneVmEvents(VmEventItem base, Zone zone, long delta) {
        vmEvents.addAndGet(VmEventItem.forZone(base, zone.idx).ordinal(), delta);
    }

    /** The total of one event counter. */
    public long vmEvent(VmEventItem item) {
        return vmEvents.get(item.ordinal());
    }

    /** Fills {@code ret} (length NR_VM_EVENT_ITEMS) with every event counter. */
    @Mirrors("all_vm_events")
    public void allVmEvents(long[] ret) {
        for (int i = 0; i < VmEventItem.NR_VM_EVENT_ITEMS; i++) {
            ret[i] = vmEvents.get(i);
        }
    }

    /** Active, inactive and free pages summed over the node's zones ({@code [0], [1], [2]}). */
    @Mirrors("get_zone_counts")
    public long[] getZoneCounts() {
        long active = 0;
        long inactive = 0;
        long free = 0;
        for (Zone z : pgdat.nodeZones) {
            active += z.nrActive;
            inactive += z.nrInactive;
            free += z.freePages;
        }
        return new long[] {active, inactive, free};
    }

    /**
     * The text of {@code /proc/zoneinfo} (zoneinfo_show) for every populated zone:
     * watermarks, LRU sizes, scan state, the zone counters, lowmem_reserve as
     * "protection", the per-CPU lists of CPUs that hold pages, and
     * all_unreclaimable / prev_priority / start_pfn.
     *
     * <p>Differs from 2.6.20: the "vm stats threshold" line shows the threshold the SMP
     * kernel would compute (calculate_threshold), though counters here are exact.
     */
    public String procZoneinfo() {
        StringBuilder sb = new StringBuilder(2048);
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            zone.lock.lock();
            try {
                sb.append(String.format("Node %d, zone %8s", pgdat.nodeId, zone.name));
                sb.append("\n  pages free     ").append(zone.freePages);
                sb.append("\n        min      ").append(zone.pagesMin);
                sb.append("\n        low      ").append(zone.pagesLow);
                sb.append("\n        high     ").append(zone.pagesHigh);
                sb.append("\n        active   ").append(zone.nrActive);
                sb.append("\n        inactive ").append(zone.nrInactive);
                sb.append("\n        scanned  ").append(zone.pagesScanned)
                        .append(" (a: ").append(zone.nrScanActive)
                        .append(" i: ").append(zone.nrScanInactive).append(')');
                sb.append("\n        spanned  ").append(zone.spannedPages);
                sb.append("\n        present  ").append(zone.presentPages);
                for (ZoneStatItem item : ZoneStatItem.values()) {
                    sb.append("\n    ").append(String.format("%-12s %d", item.text(), zonePageState(zone, item)));
                }
                sb.append("\n        protection: (").append(zone.lowmemReserve[0]);
                for (int i = 1; i < zone.lowmemReserve.length; i++) {
                    sb.append(", ").append(zone.lowmemReserve[i]);
                }
                sb.append(")\n  pagesets");
                for (int cpu = 0; cpu < pgdat.nrCpus; cpu++) {
                    Zone.PerCpuPageset pageset = zone.zonePcp(cpu);
                    boolean any = false;
                    for (Zone.PerCpuPages pcp : pageset.pcp) {
                        any |= pcp.count != 0;
                    }
                    if (!any) {
                        continue;
                    }
                    for (int j = 0; j < pageset.pcp.length; j++) {
                        Zone.PerCpuPages pcp = pageset.pcp[j];
                        sb.append("\n    cpu: ").append(cpu).append(" pcp: ").append(j)
                                .append("\n              count: ").append(pcp.count)
                                .append("\n              high:  ").append(pcp.high)
                                .append("\n              batch: ").append(pcp.batch);
                    }
                    sb.append("\n  vm stats threshold: ").append(calculateThreshold(zone));
                }
                sb.append("\n  all_unreclaimable: ").append(zone.allUnreclaimable);
                sb.append("\n  prev_priority:     ").append(zone.prevPriority);
                sb.append("\n  start_pfn:         ").append(zone.zoneStartPfn);
            } finally {
                zone.lock.unlock();
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The SMP per-CPU counter threshold of a zone: 2 x fls(cpus) x (1 + fls(present pages
     * in 128 MiB units)), at most 125.
     */
    @Mirrors("calculate_threshold")
    int calculateThreshold(Zone zone) {
        long mem = zone.presentPages >> (27 - PageGeometry.PAGE_SHIFT);
        int threshold = 2 * fls(pgdat.nrCpus) * (1 + fls(mem));
        return Math.min(125, threshold);
    }

    /** fls(x): the 1-based index of the highest set bit, 0 for 0. */
    @Mirrors("fls")
    private static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    /**
     * The text of {@code /proc/buddyinfo} (frag_show): per populated zone, the number of
     * free blocks of each order.
     */
    public String procBuddyinfo() {
        StringBuilder sb = new StringBuilder(256);
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            zone.lock.lock();
            try {
                sb.append(String.format("Node %d, zone %8s ", pgdat.nodeId, zone.name));
                for (int order = 0; order < Zone.MAX_ORDER; order++) {
                    sb.append(String.format("%6d ", zone.freeArea[order].nrFree));
                }
            } finally {
                zone.lock.unlock();
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The text of {@code /proc/vmstat}: one {@code "name value\n"} line per zone counter,
     * then per event counter, in {@code vmstat_text} order; pgpgin and pgpgout are
     * halved (sectors to KiB) as {@code vmstat_start} does.
     */
    public String procVmstat() {
        StringBuilder sb = new StringBuilder(1024);
        for (ZoneStatItem item : ZoneStatItem.values()) {
            sb.append(item.text()).append(' ').append(globalPageState(item)).append('\n');
        }
        for (VmEventItem item : VmEventItem.values()) {
            long v = vmEvent(item);
            if (item == VmEventItem.PGPGIN || item == VmEventItem.PGPGOUT) {
                v /= 2;
            }
            sb.append(item.text()).append(' ').append(v).append('\n');
        }
        return sb.toString();
    }
}
