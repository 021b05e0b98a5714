package linux.init;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import linux.mm.page.AddressSpace;
import linux.mm.page.MmList;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.Vfs;

/**
 * The state the shared headers describe and every kernel file uses: swapper_space (the
 * swap cache's one address space), init_mm with the mmlist ring, the writeback counters of
 * page-writeback.c, the congestion waits of backing-dev.c, and the VFS calls swapon and
 * swapoff make (the host's file system).
 */
@Module
public abstract class HeadersModule {
    private HeadersModule() {
    }

    /** {@code swapper_space}: the one address space of the swap cache. */
    @Provides
    @Singleton
    static AddressSpace swapperSpace() {
        return AddressSpace.newSwapperSpace();
    }

    /** {@code init_mm} and the mmlist ring every mm with swap entries joins. */
    @Provides
    @Singleton
    static MmList mmList() {
        return new MmList();
    }

    /** set_page_dirty, the writeback flags and their NR_WRITEBACK count in this kernel's zones. */
    @Provides
    @Singleton
    static PageWriteback pageWriteback(PageAllocOps pageAlloc) {
        return new PageWriteback(pageAlloc.vmstat());
    }

    @Binds
    @Singleton
    abstract Vfs vfs(HostVfs hostVfs);
}
