package linux.mm.swap.internal;

import linux.init.KernelParts;

/** {@link SwapContract} run against this module's mm/swap.c (the implementation named {@code swap}). */
class SwapContractTest extends SwapContract {

    @Override
    protected KernelParts boot(String cmdline) {
        return SwapTestKernel.boot("swap=swap " + cmdline);
    }
}
