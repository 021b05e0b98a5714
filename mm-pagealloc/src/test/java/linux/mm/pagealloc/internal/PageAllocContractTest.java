package linux.mm.pagealloc.internal;

import linux.init.KernelParts;

/** {@link PageAllocContract} run against this module's mm/page_alloc.c (the implementation named {@code page_alloc}). */
class PageAllocContractTest extends PageAllocContract {

    @Override
    protected KernelParts boot(String cmdline) {
        return PageAllocTestKernel.boot("page_alloc=page_alloc " + cmdline);
    }
}
