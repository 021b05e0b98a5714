package linux.arch.x86;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageFault.PF_PROT;
import static linux.arch.x86.PageFault.PF_RSVD;
import static linux.arch.x86.PageFault.PF_USER;
import static linux.arch.x86.PageFault.PF_WRITE;
import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import linux.kernel.Mirrors;

/**
 * One emulated i386 CPU's memory-management unit: CR3, the page walk, the accessed and
 * dirty bits, the page-fault exception and a small TLB. It reads the page tables in
 * {@link PhysicalMemory} in the format the Intel manuals define (the same format
 * {@code include/asm-i386/pgtable*.h} describes from the kernel's side), 2-level or PAE
 * according to CR4.PAE ({@link Cpus#setCr4Pae}).
 *
 * <p>What the walk does, like the hardware: it reads each level's entry; a clear present
 * bit at any level faults with error code 0 (plus {@code PF_WRITE}/{@code PF_USER});
 * a write through an entry whose RW bit is clear at any level, or a user access through
 * an entry whose USER bit is clear at any level, faults with {@code PF_PROT} set.
 * Supervisor writes honour RW too (CR0.WP is set on every 486 and later, as 2.6.20 sets
 * it). On success it sets ACCESSED in the directory entry and ACCESSED (and, for a write,
 * DIRTY) in the pte with an atomic compare-and-set, so a pte the kernel cleared or
 * changed meanwhile is never resurrected: the walk then starts again.
 *
 * <p>The TLB has {@link #TLB_ENTRIES} direct-mapped entries, each caching a page's frame
 * and the combined RW, USER and DIRTY permissions. A hit that lacks the permission the
 * access needs raises the fault from the cached entry and drops it (as Intel CPUs do: the
 * kernel's fault handler copes with such spurious faults); a write hitting an entry whose
 * DIRTY bit was clear walks again to set DIRTY in memory. Nothing but CR3 loads and the
 * flushes of {@link Cpus} removes entries, so a pte changed without a flush keeps being
 * used, as on real hardware.
 *
 * <p>Locking: each access (translation plus the data transfer) runs under this CPU's
 * access lock; TLB flushes from other threads take the same lock, so a flush that
 * returns has waited for any access in flight to complete. The page-fault handler runs
 * with the lock dropped. Virtual addresses are i386 linear addresses {@code 0 <= a < 2^32}.
 *
 * <p>Differs from 2.6.20 hardware: no large pages (CR4.PSE clear), no global pages, no
 * instruction fetches (so NX is never checked), no segmentation; the four PAE PDPTEs are
 * read from the pgd when CR3 is loaded, as the hardware does.
 */
public final class Cpu {

    /** Number of TLB entries (direct-mapped by virtual page number). */
    public static final int TLB_ENTRIES = 64;

    /** Consecutive faults one access may take before the emulator calls it a kernel bug. */
    static final int MAX_FAULTS_PER_ACCESS = 1000;

    // The entry bits the walk reads and sets, as pgtable.h names them.
    private static final int P = (int) Pgtable._PAGE_PRESENT;
    private static final int RW = (int) Pgtable._PAGE_RW;
    private static final int US = (int) Pgtable._PAGE_USER;
    private static final int A = (int) Pgtable._PAGE_ACCESSED;
    private static final int D = (int) Pgtable._PAGE_DIRTY;

    /** 2-level: a 10-bit directory index above bit 22, a 10-bit table index above bit 12. */
    private static final int PDE_SHIFT_2LEVEL = 22;
    private static final int INDEX_MASK_2LEVEL = (1 << 10) - 1;
    private static final int ENTRY_SHIFT_2LEVEL = 2;
    /** PAE: a 2-bit PDPTE index above bit 30, then two 9-bit indices above bits 21 and 12. */
    private static final int PDPTE_SHIFT = 30;
    private static final int PDPTES = 4;
    private static final int PDE_SHIFT_PAE = 21;
    private static final int INDEX_MASK_PAE = (1 << 9) - 1;
    private static final int ENTRY_SHIFT_PAE = 3;
    /** PAE: MAXPHYADDR, the physical-address bits an entry may hold. */
    private static final int PAE_PHYS_BITS = 36;
    /** PAE: physical-address bits of an entry. */
    private static final long PAE_PFN_MASK = ((1L << PAE_PHYS_BITS) - 1) & ~((long) PAGE_SIZE - 1);
    /** PAE: bits 36..62 of a present entry are reserved (bit 63 is NX, enabled). */
    private static final long PAE_RSVD_MASK = ((1L << Pgtable._PAGE_BIT_NX) - 1) & ~((1L << PAE_PHYS_BITS) - 1);
    /** i386 linear addresses are 32 bits wide. */
    private static final long ADDRESS_MASK = (1L << Integer.SIZE) - 1;

