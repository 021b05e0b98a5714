package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mm.h struct vm_area_struct, the VM_* flags, vma_pages,
 * and include/linux/pagemap.h linear_page_index. Owns one vma's range, flags, protection,
 * anon_vma link and list links.
 */

import linux.arch.x86.PageGeometry;
import linux.kernel.Mirrors;

/**
 * {@code struct vm_area_struct}: one contiguous range [vmStart, vmEnd) of a task's address
 * space with uniform flags and protection.
 *
 * <p>Virtual addresses are unsigned 32-bit i386 values held in a {@code long}
 * (0 .. 2^32-1), so they compare naturally; {@code vm_pgoff} and page indices are 32-bit
 * unsigned {@code int}s like {@code pgoff_t}. {@code vm_page_prot} is a pte protection
 * value ({@code pgprot_t}: the low 32 bits non-PAE, 64 bits with PAE incl. NX).
 *
 * <h2>Locking</h2>
 * The vma list and the fields of a vma change under {@code mm->mmap_sem} held for writing
 * (plus {@code anon_vma->lock} for the anon_vma list); faults read them under mmap_sem
 * held for reading. {@link #anonVma} is set once by anon_vma_prepare under
 * {@code mm->page_table_lock}.
 */
@Mirrors("vm_area_struct")
public final class VmAreaStruct {

    @Mirrors("VM_READ") public static final int VM_READ = 0x00000001;
    @Mirrors("VM_WRITE") public static final int VM_WRITE = 0x00000002;
    @Mirrors("VM_EXEC") public static final int VM_EXEC = 0x00000004;
    @Mirrors("VM_SHARED") public static final int VM_SHARED = 0x00000008;
    @Mirrors("VM_MAYREAD") public static final int VM_MAYREAD = 0x00000010;
    @Mirrors("VM_MAYWRITE") public static final int VM_MAYWRITE = 0x00000020;
    @Mirrors("VM_MAYEXEC") public static final int VM_MAYEXEC = 0x00000040;
    @Mirrors("VM_MAYSHARE") public static final int VM_MAYSHARE = 0x00000080;
    @Mirrors("VM_GROWSDOWN") public static final int VM_GROWSDOWN = 0x00000100;
    @Mirrors("VM_GROWSUP") public static final int VM_GROWSUP = 0x00000200;
    @Mirrors("VM_PFNMAP") public static final int VM_PFNMAP = 0x00000400;
    @Mirrors("VM_DENYWRITE") public static final int VM_DENYWRITE = 0x00000800;
    @Mirrors("VM_EXECUTABLE") public static final int VM_EXECUTABLE = 0x00001000;
    @Mirrors("VM_LOCKED") public static final int VM_LOCKED = 0x00002000;
    @Mirrors("VM_IO") public static final int VM_IO = 0x00004000;
    @Mirrors("VM_SEQ_READ") public static final int VM_SEQ_READ = 0x00008000;
    @Mirrors("VM_RAND_READ") public static final int VM_RAND_READ = 0x00010000;
    @Mirrors("VM_DONTCOPY") public static final int VM_DONTCOPY = 0x00020000;
    @Mirrors("VM_DONTEXPAND") public static final int VM_DONTEXPAND = 0x00040000;
    @Mirrors("VM_RESERVED") public static final int VM_RESERVED = 0x00080000;
    @Mirrors("VM_ACCOUNT") public static final int VM_ACCOUNT = 0x00100000;
    @Mirrors("VM_HUGETLB") public static final int VM_HUGETLB = 0x00400000;
    @Mirrors("VM_NONLINEAR") public static final int VM_NONLINEAR = 0x00800000;
    @Mirrors("VM_MAPPED_COPY") public static final int VM_MAPPED_COPY = 0x01000000;
    @Mirrors("VM_INSERTPAGE") public static final int VM_INSERTPAGE = 0x02000000;

    /** vma->vm_mm: the address space this vma belongs to. */
    public final MmStruct vmMm;

    /** vma->vm_start: first address (page aligned). */
    public long vmStart;

    /** vma->vm_end: first address after the vma (page aligned). */
    public long vmEnd;

