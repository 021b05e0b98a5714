package linux.mm.memory.internal;

/*
 * Mirrors linux-2.6.20 mm/memory.c: page-table freeing (free_pgd_range, free_pgtables) and
 * allocation (__pte_alloc), fork's copy (copy_page_range down to copy_one_pte), unmapping
 * (unmap_vmas down to zap_pte_range, zap_page_range), follow_page / get_user_pages, and the
 * fault handlers (__handle_mm_fault, handle_pte_fault, do_anonymous_page, do_swap_page with
 * swapin_readahead, do_wp_page). Owns ZERO_PAGE (i386's empty_zero_page).
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.MmStruct.MmCounter.anonRss;
import static linux.mm.page.MmStruct.MmCounter.fileRss;
import static linux.mm.page.Page.getPage;
import static linux.mm.page.Page.pageAnon;
import static linux.mm.page.Page.pageCacheGet;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageUptodate;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static linux.mm.page.VmAreaStruct.VM_INSERTPAGE;
import static linux.mm.page.VmAreaStruct.VM_IO;
import static linux.mm.page.VmAreaStruct.VM_HUGETLB;
import static linux.mm.page.VmAreaStruct.VM_LOCKED;
import static linux.mm.page.VmAreaStruct.VM_MAYREAD;
import static linux.mm.page.VmAreaStruct.VM_MAYWRITE;
import static linux.mm.page.VmAreaStruct.VM_NONLINEAR;
import static linux.mm.page.VmAreaStruct.VM_PFNMAP;
import static linux.mm.page.VmAreaStruct.VM_READ;
import static linux.mm.page.VmAreaStruct.VM_SHARED;
import static linux.mm.page.VmAreaStruct.VM_WRITE;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.locks.ReentrantLock;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmuGather;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.VmEventItem;
import linux.mm.page.Vmstat;
import linux.mm.page.ZapDetails;
import linux.mm.page.ZoneStatItem;

/**
 * mm/memory.c of one emulated kernel. The page tables are the real i386 tables in RAM
 * ({@link Pgtable}); a pointer to a pgd, pmd or pte entry is its physical byte address.
 *
 * <h2>Page-table levels</h2>
 * i386 folds the pud level into the pgd in both formats, and 2-level folds the pmd as well:
 * a "pud pointer" is the pgd entry's pointer, pgd_none/pud_none are constantly false, and
 * the first real test a walk makes is pmd_none_or_clear_bad. PAE's pmd tables are allocated
 * with the pgd and live as long as it (pgd_alloc / pgd_free), so pmd_alloc never allocates
 * and free_pgtables frees only pte tables.
 *
 * <h2>Locking</h2>
 * The pte lock of every pte table is the mm's {@code page_table_lock} (the
 * NR_CPUS &lt; SPLIT_PTLOCK_CPUS configuration). Faults hold mmap_sem for reading; they
 * take the pte lock to change a pte, never sleep under it (lock_page, allocation and I/O
 * happen with it dropped, and every pte is re-checked with pte_same when it is retaken).
 * fork holds both mms' mmap_sem for writing and nests the parent's pte lock inside the
 * child's. TLB entries are shot down with the Cpus flushes the pte helpers and the
 * mmu_gather issue.
 *
 * <p>Differs from 2.6.20: no hugetlb, no nonlinear or PFN-mapped vmas, no vm_ops (every vma
 * is anonymous), no preemption (the copy and unmap loops never break off to reschedule),
 * and the fault-path delay accounting (delayacct) is not kept.
 */
public final class Memory implements MemoryOps {

    private static final long LOW = 0xFFFF_FFFFL;

    private final Pgtable pgtable;
    private final Cpus cpus;
    private final PhysicalMemory ram;
    private final PageAllocOps pageAlloc;
    private final Vmstat vmstat;
    private final SwapOps swap;
    private final PageWriteback pageWriteback;
    private final MmList mmList;
    private final Printk printk;
    private final Current current;
    private final Provider<SwapfileOps> swapfileProvider;
    private final Provider<SwapStateOps> swapStateProvider;
    private final Provider<RmapOps> rmapProvider;
    private final Provider<SwapTokenOps> thrashProvider;
    private final Provider<MmapOps> mmapProvider;

    // The other kernel files, resolved on first use (they call back into this one).
    private volatile SwapfileOps swapfile;
    private volatile SwapStateOps swapState;
    private volatile RmapOps rmap;
    private volatile SwapTokenOps thrash;
    private volatile MmapOps mmap;

    /** empty_zero_page: a page of zeroes, reserved for the kernel's lifetime. */
    @Mirrors("empty_zero_page")
    private final Page emptyZeroPage;

    /**
     * The kernel's wiring: layer 0, mm-page's helpers, and the other kernel files through
     * their headers (providers: they call back into this file). Allocates ZERO_PAGE, as
     * head.S reserves empty_zero_page in the kernel image.
     */
    @Inject
    public Memory(Pgtable pgtable, Cpus cpus, PhysicalMemory ram, PageAllocOps pageAlloc, SwapOps swap,
            PageWriteback pageWriteback, MmList mmList, Printk printk, Current current,
            Provider<SwapfileOps> swapfile, Provider<SwapStateOps> swapState, Provider<RmapOps> rmap,
            Provider<SwapTokenOps> thrash, Provider<MmapOps> mmap) {
        this.pgtable = pgtable;
        this.cpus = cpus;
        this.ram = ram;
        this.pageAlloc = pageAlloc;
        this.vmstat = pageAlloc.vmstat();
        this.swap = swap;
        this.pageWriteback = pageWriteback;
        this.mmList = mmList;
        this.printk = printk;
        this.current = current;
        this.swapfileProvider = swapfile;
        this.swapStateProvider = swapState;
        this.rmapProvider = rmap;
        this.thrashProvider = thrash;
        this.mmapProvider = mmap;
        Page zero = pageAlloc.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
        if (zero == null) {
            throw new KernelBug("no memory for empty_zero_page");
        }
        PageFlags.setPageReserved(zero);
        this.emptyZeroPage = zero;
    }

    private SwapfileOps swapfile() {
        SwapfileOps s = swapfile;
        if (s == null) {
            swapfile = s = swapfileProvider.get();
        }
        return s;
    }

    private SwapStateOps swapState() {
        SwapStateOps s = swapState;
        if (s == null) {
            swapState = s = swapStateProvider.get();
        }
        return s;
    }

    private RmapOps rmap() {
        RmapOps r = rmap;
        if (r == null) {
            rmap = r = rmapProvider.get();
        }
        return r;
    }

    private SwapTokenOps thrash() {
        SwapTokenOps t = thrash;
        if (t == null) {
            thrash = t = thrashProvider.get();
        }
        return t;
    }

    private MmapOps mmap() {
        MmapOps m = mmap;
        if (m == null) {
            mmap = m = mmapProvider.get();
        }
        return m;
    }

    // ---------------------------------------------------------------- page-table freeing

