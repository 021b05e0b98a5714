package linux.mm.pageio.internal;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import linux.block.BlockDevices;
import linux.init.HostVfs;
import linux.mm.page.AddressSpace;
import linux.mm.page.MmList;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.Vfs;

/**
 * init's HeadersModule with one change: the VFS is {@link TestVfs}, so a test can swapon
 * files of its own making (init binds the host's VFS and offers no way to replace it).
 */
@Module
abstract class TestHeadersModule {
    private TestHeadersModule() {
    }

    @Provides
    @Singleton
    static AddressSpace swapperSpace() {
        return AddressSpace.newSwapperSpace();
    }

    @Provides
    @Singleton
    static MmList mmList() {
        return new MmList();
    }

    @Provides
    @Singleton
    static PageWriteback pageWriteback(PageAllocOps pageAlloc) {
        return new PageWriteback(pageAlloc.vmstat());
    }

    @Provides
    @Singleton
    static TestVfs testVfs(BlockDevices blockDevices) {
        return new TestVfs(new HostVfs(blockDevices));
    }

    @Binds
    abstract Vfs vfs(TestVfs testVfs);
}
