package linux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code mmemu pte swp|decode}: the output contract of issue 2, in both formats. */
class PteCommandTest {

    static void assertOut(String expected, String... args) {
        String[] r = MmemuTest.run(args);
        assertEquals("", r[2], "stderr");
        assertEquals("0", r[0], "exit status");
        assertEquals(expected, r[1]);
    }

    static void assertError(String message, String... args) {
        String[] r = MmemuTest.run(args);
        assertEquals("1", r[0], "exit status");
        assertEquals("", r[1], "nothing on stdout");
        assertEquals("mmemu: " + message + System.lineSeparator(), r[2]);
        assertFalse(r[2].contains("\tat "), "no stack trace");
    }

    static String lines(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append(System.lineSeparator());
        }
        return sb.toString();
    }

    @Test
    void swp_twoLevel() {
        assertOut(lines(
                "type=1 offset=2 pte=0x00000202 swp_entry=0x08000002",
                "type=31 offset=16777215 pte=0xffffff3e swp_entry=0xf8ffffff",
                "type=0 offset=0 pte=0x00000000 swp_entry=0x00000000",
                "type=31 offset=16 pte=0x0000103e swp_entry=0xf8000010"),
                "pte", "swp", "1:2", "31:16777215", "0:0", "0x1f:0x10");
    }

    @Test
    void swp_pae() {
        assertOut(lines(
                "type=1 offset=2 pte=0x0000004100000000 swp_entry=0x08000002",
                "type=31 offset=134217727 pte=0xffffffff00000000 swp_entry=0xffffffff",
                "type=0 offset=16777216 pte=0x2000000000000000 swp_entry=0x01000000"),
                "pte", "swp", "--pae", "1:2", "31:134217727", "0:16777216");
    }

    @Test
    void swp_outOfRangeAndMalformed() {
        assertError("swap type 32 out of range: types are 0-31", "pte", "swp", "1:1", "32:1");
        assertError("swap offset 16777216 does not fit a 2level swap pte (max 16777215)", "pte", "swp", "0:16777216");
        assertError("swap offset 134217728 does not fit a pae swap pte (max 134217727)", "pte", "swp", "--pae", "0:134217728");
        assertError("invalid swap entry '1-2': expected TYPE:OFFSET", "pte", "swp", "1-2");
        assertError("invalid swap type 'x': expected a decimal or 0x-prefixed hex number", "pte", "swp", "x:1");
        assertError("invalid swap offset '': expected a decimal or 0x-prefixed hex number", "pte", "swp", "1:");
        assertError("swap offset '99999999999999999999' out of range: more than 64 bits", "pte", "swp", "1:99999999999999999999");
    }

    @Test
    void decode_twoLevel() {
        assertOut(lines(
                "pte=0x00000000 none",
                "pte=0x12345067 present pfn=0x12345 flags=PRESENT|RW|USER|ACCESSED|DIRTY",
                "pte=0x00000202 swap type=1 offset=2 swp_entry=0x08000002",
                "pte=0x00000202 swap type=1 offset=2 swp_entry=0x08000002",
                "pte=0x00000040 file pgoff=0",
                "pte=0xffffff7e file pgoff=536870911",
                "pte=0x000050a0 present pfn=0x5 flags=ACCESSED|PROTNONE",
                "pte=0xffffffff present pfn=0xfffff flags=PRESENT|RW|USER|PWT|PCD|ACCESSED|DIRTY|PSE|GLOBAL|UNUSED1|UNUSED2|UNUSED3"),
                "pte", "decode", "0", "0x12345067", "0x202", "514", "0x40", "0xFFFFFF7E", "0x50a0", "4294967295");
    }

    @Test
    void decode_pae() {
        assertOut(lines(
                "pte=0x0000000000000000 none",
                "pte=0x8000000123456025 present pfn=0x123456 flags=PRESENT|USER|ACCESSED|NX",
                "pte=0x0000004100000000 swap type=1 offset=2 swp_entry=0x08000002",
                "pte=0xffffffff00000040 file pgoff=4294967295",
                "pte=0xffffffff00000000 swap type=31 offset=134217727 swp_entry=0xffffffff"),
                "pte", "decode", "--pae", "0", "0x8000000123456025", "0x0000004100000000", "0xffffffff00000040",
                "18446744069414584320");
    }

    @Test
    void decode_outOfRangeAndMalformed() {
        assertError("2level pte value '0x100000000' out of range: more than 32 bits", "pte", "decode", "0x1", "0x100000000");
        assertError("pae pte value '0x10000000000000000' out of range: more than 64 bits",
                "pte", "decode", "--pae", "0x10000000000000000");
        assertError("invalid 2level pte value '12abc': expected a decimal or 0x-prefixed hex number", "pte", "decode", "12abc");
        assertError("invalid 2level pte value '0x': expected a decimal or 0x-prefixed hex number", "pte", "decode", "0x");
        String[] r = MmemuTest.run("pte", "decode");
        assertEquals("2", r[0], "missing VALUE is a usage error");
        assertTrue(r[2].startsWith("mmemu: Missing required parameter"), r[2]);
    }

    /** Every swp line decodes back to its type and offset. Seed: -Dmmemu.seed=N. */
    @Test
    void swpThenDecode_roundTripsRandomEntries() {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("PteCommandTest seed: " + seed + " (rerun with -Dmmemu.seed=" + seed + ")");
        Random rnd = new Random(seed);
        for (boolean pae : new boolean[] {false, true}) {
            for (int i = 0; i < 50; i++) {
                int type = rnd.nextInt(32);
                int offset = rnd.nextInt(pae ? 1 << 27 : 1 << 24);
                String[] swp = pae ? MmemuTest.run("pte", "swp", "--pae", type + ":" + offset)
                        : MmemuTest.run("pte", "swp", type + ":" + offset);
                String pte = swp[1].replaceAll("(?s).* pte=(0x[0-9a-f]+) .*", "$1");
                String entry = swp[1].trim().replaceAll(".* swp_entry=", "");
                String[] dec = pae ? MmemuTest.run("pte", "decode", "--pae", pte) : MmemuTest.run("pte", "decode", pte);
                String expected = (type == 0 && offset == 0)
                        ? "pte=" + pte + " none"
                        : "pte=" + pte + " swap type=" + type + " offset=" + offset + " swp_entry=" + entry;
                assertEquals(expected, dec[1].trim(), "seed " + seed + " pae " + pae);
            }
        }
    }
}
