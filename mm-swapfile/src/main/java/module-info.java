/**
 * Mirrors linux-2.6.20 `mm/swapfile.c`: swap areas, slot allocation, swapon, swapoff and /proc/swaps.
 */
module linux.mm.swapfile {
    requires linux.mm.page;

    // Its API package is exported once the package holds its first type.
}
