package linux.cli;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import linux.mm.page.SwapHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmemu mkswap} and {@code mmemu swaplabel}: messages, on-disk bytes, and util-linux compatibility both ways. */
class MkswapCommandTest {

    static final String UUID = "12345678-9abc-def0-1234-56789abcdef0";

    @TempDir
    Path dir;

    Path file(String name, long bytes, String perms) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    static SwapHeader header(Path p) throws IOException {
        byte[] page = new byte[PAGE_SIZE];
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.readFully(page);
        }
        return new SwapHeader(page);
    }

    @Test
    void mkswap_writesVersion1HeaderAndPrintsLikeUtilLinux() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", "-L", "lbl", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("Setting up swapspace version 1, size = 1020 KiB (1044480 bytes)\nLABEL=lbl, UUID=" + UUID + "\n", r[1]);
        assertEquals("", r[2]);
        SwapHeader h = header(p);
        assertEquals(SwapHeader.Magic.SWAPSPACE2, h.magic());
        assertEquals(1, h.version());
        assertEquals(255, h.lastPage());
        assertEquals(0, h.nrBadpages());
        assertEquals("lbl", h.label());
        assertEquals(UUID, SwapHeader.formatUuid(h.uuid()));
    }

    @Test
    void mkswap_zeroesBootbitsAndTheRestOfTheFirstPageOnly() throws IOException {
        Path p = file("swap", 64 * PAGE_SIZE, "rw-------");
        byte[] junk = new byte[2 * PAGE_SIZE];
        new Random(42).nextBytes(junk);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(junk);
        }
        assertEquals("0", MmemuTest.run("mkswap", "-q", "-U", UUID, p.toString())[0]);
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(new byte[1024], Arrays.copyOfRange(all, 0, 1024), "boot bits zeroed");
        assertArrayEquals(new byte[SwapHeader.MAGIC_OFFSET - SwapHeader.PADDING_OFFSET],
                Arrays.copyOfRange(all, SwapHeader.PADDING_OFFSET, SwapHeader.MAGIC_OFFSET), "padding and bad-page list zeroed");
        assertArrayEquals(Arrays.copyOfRange(junk, PAGE_SIZE, 2 * PAGE_SIZE), Arrays.copyOfRange(all, PAGE_SIZE, 2 * PAGE_SIZE),
                "the second page is left alone");
    }

    @Test
    void mkswap_sizesPrintedAsUtilLinuxDoes() {
        assertEquals("36 KiB", MkswapCommand.humanSize(36864));
        assertEquals("1020 KiB", MkswapCommand.humanSize(1044480));
        assertEquals("1 MiB", MkswapCommand.humanSize(1048576));
        assertEquals("2 MiB", MkswapCommand.humanSize(2093056));
        assertEquals("1024 MiB", MkswapCommand.humanSize(1073737728));
        assertEquals("64 GiB", MkswapCommand.humanSize(68719472640L));
        assertEquals("1.5 MiB", MkswapCommand.humanSize(1568768));
        assertEquals("1.1 MiB", MkswapCommand.humanSize(1122304));
        assertEquals("4.9 MiB", MkswapCommand.humanSize(5115904));
        assertEquals("9.8 MiB", MkswapCommand.humanSize(10235904));
    }

    @Test
    void mkswap_printsTheSameFirstLineAsUtilLinux() throws Exception {
        for (long bytes : new long[] {40 << 10, 1 << 20, 1536 << 10, 8 << 20, 1100 << 10}) {
            Path ours = file("o" + bytes, bytes, "rw-------");
            Path theirs = file("t" + bytes, bytes, "rw-------");
            String mine = MmemuTest.run("mkswap", ours.toString())[1].lines().findFirst().orElse("");
            String host = HostTools.run("mkswap", theirs.toString())[1].lines()
                    .filter(l -> l.startsWith("Setting up")).findFirst().orElse("");
            assertEquals(host, mine);
        }
    }

    @Test
    void mkswap_emptyLabelOptionIsPrintedAsLabel() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", "-L", "", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("LABEL=, UUID=" + UUID, r[1].lines().skip(1).findFirst().orElse(""), "util-linux prints LABEL= whenever -L is given");
        assertEquals("", header(p).label());
    }

    @Test
    void mkswap_uuidKeywordsClearRandomAndTime() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", "-U", "clear", p.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].endsWith("no label, UUID=00000000-0000-0000-0000-000000000000\n"), r[1]);
        assertArrayEquals(new byte[16], header(p).uuid());
        assertEquals("0", MmemuTest.run("mkswap", "-q", "-U", "random", p.toString())[0]);
        byte[] u = header(p).uuid();
        assertEquals(0x40, u[6] & 0xf0, "random: version 4");
        assertEquals(0x80, u[8] & 0xc0, "RFC 4122 variant");
        assertEquals("0", MmemuTest.run("mkswap", "-q", "-U", "time", p.toString())[0]);
        u = header(p).uuid();
        assertEquals(0x10, u[6] & 0xf0, "time: version 1");
        assertEquals(0x80, u[8] & 0xc0, "RFC 4122 variant");
        assertEquals(1, u[10] & 1, "a random node carries the multicast bit");
        long t = ((u[6] & 0x0fL) << 56 | (u[7] & 0xffL) << 48 | (u[4] & 0xffL) << 40 | (u[5] & 0xffL) << 32
                | (u[0] & 0xffL) << 24 | (u[1] & 0xffL) << 16 | (u[2] & 0xffL) << 8 | (u[3] & 0xffL));
        long unixMillis = (t - 0x01B21DD213814000L) / 10_000;
        assertTrue(Math.abs(unixMillis - System.currentTimeMillis()) < 3_600_000, "the time field is now: " + unixMillis);
        assertEquals("mmemu: mkswap: error: parsing UUID failed\n", MmemuTest.run("mkswap", "-U", "nil", p.toString())[2]);
        assertEquals("mmemu: mkswap: error: parsing UUID failed\n", MmemuTest.run("mkswap", "-U", "Clear", p.toString())[2]);
    }

    @Test
    void mkswap_quietPrintsNothing() throws IOException {
        Path p = file("swap", 1 << 20, "rw-r--r--");
        String[] r = MmemuTest.run("mkswap", "-q", p.toString());
        assertEquals("0", r[0]);
        assertEquals("", r[1]);
        assertEquals("", r[2]);
    }

    @Test
    void mkswap_warnsAboutWidePermissionsAndOldSignature() throws IOException {
        Path p = file("swap", 1 << 20, "rw-r--r--");
        String[] r = MmemuTest.run("mkswap", p.toString());
        assertEquals("0", r[0]);
        assertEquals("mkswap: " + p + ": insecure permissions 0644, fix with: chmod 0600 " + p + "\n", r[2]);
        assertTrue(r[1].startsWith("Setting up swapspace version 1, size = 1020 KiB (1044480 bytes)\nno label, UUID="), r[1]);
        String u = r[1].substring(r[1].indexOf("UUID=") + 5).trim();
        assertEquals(u, SwapHeader.formatUuid(header(p).uuid()), "a random UUID is written");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        r = MmemuTest.run("mkswap", p.toString());
        assertEquals("mkswap: " + p + ": warning: wiping old swap signature.\n", r[2]);
        assertFalse(u.equals(SwapHeader.formatUuid(header(p).uuid())), "a new random UUID");
    }

    @Test
    void mkswap_warnsAboutSpecialModeBitsAsUtilLinuxDoes() throws Exception {
        Path p = file("swap", 1 << 20, "rw-------");
        for (String mode : new String[] {"1600", "2600", "4600"}) {
            assertEquals("0", HostTools.run("chmod", mode, p.toString())[0]);
            String[] r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
            assertEquals("mkswap: " + p + ": insecure permissions " + mode + ", fix with: chmod 0600 " + p,
                    r[2].lines().findFirst().orElse(""), mode);
        }
        assertEquals("0", HostTools.run("chmod", "0700", p.toString())[0]);
        assertEquals("", MmemuTest.run("mkswap", "-q", "-U", UUID, p.toString())[2]);
        assertFalse(MmemuTest.run("mkswap", "-U", UUID, p.toString())[2].contains("insecure"), "owner execute is fine");
    }

    @Test
    void mkswap_rootWarnsAboutASwapFileOwnedBySomeoneElse() throws Exception {
        Path p = file("swap", 1 << 20, "rw-r--r--");
        assumeTrue(HostTools.run("id", "-u")[1].trim().equals("0"), "chown needs root");
        assertEquals("0", HostTools.run("chown", "12345", p.toString())[0]);
        String[] r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("mkswap: " + p + ": insecure permissions 0644, fix with: chmod 0600 " + p + "\n"
                + "mkswap: " + p + ": insecure file owner 12345, fix with: chown 0:0 " + p + "\n", r[2]);
    }

    @Test
    void mkswap_wipesOldSwapSignaturesOfEveryPageSizeAsUtilLinuxDoes() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        assertEquals("0", MmemuTest.run("mkswap", "-q", "-U", UUID, p.toString())[0]);
        byte[] sig = "SWAPSPACE2".getBytes(StandardCharsets.US_ASCII);
        for (int ps : new int[] {8192, 16384, 32768, 65536}) {
            poke(p, ps - 10, sig);
        }
        String[] r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(("mkswap: " + p + ": warning: wiping old swap signature.\n").repeat(5), r[2]);
        byte[] all = Files.readAllBytes(p);
        for (int ps : new int[] {8192, 16384, 32768, 65536}) {
            assertArrayEquals(new byte[10], Arrays.copyOfRange(all, ps - 10, ps), "signature of a " + ps + "-byte page");
        }
        assertEquals(SwapHeader.Magic.SWAPSPACE2, header(p).magic());

        // A SWAPSPACE2 signature over a header of another version is no swap area to libblkid.
        poke(p, SwapHeader.VERSION_OFFSET, (byte) 2);
        poke(p, 8192 - 10, sig);
        r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
        assertEquals("", r[2]);
        assertArrayEquals(sig, Arrays.copyOfRange(Files.readAllBytes(p), 8192 - 10, 8192), "left alone");
        // The old format is recognised by its signature alone.
        poke(p, 65536 - 10, "SWAP-SPACE".getBytes(StandardCharsets.US_ASCII));
        r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
        assertEquals(("mkswap: " + p + ": warning: wiping old swap signature.\n").repeat(3), r[2],
                "the new header at 4 KiB, the 8 KiB signature now over a version-1 header, the SWAP-SPACE at 64 KiB");
    }

    @Test
    void mkswap_refusesAreasUnderTenPages() throws IOException {
        Path p = file("small", 36 * 1024, "rw-------");
        String[] r = MmemuTest.run("mkswap", p.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: error: swap area needs to be at least 40 KiB\n", r[2]);
        assertEquals(SwapHeader.Magic.NONE, header(p).magic(), "nothing written");
        Path q = file("ten", 40 * 1024, "rw-------");
        assertEquals("0", MmemuTest.run("mkswap", "-q", q.toString())[0]);
        assertEquals(9, header(q).lastPage());
    }

    @Test
    void mkswap_sizeArgumentInKiB() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", p.toString(), "500");
        assertEquals("Setting up swapspace version 1, size = 496 KiB (507904 bytes)", r[1].lines().findFirst().orElse(""));
        assertEquals(124, header(p).lastPage());
        r = MmemuTest.run("mkswap", p.toString(), "5000");
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: error: size 5000 KiB is larger than device size 1024 KiB\n", r[2]);
        r = MmemuTest.run("mkswap", "-f", "-q", p.toString(), "5000");
        assertEquals("0", r[0], r[2]);
        assertEquals(1249, header(p).lastPage(), "forced: the header claims more than the file holds");
    }

    @Test
    void mkswap_blockCountCountsWholePagesAsUtilLinuxDoes() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", "-q", p.toString(), "1025");
        assertEquals("0", r[0], "1025 KiB is 256 whole pages, no more than the device: " + r[2]);
        assertEquals(255, header(p).lastPage());
        r = MmemuTest.run("mkswap", p.toString(), "2001");
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: error: size 2000 KiB is larger than device size 1024 KiB\n", r[2]);
        for (String whole : new String[] {"0", "3", "+0"}) {
            r = MmemuTest.run("mkswap", "-q", "-U", UUID, p.toString(), whole);
            assertEquals("0", r[0], whole + ": " + r[2]);
            assertEquals(255, header(p).lastPage(), whole + " pages means the whole device");
        }
        Path odd = file("odd", (1 << 20) + 2048, "rw-------");
        assertEquals("mmemu: mkswap: error: size 2000 KiB is larger than device size 1024 KiB\n",
                MmemuTest.run("mkswap", odd.toString(), "2000")[2]);
    }

    @Test
    void mkswap_badBlockCountIsOneLineWithExitOne() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[][] cases = {
            {"garbage", "mmemu: mkswap: invalid block count argument: 'garbage'\n"},
            {"10.5", "mmemu: mkswap: invalid block count argument: '10.5'\n"},
            {"0x10", "mmemu: mkswap: invalid block count argument: '0x10'\n"},
            {"-5", "mmemu: mkswap: invalid block count argument: '-5': Numerical result out of range\n"},
            {"99999999999999999999", "mmemu: mkswap: invalid block count argument: '99999999999999999999': Numerical result out of range\n"},
            {"9223372036854775807", "mmemu: mkswap: error: size 9223372036854775804 KiB is larger than device size 1024 KiB\n"},
            {"18446744073709551615", "mmemu: mkswap: error: size 18446744073709551612 KiB is larger than device size 1024 KiB\n"},
        };
        for (String[] c : cases) {
            String[] r = MmemuTest.run("mkswap", p.toString(), c[0]);
            assertEquals("1", r[0], c[0]);
            assertEquals(c[1], r[2], c[0]);
            assertEquals(SwapHeader.Magic.NONE, header(p).magic(), c[0] + ": nothing written");
        }
    }

    @Test
    void mkswap_capsTheAreaAtUint32MaxPages() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", "-f", "-U", UUID, p.toString(), "17179869184");
        assertEquals("0", r[0], r[2]);
        assertEquals("mkswap: warning: truncating swap area to 17179869180 KiB\n", r[2]);
        assertEquals("Setting up swapspace version 1, size = 16 TiB (17592186036224 bytes)", r[1].lines().findFirst().orElse(""));
        assertEquals(0xFFFFFFFEL, header(p).lastPage(), "util-linux keeps the page count in a u32");
        r = MmemuTest.run("mkswap", "-f", "-q", "-U", UUID, p.toString(), "17179869180");
        assertEquals(0xFFFFFFFEL, header(p).lastPage(), "0xFFFFFFFF pages: no truncation needed");
    }

    @Test
    void mkswap_sizeOptionCreatesFileWithMode0600() throws IOException {
        Path p = dir.resolve("new");
        String[] r = MmemuTest.run("mkswap", "--size", "2M", p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[2], "no permission warning for a file created 0600");
        assertEquals(2 << 20, Files.size(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(511, header(p).lastPage());
        assertEquals(8L << 20, MkswapCommand.parseSize("8MiB"));
        assertEquals(3_000, MkswapCommand.parseSize("3KB"));
        assertEquals(1L << 40, MkswapCommand.parseSize("1T"));
    }

    @Test
    void mkswap_refusesOtherPageSizesVersionsAndBadInput() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        assertEquals("mmemu: mkswap: error: page size 8192 is not supported: the emulated i386 uses 4096-byte pages\n",
                MmemuTest.run("mkswap", "-p", "8192", p.toString())[2]);
        assertEquals("0", MmemuTest.run("mkswap", "-q", "-p", "4096", "-v1", p.toString())[0]);
        assertEquals("mmemu: mkswap: swapspace version 0 is not supported\n", MmemuTest.run("mkswap", "-v0", p.toString())[2]);
        assertEquals("mmemu: mkswap: error: parsing UUID failed\n", MmemuTest.run("mkswap", "-U", "nonsense", p.toString())[2]);
        assertEquals("mmemu: mkswap: cannot open " + dir.resolve("nope") + ": No such file or directory\n",
                MmemuTest.run("mkswap", dir.resolve("nope").toString())[2]);
        String[] r = MmemuTest.run("mkswap", dir.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: cannot open " + dir + ": Is a directory\n", r[2]);
        assertEquals("mmemu: mkswap: invalid size 'lots'\n", MmemuTest.run("mkswap", "--size", "lots", p.toString())[2]);
        String[] t = MmemuTest.run("mkswap", "-L", "12345678901234567890", "-U", UUID, p.toString());
        assertEquals("mkswap: " + p + ": warning: wiping old swap signature.\nmkswap: Label was truncated.\n", t[2]);
        assertTrue(t[1].contains("LABEL=123456789012345, UUID=" + UUID), t[1]);
    }

    @Test
    void mkswap_unwritableFileRefused() throws IOException {
        Path p = file("ro", 1 << 20, "r--------");
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(p), "running as root: every file is writable");
        String[] r = MmemuTest.run("mkswap", p.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: cannot open " + p + ": Permission denied\n", r[2]);
    }

    @Test
    void mkswap_sizeOptionInUncreatableDirectoryRefused() {
        String[] c = MmemuTest.run("mkswap", "--size", "1M", "/proc/no-such-dir/swap");
        assertEquals("1", c[0]);
        assertEquals("mmemu: mkswap: cannot create /proc/no-such-dir/swap: No such file or directory\n", c[2]);
    }

    @Test
    void swaplabel_printsAndChangesLabelAndUuid() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        MmemuTest.run("mkswap", "-q", "-L", "first", "-U", UUID, p.toString());
        String[] r = MmemuTest.run("swaplabel", p.toString());
        assertEquals("0", r[0]);
        assertEquals("LABEL: first\nUUID:  " + UUID + "\n", r[1]);
        r = MmemuTest.run("swaplabel", "-L", "second", "-U", "11111111-2222-3333-4444-555555555555", p.toString());
        assertEquals("0", r[0]);
        assertEquals("", r[1]);
        assertEquals("LABEL: second\nUUID:  11111111-2222-3333-4444-555555555555\n", MmemuTest.run("swaplabel", p.toString())[1]);
        assertEquals(255, header(p).lastPage(), "nothing else changed");
        r = MmemuTest.run("swaplabel", "-L", "12345678901234567890", p.toString());
        assertEquals("swaplabel: label is too long. Truncating it to '123456789012345'\n", r[2]);
        MmemuTest.run("swaplabel", "-L", "", p.toString());
        assertEquals("UUID:  11111111-2222-3333-4444-555555555555\n", MmemuTest.run("swaplabel", p.toString())[1]);
    }

    @Test
    void swaplabel_errors() throws IOException {
        Path p = file("plain", 1 << 20, "rw-------");
        assertEquals("mmemu: swaplabel: " + p + ": not a valid swap partition\n", MmemuTest.run("swaplabel", p.toString())[2]);
        assertEquals("mmemu: swaplabel: failed to parse UUID: bad\n", MmemuTest.run("swaplabel", "-U", "bad", p.toString())[2]);
        Path none = dir.resolve("none");
        assertEquals("mmemu: swaplabel: " + none + ": unable to probe device: No such file or directory\n",
                MmemuTest.run("swaplabel", none.toString())[2]);
        assertEquals("2", MmemuTest.run("swaplabel")[0]);
    }

    /** Writes {@code bytes} at {@code offset} of {@code p}. */
    static void poke(Path p, long offset, byte... bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    @Test
    void swaplabel_recognisesAreasAsLibblkidDoes() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        MmemuTest.run("mkswap", "-q", "-L", "lbl  ", "-U", UUID, p.toString());
        assertEquals("LABEL: lbl\nUUID:  " + UUID + "\n", MmemuTest.run("swaplabel", p.toString())[1],
                "trailing blanks are not part of the label");
        poke(p, SwapHeader.VERSION_OFFSET, (byte) 0, (byte) 0, (byte) 0, (byte) 1);
        assertEquals("LABEL: lbl\nUUID:  " + UUID + "\n", MmemuTest.run("swaplabel", p.toString())[1],
                "version 1 written big-endian is still version 1");
        poke(p, SwapHeader.VERSION_OFFSET, (byte) 2, (byte) 0, (byte) 0, (byte) 0);
        String[] r = MmemuTest.run("swaplabel", p.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: swaplabel: " + p + ": not a valid swap partition\n", r[2], "version 2");
        poke(p, SwapHeader.VERSION_OFFSET, (byte) 1, (byte) 0, (byte) 0, (byte) 0);
        poke(p, SwapHeader.LAST_PAGE_OFFSET, new byte[4]);
        r = MmemuTest.run("swaplabel", p.toString());
        assertEquals("mmemu: swaplabel: " + p + ": not a valid swap partition\n", r[2], "last_page 0");
        poke(p, SwapHeader.LAST_PAGE_OFFSET, (byte) 255, (byte) 0, (byte) 0, (byte) 0);
        poke(p, SwapHeader.PADDING_OFFSET + 33 * 4 + 3, (byte) 1);
        r = MmemuTest.run("swaplabel", p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[1], "garbage in padding[32..33]: label and UUID are not trusted");
        poke(p, SwapHeader.PADDING_OFFSET + 33 * 4 + 3, (byte) 0);
        poke(p, SwapHeader.MAGIC_OFFSET, "SWAP-SPACE".getBytes(StandardCharsets.US_ASCII));
        r = MmemuTest.run("swaplabel", "-L", "new", p.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: swaplabel: " + p + ": unsupported swap version '0'\n", r[2]);
        assertEquals("lbl  ", header(p).label(), "nothing written");
    }

    @Test
    void swaplabel_refusesWhatIsNeitherFileNorDevice() throws Exception {
        String[] r = MmemuTest.run("swaplabel", dir.toString());
        assertEquals("1", r[0]);
        assertEquals("mmemu: swaplabel: " + dir + ": unable to probe device: Invalid argument\n", r[2]);
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        // Opening a FIFO waits for a writer: guard against a hang rather than time anything.
        r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MmemuTest.run("swaplabel", fifo.toString()));
        assertEquals("mmemu: swaplabel: " + fifo + ": unable to probe device: Invalid argument\n", r[2],
                "a FIFO is refused, not opened (which would wait for a writer forever)");
    }

    // ---------------------------------------------------------------- util-linux, both ways

    @Test
    void mkswap_readableByBlkidFileAndSwaplabel() throws Exception {
        Path p = file("swap", 1 << 20, "rw-------");
        assertEquals("0", MmemuTest.run("mkswap", "-L", "mmemu", "-U", UUID, p.toString())[0]);
        String[] blkid = HostTools.run("blkid", "-p", "-o", "export", p.toString());
        assertTrue(blkid[1].contains("LABEL=mmemu\n"), blkid[1]);
        assertTrue(blkid[1].contains("UUID=" + UUID + "\n"), blkid[1]);
        assertTrue(blkid[1].contains("VERSION=1\n"), blkid[1]);
        assertTrue(blkid[1].contains("TYPE=swap\n"), blkid[1]);
        String[] file = HostTools.run("file", "-b", p.toString());
        assertEquals("Linux swap file, 4k page size, little endian, version 1, size 255 pages, 0 bad pages, LABEL=mmemu, UUID="
                + UUID + "\n", file[1]);
        String[] sl = HostTools.run("swaplabel", p.toString());
        assertEquals("LABEL: mmemu\nUUID:  " + UUID + "\n", sl[1]);
    }

    @Test
    void swaplabel_readsWhatUtilLinuxMkswapWrites() throws Exception {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] mk = HostTools.run("mkswap", "-L", "hostlbl", "-U", UUID, p.toString());
        assertEquals("0", mk[0], mk[1]);
        assertEquals("LABEL: hostlbl\nUUID:  " + UUID + "\n", MmemuTest.run("swaplabel", p.toString())[1]);
        // Changing it with mmemu, util-linux sees the change.
        MmemuTest.run("swaplabel", "-L", "changed", p.toString());
        assertEquals("LABEL: changed\nUUID:  " + UUID + "\n", HostTools.run("swaplabel", p.toString())[1]);
    }

    @Test
    void mkswap_sameBytesAsUtilLinux() throws Exception {
        Path ours = file("ours", 1 << 20, "rw-------");
        Path theirs = file("theirs", 1 << 20, "rw-------");
        MmemuTest.run("mkswap", "-q", "-L", "same", "-U", UUID, ours.toString());
        String[] mk = HostTools.run("mkswap", "-L", "same", "-U", UUID, theirs.toString());
        assertEquals("0", mk[0], mk[1]);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void mkswap_sameBytesAsUtilLinuxOverAnOldArea() throws Exception {
        byte[] junk = new byte[128 << 10];
        new Random(7).nextBytes(junk);
        byte[] v1 = {1, 0, 0, 0, (byte) 0xff, 0, 0, 0};
        System.arraycopy(v1, 0, junk, SwapHeader.VERSION_OFFSET, v1.length);
        for (int ps : new int[] {4096, 16384, 65536}) {
            System.arraycopy("SWAPSPACE2".getBytes(StandardCharsets.US_ASCII), 0, junk, ps - 10, 10);
        }
        Path ours = file("ours", 1 << 20, "rw-------");
        Path theirs = file("theirs", 1 << 20, "rw-------");
        poke(ours, 0, junk);
        poke(theirs, 0, junk);
        HostTools.require("mkswap");
        String[] mk = HostTools.run("mkswap", "-L", "same", "-U", UUID, theirs.toString());
        assertEquals("0", mk[0], mk[1]);
        String[] r = MmemuTest.run("mkswap", "-L", "same", "-U", UUID, ours.toString());
        assertEquals("0", r[0], r[2]);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void swaplabel_readsUtilLinuxAreasOfLargerPageSizes() throws Exception {
        Path p = file("swap64k", 4 << 20, "rw-------");
        HostTools.require("mkswap");
        String[] mk = HostTools.run("mkswap", "-p", "65536", "-L", "big", "-U", UUID, p.toString());
        assertEquals("0", mk[0], mk[1]);
        String[] r = MmemuTest.run("swaplabel", p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("LABEL: big\nUUID:  " + UUID + "\n", r[1]);
    }

    @Test
    void mkswapAndSwaplabel_emptyDevicePathIsNoSuchFileNotTheWorkingDirectory() {
        String[] r = MmemuTest.run("mkswap", "");
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: cannot open : No such file or directory\n", r[2]);
        r = MmemuTest.run("mkswap", "--size", "1M", "");
        assertEquals("mmemu: mkswap: cannot open : No such file or directory\n", r[2]);
        r = MmemuTest.run("swaplabel", "");
        assertEquals("1", r[0]);
        assertEquals("mmemu: swaplabel: : unable to probe device: No such file or directory\n", r[2]);
    }

    @Test
    void mkswapAndSwaplabel_trailingSlashOnAFileIsNotADirectory() throws IOException {
        Path p = file("swap", 1 << 20, "rw-------");
        String[] r = MmemuTest.run("mkswap", p + "/");
        assertEquals("1", r[0]);
        assertEquals("mmemu: mkswap: cannot open " + p + "/: Not a directory\n", r[2]);
        assertEquals(SwapHeader.Magic.NONE, header(p).magic(), "nothing written");
        r = MmemuTest.run("swaplabel", p + "/");
        assertEquals("1", r[0]);
        assertEquals("mmemu: swaplabel: " + p + "/: unable to probe device: Not a directory\n", r[2]);
    }

    /** A first sector with a DOS partition table: one Linux partition from sector 2048, and a little boot code. */
    static byte[] mbr() {
        byte[] s = new byte[512];
        s[0] = (byte) 0xfa;
        s[1] = 0x31;
        byte[] entry = {0, 0x20, 0x21, 0, (byte) 0x83, 0x3f, 0x20, 0x02, 0, 0x08, 0, 0, 0, 0x10, 0, 0};
        System.arraycopy(entry, 0, s, 446, 16);
        s[510] = 0x55;
        s[511] = (byte) 0xaa;
        return s;
    }

    @Test
    void mkswap_keepsBootBitsOfADosPartitionTableUnlessForced() throws Exception {
        Path p = file("disk", 4 << 20, "rw-------");
        poke(p, 0, mbr());
        String[] r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("mkswap: " + p + ": warning: don't erase bootbits sectors\n"
                + "        (dos partition table detected). Use -f to force.\n", r[2]);
        byte[] all = Files.readAllBytes(p);
        assertArrayEquals(mbr(), Arrays.copyOfRange(all, 0, 512), "boot bits kept");
        assertEquals(SwapHeader.Magic.SWAPSPACE2, header(p).magic());
        assertEquals(1023, header(p).lastPage());

        Path theirs = file("theirs", 4 << 20, "rw-------");
        poke(theirs, 0, mbr());
        HostTools.require("mkswap");
        String[] mk = HostTools.run("mkswap", "-U", UUID, theirs.toString());
        assertEquals("0", mk[0], mk[1]);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(p), "same bytes as util-linux");

        r = MmemuTest.run("mkswap", "-f", "-q", "-U", UUID, p.toString());
        assertEquals("0", r[0], r[2]);
        assertArrayEquals(new byte[1024], Arrays.copyOfRange(Files.readAllBytes(p), 0, 1024), "-f zeroes them");
    }

    /** A protective MBR and, if {@code gpt}, a valid primary GPT header with an empty entry array, on a 4 MiB disk. */
    static byte[] gptDisk(boolean gpt) {
        byte[] d = new byte[34 * 512];
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        byte[] pmbr = {0, 0, 2, 0, (byte) 0xee, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        System.arraycopy(pmbr, 0, d, 446, pmbr.length);
        b.putInt(446 + 8, 1).putInt(446 + 12, 8191);
        d[510] = 0x55;
        d[511] = (byte) 0xaa;
        if (gpt) {
            CRC32 c = new CRC32();
            c.update(d, 1024, 128 * 128);
            System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, d, 512, 8);
            b.putInt(512 + 8, 0x00010000).putInt(512 + 12, 92).putLong(512 + 24, 1).putLong(512 + 32, 8191)
                    .putLong(512 + 40, 34).putLong(512 + 48, 8158).putLong(512 + 56, 0x0123456789abcdefL)
                    .putLong(512 + 64, 0x7766554433221100L).putLong(512 + 72, 2).putInt(512 + 80, 128).putInt(512 + 84, 128)
                    .putInt(512 + 88, (int) c.getValue());
            c.reset();
            c.update(d, 512, 92);
            b.putInt(512 + 16, (int) c.getValue());
        }
        return d;
    }

    @Test
    void mkswap_keepsBootBitsOfGptAndProtectiveMbrDisks() throws Exception {
        for (boolean gpt : new boolean[] {true, false}) {
            Path p = file("disk" + gpt, 4 << 20, "rw-------");
            poke(p, 0, gptDisk(gpt));
            String[] r = MmemuTest.run("mkswap", "-U", UUID, p.toString());
            assertEquals("0", r[0], r[2]);
            assertEquals("mkswap: " + p + ": warning: don't erase bootbits sectors\n"
                    + "        (" + (gpt ? "gpt" : "PMBR") + " partition table detected). Use -f to force.\n", r[2]);
            Path theirs = file("theirs" + gpt, 4 << 20, "rw-------");
            poke(theirs, 0, gptDisk(gpt));
            HostTools.require("mkswap");
            String[] mk = HostTools.run("mkswap", "-U", UUID, theirs.toString());
            assertTrue(mk[1].contains("(" + (gpt ? "gpt" : "PMBR") + " partition table detected)"), mk[1]);
            assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(p), "same bytes as util-linux");
        }
    }
}
