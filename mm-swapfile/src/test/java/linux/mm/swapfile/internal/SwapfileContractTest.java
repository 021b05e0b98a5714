package linux.mm.swapfile.internal;

import linux.init.KernelParts;

/** {@link SwapfileContract} run against this module's mm/swapfile.c (the implementation named {@code swapfile}). */
class SwapfileContractTest extends SwapfileContract {

    @Override
    protected KernelParts boot(String cmdline) {
        return SwapfileTestKernel.boot("swapfile=swapfile " + cmdline);
    }
}