    /**
     * pmd_clear_bad(pmd), as pmd_none_or_clear_bad calls it: report the corrupt entry with
     * pmd_ERROR (2-level: the pmd is the pgd entry, so pgd_ERROR's "bad pgd") and clear it.
     * Both printks come from memory.c line 117 and carry no level (KERN_WARNING).
     *
     * <p>Differs from 2.6.20: PAE's {@code %p} shows the entry's physical address.
     */
    @Mirrors("pmd_clear_bad")
    private void pmdClearBad(long pmdp) {
        long pmd = pgtable.pmdGet(pmdp);
        String msg = pgtable.pae() ? String.format("mm/memory.c:117: bad pmd %08x(%016x).", pmdp, pmd)
                : String.format("mm/memory.c:117: bad pgd %08x.", pmd);
        printk.printk(Printk.KERN_WARNING, msg);
        pgtable.pmdClear(pmdp);
    }

    /** pmd_none_or_clear_bad(pmd): true (skip it) for an empty entry and for a bad one, cleared. */
    @Mirrors("pmd_none_or_clear_bad")
    private boolean pmdNoneOrClearBad(long pmdp) {
        long pmd = pgtable.pmdGet(pmdp);
        if (pgtable.pmdNone(pmd)) {
            return true;
        }
        if (pgtable.pmdBad(pmd)) {
            pmdClearBad(pmdp);
            return true;
        }
        return false;
    }

    /**
     * free_pte_range(tlb, pmd): unlink the pte table from its pmd and hand the table's page
     * to the gather (it is freed after the TLB flush); NR_PAGETABLE and nr_ptes go down. The
     * ptes themselves were cleared by the unmap before.
     */
    @Mirrors("free_pte_range")
    private void freePteRange(MmuGather tlb, long pmdp) {
        Page page = pageAlloc.pgdat().pfnToPage(pgtable.pmdPage(pgtable.pmdGet(pmdp)));
        pgtable.pmdClear(pmdp);
        tlb.pteFreeTlb(page);
        vmstat.decZonePageState(page, ZoneStatItem.NR_PAGETABLE);
        tlb.mm().nrPtes--;
    }

