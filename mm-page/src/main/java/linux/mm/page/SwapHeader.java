package linux.mm.page;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/swap.h}: {@code union swap_header}, the
 * first PAGE_SIZE bytes of every swap area, and {@code MAX_SWAP_BADPAGES}. Owns one
 * page-sized byte array and reads or writes its fields in place, little-endian like
 * the i386 (kernel-2.6.20.md §2.6). {@code sys_swapon} parses it; the cli's
 * {@code mkswap} and {@code swaplabel} write it, byte-compatible with util-linux.
 *
 * <p>Reading never fails: every accessor reads a fixed offset inside the page, so any
 * 4096 bytes (garbage included) can be inspected; deciding what is acceptable is
 * {@code sys_swapon}'s job.
 */
@Mirrors("swap_header")
public final class SwapHeader {

    /** {@code info.bootbits[1024]}: left alone for a disk label or boot loader. */
    public static final int BOOTBITS_OFFSET = 0;
    public static final int BOOTBITS_SIZE = 1024;
    /** {@code info.version}, u32; 1 for the SWAPSPACE2 format. */
    public static final int VERSION_OFFSET = BOOTBITS_OFFSET + BOOTBITS_SIZE;
    /** {@code info.last_page}, u32: number of the last page of the area. */
    public static final int LAST_PAGE_OFFSET = VERSION_OFFSET + 4;
    /** {@code info.nr_badpages}, u32. */
    public static final int NR_BADPAGES_OFFSET = LAST_PAGE_OFFSET + 4;
    /** {@code info.sws_uuid[16]}. */
    public static final int UUID_OFFSET = NR_BADPAGES_OFFSET + 4;
    public static final int UUID_SIZE = 16;
    /** {@code info.sws_volume[16]}: the label, NUL-padded. */
    public static final int VOLUME_OFFSET = UUID_OFFSET + UUID_SIZE;
    public static final int VOLUME_SIZE = 16;
    /** {@code info.padding[117]}, u32 each. */
    public static final int PADDING_OFFSET = VOLUME_OFFSET + VOLUME_SIZE;
    public static final int PADDING_WORDS = 117;
    /** {@code info.badpages[]}, u32 each, open-ended up to the magic. */
    public static final int BADPAGES_OFFSET = PADDING_OFFSET + 4 * PADDING_WORDS;
    /** {@code magic.magic[10]}: the last ten bytes of the page. */
    public static final int MAGIC_SIZE = 10;
    public static final int MAGIC_OFFSET = PAGE_SIZE - MAGIC_SIZE;

    /** How many bad-page numbers fit between {@code info.badpages} and the magic (637). */
    @Mirrors("MAX_SWAP_BADPAGES")
    public static final int MAX_SWAP_BADPAGES = (MAGIC_OFFSET - BADPAGES_OFFSET) / 4;

    /** The old (version 0) signature, refused by 2.6.20. */
    public static final String SWAP_SPACE = "SWAP-SPACE";
    /** The version 1 signature. */
    public static final String SWAPSPACE2 = "SWAPSPACE2";

    /** Which signature the last ten bytes carry. */
    public enum Magic {
        /** {@code "SWAP-SPACE"}: the old format, refused by sys_swapon. */
        SWAP_SPACE,
        /** {@code "SWAPSPACE2"}: the new format, accepted if {@code info.version == 1}. */
        SWAPSPACE2,
        /** Neither signature. */
        NONE
    }

    private final byte[] page;

    /**
     * Views {@code page} as a swap header; reads and writes go straight to the array.
     *
     * @throws IllegalArgumentException if {@code page} is not PAGE_SIZE bytes long
     */
    public SwapHeader(byte[] page) {
        if (page.length != PAGE_SIZE) {
            throw new IllegalArgumentException("a swap header is " + PAGE_SIZE + " bytes, not " + page.length);
        }
        this.page = page;
    }

    /** A zero-filled header page. */
    public static SwapHeader empty() {
        return new SwapHeader(new byte[PAGE_SIZE]);
    }

    /** The backing page. */
    public byte[] page() {
        return page;
    }

    /** The signature in the last ten bytes, compared as sys_swapon's {@code memcmp} does. */
    public Magic magic() {
        if (magicIs(SWAP_SPACE)) {
            return Magic.SWAP_SPACE;
        }
        if (magicIs(SWAPSPACE2)) {
            return Magic.SWAPSPACE2;
        }
        return Magic.NONE;
    }

    private boolean magicIs(String m) {
        byte[] b = m.getBytes(StandardCharsets.US_ASCII);
        return Arrays.equals(page, MAGIC_OFFSET, PAGE_SIZE, b, 0, MAGIC_SIZE);
    }

    /** Writes a ten-byte signature (no NUL) at the end of the page. */
    public void setMagic(String m) {
        byte[] b = m.getBytes(StandardCharsets.US_ASCII);
        if (b.length != MAGIC_SIZE) {
            throw new IllegalArgumentException("a swap signature is " + MAGIC_SIZE + " bytes: " + m);
        }
        System.arraycopy(b, 0, page, MAGIC_OFFSET, MAGIC_SIZE);
    }

    /** {@code info.version} as the raw u32 bits (sys_swapon prints it with %d). */
    public int version() {
        return u32(VERSION_OFFSET);
    }

    public void setVersion(int v) {
        putU32(VERSION_OFFSET, v);
    }

    /** {@code info.last_page}, unsigned. */
    public long lastPage() {
        return Integer.toUnsignedLong(u32(LAST_PAGE_OFFSET));
    }