    // A TLB entry packed in one long: valid bit, vpn, permissions, pfn.
    private static final long TLB_VALID = 1L << 63;
    private static final long TLB_RW = 1L << 62;
    private static final long TLB_US = 1L << 61;
    private static final long TLB_DIRTY = 1L << 60;
    private static final int TLB_VPN_SHIFT = 32;
    private static final long TLB_VPN_MASK = (1L << (Integer.SIZE - PAGE_SHIFT)) - 1;
    private static final long TLB_PFN_MASK = (1L << TLB_VPN_SHIFT) - 1;

    private final Cpus cpus;
    private final PhysicalMemory ram;
    private final int id;
    private final Object accessLock = new Object();

    // Guarded by accessLock.
    private int cr3 = -1;
    private final long[] pdpte = new long[PDPTES];
    private final long[] tlb = new long[TLB_ENTRIES];
    private long tlbHits;
    private long tlbMisses;
    private long pageFaults;

    Cpu(Cpus cpus, int id) {
        this.cpus = cpus;
        this.ram = cpus.ram();
        this.id = id;
    }

    /** This CPU's number ({@code smp_processor_id()}). */
    public int id() {
        return id;
    }

    /** The machine this CPU belongs to. */
    public Cpus cpus() {
        return cpus;
    }

    /**
     * Loads CR3 with the pgd in frame {@code pgd} (what {@code switch_mm} does when the
     * scheduler switches address spaces), which empties the TLB; under PAE the four
     * PDPTEs are read from the pgd now. {@code -1} unloads (no address space).
     */
    @Mirrors("load_cr3")
    public void loadCr3(int pgd) {
        synchronized (accessLock) {
            cr3 = pgd;
            reloadLocked();
        }
    }

    /** The pgd frame CR3 points at, or {@code -1}. */
    public int cr3() {
        synchronized (accessLock) {
            return cr3;
        }
    }

    /** Empties this CPU's TLB, as rewriting CR3 with its own value does. */
    @Mirrors("__flush_tlb")
    public void flushTlb() {
        synchronized (accessLock) {
            reloadLocked();
        }
    }

    /** Drops this CPU's translation of one page ({@code invlpg}). */
    @Mirrors("__flush_tlb_one")
    public void flushTlbOne(long address) {
        synchronized (accessLock) {
            invalidateLocked(address);
        }
    }

    /** Called by {@link Cpus}: if CR3 is {@code pgd}, drops the page of {@code address} ({@code -1}: everything). */
    void flushIfRunning(int pgd, long address) {
        synchronized (accessLock) {
            if (cr3 != pgd || pgd < 0) {
                return;
            }
            if (address == -1) {
                reloadLocked();
            } else {
                invalidateLocked(address);
            }
        }
    }

    private void reloadLocked() {
        java.util.Arrays.fill(tlb, 0L);
        if (cr3 >= 0 && cpus.cr4Pae()) {
            for (int i = 0; i < PDPTES; i++) {
                pdpte[i] = ram.readLong(cr3, i << ENTRY_SHIFT_PAE);
            }
        } else {
            java.util.Arrays.fill(pdpte, 0L);
        }
    }

    private void invalidateLocked(long address) {
        long vpn = (address & ADDRESS_MASK) >>> PAGE_SHIFT;
        int slot = (int) (vpn & (TLB_ENTRIES - 1));
        long e = tlb[slot];
        if ((e & TLB_VALID) != 0 && ((e >>> TLB_VPN_SHIFT) & TLB_VPN_MASK) == vpn) {
            tlb[slot] = 0L;
        }
    }

    /** Whether the TLB holds a translation of {@code address} (for tests and state dumps). */
    public boolean tlbHolds(long address) {
        synchronized (accessLock) {
            long vpn = (address & ADDRESS_MASK) >>> PAGE_SHIFT;
            long e = tlb[(int) (vpn & (TLB_ENTRIES - 1))];
            return (e & TLB_VALID) != 0 && ((e >>> TLB_VPN_SHIFT) & TLB_VPN_MASK) == vpn;
        }
    }