    /**
     * free_pmd_range: the pte tables below the pmd entries of [addr, end). Freeing the pmd
     * table itself would follow when it lies wholly inside [floor, ceiling); on i386 there is
     * nothing to free there (2-level: the pmd is folded into the pgd; PAE: pmd tables are
     * freed with the pgd and pud_clear is empty), so the walk stops after the pte tables.
     */
    @Mirrors("free_pmd_range")
    private void freePmdRange(MmuGather tlb, long pudp, long addr, long end, long floor, long ceiling) {
        long pmdp = pgtable.pmdOffset(pudp, addr);
        long next;
        do {
            next = pgtable.pmdAddrEnd(addr, end);
            if (!pmdNoneOrClearBad(pmdp)) {
                freePteRange(tlb, pmdp);
            }
            pmdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
    }

    /** free_pud_range: the folded pud level; its one entry is the pgd entry. */
    @Mirrors("free_pud_range")
    private void freePudRange(MmuGather tlb, long pgdp, long addr, long end, long floor, long ceiling) {
        freePmdRange(tlb, pgdp, addr, end, floor, ceiling);
    }

    /**
     * free_pgd_range(tlb, addr, end, floor, ceiling): free the pte tables that map only
     * [addr, end) rounded out to whole tables, but never a table reaching below
     * {@code floor} or above {@code ceiling} (the neighbouring vmas may still use it).
     * {@code ceiling} 0 means the top of the address space; every comparison is done on
     * "value - 1" in 32-bit unsigned arithmetic so that 0 at the top works. Caller holds
     * mmap_sem for writing (or is exit_mmap).
     */
    @Mirrors("free_pgd_range")
    void freePgdRange(MmuGather tlb, long addr, long end, long floor, long ceiling) {
        long pmdMask = ~(pgtable.PMD_SIZE() - 1) & LOW;
        addr &= pmdMask;
        if (addr < floor) {
            addr = (addr + pgtable.PMD_SIZE()) & LOW;
            if (addr == 0) {
                return;
            }
        }
        if (ceiling != 0) {
            ceiling &= pmdMask;
            if (ceiling == 0) {
                return;
            }
        }
        if (((end - 1) & LOW) > ((ceiling - 1) & LOW)) {
            end -= pgtable.PMD_SIZE();
        }
        if (addr > ((end - 1) & LOW)) {
            return;
        }
        int pgd = tlb.mm().pgd;
        long pgdp = pgtable.pgdOffset(pgd, addr);
        long next;
        do {
            next = pgtable.pgdAddrEnd(addr, end);
            freePudRange(tlb, pgdp, addr, next, floor, ceiling);
            pgdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
    }

    @Override
    @Mirrors("free_pgtables")
    public void freePgtables(MmuGather tlb, VmAreaStruct vma, long floor, long ceiling) {
        while (vma != null) {
            VmAreaStruct next = vma.vmNext;
            long addr = vma.vmStart;
            // Hide the vma from rmap (and truncation) before its tables go.
            rmap().anonVmaUnlink(vma);
            mmap().unlinkFileVma(vma);
            // Gather the vmas that share or nearly share tables into one walk.
            while (next != null && next.vmStart <= vma.vmEnd + pgtable.PMD_SIZE()) {
                vma = next;
                next = vma.vmNext;
                rmap().anonVmaUnlink(vma);
                mmap().unlinkFileVma(vma);
            }
            freePgdRange(tlb, addr, vma.vmEnd, floor, next != null ? next.vmStart : ceiling);
            vma = next;
        }
    }

    /** pte_alloc_one(mm, address): a zeroed low-memory page for a pte table (no CONFIG_HIGHPTE). */
    @Mirrors("pte_alloc_one")
    private Page pteAllocOne(MmStruct mm, long address) {
        return pageAlloc.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_REPEAT | Gfp.__GFP_ZERO);
    }

    /**
     * __pte_alloc(mm, pmd, address): allocate a pte table and, under page_table_lock, install
     * it in the pmd unless another thread did so meanwhile (then ours goes back).
     * nr_ptes++ and NR_PAGETABLE++ for the one installed. Returns 0 or -ENOMEM. Called
     * without the pte lock (the allocation may sleep).
     */
    @Mirrors("__pte_alloc")
    int pteAllocRaw(MmStruct mm, long pmdp, long address) {
        Page newPage = pteAllocOne(mm, address);
        if (newPage == null) {
            return Errno.ENOMEM.negative();
        }
        mm.pageTableLock.lock();
        try {
            if (pgtable.pmdPresent(pgtable.pmdGet(pmdp))) {
                // Another thread populated it while we allocated.
                pageAlloc.freePageRaw(newPage);
            } else {
                mm.nrPtes++;
                vmstat.incZonePageState(newPage, ZoneStatItem.NR_PAGETABLE);
                pgtable.pmdPopulate(pmdp, newPage.pfn);
            }
        } finally {
            mm.pageTableLock.unlock();
        }
        return 0;
    }

    /** pte_alloc_map(mm, pmd, address): the pte pointer, allocating the table first if needed; -1 on -ENOMEM. */
    @Mirrors("pte_alloc_map")
    private long pteAllocMap(MmStruct mm, long pmdp, long address) {
        if (!pgtable.pmdPresent(pgtable.pmdGet(pmdp)) && pteAllocRaw(mm, pmdp, address) != 0) {
            return -1;
        }
        return pgtable.pteOffset(pmdp, address);
    }

    /**
     * pmd_alloc(mm, pud, address): the pmd entry pointer of {@code address}. Nothing is ever
     * allocated on i386 (folded, or preallocated with the PAE pgd); -1 only if a PAE pgd
     * entry is missing, which the fault path reports as out of memory.
     */
    @Mirrors("pmd_alloc")
    private long pmdAlloc(MmStruct mm, long pudp, long address) {
        return pgtable.pmdOffset(pudp, address);
    }

    // ---------------------------------------------------------------- rss and pte helpers

    /** add_mm_rss(mm, file_rss, anon_rss): apply the deltas a walk collected. */
    @Mirrors("add_mm_rss")
    private static void addMmRss(MmStruct mm, int file, int anon) {
        if (file != 0) {
            MmStruct.addMmCounter(mm, fileRss, file);
        }
        if (anon != 0) {
            MmStruct.addMmCounter(mm, anonRss, anon);
        }
    }

    /**
     * print_bad_pte(vma, pte, vaddr): "Bad pte = %08llx, process = %s, vm_flags = %lx,
     * vaddr = %lx" at KERN_ERR, naming the current task when the vma is in its mm. The
     * caller still handles the error.
     */
    @Mirrors("print_bad_pte")
    void printBadPte(VmAreaStruct vma, long pte, long vaddr) {
        Object t = current.current().task;
        String comm = t instanceof Task task && task.mm == vma.vmMm ? task.comm : "???";
        printk.printk(Printk.KERN_ERR, String.format("Bad pte = %08x, process = %s, vm_flags = %x, vaddr = %x",
                pte, comm, vma.vmFlags, vaddr));
    }

    /** is_cow_mapping(flags): private and possibly writable, so fork must share its pages copy-on-write. */
    @Mirrors("is_cow_mapping")
    static boolean isCowMapping(int flags) {
        return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
    }

    @Override
    @Mirrors("vm_normal_page")
    public Page vmNormalPage(VmAreaStruct vma, long addr, long pte) {
        int pfn = pgtable.ptePfn(pte);
        if ((vma.vmFlags & VM_PFNMAP) != 0) {
            int off = (int) ((addr - vma.vmStart) >>> PAGE_SHIFT);
            if (pfn == vma.vmPgoff + off) {
                return null;
            }
            if (!isCowMapping(vma.vmFlags)) {
                return null;
            }
        }
        if (!ram.pfnValid(Integer.toUnsignedLong(pfn))) {
            printBadPte(vma, pte, addr);
            return null;
        }
        // ZERO_PAGE is a reserved page and still a normal one here.
        return pageAlloc.pgdat().pfnToPage(pfn);
    }

    @Override
    @Mirrors("ZERO_PAGE")
    public Page zeroPage(long vaddr) {
        return emptyZeroPage;
    }

    /** mk_pte(page, pgprot). */
    @Mirrors("mk_pte")
    private long mkPte(Page page, long prot) {
        return pgtable.pfnPte(page.pfn, prot);
    }

    // ---------------------------------------------------------------- fork: copy_page_range

    /**
     * copy_one_pte: copy one non-empty pte of {@code vma} from the parent to the child. A
     * swap pte gets one more swap_map reference and puts the child on the mmlist right
     * after the parent (so swapoff finds it). A present pte of a COW mapping is
     * write-protected in the parent and the child; a shared mapping's child pte is clean;
     * the child's is old; the page gets a reference and a mapcount (page_dup_rmap) and the
     * child's rss counts it. Caller holds both pte locks.
     */
    @Mirrors("copy_one_pte")
    private void copyOnePte(MmStruct dstMm, MmStruct srcMm, long dstPtep, long srcPtep, VmAreaStruct vma,
            long addr, int[] rss) {
        int vmFlags = vma.vmFlags;
        long pte = pgtable.ptepGet(srcPtep);
        if (!pgtable.ptePresent(pte)) {
            if (!pgtable.pteFile(pte)) {
                int entry = Swapops.pteToSwpEntry(pgtable, pte);
                swapfile().swapDuplicate(entry);
                // The kernel peeks at list_empty without the lock first; mmemu's ring may
                // only be read under mmlist_lock, so it takes the lock for the test too.
                mmList.mmlistLock.lock();
                try {
                    if (mmList.listEmpty(dstMm)) {
                        mmList.listAdd(dstMm, srcMm);
                    }
                } finally {
                    mmList.mmlistLock.unlock();
                }
                // No migration entries on i386 (CONFIG_MIGRATION needs NUMA).
            }
            pgtable.setPteAt(dstPtep, pte);
            return;
        }
        if (isCowMapping(vmFlags)) {
            pgtable.ptepSetWrprotect(srcPtep);
            pte = pgtable.pteWrprotect(pte);
        }
        if ((vmFlags & VM_SHARED) != 0) {
            pte = pgtable.pteMkclean(pte);
        }
        pte = pgtable.pteMkold(pte);
        Page page = vmNormalPage(vma, addr, pte);
        if (page != null) {
            getPage(page);
            RmapOps.pageDupRmap(page);
            rss[pageAnon(page) ? 1 : 0]++;
        }
        pgtable.setPteAt(dstPtep, pte);
    }

    /**
     * copy_pte_range: copy the ptes of one pte table, under the child's pte lock with the
     * parent's nested inside it; the child's rss is updated once at the end. Returns 0 or
     * -ENOMEM (no child pte table).
     *
     * <p>Differs from 2.6.20: with no preemption, the copy never breaks off every 32 steps
     * to let others at the locks.
     */
    @Mirrors("copy_pte_range")
    private int copyPteRange(MmStruct dstMm, MmStruct srcMm, long dstPmdp, long srcPmdp, VmAreaStruct vma,
            long addr, long end) {
        int[] rss = new int[2];
        long dstPtep = pteAllocMap(dstMm, dstPmdp, addr);
        if (dstPtep < 0) {
            return Errno.ENOMEM.negative();
        }
        ReentrantLock dstPtl = dstMm.pageTableLock;
        ReentrantLock srcPtl = srcMm.pageTableLock;
        dstPtl.lock();
        try {
            long srcPtep = pgtable.pteOffset(srcPmdp, addr);
            srcPtl.lock();
            try {
                do {
                    if (!pgtable.pteNone(pgtable.ptepGet(srcPtep))) {
                        copyOnePte(dstMm, srcMm, dstPtep, srcPtep, vma, addr, rss);
                    }
                    dstPtep += pgtable.PTE_SIZE();
                    srcPtep += pgtable.PTE_SIZE();
                    addr += PAGE_SIZE;
                } while (addr != end);
            } finally {
                srcPtl.unlock();
            }
            addMmRss(dstMm, rss[0], rss[1]);
        } finally {
            dstPtl.unlock();
        }
        return 0;
    }

    /** copy_pmd_range: each present pmd entry of [addr, end) in the parent gets a copied pte table. */
    @Mirrors("copy_pmd_range")
    private int copyPmdRange(MmStruct dstMm, MmStruct srcMm, long dstPudp, long srcPudp, VmAreaStruct vma,
            long addr, long end) {
        long dstPmdp = pmdAlloc(dstMm, dstPudp, addr);
        if (dstPmdp < 0) {
            return Errno.ENOMEM.negative();
        }
        long srcPmdp = pgtable.pmdOffset(srcPudp, addr);
        long next;
        do {
            next = pgtable.pmdAddrEnd(addr, end);
            if (!pmdNoneOrClearBad(srcPmdp)
                    && copyPteRange(dstMm, srcMm, dstPmdp, srcPmdp, vma, addr, next) != 0) {
                return Errno.ENOMEM.negative();
            }
            dstPmdp += pgtable.PTE_SIZE();
            srcPmdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
        return 0;
    }

    /** copy_pud_range: the folded pud level (pud_alloc never allocates, pud_none is false). */
    @Mirrors("copy_pud_range")
    private int copyPudRange(MmStruct dstMm, MmStruct srcMm, long dstPgdp, long srcPgdp, VmAreaStruct vma,
            long addr, long end) {
        return copyPmdRange(dstMm, srcMm, dstPgdp, srcPgdp, vma, addr, end);
    }

    @Override
    @Mirrors("copy_page_range")
    public int copyPageRange(MmStruct dstMm, MmStruct srcMm, VmAreaStruct vma) {
        long addr = vma.vmStart;
        long end = vma.vmEnd;
        // Ptes a fault would fill in just as well are not copied: a vma without anon_vma
        // has no anonymous page yet, so the child may fault in whatever the parent would.
        if ((vma.vmFlags & (VM_HUGETLB | VM_NONLINEAR | VM_PFNMAP | VM_INSERTPAGE)) == 0 && vma.anonVma == null) {
            return 0;
        }
        long dstPgdp = pgtable.pgdOffset(dstMm.pgd, addr);
        long srcPgdp = pgtable.pgdOffset(srcMm.pgd, addr);
        long next;
        do {
            next = pgtable.pgdAddrEnd(addr, end);
            if (copyPudRange(dstMm, srcMm, dstPgdp, srcPgdp, vma, addr, next) != 0) {
                return Errno.ENOMEM.negative();
            }
            dstPgdp += pgtable.PTE_SIZE();
            srcPgdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
        return 0;
    }

    // ---------------------------------------------------------------- unmap

    /**
     * zap_pte_range: clear the ptes of [addr, end) in one pte table under its pte lock.
     * Present ptes: the rss goes down, a file page inherits the pte's dirty and young bits,
     * the mapping is removed (page_remove_rmap) and the pte's reference goes to the gather.
     * Swap ptes give back their swap reference (free_swap_and_cache). Spends
     * {@code zapWork[0]} (a page's worth per present or swap pte, one unit per empty one)
     * and stops when it runs out; returns where it stopped.
     */
    @Mirrors("zap_pte_range")
    private long zapPteRange(MmuGather tlb, VmAreaStruct vma, long pmdp, long addr, long end, long[] zapWork,
            ZapDetails details) {
        MmStruct mm = tlb.mm();
        int[] rss = new int[2];
        long ptep = pgtable.pteOffset(pmdp, addr);
        ReentrantLock ptl = mm.pageTableLock;
        ptl.lock();
        try {
            do {
                zapOnePte(tlb, vma, ptep, addr, zapWork, details, rss);
                ptep += pgtable.PTE_SIZE();
                addr += PAGE_SIZE;
            } while (addr != end && zapWork[0] > 0);
            addMmRss(mm, rss[0], rss[1]);
        } finally {
            ptl.unlock();
        }
        return addr;
    }

    /** The body of zap_pte_range's loop for one pte; {@code rss} collects the file and anon deltas. */
    private void zapOnePte(MmuGather tlb, VmAreaStruct vma, long ptep, long addr, long[] zapWork,
            ZapDetails details, int[] rss) {
        long ptent = pgtable.ptepGet(ptep);
        if (pgtable.pteNone(ptent)) {
            zapWork[0]--;
            return;
        }
        zapWork[0] -= PAGE_SIZE;
        if (pgtable.ptePresent(ptent)) {
            Page page = vmNormalPage(vma, addr, ptent);
            if (details != null && page != null) {
                // Invalidation of a file's cache keeps private (COWed) pages.
                if (details.checkMapping != null && details.checkMapping != page.mapping) {
                    return;
                }
                // Truncation of a nonlinear vma checks each page's index.
                if (details.nonlinearVma != null
                        && (Integer.compareUnsigned(page.index, details.firstIndex) < 0
                                || Integer.compareUnsigned(page.index, details.lastIndex) > 0)) {
                    return;
                }
            }
            ptent = pgtable.ptepGetAndClearFull(ptep, tlb.fullmm());
            tlb.tlbRemoveTlbEntry(ptep, addr);
            if (page == null) {
                return;
            }
            if (details != null && details.nonlinearVma != null
                    && VmAreaStruct.linearPageIndex(details.nonlinearVma, addr) != page.index) {
                pgtable.setPteAt(ptep, pgtable.pgoffToPte(Integer.toUnsignedLong(page.index)));
            }
            if (pageAnon(page)) {
                rss[1]--;
            } else {
                if (pgtable.pteDirty(ptent)) {
                    pageWriteback.setPageDirty(page);
                }
                if (pgtable.pteYoung(ptent)) {
                    swap.markPageAccessed(page);
                }
                rss[0]--;
            }
            rmap().pageRemoveRmap(page, vma);
            tlb.tlbRemovePage(page);
            return;
        }
        // Truncation leaves swap entries (and nonlinear file entries) alone.
        if (details != null) {
            return;
        }
        if (!pgtable.pteFile(ptent)) {
            swapfile().freeSwapAndCache(Swapops.pteToSwpEntry(pgtable, ptent));
        }
        pgtable.pteClear(ptep);
    }

    /** zap_pmd_range: each present pmd entry of [addr, end) gets its ptes zapped, within the budget. */
    @Mirrors("zap_pmd_range")
    private long zapPmdRange(MmuGather tlb, VmAreaStruct vma, long pudp, long addr, long end, long[] zapWork,
            ZapDetails details) {
        long pmdp = pgtable.pmdOffset(pudp, addr);
        long next;
        do {
            next = pgtable.pmdAddrEnd(addr, end);
            if (pmdNoneOrClearBad(pmdp)) {
                zapWork[0]--;
            } else {
                next = zapPteRange(tlb, vma, pmdp, addr, next, zapWork, details);
            }
            pmdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end && zapWork[0] > 0);
        return addr;
    }

    /** zap_pud_range: the folded pud level. */
    @Mirrors("zap_pud_range")
    private long zapPudRange(MmuGather tlb, VmAreaStruct vma, long pgdp, long addr, long end, long[] zapWork,
            ZapDetails details) {
        return zapPmdRange(tlb, vma, pgdp, addr, end, zapWork, details);
    }

    /** unmap_page_range: zap [addr, end) of one vma, pgd entry by pgd entry, within the budget. */
    @Mirrors("unmap_page_range")
    private long unmapPageRange(MmuGather tlb, VmAreaStruct vma, long addr, long end, long[] zapWork,
            ZapDetails details) {
        if (details != null && details.checkMapping == null && details.nonlinearVma == null) {
            details = null;
        }
        KernelBug.bugOn(addr >= end, "unmap_page_range: empty range");
        long pgdp = pgtable.pgdOffset(vma.vmMm.pgd, addr);
        long next;
        do {
            next = pgtable.pgdAddrEnd(addr, end);
            next = zapPudRange(tlb, vma, pgdp, addr, next, zapWork, details);
            pgdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end && zapWork[0] > 0);
        return addr;
    }

    @Override
    @Mirrors("unmap_vmas")
    public long unmapVmas(MmuGather tlb, VmAreaStruct vma, long startAddr, long endAddr, long[] nrAccounted,
            ZapDetails details) {
        long[] zapWork = {ZAP_BLOCK_SIZE};
        long tlbStart = 0;
        boolean tlbStartValid = false;
        long start = startAddr;
        boolean fullmm = tlb.fullmm();
        for (; vma != null && vma.vmStart < endAddr; vma = vma.vmNext) {
            start = Math.max(vma.vmStart, startAddr);
            if (start >= vma.vmEnd) {
                continue;
            }
            long end = Math.min(vma.vmEnd, endAddr);
            if (end <= vma.vmStart) {
                continue;
            }
            if ((vma.vmFlags & VmAreaStruct.VM_ACCOUNT) != 0) {
                nrAccounted[0] += (end - start) >>> PAGE_SHIFT;
            }
            while (start != end) {
                if (!tlbStartValid) {
                    tlbStart = start;
                    tlbStartValid = true;
                }
                start = unmapPageRange(tlb, vma, start, end, zapWork, details);
                if (zapWork[0] > 0) {
                    KernelBug.bugOn(start != end, "unmap_vmas: budget left but range not done");
                    break;
                }
                // A whole block is done: flush and free it before going on (the kernel may
                // reschedule here; with no preemption mmemu just starts the next block).
                tlb.tlbFinishMmu(tlbStart, start);
                tlb.tlbGatherMmu(vma.vmMm, fullmm);
                tlbStartValid = false;
                zapWork[0] = ZAP_BLOCK_SIZE;
            }
        }
        return start;
    }

    @Override
    @Mirrors("zap_page_range")
    public long zapPageRange(VmAreaStruct vma, long address, long size, ZapDetails details) {
        MmStruct mm = vma.vmMm;
        long end = address + size;
        long[] nrAccounted = {0};
        swap.lruAddDrain();
        MmuGather tlb = new MmuGather(cpus, swapState()).tlbGatherMmu(mm, false);
        MmStruct.updateHiwaterRss(mm);
        end = unmapVmas(tlb, vma, address, end, nrAccounted, details);
        tlb.tlbFinishMmu(address, end);
        return end;
    }

    // ---------------------------------------------------------------- follow_page, get_user_pages

    @Override
    @Mirrors("follow_page")
    public Page followPage(VmAreaStruct vma, long address, int flags) {
        MmStruct mm = vma.vmMm;
        long pmdp = pgtable.pmdOffset(pgtable.pgdOffset(mm.pgd, address), address);
        long pmd = pmdp < 0 ? 0 : pgtable.pmdGet(pmdp);
        if (pmdp < 0 || pgtable.pmdNone(pmd) || pgtable.pmdBad(pmd)) {
            // No page table: a core dump of a huge untouched area reads zeroes without
            // allocating tables.
            Page page = null;
            if ((flags & FOLL_ANON) != 0) {
                page = zeroPage(address);
                if ((flags & FOLL_GET) != 0) {
                    getPage(page);
                }
                KernelBug.bugOn((flags & FOLL_WRITE) != 0, "follow_page: FOLL_ANON with FOLL_WRITE");
            }
            return page;
        }
        Page page = null;
        long ptep = pgtable.pteOffset(pmdp, address);
        mm.pageTableLock.lock();
        try {
            long pte = pgtable.ptepGet(ptep);
            if (!pgtable.ptePresent(pte)) {
                return null;
            }
            if ((flags & FOLL_WRITE) != 0 && !pgtable.pteWrite(pte)) {
                return null;
            }
            page = vmNormalPage(vma, address, pte);
            if (page == null) {
                return null;
            }
            if ((flags & FOLL_GET) != 0) {
                getPage(page);
            }
            if ((flags & FOLL_TOUCH) != 0) {
                if ((flags & FOLL_WRITE) != 0 && !pgtable.pteDirty(pte) && !pageDirty(page)) {
                    pageWriteback.setPageDirty(page);
                }
                swap.markPageAccessed(page);
            }
            return page;
        } finally {
            mm.pageTableLock.unlock();
        }
    }

    @Override
    @Mirrors("get_user_pages")
    public int getUserPages(Task tsk, MmStruct mm, long start, int len, int write, int force, Page[] pages) {
        // Read or write permission is required; with force, the VM_MAY* bits suffice.
        int vmFlags = write != 0 ? (VM_WRITE | VM_MAYWRITE) : (VM_READ | VM_MAYREAD);
        vmFlags &= force != 0 ? (VM_MAYREAD | VM_MAYWRITE) : (VM_READ | VM_WRITE);
        int i = 0;
        do {
            // There is no gate (vsyscall) area in mmemu's address spaces.
            VmAreaStruct vma = mmap().findExtendVma(mm, start);
            if (vma == null || (vma.vmFlags & (VM_IO | VM_PFNMAP)) != 0 || (vmFlags & vma.vmFlags) == 0) {
                return i != 0 ? i : Errno.EFAULT.negative();
            }
            int follFlags = FOLL_TOUCH;
            if (pages != null) {
                follFlags |= FOLL_GET;
            }
            if (write == 0 && (vma.vmFlags & VM_LOCKED) == 0) {
                // No vma has a ->nopage in mmemu.
                follFlags |= FOLL_ANON;
            }
            do {
                if (write != 0) {
                    follFlags |= FOLL_WRITE;
                }
                Page page;
                while ((page = followPage(vma, start, follFlags)) == null) {
                    int ret = handleMmFaultRaw(mm, vma, start, follFlags & FOLL_WRITE);
                    // VM_FAULT_WRITE: do_wp_page broke COW, so the page is ours even if
                    // maybe_mkwrite left the pte read-only: look it up as a read.
                    if ((ret & VM_FAULT_WRITE) != 0) {
                        follFlags &= ~FOLL_WRITE;
                    }
                    switch (ret & ~VM_FAULT_WRITE) {
                        case VM_FAULT_MINOR:
                            if (tsk != null) {
                                tsk.minFlt++;
                            }
                            break;
                        case VM_FAULT_MAJOR:
                            if (tsk != null) {
                                tsk.majFlt++;
                            }
                            break;
                        case VM_FAULT_SIGBUS:
                            return i != 0 ? i : Errno.EFAULT.negative();
                        case VM_FAULT_OOM:
                            return i != 0 ? i : Errno.ENOMEM.negative();
                        default:
                            throw new KernelBug("get_user_pages: fault returned " + ret);
                    }
                }
                if (pages != null) {
                    pages[i] = page;
                }
                i++;
                start += PAGE_SIZE;
                len--;
            } while (len != 0 && start < vma.vmEnd);
        } while (len != 0);
        return i;
    }

    // ---------------------------------------------------------------- fault handling

    /**
     * pte_unmap_same(mm, pmd, page_table, orig_pte): handle_pte_fault read the pte without
     * the lock; with 64-bit ptes (PAE) on SMP its two halves may not belong together, so
     * do_swap_page re-reads it under the pte lock before trusting it. 2-level ptes are read
     * in one access and need no check.
     */
    @Mirrors("pte_unmap_same")
    private boolean pteUnmapSame(MmStruct mm, long pmdp, long ptep, long origPte) {
        boolean same = true;
        if (pgtable.PTE_SIZE() > Integer.BYTES) {
            mm.pageTableLock.lock();
            try {
                same = pgtable.pteSame(pgtable.ptepGet(ptep), origPte);
            } finally {
                mm.pageTableLock.unlock();
            }
        }
        return same;
    }

    /**
     * maybe_mkwrite(pte, vma): make the pte writable only if the vma is VM_WRITE
     * (get_user_pages with force may write-fault a read-only mapping: the COW copy is
     * made, but stays read-only).
     */
    @Mirrors("maybe_mkwrite")
    private long maybeMkwrite(long pte, VmAreaStruct vma) {
        if ((vma.vmFlags & VM_WRITE) != 0) {
            pte = pgtable.pteMkwrite(pte);
        }
        return pte;
    }

    /**
     * cow_user_page(dst, src, va, vma): copy the old page into the new one. A null
     * {@code src} (a raw PFN mapping) would be copied from the user address in the kernel;
     * mmemu has no PFN mappings, and the kernel's fallback for an unreadable address,
     * zero fill, is what it does.
     */
    @Mirrors("cow_user_page")
    private void cowUserPage(Page dst, Page src, long va, VmAreaStruct vma) {
        if (src == null) {
            ram.clearFrame(dst.pfn);
            return;
        }
        ram.copyFrame(src.pfn, dst.pfn);
    }

    /** alloc_zeroed_user_highpage(vma, vaddr) (i386 page.h): alloc_page_vma(GFP_HIGHUSER | __GFP_ZERO). */
    @Mirrors("alloc_zeroed_user_highpage")
    private Page allocZeroedUserHighpage(VmAreaStruct vma, long vaddr) {
        return pageAlloc.allocPageVma(Gfp.GFP_HIGHUSER | Gfp.__GFP_ZERO, vma, vaddr);
    }

    /**
     * do_wp_page: a write to a present pte that is not writable. An anonymous page that
     * only this mapping uses (can_share_swap_page, asked under the page lock) is reused:
     * the pte becomes young, dirty and writable in place. The page lock is only tried: if
     * someone else holds it (reclaim, swap-in), the page is copied even if it could have
     * been reused. A shared writable file page is reused too. Otherwise the page is copied
     * (ZERO_PAGE: a fresh zeroed page) with the pte lock dropped, and installed only if the
     * pte is still the one the fault saw: the old mapping is removed, the new anonymous page
     * mapped dirty (and writable if the vma is), flushed from every CPU first, and put on
     * the active LRU.
     *
     * <p>Entered with the pte lock held and mmap_sem held for reading; returns with the pte
     * lock released. Returns VM_FAULT_MINOR (| VM_FAULT_WRITE when COW was broken) or
     * VM_FAULT_OOM.
     */
    @Mirrors("do_wp_page")
    private int doWpPage(MmStruct mm, VmAreaStruct vma, long address, long ptep, long pmdp, long origPte) {
        ReentrantLock ptl = mm.pageTableLock;
        Page newPage;
        boolean reuse = false;
        int ret = VM_FAULT_MINOR;
        Page dirtyPage = null;
        Page oldPage = vmNormalPage(vma, address, origPte);
        if (oldPage != null) {
            // Anonymous pages first: anonymous shared vmas are not dirty-accountable.
            if (pageAnon(oldPage)) {
                if (!testSetPageLocked(oldPage)) {
                    reuse = swapfile().canShareSwapPage(oldPage);
                    Filemap.unlockPage(oldPage);
                }
            } else if ((vma.vmFlags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED)) {
                // A write to a shared writable file page (no vm_ops->page_mkwrite in mmemu).
                dirtyPage = oldPage;
                getPage(dirtyPage);
                reuse = true;
            }
            if (reuse) {
                long entry = pgtable.pteMkyoung(origPte);
                entry = maybeMkwrite(pgtable.pteMkdirty(entry), vma);
                pgtable.ptepSetAccessFlags(mm.pgd, address, ptep, entry, 1);
                ret |= VM_FAULT_WRITE;
                ptl.unlock();
                if (dirtyPage != null) {
                    setPageDirtyBalance(dirtyPage);
                    swap.putPage(dirtyPage);
                }
                return ret;
            }
            // We need to copy: keep the old page while the lock is dropped.
            pageCacheGet(oldPage);
        }
        ptl.unlock();

        if (rmap().anonVmaPrepare(vma) != 0) {
            return oom(oldPage);
        }
        if (oldPage == zeroPage(address)) {
            newPage = allocZeroedUserHighpage(vma, address);
            if (newPage == null) {
                return oom(oldPage);
            }
        } else {
            newPage = pageAlloc.allocPageVma(Gfp.GFP_HIGHUSER, vma, address);
            if (newPage == null) {
                return oom(oldPage);
            }
            cowUserPage(newPage, oldPage, address, vma);
        }

        // The lock was dropped: install the copy only if the pte is still what we saw.
        ptl.lock();
        try {
            if (pgtable.pteSame(pgtable.ptepGet(ptep), origPte)) {
                if (oldPage != null) {
                    rmap().pageRemoveRmap(oldPage, vma);
                    if (!pageAnon(oldPage)) {
                        MmStruct.decMmCounter(mm, fileRss);
                        MmStruct.incMmCounter(mm, anonRss);
                    }
                } else {
                    MmStruct.incMmCounter(mm, anonRss);
                }
                long entry = mkPte(newPage, vma.vmPageProt);
                entry = maybeMkwrite(pgtable.pteMkdirty(entry), vma);
                // Clear and flush before setting: another CPU must never see the old page
                // through its TLB while this one already writes the new one (one thread
                // modifying code while another breaks COW on it).
                pgtable.ptepClearFlush(mm.pgd, address, ptep);
                pgtable.setPteAt(ptep, entry);
                swap.lruCacheAddActive(newPage);
                rmap().pageAddNewAnonRmap(newPage, vma, address);
                // Free the old page's pte reference below, with the temporary one.
                newPage = oldPage;
                ret |= VM_FAULT_WRITE;
            }
            if (newPage != null) {
                swap.pageCacheRelease(newPage);
            }
            if (oldPage != null) {
                swap.pageCacheRelease(oldPage);
            }
        } finally {
            ptl.unlock();
        }
        return ret;
    }

    /** do_wp_page's oom label: drop the temporary reference on the old page. */
    private int oom(Page oldPage) {
        if (oldPage != null) {
            swap.pageCacheRelease(oldPage);
        }
        return VM_FAULT_OOM;
    }

    /**
     * set_page_dirty_balance(page) (mm/page-writeback.c): set_page_dirty and, if it newly
     * became dirty, balance_dirty_pages_ratelimited, which has no dirty file pages to
     * throttle in mmemu.
     */
    @Mirrors("set_page_dirty_balance")
    private void setPageDirtyBalance(Page page) {
        pageWriteback.setPageDirty(page);
    }

    @Override
    @Mirrors("swapin_readahead")
    public void swapinReadahead(int entry, long addr, VmAreaStruct vma) {
        long[] offset = new long[1];
        // How many slots around the entry to read (the page_cluster-aligned window).
        int num = swapfile().validSwaphandles(entry, offset);
        SwapStateOps ss = swapState();
        for (int i = 0; i < num; offset[0]++, i++) {
            Page newPage = ss.readSwapCacheAsync(
                    Swapops.swpEntry(Swapops.swpType(entry), (int) offset[0]), vma, addr);
            if (newPage == null) {
                break;
            }
            swap.pageCacheRelease(newPage);
        }
        // Push the pages read onto the LRU now.
        swap.lruAddDrain();
    }

    /**
     * do_swap_page: a fault on a swap pte. The page comes from the swap cache or, on a
     * miss, from the device: contend for the swap token, read the readahead window, then
     * the page itself (a major fault). Then the page is locked (which waits for the read to
     * complete) and the pte re-checked under the pte lock: if it changed (another thread
     * mapped it) nothing is done; if the read failed (not uptodate) the fault is
     * VM_FAULT_SIGBUS. Otherwise the page is mapped with the vma's protection (read-only in a
     * private vma) — writable and dirty at once if a write fault finds no other user of
     * page and slot (can_share_swap_page) — the slot loses the pte's reference (swap_free),
     * and if swap is more than half full the swap-cache copy is dropped when nobody else
     * uses it (remove_exclusive_swap_page). A write fault that could not be given the page
     * goes on to do_wp_page.
     *
     * <p>Entered with mmap_sem held for reading and the pte not locked; returns with the pte
     * lock released.
     */
    @Mirrors("do_swap_page")
    private int doSwapPage(MmStruct mm, VmAreaStruct vma, long address, long ptep, long pmdp, int writeAccess,
            long origPte) {
        int ret = VM_FAULT_MINOR;
        if (!pteUnmapSame(mm, pmdp, ptep, origPte)) {
            return ret;
        }
        int entry = Swapops.pteToSwpEntry(pgtable, origPte);
        // No migration entries on i386.
        SwapStateOps ss = swapState();
        Page page = ss.lookupSwapCache(entry);
        if (page == null) {
            // Contend for the token before the read-in.
            thrash().grabSwapToken(mm);
            swapinReadahead(entry, address, vma);
            page = ss.readSwapCacheAsync(entry, vma, address);
            if (page == null) {
                // Somebody else may have faulted this pte in while we read: then the
                // missing page was freed by them, and there is no memory shortage.
                mm.pageTableLock.lock();
                try {
                    if (pgtable.pteSame(pgtable.ptepGet(ptep), origPte)) {
                        ret = VM_FAULT_OOM;
                    }
                } finally {
                    mm.pageTableLock.unlock();
                }
                return ret;
            }
            // Had to read the page from the swap area: a major fault.
            ret = VM_FAULT_MAJOR;
            vmstat.countVmEvent(VmEventItem.PGMAJFAULT);
        }

        swap.markPageAccessed(page);
        Filemap.lockPage(page);

        ReentrantLock ptl = mm.pageTableLock;
        ptl.lock();
        // Back out if somebody else already faulted this pte in.
        if (!pgtable.pteSame(pgtable.ptepGet(ptep), origPte)) {
            return outNomap(ptl, page, ret);
        }
        if (!pageUptodate(page)) {
            return outNomap(ptl, page, VM_FAULT_SIGBUS);
        }

        MmStruct.incMmCounter(mm, anonRss);
        long pte = mkPte(page, vma.vmPageProt);
        if (writeAccess != 0 && swapfile().canShareSwapPage(page)) {
            pte = maybeMkwrite(pgtable.pteMkdirty(pte), vma);
            writeAccess = 0;
        }
        pgtable.setPteAt(ptep, pte);
        rmap().pageAddAnonRmap(page, vma, address);

        SwapfileOps sf = swapfile();
        sf.swapFree(entry);
        if (sf.vmSwapFull()) {
            sf.removeExclusiveSwapPage(page);
        }
        Filemap.unlockPage(page);

        if (writeAccess != 0) {
            if (doWpPage(mm, vma, address, ptep, pmdp, pte) == VM_FAULT_OOM) {
                ret = VM_FAULT_OOM;
            }
            return ret;
        }
        // No TLB flush: the pte was not present before.
        ptl.unlock();
        return ret;
    }

    /** do_swap_page's out_nomap label: unlock the pte and the page, drop our reference. */
    private int outNomap(ReentrantLock ptl, Page page, int ret) {
        ptl.unlock();
        Filemap.unlockPage(page);
        swap.pageCacheRelease(page);
        return ret;
    }

    /**
     * do_anonymous_page: a fault on an empty pte of an anonymous vma. A write gets a new
     * zeroed page of its own (allocated with the pte unlocked; anon_vma_prepare first),
     * mapped dirty and, in a writable vma, writable; it goes on the active LRU and becomes
     * an anonymous page of the vma (page_add_new_anon_rmap, anon_rss). A read maps
     * ZERO_PAGE with the vma's protection, which is read-only in every private vma and in
     * shared ones without PROT_WRITE (page_add_file_rmap, file_rss). If the pte was filled
     * meanwhile, the page is released and the fault is done.
     *
     * <p>Entered with mmap_sem held for reading and the pte not locked; returns with it
     * released. Returns VM_FAULT_MINOR or VM_FAULT_OOM.
     */
    @Mirrors("do_anonymous_page")
    private int doAnonymousPage(MmStruct mm, VmAreaStruct vma, long address, long ptep, long pmdp,
            int writeAccess) {
        Page page;
        long entry;
        ReentrantLock ptl = mm.pageTableLock;
        if (writeAccess != 0) {
            // Our own private page.
            if (rmap().anonVmaPrepare(vma) != 0) {
                return VM_FAULT_OOM;
            }
            page = allocZeroedUserHighpage(vma, address);
            if (page == null) {
                return VM_FAULT_OOM;
            }
            entry = mkPte(page, vma.vmPageProt);
            entry = maybeMkwrite(pgtable.pteMkdirty(entry), vma);
            ptl.lock();
            try {
                if (!pgtable.pteNone(pgtable.ptepGet(ptep))) {
                    swap.pageCacheRelease(page);
                    return VM_FAULT_MINOR;
                }
                MmStruct.incMmCounter(mm, anonRss);
                swap.lruCacheAddActive(page);
                rmap().pageAddNewAnonRmap(page, vma, address);
                pgtable.setPteAt(ptep, entry);
            } finally {
                ptl.unlock();
            }
        } else {
            // ZERO_PAGE: vm_page_prot is read-only here.
            page = zeroPage(address);
            pageCacheGet(page);
            entry = mkPte(page, vma.vmPageProt);
            ptl.lock();
            try {
                if (!pgtable.pteNone(pgtable.ptepGet(ptep))) {
                    swap.pageCacheRelease(page);
                    return VM_FAULT_MINOR;
                }
                MmStruct.incMmCounter(mm, fileRss);
                rmap().pageAddFileRmap(page);
                pgtable.setPteAt(ptep, entry);
            } finally {
                ptl.unlock();
            }
        }
        // No TLB flush: the pte was not present before.
        return VM_FAULT_MINOR;
    }

    /**
     * do_file_page: a fault on a nonlinear file pte. Such ptes exist only in VM_NONLINEAR
     * vmas, which mmemu never creates; anywhere else the page table is corrupt: the pte is
     * reported and the fault fails as out of memory, which kills the task.
     */
    @Mirrors("do_file_page")
    private int doFilePage(MmStruct mm, VmAreaStruct vma, long address, long ptep, long pmdp, int writeAccess,
            long origPte) {
        if (!pteUnmapSame(mm, pmdp, ptep, origPte)) {
            return VM_FAULT_MINOR;
        }
        printBadPte(vma, origPte, address);
        return VM_FAULT_OOM;
    }

    /**
     * handle_pte_fault: dispatch on the pte read without the lock. Empty: an anonymous page
     * (every vma is anonymous in mmemu: there is no ->nopage). Not present: a nonlinear file
     * pte or a swap pte. Present: under the pte lock and if unchanged, a write to a
     * read-only pte goes to do_wp_page; otherwise the pte is made young (and dirty on a
     * write) — i386 stores that only for a write, since the CPU sets ACCESSED itself — and a
     * write whose pte did not change still flushes the page from the TLB (the fault may have
     * come from a stale read-only entry). Caller holds mmap_sem for reading.
     */
    @Mirrors("handle_pte_fault")
    private int handlePteFault(MmStruct mm, VmAreaStruct vma, long address, long ptep, long pmdp,
            int writeAccess) {
        long entry = pgtable.ptepGet(ptep);
        long oldEntry = entry;
        if (!pgtable.ptePresent(entry)) {
            if (pgtable.pteNone(entry)) {
                return doAnonymousPage(mm, vma, address, ptep, pmdp, writeAccess);
            }
            if (pgtable.pteFile(entry)) {
                return doFilePage(mm, vma, address, ptep, pmdp, writeAccess, entry);
            }
            return doSwapPage(mm, vma, address, ptep, pmdp, writeAccess, entry);
        }

        ReentrantLock ptl = mm.pageTableLock;
        ptl.lock();
        boolean locked = true;
        try {
            if (!pgtable.pteSame(pgtable.ptepGet(ptep), entry)) {
                return VM_FAULT_MINOR;
            }
            if (writeAccess != 0) {
                if (!pgtable.pteWrite(entry)) {
                    locked = false;
                    return doWpPage(mm, vma, address, ptep, pmdp, entry);
                }
                entry = pgtable.pteMkdirty(entry);
            }
            entry = pgtable.pteMkyoung(entry);
            if (!pgtable.pteSame(oldEntry, entry)) {
                pgtable.ptepSetAccessFlags(mm.pgd, address, ptep, entry, writeAccess);
            } else if (writeAccess != 0) {
                // Needed only for protection faults, which the arch code does not tell
                // apart; it still spares .text faults of threads a useless flush.
                cpus.flushTlbPage(mm.pgd, address);
            }
            return VM_FAULT_MINOR;
        } finally {
            if (locked) {
                ptl.unlock();
            }
        }
    }

    @Override
    @Mirrors("__handle_mm_fault")
    public int handleMmFaultRaw(MmStruct mm, VmAreaStruct vma, long address, int writeAccess) {
        vmstat.countVmEvent(VmEventItem.PGFAULT);
        // pud_alloc: folded into the pgd on i386.
        long pudp = pgtable.pgdOffset(mm.pgd, address);
        long pmdp = pmdAlloc(mm, pudp, address);
        if (pmdp < 0) {
            return VM_FAULT_OOM;
        }
        long ptep = pteAllocMap(mm, pmdp, address);
        if (ptep < 0) {
            return VM_FAULT_OOM;
        }
        return handlePteFault(mm, vma, address, ptep, pmdp, writeAccess);
    }

    @Override
    @Mirrors("make_pages_present")
    public int makePagesPresent(MmStruct mm, long addr, long end) {
        VmAreaStruct vma = mmap().findVma(mm, addr);
        if (vma == null) {
            return -1;
        }
        int write = (vma.vmFlags & VM_WRITE) != 0 ? 1 : 0;
        KernelBug.bugOn(addr >= end, "make_pages_present: empty range");
        KernelBug.bugOn(end > vma.vmEnd, "make_pages_present: range beyond the vma");
        int len = (int) (((end + PAGE_SIZE - 1) >>> PAGE_SHIFT) - (addr >>> PAGE_SHIFT));
        int ret = getUserPages(null, mm, addr, len, write, 0, null);
        if (ret < 0) {
            return ret;
        }
        return ret == len ? 0 : -1;
    }
}
