package linux.boot;

/*
 * Mirrors linux-2.6.20 fs/proc/proc_misc.c (meminfo_read_proc), mm/page_alloc.c's si_meminfo
 * and mm/vmalloc.c's get_vmalloc_info as /proc/meminfo reads them, for an i386 CONFIG_HIGHMEM
 * kernel. Owns no state: every figure is read from the kernel's counters at the moment.
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import linux.init.BootParams;
import linux.init.KernelParts;
import linux.kernel.Mirrors;
import linux.mm.page.PageAllocOps;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Vmstat;
import linux.mm.page.ZoneStatItem;

/**
 * The text of {@code /proc/meminfo}: 2.6.20's labels, order and {@code %8lu kB} fields,
 * with the four HighTotal/HighFree/LowTotal/LowFree lines of a CONFIG_HIGHMEM build.
 *
 * <p>Where the emulator has no counterpart the kernel's value is what an idle kernel of this
 * shape would show and is said so here: there is no buffer cache (swap I/O goes straight to
 * bios), so Buffers is 0 and Cached counts the page cache only (NR_FILE_PAGES minus the swap
 * cache); there is no slab and no NFS, so Slab, SReclaimable, SUnreclaim and NFS_Unstable
 * read NR_SLAB_* and NR_UNSTABLE_NFS, which nothing raises; there are no huge pages. The only
 * vmalloc users are the swap areas' swap_maps, so VmallocUsed sums their vmalloc areas (each
 * with its guard page, as get_vmalloc_info counts {@code vm_struct->size}) and VmallocChunk
 * is the rest of the vmalloc range after them.
 */
public final class ProcMisc {
    private ProcMisc() {
    }

    /** PAGE_OFFSET: the kernel's half of the i386 address space starts at 3 GiB. */
    @Mirrors("PAGE_OFFSET")
    static final long PAGE_OFFSET = 0xC000_0000L;

    /** MAXMEM: directly mapped low memory ends 128 MiB (the vmalloc reserve) below 4 GiB. */
    @Mirrors("MAXMEM")
    static final long MAXMEM = 896L << 20;

    /** VMALLOC_OFFSET: the gap kept between the end of low memory and the vmalloc range. */
    @Mirrors("VMALLOC_OFFSET")
    static final long VMALLOC_OFFSET = 8L << 20;

    /** __FIXADDR_TOP: the fixmap ends one page below 4 GiB. */
    @Mirrors("__FIXADDR_TOP")
    static final long FIXADDR_TOP = 0xFFFF_F000L;

    /**
     * __end_of_fixed_addresses of include/asm-i386/fixmap.h for the configuration mmemu
     * emulates (SMP with local and I/O APICs, MAX_IO_APICS 64, CONFIG_HIGHMEM with
     * KM_TYPE_NR 13 kmap slots per CPU for NR_CPUS 8, CONFIG_ACPI's 4 pages, 16 boot-time
     * slots and FIX_WP_TEST): 2 + 1 + 64 + 104 + 4 = 175 permanent entries, then 17 more.
     */
    static final int END_OF_FIXED_ADDRESSES = 2 + 1 + 64 + 13 * BootParams.NR_CPUS + 4 + 16 + 1;

    /** sysctl vm.overcommit_ratio: the share of RAM CommitLimit counts, in percent. */
    @Mirrors("sysctl_overcommit_ratio")
    static final int SYSCTL_OVERCOMMIT_RATIO = 50;

    /** K(x): pages to KiB. */
    private static long k(long pages) {
        return pages << (PAGE_SHIFT - 10);
    }

    /**
     * VMALLOC_START: low memory ({@code high_memory}) rounded up past a VMALLOC_OFFSET gap;
     * {@code vmalloc_earlyreserve} is 0.
     */
    @Mirrors("VMALLOC_START")
    static long vmallocStart(long ramBytes) {
        long highMemory = PAGE_OFFSET + Math.min(ramBytes, MAXMEM);
        return (highMemory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1);
    }

    /**
     * VMALLOC_END with CONFIG_HIGHMEM: two pages below PKMAP_BASE, which is the start of the
     * persistent kmap window (LAST_PKMAP pages: 1024, or 512 under PAE) below the boot-time
     * fixmap, rounded down to a pmd.
     */
    @Mirrors("VMALLOC_END")
    static long vmallocEnd(boolean pae) {
        long fixaddrBootStart = FIXADDR_TOP - ((long) END_OF_FIXED_ADDRESSES << PAGE_SHIFT);
        int lastPkmap = pae ? 512 : 1024;
        long pmdMask = pae ? ~((1L << 21) - 1) : ~((1L << 22) - 1);
        long pkmapBase = (fixaddrBootStart - (long) PAGE_SIZE * (lastPkmap + 1)) & pmdMask & 0xFFFF_FFFFL;
        return pkmapBase - 2L * PAGE_SIZE;
    }

