package linux.mm.pageio.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.PageIoOps;

/**
 * Registers this module's mm/page_io.c as the implementation named {@code page_io} of
 * {@link PageIoOps}.
 */
@Module
public abstract class PageIoModule {
    private PageIoModule() {
    }

    @Binds
    @IntoMap
    @StringKey("page_io")
    abstract PageIoOps pageIo(PageIo impl);
}
