package linux.block;

/**
 * Mirrors linux-2.6.20 {@code include/linux/bio.h} {@code struct bio_vec}: one contiguous
 * piece of a bio's data, inside a single RAM frame.
 *
 * <p>Differs from 2.6.20: the kernel's bio_vec names a {@code struct page}; here it names
 * the frame by pfn, because the block layer sits below mm-page and, like a disk
 * controller doing DMA, only knows physical memory.
 */
public final class BioVec {
    /** Page frame number of the RAM frame ({@code bv_page}). */
    public int bvPfn;
    /** Bytes in this piece ({@code bv_len}). */
    public int bvLen;
    /** Offset of the piece inside the frame ({@code bv_offset}). */
    public int bvOffset;

    public BioVec() {
    }

    public BioVec(int pfn, int len, int offset) {
        this.bvPfn = pfn;
        this.bvLen = len;
        this.bvOffset = offset;
    }

    @Override
    public String toString() {
        return "bio_vec{pfn=" + bvPfn + ", len=" + bvLen + ", offset=" + bvOffset + "}";
    }
}
