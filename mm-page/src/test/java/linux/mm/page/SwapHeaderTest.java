package linux.mm.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code union swap_header} of include/linux/swap.h: field offsets and the UUID text form util-linux uses. */
class SwapHeaderTest {

    @Test
    void swapHeader_fieldOffsetsAreThoseOfTheI386Union() {
        assertEquals(1024, SwapHeader.VERSION_OFFSET);
        assertEquals(1028, SwapHeader.LAST_PAGE_OFFSET);
        assertEquals(1032, SwapHeader.NR_BADPAGES_OFFSET);
        assertEquals(1036, SwapHeader.UUID_OFFSET);
        assertEquals(1052, SwapHeader.VOLUME_OFFSET);
        assertEquals(1068, SwapHeader.PADDING_OFFSET);
        assertEquals(1536, SwapHeader.BADPAGES_OFFSET);
        assertEquals(4086, SwapHeader.MAGIC_OFFSET);
        assertEquals(637, SwapHeader.MAX_SWAP_BADPAGES);
    }

    @Test
    void parseUuid_acceptsHexInEitherCase() {
        byte[] u = SwapHeader.parseUuid("0123456789ABCDEF0123456789abcdef".replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        assertArrayEquals(new byte[] {0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef,
            0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef}, u);
        assertEquals("01234567-89ab-cdef-0123-456789abcdef", SwapHeader.formatUuid(u));
    }

    @Test
    void parseUuid_refusesWhatLibuuidRefuses() {
        assertNull(SwapHeader.parseUuid("0123456789abcdef0123456789abcdef"), "no dashes");
        assertNull(SwapHeader.parseUuid("01234567-89ab-cdef-0123-456789abcdeg"), "not hex");
        assertNull(SwapHeader.parseUuid("01234567_89ab-cdef-0123-456789abcdef"), "wrong separator");
        // Character.digit would read these as 3 and 5; libuuid's isxdigit takes ASCII only.
        assertNull(SwapHeader.parseUuid("\u0663\u0663\u0663\u0663\u0663\u0663\u0663\u0663-89ab-cdef-0123-456789abcdef"),
                "Arabic-Indic digits");
        assertNull(SwapHeader.parseUuid("\uff15\uff15\uff15\uff15\uff15\uff15\uff15\uff15-89ab-cdef-0123-456789abcdef"),
                "fullwidth digits");
    }
}
