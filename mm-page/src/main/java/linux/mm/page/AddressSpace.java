package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 include/linux/fs.h struct address_space (page_tree, tree_lock,
 * nrpages, a_ops, flags, backing_dev_info capabilities) with lib/radix-tree.c's insert,
 * lookup, delete and tags. Owns one mapping's index -> page table and its tags.
 */

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.kernel.Errno;
import linux.kernel.Mirrors;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.api.set.primitive.MutableIntSet;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;

/**
 * {@code struct address_space}: a set of pages keyed by index. The kernel keeps them in a
 * radix tree ({@code page_tree}); here a primitive {@code int -> Page} hash map stands in,
 * with the DIRTY and WRITEBACK tags as two primitive sets. Indices are 32-bit unsigned
 * values ({@code pgoff_t}); for {@code swapper_space} the index is the swp_entry value.
 *
 * <h2>Locking</h2>
 * {@link #treeLock} is the kernel's {@code rwlock_t tree_lock}: the radix-tree methods
 * here require it held by the caller, for writing ({@link #radixTreeInsert},
 * {@link #radixTreeDelete}, tag changes) or at least for reading ({@link #radixTreeLookup},
 * {@link #radixTreeTagGet}); they assert that. {@link #nrpages} changes only under the
 * write lock and may be read without it, as {@code total_swapcache_pages} is.
 *
 * <p>Differs from 2.6.20: there is no radix_tree_preload: inserting into the hash map
 * cannot fail for lack of memory, so -ENOMEM never comes from here.
 */
@Mirrors("address_space")
public final class AddressSpace implements PageMapping {

    /** Radix tag: the page is dirty. */
    @Mirrors("PAGECACHE_TAG_DIRTY")
    public static final int PAGECACHE_TAG_DIRTY = 0;

    /** Radix tag: the page is under writeback. */
    @Mirrors("PAGECACHE_TAG_WRITEBACK")
    public static final int PAGECACHE_TAG_WRITEBACK = 1;

    /** backing_dev_info capability: dirty pages are not accounted (NR_FILE_DIRTY). */
    @Mirrors("BDI_CAP_NO_ACCT_DIRTY")
    public static final int BDI_CAP_NO_ACCT_DIRTY = 0x00000001;

    /** backing_dev_info capability: no writeback by pdflush. */
    @Mirrors("BDI_CAP_NO_WRITEBACK")
    public static final int BDI_CAP_NO_WRITEBACK = 0x00000002;

    /** __GFP_BITS_SHIFT: the AS_* error bits sit above the gfp bits in mapping->flags. */
    private static final int GFP_BITS_SHIFT = 20;

    /** mapping->flags bit: an I/O error happened on a page of this mapping. */
    @Mirrors("AS_EIO")
    public static final int AS_EIO = GFP_BITS_SHIFT;

    /** mapping->flags bit: ENOSPC happened on a page of this mapping. */
    @Mirrors("AS_ENOSPC")
    public static final int AS_ENOSPC = GFP_BITS_SHIFT + 1;

    /** A name for dumps: "swapper_space" or the backing file's name. */
    public final String name;

    /** mapping->tree_lock (rwlock_t). See the Locking section. */
    @Mirrors("tree_lock")
    public final ReentrantReadWriteLock treeLock = new ReentrantReadWriteLock();

    /** mapping->backing_dev_info->capabilities. */
    public final int backingDevCapabilities;

    /** mapping->flags: AS_EIO / AS_ENOSPC bits (gfp mask bits unused). */
    public final AtomicInteger flags = new AtomicInteger();

    /** mapping->page_tree: the radix tree stand-in. */
    private final MutableIntObjectMap<Page> pageTree = new IntObjectHashMap<>();

    /** The DIRTY and WRITEBACK tags of page_tree. */
    private final MutableIntSet[] tags = {new IntHashSet(), new IntHashSet()};

    /** mapping->nrpages: pages in page_tree. Written under tree_lock (write). */
    @Mirrors("nrpages")
    public volatile long nrpages;

    /** mapping->a_ops. */
    private volatile AddressSpaceOperations aOps;

    /**
     * A mapping with the given name and backing-device capabilities and no a_ops yet.
     *
     * @param name for dumps ("swapper_space", a file name)
     * @param backingDevCapabilities BDI_CAP_* bits of its backing_dev_info
     */
    public AddressSpace(String name, int backingDevCapabilities) {
        this.name = name;
        this.backingDevCapabilities = backingDevCapabilities;
    }

    /**
     * A new {@code swapper_space} (mm/swap_state.c): no host, backing_dev_info
     * {@code swap_backing_dev_info} with BDI_CAP_NO_ACCT_DIRTY | BDI_CAP_NO_WRITEBACK. One per
     * emulated kernel; every {@link Page} of that kernel refers to it. swap_state installs
     * {@code swap_aops} with {@link #setAops}.
     */
    public static AddressSpace newSwapperSpace() {
        return new AddressSpace("swapper_space", BDI_CAP_NO_ACCT_DIRTY | BDI_CAP_NO_WRITEBACK);
    }

