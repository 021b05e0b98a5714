package linux.testkit;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.mm.page.AnonVma;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.VmAreaStruct;

/**
 * A recording {@link RmapOps} for kernels without mm/rmap.c. It keeps struct page's rmap
 * fields as the real one does (mapcount, and on an anon page's first mapping page->mapping
 * and page->index) and keeps vmas on their anon_vma's list, but counts nothing in vmstat and
 * walks no page table: like the kernel built without an MMU, page_referenced only tests and
 * clears PG_referenced, try_to_unmap answers SWAP_FAIL (nothing can be unmapped),
 * page_mkclean cleans nothing and page_check_address finds nothing. page_address_in_vma
 * computes the address as rmap.c does. Every call is recorded by kernel name, thread-safely.
 */
public final class FakeRmap implements RmapOps {

    private final List<String> calls = new ArrayList<>();

    @Inject
    public FakeRmap() {
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public int anonVmaPrepare(VmAreaStruct vma) {
        record("anon_vma_prepare");
        vma.vmMm.pageTableLock.lock();
        try {
            if (vma.anonVma == null) {
                AnonVma anonVma = new AnonVma();
                vma.anonVma = anonVma;
                anonVma.listAddTail(vma);
            }
        } finally {
            vma.vmMm.pageTableLock.unlock();
        }
        return 0;
    }

    @Override
    public void anonVmaMergeLocked(VmAreaStruct vma, VmAreaStruct next) {
        record("__anon_vma_merge");
        next.anonVma.listDel(next);
    }

    @Override
    public void anonVmaLinkLocked(VmAreaStruct vma) {
        record("__anon_vma_link");
        if (vma.anonVma != null) {
            vma.anonVma.listAddTail(vma);
        }
    }

    @Override
    public void anonVmaLink(VmAreaStruct vma) {
        record("anon_vma_link");
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.lock.lock();
            try {
                anonVma.listAddTail(vma);
            } finally {
                anonVma.lock.unlock();
            }
        }
    }

    @Override
    public void anonVmaUnlink(VmAreaStruct vma) {
        record("anon_vma_unlink");
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.lock.lock();
            try {
                anonVma.listDel(vma);
            } finally {
                anonVma.lock.unlock();
            }
        }
    }

    @Override
    public void pageAddAnonRmap(Page page, VmAreaStruct vma, long address) {
        record("page_add_anon_rmap");
        if (Page.atomicIncAndTestMapcount(page)) {
            page.mapping = vma.anonVma;
            page.index = VmAreaStruct.linearPageIndex(vma, address);
        }
    }

    @Override
    public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
        record("page_add_new_anon_rmap");
        Page.atomicSetMapcount(page, 0);
        page.mapping = vma.anonVma;
        page.index = VmAreaStruct.linearPageIndex(vma, address);
    }

    @Override
    public void pageAddFileRmap(Page page) {
        record("page_add_file_rmap");
        Page.atomicIncMapcount(page);
    }

    @Override
    public void pageRemoveRmap(Page page, VmAreaStruct vma) {
        record("page_remove_rmap");
        Page.atomicAddNegativeMapcount(page, -1);
    }

    @Override
    public int pageReferenced(Page page, int isLocked) {
        record("page_referenced");
        return PageFlags.testClearPageReferenced(page) ? 1 : 0;
    }

    @Override
    public RmapResult tryToUnmap(Page page, int ignoreRefs) {
        record("try_to_unmap");
        return RmapResult.SWAP_FAIL;
    }

    @Override
    public long pageCheckAddress(Page page, MmStruct mm, long address) {
        record("page_check_address");
        return -1;
    }

    @Override
    public long pageAddressInVma(Page page, VmAreaStruct vma) {
        record("page_address_in_vma");
        if (!Page.pageAnon(page) || vma.anonVma != Page.pageAnonVma(page)) {
            return Errno.EFAULT.negative();
        }
        long address = Integer.toUnsignedLong((int) vma.vmStart + ((page.index - vma.vmPgoff) << PAGE_SHIFT));
        if (address < vma.vmStart || address >= vma.vmEnd) {
            return Errno.EFAULT.negative();
        }
        return address;
    }

    @Override
    public int pageMkclean(Page page) {
        record("page_mkclean");
        return 0;
    }
}
