package linux.mm.vmscan.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linux.kernel.Errno;
import linux.mm.page.AnonVma;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.Vmstat;
import linux.mm.page.ZoneStatItem;

/**
 * A recording mm/rmap.c without page tables: each mapped page has page_mapcount ptes, each
 * holding one page reference. page_referenced reports PG_referenced (test-and-cleared) plus
 * the young ptes a test sets with {@link #young} (cleared when read, as
 * ptep_clear_flush_young does). try_to_unmap answers what a test set in {@link #unmapResult}
 * (SWAP_SUCCESS by default); on success every pte goes: a swap-cache page's entry gets one
 * swap_duplicate per pte, a dirty pte ({@link #dirtyPtes}) dirties the page, the mapcount
 * and the ptes' references drop.
 */
final class FakeRmap implements RmapOps {
    final List<String> calls = new ArrayList<>();
    final Map<Page, Integer> young = new HashMap<>();
    final Map<Page, RmapResult> unmapResult = new HashMap<>();
    final Set<Page> dirtyPtes = new HashSet<>();
    private final SwapfileOps swapfile;
    private final PageWriteback pageWriteback;
    private final Vmstat vmstat;

    FakeRmap(SwapfileOps swapfile, PageWriteback pageWriteback, Vmstat vmstat) {
        this.swapfile = swapfile;
        this.pageWriteback = pageWriteback;
        this.vmstat = vmstat;
    }

    @Override
    public int anonVmaPrepare(VmAreaStruct vma) {
        if (vma.anonVma == null) {
            vma.anonVma = new AnonVma();
        }
        return 0;
    }

    @Override
    public void anonVmaMergeLocked(VmAreaStruct vma, VmAreaStruct next) {
    }

    @Override
    public void anonVmaLinkLocked(VmAreaStruct vma) {
    }

    @Override
    public void anonVmaLink(VmAreaStruct vma) {
    }

    @Override
    public void anonVmaUnlink(VmAreaStruct vma) {
    }

    @Override
    public void pageAddAnonRmap(Page page, VmAreaStruct vma, long address) {
        if (Page.atomicIncAndTestMapcount(page)) {
            page.mapping = vma.anonVma;
            vmstat.incZonePageState(page, ZoneStatItem.NR_ANON_PAGES);
        }
    }

    @Override
    public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
        Page.atomicSetMapcount(page, 0);
        page.mapping = vma.anonVma;
        vmstat.incZonePageState(page, ZoneStatItem.NR_ANON_PAGES);
    }

    @Override
    public void pageAddFileRmap(Page page) {
        if (Page.atomicIncAndTestMapcount(page)) {
            vmstat.incZonePageState(page, ZoneStatItem.NR_FILE_MAPPED);
        }
    }

    @Override
    public void pageRemoveRmap(Page page, VmAreaStruct vma) {
        if (Page.atomicAddNegativeMapcount(page, -1)) {
            vmstat.decZonePageState(page, Page.pageAnon(page) ? ZoneStatItem.NR_ANON_PAGES : ZoneStatItem.NR_FILE_MAPPED);
        }
    }

    @Override
    public synchronized int pageReferenced(Page page, int isLocked) {
        calls.add("page_referenced " + page.pfn + " " + isLocked);
        int referenced = PageFlags.testClearPageReferenced(page) ? 1 : 0;
        Integer y = young.remove(page);
        return referenced + (y == null ? 0 : y);
    }

    @Override
    public synchronized RmapResult tryToUnmap(Page page, int ignoreRefs) {
        calls.add("try_to_unmap " + page.pfn + " " + ignoreRefs);
        if (!PageFlags.pageLocked(page)) {
            throw new AssertionError("try_to_unmap of an unlocked page");
        }
        RmapResult result = unmapResult.getOrDefault(page, RmapResult.SWAP_SUCCESS);
        if (result != RmapResult.SWAP_SUCCESS) {
            return result;
        }
        while (Page.pageMapped(page)) {
            if (dirtyPtes.remove(page)) {
                pageWriteback.setPageDirty(page);
            }
            if (PageFlags.pageSwapCache(page)) {
                swapfile.swapDuplicate(Page.pagePrivate(page));
            }
            pageRemoveRmap(page, null);
            boolean last = Page.putPageTestzero(page);
            if (last) {
                throw new AssertionError("try_to_unmap dropped the last reference");
            }
        }
        return result;
    }

    @Override
    public long pageCheckAddress(Page page, linux.mm.page.MmStruct mm, long address) {
        return -1;
    }

    @Override
    public long pageAddressInVma(Page page, VmAreaStruct vma) {
        return Errno.EFAULT.negative();
    }

    @Override
    public int pageMkclean(Page page) {
        return 0;
    }
}