    /** Number of translations answered by the TLB. */
    public long tlbHits() {
        synchronized (accessLock) {
            return tlbHits;
        }
    }

    /** Number of translations that walked the page tables. */
    public long tlbMisses() {
        synchronized (accessLock) {
            return tlbMisses;
        }
    }

    /** Number of page faults raised by this CPU. */
    public long pageFaults() {
        synchronized (accessLock) {
            return pageFaults;
        }
    }

    // ---- user-mode accesses ----------------------------------------------------------

    /** A user-mode byte load from {@code vaddr}. */
    public byte loadByte(long vaddr) {
        long pa = access(vaddr, PF_USER, 0, OP_LOAD_BYTE);
        return (byte) pa;
    }

    /** A user-mode byte store to {@code vaddr}. */
    public void storeByte(long vaddr, byte value) {
        access(vaddr, PF_USER | PF_WRITE, value, OP_STORE_BYTE);
    }

    /** A user-mode little-endian 32-bit load; one that crosses a page is done byte by byte. */
    public int loadInt(long vaddr) {
        if ((vaddr & (PAGE_SIZE - 1)) > PAGE_SIZE - 4) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (loadByte(vaddr + i) & 0xFF) << (8 * i);
            }
            return v;
        }
        return (int) access(vaddr, PF_USER, 0, OP_LOAD_INT);
    }

    /** A user-mode little-endian 32-bit store; one that crosses a page is done byte by byte. */
    public void storeInt(long vaddr, int value) {
        if ((vaddr & (PAGE_SIZE - 1)) > PAGE_SIZE - 4) {
            for (int i = 0; i < 4; i++) {
                storeByte(vaddr + i, (byte) (value >>> (8 * i)));
            }
            return;
        }
        access(vaddr, PF_USER | PF_WRITE, value, OP_STORE_INT);
    }

    /**
     * A user-mode little-endian 64-bit load. Aligned within a page it is one access (like
     * {@code movq}); across a page boundary it is two 32-bit halves, low first.
     */
    public long loadLong(long vaddr) {
        if ((vaddr & (PAGE_SIZE - 1)) > PAGE_SIZE - 8) {
            return (loadInt(vaddr) & 0xFFFF_FFFFL) | ((long) loadInt(vaddr + 4) << 32);
        }
        return access(vaddr, PF_USER, 0, OP_LOAD_LONG, null, 0, 0);
    }

    /** A user-mode little-endian 64-bit store; across a page boundary, two 32-bit halves, low first. */
    public void storeLong(long vaddr, long value) {
        if ((vaddr & (PAGE_SIZE - 1)) > PAGE_SIZE - 8) {
            storeInt(vaddr, (int) value);
            storeInt(vaddr + 4, (int) (value >>> 32));
            return;
        }
        access(vaddr, PF_USER | PF_WRITE, value, OP_STORE_LONG, null, 0, 0);
    }

    /**
     * A user-mode string load ({@code rep movsb} from user memory): copies {@code length}
     * bytes from {@code vaddr} into {@code dst[off..]}, one translation and one access per
     * page touched, each page faulted in as the copy reaches it.
     */
    public void loadBytes(long vaddr, byte[] dst, int off, int length) {
        java.util.Objects.checkFromIndexSize(off, length, dst.length);
        while (length > 0) {
            int chunk = (int) Math.min(length, PAGE_SIZE - (vaddr & (PAGE_SIZE - 1)));
            access(vaddr, PF_USER, 0, OP_LOAD_BYTES, dst, off, chunk);
            vaddr += chunk;
            off += chunk;
            length -= chunk;
        }
    }

    /** A user-mode string store: copies {@code src[off..off+length)} to {@code vaddr}, page by page. */
    public void storeBytes(long vaddr, byte[] src, int off, int length) {
        java.util.Objects.checkFromIndexSize(off, length, src.length);
        while (length > 0) {
            int chunk = (int) Math.min(length, PAGE_SIZE - (vaddr & (PAGE_SIZE - 1)));
            access(vaddr, PF_USER | PF_WRITE, 0, OP_STORE_BYTES, src, off, chunk);
            vaddr += chunk;
            off += chunk;
            length -= chunk;
        }
    }

    /**
     * Translates {@code vaddr} for an access of kind {@code access} ({@code PF_WRITE},
     * {@code PF_USER} bits), taking page faults through the installed handler until the
     * translation succeeds, and returns the physical address. The translation is only as
     * good as the TLB: callers that go on to touch the frame race with flushes, which is
     * why the load and store methods of this class do both under the access lock.
     */
    public long translate(long vaddr, int access) {
        return access(vaddr, access & (PF_WRITE | PF_USER), 0, OP_TRANSLATE);
    }

    private static final int OP_TRANSLATE = 0;
    private static final int OP_LOAD_BYTE = 1;
    private static final int OP_STORE_BYTE = 2;
    private static final int OP_LOAD_INT = 3;
    private static final int OP_STORE_INT = 4;
    private static final int OP_LOAD_LONG = 5;
    private static final int OP_STORE_LONG = 6;
    private static final int OP_LOAD_BYTES = 7;
    private static final int OP_STORE_BYTES = 8;

    private long access(long vaddr, int access, int value, int op) {
        return access(vaddr, access, value, op, null, 0, 0);
    }

    private long access(long vaddr, int access, long value, int op, byte[] buf, int bufOff, int length) {
        long va = vaddr & ADDRESS_MASK;
        if (va != vaddr) {
            throw new IllegalArgumentException("not an i386 linear address: 0x" + Long.toHexString(vaddr));
        }
        for (int faults = 0; ; faults++) {
            int errorCode;
            synchronized (accessLock) {
                long pa = translateLocked(va, access);
                if (pa >= 0) {
                    int pfn = (int) (pa >>> PAGE_SHIFT);
                    int off = (int) (pa & (PAGE_SIZE - 1));
                    switch (op) {
                        case OP_LOAD_BYTE:
                            return ram.readByte(pfn, off);
                        case OP_STORE_BYTE:
                            ram.writeByte(pfn, off, (byte) value);
                            return 0;
                        case OP_LOAD_INT:
                            return ram.readInt(pfn, off);
                        case OP_STORE_INT:
                            ram.writeInt(pfn, off, (int) value);
                            return 0;
                        case OP_LOAD_LONG:
                            return ram.readLong(pfn, off);
                        case OP_STORE_LONG:
                            ram.writeLong(pfn, off, value);
                            return 0;
                        case OP_LOAD_BYTES:
                            ram.read(pfn, off, buf, bufOff, length);
                            return 0;
                        case OP_STORE_BYTES:
                            ram.write(pfn, off, buf, bufOff, length);
                            return 0;
                        default:
                            return pa;
                    }
                }
                errorCode = (int) ~pa;
                pageFaults++;
            }
            if (faults >= MAX_FAULTS_PER_ACCESS) {
                throw new KernelBug("access to 0x" + Long.toHexString(va) + " on cpu " + id
                        + " faulted " + faults + " times in a row (last: " + PageFault.describe(va, errorCode) + ")");
            }
            cpus.pageFaultHandler().doPageFault(this, va, errorCode);
        }
    }

    /** Returns the physical address, or {@code ~errorCode} (a negative value) for a fault. */
    private long translateLocked(long va, int access) {
        boolean write = (access & PF_WRITE) != 0;
        boolean user = (access & PF_USER) != 0;
        long vpn = va >>> PAGE_SHIFT;
        int slot = (int) (vpn & (TLB_ENTRIES - 1));
        long e = tlb[slot];
        if ((e & TLB_VALID) != 0 && ((e >>> TLB_VPN_SHIFT) & TLB_VPN_MASK) == vpn) {
            if ((write && (e & TLB_RW) == 0) || (user && (e & TLB_US) == 0)) {
                tlb[slot] = 0L;
                return ~(long) (PF_PROT | access);
            }
            if (!write || (e & TLB_DIRTY) != 0) {
                tlbHits++;
                return ((e & TLB_PFN_MASK) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
            }
            // A write through a clean entry: walk again so DIRTY reaches memory.
        }
        tlbMisses++;
        if (cr3 < 0) {
            throw new KernelBug("cpu " + id + " accessed 0x" + Long.toHexString(va) + " with no CR3 loaded");
        }
        return cpus.cr4Pae() ? walkPae(va, access, slot) : walk2Level(va, access, slot);
    }

    private long walk2Level(long va, int access, int slot) {
        boolean write = (access & PF_WRITE) != 0;
        boolean user = (access & PF_USER) != 0;
        int a = (int) va;
        int pdeOff = (a >>> PDE_SHIFT_2LEVEL) << ENTRY_SHIFT_2LEVEL;
        int pteOff = ((a >>> PAGE_SHIFT) & INDEX_MASK_2LEVEL) << ENTRY_SHIFT_2LEVEL;
        for (;;) {
            int pde = ram.readInt(cr3, pdeOff);
            if ((pde & P) == 0) {
                return ~(long) access;
            }
            int table = pde >>> PAGE_SHIFT;
            int pte = ram.readInt(table, pteOff);
            if ((pte & P) == 0) {
                return ~(long) access;
            }
            int both = pde & pte;
            if ((write && (both & RW) == 0) || (user && (both & US) == 0)) {
                return ~(long) (PF_PROT | access);
            }
            if ((pde & A) == 0 && !ram.compareAndSetInt(cr3, pdeOff, pde, pde | A)) {
                continue;
            }
            int want = write ? A | D : A;
            if ((pte & want) != want) {
                if (!ram.compareAndSetInt(table, pteOff, pte, pte | want)) {
                    continue;
                }
                pte |= want;
            }
            int pfn = pte >>> PAGE_SHIFT;
            fill(slot, va, pfn, (both & RW) != 0, (both & US) != 0, (pte & D) != 0);
            return ((long) pfn << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
        }
    }

    private long walkPae(long va, int access, int slot) {
        boolean write = (access & PF_WRITE) != 0;
        boolean user = (access & PF_USER) != 0;
        int a = (int) va;
        long pdpt = pdpte[a >>> PDPTE_SHIFT];
        if ((pdpt & P) == 0) {
            return ~(long) access;
        }
        int pmdTable = (int) ((pdpt & PAE_PFN_MASK) >>> PAGE_SHIFT);
        int pdeOff = ((a >>> PDE_SHIFT_PAE) & INDEX_MASK_PAE) << ENTRY_SHIFT_PAE;
        int pteOff = ((a >>> PAGE_SHIFT) & INDEX_MASK_PAE) << ENTRY_SHIFT_PAE;
        for (;;) {
            long pde = ram.readLong(pmdTable, pdeOff);
            if ((pde & P) == 0) {
                return ~(long) access;
            }
            if ((pde & PAE_RSVD_MASK) != 0) {
                return ~(long) (PF_PROT | PF_RSVD | access);
            }
            int table = (int) ((pde & PAE_PFN_MASK) >>> PAGE_SHIFT);
            long pte = ram.readLong(table, pteOff);
            if ((pte & P) == 0) {
                return ~(long) access;
            }
            if ((pte & PAE_RSVD_MASK) != 0) {
                return ~(long) (PF_PROT | PF_RSVD | access);
            }
            long both = pde & pte;
            if ((write && (both & RW) == 0) || (user && (both & US) == 0)) {
                return ~(long) (PF_PROT | access);
            }
            if ((pde & A) == 0 && !ram.compareAndSetLong(pmdTable, pdeOff, pde, pde | A)) {
                continue;
            }
            long want = write ? A | D : A;
            if ((pte & want) != want) {
                if (!ram.compareAndSetLong(table, pteOff, pte, pte | want)) {
                    continue;
                }
                pte |= want;
            }
            int pfn = (int) ((pte & PAE_PFN_MASK) >>> PAGE_SHIFT);
            fill(slot, va, pfn, (both & RW) != 0, (both & US) != 0, (pte & D) != 0);
            return ((long) pfn << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
        }
    }

    private void fill(int slot, long va, int pfn, boolean rw, boolean us, boolean dirty) {
        if (!ram.pfnValid(pfn)) {
            throw new KernelBug("pte for 0x" + Long.toHexString(va) + " maps pfn 0x"
                    + Integer.toHexString(pfn) + " outside RAM");
        }
        long e = TLB_VALID | ((va >>> PAGE_SHIFT) << TLB_VPN_SHIFT) | (pfn & TLB_PFN_MASK);
        if (rw) {
            e |= TLB_RW;
        }
        if (us) {
            e |= TLB_US;
        }
        if (dirty) {
            e |= TLB_DIRTY;
        }
        tlb[slot] = e;
    }
}
