/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/{page.h,pgtable*.h}} and {@code arch/i386/mm/{pgtable.c,fault.c}}: physical RAM, the 2-level and PAE page-table formats, swap-pte encoding, the MMU walk and the TLB.
 */
@SuppressWarnings("module") // "x86" ends in digits; linux.boot is not on this module's path
module linux.arch.x86 {
    requires linux.kernel;
    requires static dagger;
    requires jakarta.inject;

    exports linux.arch.x86;

    exports linux.arch.x86.internal to linux.boot, linux.init, linux.testkit;
}