    public void setLastPage(long lastPage) {
        putU32(LAST_PAGE_OFFSET, (int) lastPage);
    }

    /** {@code info.nr_badpages}, unsigned. */
    public long nrBadpages() {
        return Integer.toUnsignedLong(u32(NR_BADPAGES_OFFSET));
    }

    public void setNrBadpages(long n) {
        putU32(NR_BADPAGES_OFFSET, (int) n);
    }

    /**
     * {@code info.badpages[i]} read as the C {@code int page_nr} sys_swapon assigns it to.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < MAX_SWAP_BADPAGES}
     */
    public int badpage(int i) {
        if (i < 0 || i >= MAX_SWAP_BADPAGES) {
            throw new IndexOutOfBoundsException("badpages[" + i + "]");
        }
        return u32(BADPAGES_OFFSET + 4 * i);
    }

    public void setBadpage(int i, int pageNr) {
        if (i < 0 || i >= MAX_SWAP_BADPAGES) {
            throw new IndexOutOfBoundsException("badpages[" + i + "]");
        }
        putU32(BADPAGES_OFFSET + 4 * i, pageNr);
    }

    /** A copy of {@code info.sws_uuid}. */
    public byte[] uuid() {
        return Arrays.copyOfRange(page, UUID_OFFSET, UUID_OFFSET + UUID_SIZE);
    }

    public void setUuid(byte[] uuid) {
        if (uuid.length != UUID_SIZE) {
            throw new IllegalArgumentException("a UUID is " + UUID_SIZE + " bytes");
        }
        System.arraycopy(uuid, 0, page, UUID_OFFSET, UUID_SIZE);
    }

    /** A copy of the raw {@code info.sws_volume} bytes. */
    public byte[] volume() {
        return Arrays.copyOfRange(page, VOLUME_OFFSET, VOLUME_OFFSET + VOLUME_SIZE);
    }

    /** The label: {@code sws_volume} up to its first NUL (all 16 bytes if none). */
    public String label() {
        int n = 0;
        while (n < VOLUME_SIZE && page[VOLUME_OFFSET + n] != 0) {
            n++;
        }
        return new String(page, VOLUME_OFFSET, n, StandardCharsets.UTF_8);
    }

    /** The longest label mkswap and swaplabel store: 15 bytes, so that a NUL always follows. */
    public static final int LABEL_MAX = VOLUME_SIZE - 1;

    /**
     * Stores a label as util-linux does: at most {@link #LABEL_MAX} bytes, NUL-padded.
     *
     * @return whether the label had to be truncated
     */
    public boolean setLabel(String label) {
        byte[] b = label.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, LABEL_MAX);
        Arrays.fill(page, VOLUME_OFFSET, VOLUME_OFFSET + VOLUME_SIZE, (byte) 0);
        System.arraycopy(b, 0, page, VOLUME_OFFSET, n);
        return b.length > LABEL_MAX;
    }

    /** Zeroes {@code info.bootbits} (what util-linux mkswap does unless the device holds a partition table). */
    public void clearBootbits() {
        Arrays.fill(page, BOOTBITS_OFFSET, BOOTBITS_OFFSET + BOOTBITS_SIZE, (byte) 0);
    }

    /**
     * Fills in a version-1 header the way util-linux mkswap does: version 1,
     * {@code last_page}, no bad pages, the UUID and label, the SWAPSPACE2 signature.
     * Every other byte of the info part (padding, bad-page list) is zeroed; the boot
     * bits are left as they are (callers zero them separately).
     */
    public void writeV1(long lastPage, byte[] uuid, String label) {
        Arrays.fill(page, VERSION_OFFSET, MAGIC_OFFSET, (byte) 0);
        setVersion(1);
        setLastPage(lastPage);
        setNrBadpages(0);
        setUuid(uuid);
        setLabel(label == null ? "" : label);
        setMagic(SWAPSPACE2);
    }

    /** Formats 16 bytes as the canonical {@code 8-4-4-4-12} lower-case UUID string. */
    public static String formatUuid(byte[] u) {
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < u.length; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((u[i] >> 4) & 0xf, 16)).append(Character.forDigit(u[i] & 0xf, 16));
        }
        return sb.toString();
    }

    /**
     * Parses a {@code 8-4-4-4-12} UUID string of ASCII hex digits (either case), as
     * libuuid's uuid_parse does.
     *
     * @return the 16 bytes, or {@code null} if {@code s} is not a UUID
     */
    public static byte[] parseUuid(String s) {
        if (s.length() != 36) {
            return null;
        }
        byte[] out = new byte[UUID_SIZE];
        int j = 0;
        for (int i = 0; i < 36; ) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (s.charAt(i) != '-') {
                    return null;
                }
                i++;
                continue;
            }
            int hi = hexDigit(s.charAt(i));
            int lo = hexDigit(s.charAt(i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[j++] = (byte) (hi << 4 | lo);
            i += 2;
        }
        return out;
    }

    /** The value of an ASCII hex digit (as C's isxdigit), or -1. */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private int u32(int off) {
        return (page[off] & 0xff) | (page[off + 1] & 0xff) << 8 | (page[off + 2] & 0xff) << 16 | (page[off + 3] & 0xff) << 24;
    }

    private void putU32(int off, int v) {
        page[off] = (byte) v;
        page[off + 1] = (byte) (v >>> 8);
        page[off + 2] = (byte) (v >>> 16);
        page[off + 3] = (byte) (v >>> 24);
    }
}
