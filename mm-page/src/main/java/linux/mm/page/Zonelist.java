package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mmzone.h struct zonelist: the fallback order of
 * zones an allocation walks. Owns the zone order of one gfp_zone class.
 */

import linux.kernel.Mirrors;

/**
 * The zones an allocation may take pages from, preferred first
 * ({@code struct zonelist}). {@code node_zonelists[i]} of a node lists its populated
 * zones from zone i down to ZONE_DMA (build_zonelists_node), so a HighMem allocation
 * falls back to Normal and then DMA, never the other way.
 *
 * <p>Differs from 2.6.20: an exact-length array instead of a NULL-terminated one;
 * there is no zonelist cache (a non-NUMA build has none either).
 */
@Mirrors("zonelist")
public final class Zonelist {
    /** The zones, preferred first; {@code zones[0]} gives the classzone index. */
    public final Zone[] zones;

    public Zonelist(Zone[] zones) {
        this.zones = zones;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("zonelist[");
        for (int i = 0; i < zones.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(zones[i].name);
        }
        return sb.append(']').toString();
    }
}
