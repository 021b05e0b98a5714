package linux.mm.page;

import linux.block.BlockDevice;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/swap.h}: {@code struct swap_info_struct},
 * one swap area (an element of mm/swapfile.c's {@code swap_info[MAX_SWAPFILES]}), and
 * the swap-area constants of swap.h ({@code SWP_*}, {@code SWAP_MAP_*},
 * {@code SWAP_FLAG_*}, {@code MAX_SWAPFILES}). Fields keep the kernel's order and
 * meaning; the kernel's {@code unsigned int} fields are Java {@code int}s compared
 * unsigned where the kernel's arithmetic could wrap. All fields are guarded by
 * swap_lock, except that {@code swap_map} entries are read without it by
 * {@code find_next_to_unuse} (as in the kernel).
 */
@Mirrors("swap_info_struct")
public final class SwapInfoStruct {

    /** 32 areas: i386 has no CONFIG_MIGRATION, so no types are reserved for migration entries. */
    @Mirrors("MAX_SWAPFILES")
    public static final int MAX_SWAPFILES = Swapops.MAX_SWAPFILES;

    /** swapon flag: the low 15 bits carry a priority. */
    @Mirrors("SWAP_FLAG_PREFER")
    public static final int SWAP_FLAG_PREFER = 0x8000;
    @Mirrors("SWAP_FLAG_PRIO_MASK")
    public static final int SWAP_FLAG_PRIO_MASK = 0x7fff;
    @Mirrors("SWAP_FLAG_PRIO_SHIFT")
    public static final int SWAP_FLAG_PRIO_SHIFT = 0;

    /** This slot of swap_info[] is in use. */
    @Mirrors("SWP_USED")
    public static final int SWP_USED = 1 << 0;
    /** Pages may be allocated from this area (cleared by swapoff first). */
    @Mirrors("SWP_WRITEOK")
    public static final int SWP_WRITEOK = 1 << 1;
    @Mirrors("SWP_ACTIVE")
    public static final int SWP_ACTIVE = SWP_USED | SWP_WRITEOK;
    /** Added to {@code flags} by each scan_swap_map in progress: {@code flags >= SWP_SCANNING} means someone scans. */
    @Mirrors("SWP_SCANNING")
    public static final int SWP_SCANNING = 1 << 8;

    @Mirrors("SWAP_CLUSTER_MAX")
    public static final int SWAP_CLUSTER_MAX = 32;

    /** A swap_map count that has saturated: never decremented again until swapoff. */
    @Mirrors("SWAP_MAP_MAX")
    public static final char SWAP_MAP_MAX = 0x7fff;
    /** A swap_map entry for the header page and for bad pages. */
    @Mirrors("SWAP_MAP_BAD")
    public static final char SWAP_MAP_BAD = 0x8000;

    /**
     * The part of the kernel's {@code struct file} and its inode that mm/swapfile.c
     * touches: what {@code filp_open(path, O_RDWR|O_LARGEFILE)} gives sys_swapon.
     * Implementations sit over a host file or a block-device image.
     */
    public interface SwapFile {
        /** {@code d_path}: the absolute path /proc/swaps prints. */
        String path();

        /** The identity of {@code f_mapping}: two opens of the same file or device give equal objects. */
        Object mapping();

        /** {@code S_ISBLK(inode->i_mode)}: a partition rather than a regular file. */
        boolean isBlk();

        /** {@code S_ISREG(inode->i_mode)}. */
        boolean isReg();

        /** {@code i_size_read(inode)} in bytes. */
        long size();

        /** {@code inode->i_blkbits}: log2 of the file system block size (regular files). */
        int blkbits();

        /**
         * {@code bmap(inode, block)}: the device block holding file block {@code block}.
         *
         * <p>Differs from 2.6.20: a hole is reported as −1 rather than 0, because the
         * emulated file system may store a file's first block at device block 0.
         */
        long bmap(long block);

        /**
         * {@code read_mapping_page(mapping, index)} of a regular file: reads page
         * {@code index} of the file into {@code dst} (PAGE_SIZE bytes; beyond end of file
         * reads as zeroes). A block device's pages are not read here but with bios through
         * its block layer, as its own mapping reads them (sys_swapon does that for the
         * header), so a block device may refuse this with -EINVAL.
         *
         * @return 0 or a negative errno (−EIO)
         */
        int readPage(long index, byte[] dst);

        /**
         * The block device swap I/O goes to: the device itself for a partition
         * ({@code I_BDEV(inode)}), the file system's device for a regular file
         * ({@code inode->i_sb->s_bdev}); {@code null} where there is none (test files).
         */
        BlockDevice bdev();

        /** {@code IS_SWAPFILE(inode)}. */
        boolean isSwapfile();

        /** Sets or clears {@code S_SWAPFILE} in {@code inode->i_flags} (caller holds i_mutex). */
        void setSwapfile(boolean on);

        /** {@code filp_close}. */
        void close();
    }

    /** {@code SWP_USED}, {@code SWP_WRITEOK} plus {@code SWP_SCANNING} counts. */
    public int flags;
    /** Priority: higher is used first; areas without one get −1, −2, … */
    public int prio;
    /** The opened file or device, or {@code null}. */
    public SwapFile swapFile;
    /** The device swap I/O of this area goes to (see {@link SwapFile#bdev()}). */
    public BlockDevice bdev;
    /** The list head of this area's extents (page order). */
    public final SwapExtent extentList = new SwapExtent();
    /** The extent map_swap_page found last, where its next search starts. */
    public SwapExtent currSwapExtent;
    /** The block size the device had before swapon set it to PAGE_SIZE. */
    public int oldBlockSize;
    /** Per-slot use counts (unsigned 16-bit like the kernel's {@code unsigned short}), or {@code null}. */
    public char[] swapMap;
    /** Every free slot lies in [lowestBit, highestBit] (hints, not tight). */
    public int lowestBit;
    public int highestBit;
    /** Next slot of the current cluster. */
    public int clusterNext;
    /** Slots left to hand out sequentially in the current cluster. */
    public int clusterNr;
    /** Usable slots (excluding the header and bad pages). */
    public int pages;
    /** Size of swap_map: offsets are below it. */
    public int max;
    /** Slots with a non-zero count. */
    public int inusePages;
    /** Next area on swap_list (−1 at the end). */
    public int next;

    /** This area's index in swap_info[] (the kernel's {@code p - swap_info}). */
    public final int type;

    public SwapInfoStruct(int type) {
        this.type = type;
    }

    @Override
    public String toString() {
        return "swap_info[" + type + "]{flags=" + flags + ", prio=" + prio + ", lowest_bit=" + lowestBit
                + ", highest_bit=" + highestBit + ", cluster_next=" + clusterNext + ", cluster_nr=" + clusterNr
                + ", pages=" + Integer.toUnsignedString(pages) + ", max=" + max + ", inuse_pages=" + inusePages
                + ", next=" + next + "}";
    }
}
