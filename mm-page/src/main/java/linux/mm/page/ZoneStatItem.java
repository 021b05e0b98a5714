package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mmzone.h enum zone_stat_item and the zoned part of
 * vmstat_text in mm/vmstat.c. Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code enum zone_stat_item} of {@code include/linux/mmzone.h}:
 * the per-zone page counters, in the kernel's order (no NUMA items: the emulated machine
 * has one node). {@link #text()} is the name {@code /proc/vmstat} prints
 * ({@code vmstat_text} of {@code mm/vmstat.c}).
 */
@Mirrors("zone_stat_item")
public enum ZoneStatItem {
    /** Anonymous pages mapped into some page table. */
    NR_ANON_PAGES("nr_anon_pages"),
    /** Page-cache pages mapped into some page table. */
    NR_FILE_MAPPED("nr_mapped"),
    /** Pages in the page cache or the swap cache. */
    NR_FILE_PAGES("nr_file_pages"),
    NR_SLAB_RECLAIMABLE("nr_slab_reclaimable"),
    NR_SLAB_UNRECLAIMABLE("nr_slab_unreclaimable"),
    /** Pages used as page tables. */
    NR_PAGETABLE("nr_page_table_pages"),
    NR_FILE_DIRTY("nr_dirty"),
    /** Pages with PG_writeback set. */
    NR_WRITEBACK("nr_writeback"),
    NR_UNSTABLE_NFS("nr_unstable"),
    NR_BOUNCE("nr_bounce"),
    /** Pages handed to writepage by reclaim. */
    NR_VMSCAN_WRITE("nr_vmscan_write");

    /** {@code NR_VM_ZONE_STAT_ITEMS}. */
    @Mirrors("NR_VM_ZONE_STAT_ITEMS")
    public static final int NR_VM_ZONE_STAT_ITEMS = values().length;

    private static final ZoneStatItem[] VALUES = values();

    private final String text;

    ZoneStatItem(String text) {
        this.text = text;
    }

    /** The /proc/vmstat name of this counter. */
    public String text() {
        return text;
    }

    /** The item with ordinal {@code i}, without allocating a fresh values() array. */
    public static ZoneStatItem of(int i) {
        return VALUES[i];
    }
}
