package linux.init;

import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.block.BlockDevices;
import linux.block.BlockLayer;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.BackingDev;
import linux.arch.x86.PageFaultHandler;
import linux.mm.page.ExitOps;
import linux.mm.page.ForkOps;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmList;
import linux.mm.page.MmapOps;
import linux.mm.page.MprotectOps;
import linux.mm.page.OomKillOps;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Vfs;
import linux.mm.page.VmscanOps;

/**
 * What a built kernel hands out: one object of each, shared by every file of that kernel
 * and never by another kernel. {@code linux.boot.KernelComponent} extends it, and so does
 * the Dagger component each module's tests build ("the test kernel"), listing fewer
 * implementation modules. A header whose kernel file is not in a component fails with
 * EINVAL when asked for (see {@link Selection}).
 */
public interface KernelParts {

    /** The parameters this kernel was booted with. */
    BootParams bootParams();

    /** The function-graph tracer of the calls between kernel files ({@link linux.kernel.Tracer#OFF} unless {@code trace=1}). */
    linux.kernel.Tracer tracer();

    /** The machine's RAM ({@code mem=}). */
    PhysicalMemory physicalMemory();

    /** The machine's CPUs ({@code maxcpus=}), in the paging mode of {@link #pgtable()}. */
    Cpus cpus();

    /** The page-table format selected by {@code pae=} / {@code pgtable=}. */
    Pgtable pgtable();

    /** The kernel log every module prints to ({@code dmesg}). */
    Printk.Buffer printk();

    /** This kernel's {@code current}, {@code in_interrupt()} and {@code smp_processor_id()}. */
    Current current();

    /** The block layer: submit_bio and the context its completions run in. */
    BlockLayer blockLayer();

    /** The open block devices: images and device nodes over this machine's RAM. */
    BlockDevices blockDevices();

    /** The host file system as swapon and swapoff open paths through it. */
    Vfs vfs();

    /** {@code swapper_space}. */
    AddressSpace swapperSpace();

    /** {@code init_mm} and the mmlist ring. */
    MmList mmList();

    /** set_page_dirty and the writeback flags with their counters. */
    PageWriteback pageWriteback();

    /** mm/backing-dev.c: congestion_wait's queues. */
    BackingDev backingDev();

    /** mm/page_alloc.c: zones, mem_map and the page allocator over all of RAM. */
    PageAllocOps pageAlloc();

    /** mm/swap.c: the LRU lists and per-CPU pagevecs. */
    SwapOps swap();

    /** mm/swapfile.c: swap areas, slots, swapon, swapoff. */
    SwapfileOps swapfile();

    /** mm/swap_state.c: the swap cache. */
    SwapStateOps swapState();

    /** mm/page_io.c: swap bios. */
    PageIoOps pageIo();

    /** mm/rmap.c: reverse mapping. */
    RmapOps rmap();

    /** mm/thrash.c: the swap token. */
    SwapTokenOps swapToken();

    /** mm/memory.c: faults, page-table copy and unmap. */
    MemoryOps memory();

    /** mm/mmap.c: the address-space layout. */
    MmapOps mmap();

    /** kernel/fork.c: dup_mm and mmput. */
    ForkOps fork();

    /** mm/mprotect.c: sys_mprotect. */
    MprotectOps mprotect();

    /** The mm half of kernel/exit.c: do_exit, exit_mm, release_task. */
    ExitOps exit();

    /** arch/i386/mm/fault.c: do_page_fault, installed on every CPU once built. */
    PageFaultHandler fault();

    /** mm/vmscan.c: reclaim. */
    VmscanOps vmscan();

    /** mm/oom_kill.c: the OOM killer. */
    OomKillOps oomKill();
}