    /** vma->vm_next: the next vma of the mm, sorted by address, or null. */
    public VmAreaStruct vmNext;

    /** vma->vm_page_prot: pte protection bits for ptes of this vma (protection_map). */
    public long vmPageProt;

    /** vma->vm_flags: VM_* bits. */
    public int vmFlags;

    /** vma->vm_pgoff: offset of vmStart in the mapping, in pages (for anon vmas, vmStart >> PAGE_SHIFT at creation). */
    public int vmPgoff;

    /** vma->anon_vma: set by anon_vma_prepare / anon_vma_link, else null. */
    public volatile AnonVma anonVma;

    /** vma->vm_file->f_mapping stand-in: the file mapping of a file-backed vma, or null for anon. */
    public AddressSpace vmMapping;

    /** vma->anon_vma_node: links of the anon_vma list (managed by {@link AnonVma}). */
    VmAreaStruct anonVmaNodePrev;
    VmAreaStruct anonVmaNodeNext;

    /**
     * A vma of {@code mm} covering [start, end) with the given flags, protection and pgoff,
     * not yet on any list.
     */
    public VmAreaStruct(MmStruct mm, long start, long end, int flags, long pageProt, int pgoff) {
        if (start < 0 || end > 1L << 32 || start >= end) {
            throw new IllegalArgumentException("bad vma range " + Long.toHexString(start) + "-" + Long.toHexString(end));
        }
        this.vmMm = mm;
        this.vmStart = start;
        this.vmEnd = end;
        this.vmFlags = flags;
        this.vmPageProt = pageProt;
        this.vmPgoff = pgoff;
    }

    /**
     * A copy of {@code src} belonging to {@code mm}: the {@code *new = *vma} of split_vma
     * (same mm) and dup_mmap (the child's). Range, flags, protection, pgoff, anon_vma and
     * mapping are copied; the copy is on no list (vm_next null, not on the anon_vma list).
     */
    public VmAreaStruct(VmAreaStruct src, MmStruct mm) {
        this.vmMm = mm;
        this.vmStart = src.vmStart;
        this.vmEnd = src.vmEnd;
        this.vmFlags = src.vmFlags;
        this.vmPageProt = src.vmPageProt;
        this.vmPgoff = src.vmPgoff;
        this.anonVma = src.anonVma;
        this.vmMapping = src.vmMapping;
    }

    /** vma_pages(vma): length in pages. */
    @Mirrors("vma_pages")
    public static long vmaPages(VmAreaStruct vma) {
        return (vma.vmEnd - vma.vmStart) >>> PageGeometry.PAGE_SHIFT;
    }

    /**
     * linear_page_index(vma, address): the page index in the vma's mapping that
     * {@code address} maps: {@code ((address - vm_start) >> PAGE_SHIFT) + vm_pgoff}, in
     * 32-bit unsigned arithmetic. For anon pages this becomes page->index.
     */
    @Mirrors("linear_page_index")
    public static int linearPageIndex(VmAreaStruct vma, long address) {
        int pgoff = (int) ((address - vma.vmStart) >>> PageGeometry.PAGE_SHIFT);
        return pgoff + vma.vmPgoff;
    }

    /**
     * The user address at which page index {@code pgoff} sits in this vma, computed as
     * rmap.c's vma_address does ({@code vm_start + ((pgoff - vm_pgoff) << PAGE_SHIFT)} with
     * 32-bit wrap-around), or -1 when that address falls outside [vmStart, vmEnd)
     * (the kernel returns -EFAULT there).
     */
    public static long addressOfIndex(VmAreaStruct vma, int pgoff) {
        int a = (int) vma.vmStart + ((pgoff - vma.vmPgoff) << PageGeometry.PAGE_SHIFT);
        long address = Integer.toUnsignedLong(a);
        if (address < vma.vmStart || address >= vma.vmEnd) {
            return -1;
        }
        return address;
    }

    @Override
    public String toString() {
        return String.format("vma[%08x-%08x flags=%x pgoff=%x]", vmStart, vmEnd, vmFlags, vmPgoff);
    }
}