    /**
     * The bytes of the vmalloc areas in use: each active swap area's swap_map
     * ({@code vmalloc(maxpages * sizeof(short))}), page-aligned plus the guard page every
     * {@code vm_struct} carries.
     */
    static long vmallocUsed(SwapfileOps swapfile) {
        long used = 0;
        for (int type = 0; type < swapfile.nrSwapfiles(); type++) {
            SwapInfoStruct si = swapfile.getSwapInfoStruct(type);
            char[] map = si.swapMap;
            if ((si.flags & SwapInfoStruct.SWP_USED) != 0 && map != null) {
                long bytes = (long) map.length * Character.BYTES;
                used += ((bytes + PAGE_SIZE - 1) & -PAGE_SIZE) + PAGE_SIZE;
            }
        }
        return used;
    }

    /** meminfo_read_proc: the text of /proc/meminfo for kernel {@code k}. */
    @Mirrors("meminfo_read_proc")
    public static String meminfoReadProc(KernelParts k) {
        PageAllocOps pageAlloc = k.pageAlloc();
        Vmstat vm = pageAlloc.vmstat();
        long[] counts = vm.getZoneCounts();
        long active = counts[0];
        long inactive = counts[1];

        // si_meminfo: no shared memory accounting, no block-device page cache (bufferram 0)
        long totalram = pageAlloc.totalramPages();
        long freeram = pageAlloc.nrFreePages();
        long bufferram = 0;
        long totalhigh = pageAlloc.totalhighPages();
        long freehigh = pageAlloc.nrFreeHighpages();

        SwapfileOps.Sysinfo swap = new SwapfileOps.Sysinfo();
        SwapfileOps swapfile = k.swapfile();
        swapfile.siSwapinfo(swap);

        long committed = k.swap().vmCommittedSpace();
        long allowed = totalram * SYSCTL_OVERCOMMIT_RATIO / 100 + swapfile.totalSwapPages();
        long swapcache = k.swapperSpace().nrpages;
        long cached = vm.globalPageState(ZoneStatItem.NR_FILE_PAGES) - swapcache - bufferram;
        if (cached < 0) {
            cached = 0;
        }

        long vmallocTotal = vmallocEnd(k.pgtable().pae()) - vmallocStart(k.physicalMemory().nrFrames() * (long) PAGE_SIZE);
        long vmallocUsed = vmallocUsed(swapfile);

        StringBuilder sb = new StringBuilder(1024);
        line(sb, "MemTotal:     ", k(totalram));
        line(sb, "MemFree:      ", k(freeram));
        line(sb, "Buffers:      ", k(bufferram));
        line(sb, "Cached:       ", k(cached));
        line(sb, "SwapCached:   ", k(swapcache));
        line(sb, "Active:       ", k(active));
        line(sb, "Inactive:     ", k(inactive));
        line(sb, "HighTotal:    ", k(totalhigh));
        line(sb, "HighFree:     ", k(freehigh));
        line(sb, "LowTotal:     ", k(totalram - totalhigh));
        line(sb, "LowFree:      ", k(freeram - freehigh));
        line(sb, "SwapTotal:    ", k(swap.totalswap));
        line(sb, "SwapFree:     ", k(swap.freeswap));
        line(sb, "Dirty:        ", k(vm.globalPageState(ZoneStatItem.NR_FILE_DIRTY)));
        line(sb, "Writeback:    ", k(vm.globalPageState(ZoneStatItem.NR_WRITEBACK)));
        line(sb, "AnonPages:    ", k(vm.globalPageState(ZoneStatItem.NR_ANON_PAGES)));
        line(sb, "Mapped:       ", k(vm.globalPageState(ZoneStatItem.NR_FILE_MAPPED)));
        line(sb, "Slab:         ", k(vm.globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE)
                + vm.globalPageState(ZoneStatItem.NR_SLAB_UNRECLAIMABLE)));
        line(sb, "SReclaimable: ", k(vm.globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE)));
        line(sb, "SUnreclaim:   ", k(vm.globalPageState(ZoneStatItem.NR_SLAB_UNRECLAIMABLE)));
        line(sb, "PageTables:   ", k(vm.globalPageState(ZoneStatItem.NR_PAGETABLE)));
        line(sb, "NFS_Unstable: ", k(vm.globalPageState(ZoneStatItem.NR_UNSTABLE_NFS)));
        line(sb, "Bounce:       ", k(vm.globalPageState(ZoneStatItem.NR_BOUNCE)));
        line(sb, "CommitLimit:  ", k(allowed));
        line(sb, "Committed_AS: ", k(committed));
        line(sb, "VmallocTotal: ", vmallocTotal >> 10);
        line(sb, "VmallocUsed:  ", vmallocUsed >> 10);
        line(sb, "VmallocChunk: ", (vmallocTotal - vmallocUsed) >> 10);
        // hugetlb_report_meminfo adds nothing without CONFIG_HUGETLB_PAGE
        return sb.toString();
    }

    /** One {@code "Label:   %8lu kB\n"} line. */
    private static void line(StringBuilder sb, String label, long kb) {
        sb.append(label).append(String.format("%8d", kb)).append(" kB\n");
    }
}
