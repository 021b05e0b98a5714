package linux.testkit;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.mm.page.AnonVma;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.VmAreaStruct;

/**
 * Reverse mapping for the test kernels of the files below mm/rmap.c: the anon_vma lists,
 * the mapcount and page->mapping / page->index bookkeeping are real; nothing walks page
 * tables. {@link #pageReferenced} counts only PG_referenced (test-and-cleared); {@link
 * #tryToUnmap} unmaps nothing and answers SWAP_SUCCESS for an unmapped page, otherwise
 * {@link #unmapResult}; {@link #pageMkclean} finds no shared pte to clean.
 *
 * <p>Records the number of calls of try_to_unmap and page_referenced.
 */
@Singleton
public final class FakeRmap implements RmapOps {

    /** What {@link #tryToUnmap} answers for a page that is still mapped. */
    public volatile RmapResult unmapResult = RmapResult.SWAP_AGAIN;
    public final AtomicInteger tryToUnmapCalls = new AtomicInteger();
    public final AtomicInteger pageReferencedCalls = new AtomicInteger();

    @Inject
    public FakeRmap() {
    }

    @Override
    public int anonVmaPrepare(VmAreaStruct vma) {
        if (vma.anonVma == null) {
            AnonVma anonVma = new AnonVma();
            anonVma.lock.lock();
            try {
                anonVma.listAddTail(vma);
            } finally {
                anonVma.lock.unlock();
            }
            vma.anonVma = anonVma;
        }
        return 0;
    }

    @Override
    public void anonVmaMerge(VmAreaStruct vma, VmAreaStruct next) {
        if (next.anonVma != null) {
            anonVmaUnlink(next);
        }
    }

    @Override
    public void anonVmaLinkLocked(VmAreaStruct vma) {
        if (vma.anonVma != null) {
            vma.anonVma.listAddTail(vma);
        }
    }

    @Override
    public void anonVmaLink(VmAreaStruct vma) {
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
        if (Page.atomicIncAndTestMapcount(page)) {
            page.mapping = vma.anonVma;
            page.index = VmAreaStruct.linearPageIndex(vma, address);
        }
    }

    @Override
    public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
        Page.atomicSetMapcount(page, 0);
        page.mapping = vma.anonVma;
        page.index = VmAreaStruct.linearPageIndex(vma, address);
    }

    @Override
    public void pageAddFileRmap(Page page) {
        Page.atomicIncAndTestMapcount(page);
    }

    @Override
    public void pageRemoveRmap(Page page) {
        if (Page.atomicAddNegativeMapcount(page, -1) && Page.rawMapcount(page) < -1) {
            throw new KernelBug("Eeek! page_mapcount(page) went negative! (" + Page.pageMapcount(page) + ")");
        }
    }

    @Override
    public int pageReferenced(Page page, int isLocked) {
        pageReferencedCalls.incrementAndGet();
        return PageFlags.testClearPageReferenced(page) ? 1 : 0;
    }

    @Override
    public RmapResult tryToUnmap(Page page, int ignoreRefs) {
        tryToUnmapCalls.incrementAndGet();
        return Page.pageMapped(page) ? unmapResult : RmapResult.SWAP_SUCCESS;
    }

    /** Where the anon page sits in {@code vma}: its index in the vma, if the page's anon_vma is the vma's. */
    @Override
    public long pageAddressInVma(Page page, VmAreaStruct vma) {
        if (page.mapping != vma.anonVma) {
            return Errno.EFAULT.negative();
        }
        long addr = vma.vmStart + ((long) (page.index - vma.vmPgoff) << PAGE_SHIFT);
        if (addr < vma.vmStart || addr >= vma.vmEnd) {
            return Errno.EFAULT.negative();
        }
        return addr;
    }

    @Override
    public int pageMkclean(Page page) {
        return 0;
    }
}
