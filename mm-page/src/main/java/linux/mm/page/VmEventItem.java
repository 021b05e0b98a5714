package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/vmstat.h enum vm_event_item and the event part of
 * vmstat_text in mm/vmstat.c. Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code enum vm_event_item} of {@code include/linux/vmstat.h}: the
 * event counters of {@code /proc/vmstat}, in the kernel's order for an i386 build with
 * CONFIG_HIGHMEM (each per-zone event expands to {@code _DMA, _NORMAL, _HIGH}).
 * {@link #text()} is the {@code vmstat_text} name of {@code mm/vmstat.c}.
 */
@Mirrors("vm_event_item")
public enum VmEventItem {
    /** Counted by submit_bio for reads, in sectors of 512 bytes. */
    PGPGIN("pgpgin"),
    PGPGOUT("pgpgout"),
    /** Pages read from swap. */
    PSWPIN("pswpin"),
    /** Pages written to swap. */
    PSWPOUT("pswpout"),
    PGALLOC_DMA("pgalloc_dma"),
    PGALLOC_NORMAL("pgalloc_normal"),
    PGALLOC_HIGH("pgalloc_high"),
    PGFREE("pgfree"),
    PGACTIVATE("pgactivate"),
    PGDEACTIVATE("pgdeactivate"),
    PGFAULT("pgfault"),
    PGMAJFAULT("pgmajfault"),
    PGREFILL_DMA("pgrefill_dma"),
    PGREFILL_NORMAL("pgrefill_normal"),
    PGREFILL_HIGH("pgrefill_high"),
    PGSTEAL_DMA("pgsteal_dma"),
    PGSTEAL_NORMAL("pgsteal_normal"),
    PGSTEAL_HIGH("pgsteal_high"),
    PGSCAN_KSWAPD_DMA("pgscan_kswapd_dma"),
    PGSCAN_KSWAPD_NORMAL("pgscan_kswapd_normal"),
    PGSCAN_KSWAPD_HIGH("pgscan_kswapd_high"),
    PGSCAN_DIRECT_DMA("pgscan_direct_dma"),
    PGSCAN_DIRECT_NORMAL("pgscan_direct_normal"),
    PGSCAN_DIRECT_HIGH("pgscan_direct_high"),
    PGINODESTEAL("pginodesteal"),
    SLABS_SCANNED("slabs_scanned"),
    KSWAPD_STEAL("kswapd_steal"),
    KSWAPD_INODESTEAL("kswapd_inodesteal"),
    PAGEOUTRUN("pageoutrun"),
    ALLOCSTALL("allocstall"),
    PGROTATED("pgrotated");

    /** {@code NR_VM_EVENT_ITEMS}. */
    @Mirrors("NR_VM_EVENT_ITEMS")
    public static final int NR_VM_EVENT_ITEMS = values().length;

    private static final VmEventItem[] VALUES = values();

    private final String text;

    VmEventItem(String text) {
        this.text = text;
    }

    /** The /proc/vmstat name of this counter. */
    public String text() {
        return text;
    }

    /** The item with ordinal {@code i}. */
    public static VmEventItem of(int i) {
        return VALUES[i];
    }

    /**
     * The per-zone member of a zoned event family: {@code base} is the family's
     * {@code _DMA} item (PGALLOC_DMA, PGREFILL_DMA, PGSTEAL_DMA, PGSCAN_KSWAPD_DMA,
     * PGSCAN_DIRECT_DMA) and the zone index is added to it, as the kernel's
     * {@code item##_DMA + zone_idx(zone)} does.
     */
    public static VmEventItem forZone(VmEventItem base, int zoneIdx) {
        assert base == PGALLOC_DMA || base == PGREFILL_DMA || base == PGSTEAL_DMA
                || base == PGSCAN_KSWAPD_DMA || base == PGSCAN_DIRECT_DMA : base;
        assert zoneIdx >= 0 && zoneIdx < Zone.MAX_NR_ZONES : zoneIdx;
        return VALUES[base.ordinal() + zoneIdx];
    }
}