    /** mapping->a_ops, or null if none installed. */
    public AddressSpaceOperations aOps() {
        return aOps;
    }

    /** Installs mapping->a_ops (done once at boot for swapper_space). */
    public void setAops(AddressSpaceOperations ops) {
        this.aOps = ops;
    }

    /** mapping_cap_account_dirty(mapping): whether dirty pages here count in NR_FILE_DIRTY. */
    @Mirrors("mapping_cap_account_dirty")
    public static boolean mappingCapAccountDirty(AddressSpace mapping) {
        return (mapping.backingDevCapabilities & BDI_CAP_NO_ACCT_DIRTY) == 0;
    }

    /** mapping_cap_writeback_dirty(mapping): whether pdflush writes this mapping back. */
    @Mirrors("mapping_cap_writeback_dirty")
    public static boolean mappingCapWritebackDirty(AddressSpace mapping) {
        return (mapping.backingDevCapabilities & BDI_CAP_NO_WRITEBACK) == 0;
    }

    // ---- radix tree (lib/radix-tree.c), caller holds tree_lock ---------------------------

    /**
     * radix_tree_insert: put {@code page} at {@code index}. Caller holds tree_lock for
     * writing. Returns 0, or -EEXIST when the slot is taken (the tree is unchanged).
     * Does not touch nrpages or the page; the page-cache caller does that.
     */
    @Mirrors("radix_tree_insert")
    public int radixTreeInsert(int index, Page page) {
        assert treeLock.isWriteLockedByCurrentThread() : "radix_tree_insert without tree_lock";
        if (page == null) {
            throw new KernelBug("radix_tree_insert of a NULL item");
        }
        if (pageTree.containsKey(index)) {
            return Errno.EEXIST.negative();
        }
        pageTree.put(index, page);
        return 0;
    }

    /** radix_tree_lookup: the page at {@code index} or null. Caller holds tree_lock (read or write). */
    @Mirrors("radix_tree_lookup")
    public Page radixTreeLookup(int index) {
        assert readLocked() : "radix_tree_lookup without tree_lock";
        return pageTree.get(index);
    }

    /**
     * radix_tree_delete: remove and return the page at {@code index} (null if none), with
     * its tags. Caller holds tree_lock for writing.
     */
    @Mirrors("radix_tree_delete")
    public Page radixTreeDelete(int index) {
        assert treeLock.isWriteLockedByCurrentThread() : "radix_tree_delete without tree_lock";
        Page p = pageTree.remove(index);
        if (p != null) {
            tags[PAGECACHE_TAG_DIRTY].remove(index);
            tags[PAGECACHE_TAG_WRITEBACK].remove(index);
        }
        return p;
    }

    /** radix_tree_tag_set: tag the present item at {@code index}. Caller holds tree_lock for writing. */
    @Mirrors("radix_tree_tag_set")
    public void radixTreeTagSet(int index, int tag) {
        assert treeLock.isWriteLockedByCurrentThread() : "radix_tree_tag_set without tree_lock";
        if (!pageTree.containsKey(index)) {
            throw new KernelBug("radix_tree_tag_set on an empty slot " + Integer.toUnsignedString(index));
        }
        tags[tag].add(index);
    }

    /** radix_tree_tag_clear. Caller holds tree_lock for writing. */
    @Mirrors("radix_tree_tag_clear")
    public void radixTreeTagClear(int index, int tag) {
        assert treeLock.isWriteLockedByCurrentThread() : "radix_tree_tag_clear without tree_lock";
        tags[tag].remove(index);
    }

    /** radix_tree_tag_get. Caller holds tree_lock. */
    @Mirrors("radix_tree_tag_get")
    public boolean radixTreeTagGet(int index, int tag) {
        assert readLocked() : "radix_tree_tag_get without tree_lock";
        return tags[tag].contains(index);
    }

    /** radix_tree_tagged: whether any item carries {@code tag}. Caller holds tree_lock. */
    @Mirrors("radix_tree_tagged")
    public boolean radixTreeTagged(int tag) {
        assert readLocked() : "radix_tree_tagged without tree_lock";
        return !tags[tag].isEmpty();
    }

    /** A visitor of (index, page) pairs. */
    @FunctionalInterface
    public interface PageVisitor {
        void visit(int index, Page page);
    }

    /**
     * Visits every (index, page) of the tree under the read lock (for checkers and dumps;
     * the kernel's gang lookups). The visitor must not take tree_lock for writing.
     */
    public void forEachPage(PageVisitor visitor) {
        treeLock.readLock().lock();
        try {
            pageTree.forEachKeyValue(visitor::visit);
        } finally {
            treeLock.readLock().unlock();
        }
    }

    /** Number of slots in the tree (should equal nrpages), read under the read lock. */
    public int radixTreeSize() {
        treeLock.readLock().lock();
        try {
            return pageTree.size();
        } finally {
            treeLock.readLock().unlock();
        }
    }

    private boolean readLocked() {
        return treeLock.isWriteLockedByCurrentThread() || treeLock.getReadHoldCount() > 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
