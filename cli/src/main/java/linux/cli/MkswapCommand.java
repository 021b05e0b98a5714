package linux.cli;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.CRC32;
import linux.mm.page.SwapHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmemu mkswap}: util-linux mkswap(8) for the swap areas the emulated 2.6.20
 * kernel uses. Writes a version-1 {@code union swap_header} (SWAPSPACE2, last_page,
 * UUID, label) over a zeroed first page, exactly as util-linux does, then fsyncs: old
 * swap signatures are wiped, and the boot bits are kept (with a warning) only when the
 * device holds a partition table and {@code -f} is not given. The area must hold at
 * least 10 pages; the page size is the i386's 4096.
 */
@Command(
        name = "mkswap",
        mixinStandardHelpOptions = true,
        description = "Set up a Linux swap area (version 1, 4096-byte pages) on a file or block device.")
public final class MkswapCommand implements Runnable {

    /** util-linux refuses areas smaller than this many pages. */
    static final int MIN_GOODPAGES = 10;
    /**
     * The most pages util-linux lets an area have: the page count must itself fit the
     * u32 it keeps, so {@code last_page} is at most 0xFFFFFFFE.
     */
    static final long MAX_PAGES = 0xFFFFFFFFL;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Allow a swap area larger than the device.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print no messages or warnings.")
    boolean quiet;

    @Option(names = {"-L", "--label"}, paramLabel = "LABEL", description = "Label (at most 15 bytes).")
    String label;

    @Option(names = {"-U", "--uuid"}, paramLabel = "UUID",
            description = "UUID to use instead of a random one, or clear, random or time.")
    String uuid;

    @Option(names = {"-p", "--pagesize"}, paramLabel = "SIZE", description = "Page size; only 4096 is supported.")
    Integer pagesize;

    @Option(names = {"-v", "--swapversion"}, paramLabel = "NUM", description = "Swap-space version; only 1 is supported.")
    Integer version;

    @Option(names = {"-s", "--size"}, paramLabel = "SIZE",
            description = "Size of the area (bytes, or with a K/M/G/T suffix, KiB/MiB/...); creates DEVICE (mode 0600) if it does not exist.")
    String size;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "File or block device.")
    Path device;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIZE_KIB",
            description = "Size of the area in KiB (rounded down to whole pages; 0 means the whole device).")
    String sizeKib;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (version != null && version != 1) {
            throw new CliError("mkswap: swapspace version " + version + " is not supported");
        }
        if (pagesize != null && pagesize != PAGE_SIZE) {
            throw new CliError("mkswap: error: page size " + pagesize + " is not supported: the emulated i386 uses "
                    + PAGE_SIZE + "-byte pages");
        }
        byte[] uuidBytes = uuidOption(uuid);
        long requestedBytes = -1;
        if (size != null) {
            requestedBytes = parseSize(size);
        }
        long blockCountPages = 0;
        if (sizeKib != null) {
            blockCountPages = Long.divideUnsigned(parseBlockCount(sizeKib), PAGE_SIZE / 1024);
        }
        String name = rawDevice();
        if (name.isEmpty()) {
            // open("") is ENOENT; Java's empty path would be the working directory.
            throw new CliError("mkswap: cannot open : No such file or directory");
        }
        boolean created = false;
        if (size != null && !Files.exists(device, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(device, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                created = true;
            } catch (IOException e) {
                throw new CliError("mkswap: cannot create " + name + ": " + reason(e));
            }
        }
        try (FileChannel ch = open(name)) {
            long deviceBytes = ch.size();
            if (created || (size != null && Files.isRegularFile(device) && requestedBytes > deviceBytes)) {
                extend(ch, requestedBytes);
                deviceBytes = requestedBytes;
            }
            long devicePages = deviceBytes / PAGE_SIZE;
            long pages = blockCountPages;
            if (pages == 0 && requestedBytes >= 0) {
                pages = requestedBytes / PAGE_SIZE;
            }
            if (pages == 0) {
                pages = devicePages;
            } else if (pages > devicePages && !force) {
                throw new CliError("mkswap: error: size " + Long.toUnsignedString(pages * (PAGE_SIZE / 1024))
                        + " KiB is larger than device size " + devicePages * (PAGE_SIZE / 1024) + " KiB");
            }
            if (pages < MIN_GOODPAGES) {
                throw new CliError("mkswap: error: swap area needs to be at least " + (MIN_GOODPAGES * PAGE_SIZE / 1024) + " KiB");
            }
            if (pages > MAX_PAGES) {
                pages = MAX_PAGES;
                if (!quiet) {
                    err.println("mkswap: warning: truncating swap area to " + pages * (PAGE_SIZE / 1024) + " KiB");
                }
            }
            long lastPage = pages - 1;
            if (!quiet) {
                warnPermissions(err, name);
            }
            String ptType = force ? null : partitionTableType(ch);
            boolean zap = ptType == null;
            if (zap) {
                wipeOldSwapSignatures(ch, name, err);
            } else if (!quiet) {
                err.println("mkswap: " + name + ": warning: don't erase bootbits sectors");
                err.println("        (" + ptType + " partition table detected). Use -f to force.");
            }

            SwapHeader h = SwapHeader.empty();
            h.writeV1(lastPage, uuidBytes, "");
            if (label != null && h.setLabel(label) && !quiet) {
                err.println("mkswap: Label was truncated.");
            }
            long bytes = (pages - 1) * PAGE_SIZE;
            if (!quiet) {
                out.println("Setting up swapspace version 1, size = " + humanSize(bytes) + " (" + bytes + " bytes)");
            }
            if (zap) {
                ch.write(ByteBuffer.wrap(h.page()), 0);
            } else {
                ch.write(ByteBuffer.wrap(h.page(), SwapHeader.VERSION_OFFSET, PAGE_SIZE - SwapHeader.VERSION_OFFSET),
                        SwapHeader.VERSION_OFFSET);
            }
            ch.force(true);
            if (!quiet) {
                out.println((label == null ? "no label" : "LABEL=" + h.label()) + ", UUID=" + SwapHeader.formatUuid(uuidBytes));
            }
            out.flush();
            err.flush();
        } catch (IOException e) {
            throw new CliError("mkswap: " + name + ": write failed: " + reason(e));
        }
    }

    /**
     * The partition-table type libblkid would report for the device ({@code PTTYPE}), or
     * {@code null}; without {@code -f} util-linux then keeps the boot bits and wipes
     * nothing. With the 0x55AA signature: an entry of type 0xEE makes it {@code gpt} if a
     * valid GPT header (signature, header CRC, my_lba 1, entry-array CRC) follows in
     * sector 1, else {@code PMBR}; otherwise it is {@code dos} when every boot indicator
     * is 0 or 0x80 and the sector is no FAT boot sector.
     *
     * <p>Differs from util-linux: the FAT test is libblkid's first one only (a jump
     * instruction or a FAT/MSWIN/MSDOS name where a FAT boot sector has them); the backup
     * GPT header and the other partition-table formats (BSD, Sun, SGI, Mac, …) are not
     * looked at.
     */
    static String partitionTableType(FileChannel ch) throws IOException {
        byte[] sector = new byte[512];
        if (readAt(ch, sector, 0) < sector.length || (sector[510] & 0xff) != 0x55 || (sector[511] & 0xff) != 0xaa) {
            return null;
        }
        boolean bootIndOk = true;
        for (int i = 0; i < 4; i++) {
            int entry = 446 + 16 * i;
            if ((sector[entry + 4] & 0xff) == 0xee) {
                return validGptHeader(ch) ? "gpt" : "PMBR";
            }
            int bootInd = sector[entry] & 0xff;
            bootIndOk &= bootInd == 0 || bootInd == 0x80;
        }
        int jump = sector[0] & 0xff;
        String fat32Name = new String(sector, 0x52, 8, StandardCharsets.ISO_8859_1);
        String fatName = new String(sector, 0x36, 8, StandardCharsets.ISO_8859_1);
        boolean fat = jump == 0xeb || jump == 0xe9 || fat32Name.startsWith("MSWIN") || fat32Name.equals("FAT32   ")
                || fatName.startsWith("MSDOS") || fatName.startsWith("FAT");
        return bootIndOk && !fat ? "dos" : null;
    }

    /** The primary GPT header in sector 1, checked as libblkid checks it. */
    private static boolean validGptHeader(FileChannel ch) throws IOException {
        byte[] hdr = new byte[512];
        if (readAt(ch, hdr, 512) < hdr.length || !new String(hdr, 0, 8, StandardCharsets.ISO_8859_1).equals("EFI PART")) {
            return false;
        }
        ByteBuffer h = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        int size = h.getInt(12);
        if (size < 92 || size > 512 || h.getLong(24) != 1) {
            return false;
        }
        int crc = h.getInt(16);
        h.putInt(16, 0);
        CRC32 c = new CRC32();
        c.update(hdr, 0, size);
        if ((int) c.getValue() != crc) {
            return false;
        }
        long entriesLba = h.getLong(72);
        long count = Integer.toUnsignedLong(h.getInt(80));
        long entrySize = Integer.toUnsignedLong(h.getInt(84));
        long bytes = count * entrySize;
        if (entrySize < 128 || bytes > (1 << 20) || entriesLba < 2) {
            return false;
        }
        byte[] entries = new byte[(int) bytes];
        if (readAt(ch, entries, entriesLba * 512) < entries.length) {
            return false;
        }
        c.reset();
        c.update(entries);
        return (int) c.getValue() == h.getInt(88);
    }

    /** Positional reads until {@code buf} is full or the file ends; returns the bytes read. */
    static int readAt(FileChannel ch, byte[] buf, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf);
        while (b.hasRemaining() && ch.read(b, pos + b.position()) >= 0) {
            // until full or end of file
        }
        return b.position();
    }

    /** The page sizes whose swap signatures libblkid looks for (at the page size minus 10). */
    static final int[] PROBED_PAGE_SIZES = {4096, 8192, 16384, 32768, 65536};

    /**
     * util-linux's wipe of old swap signatures (libblkid's swap prober plus
     * {@code blkid_do_wipe}): every SWAP-SPACE signature, and every SWAPSPACE2 one whose
     * header (at byte 1024) says version 1 in either byte order and a non-zero
     * last_page, at the end of a 4, 8, 16, 32 or 64 KiB page, is zeroed, with a warning
     * for each. The one in the first page is overwritten by the new header anyway.
     */
    private void wipeOldSwapSignatures(FileChannel ch, String name, PrintWriter err) throws IOException {
        byte[] first = new byte[PAGE_SIZE];
        readAt(ch, first, 0);
        SwapHeader h = new SwapHeader(first);
        boolean v1 = (h.version() == 1 || Integer.reverseBytes(h.version()) == 1) && h.lastPage() != 0;
        long size = ch.size();
        byte[] magic = new byte[SwapHeader.MAGIC_SIZE];
        for (int ps : PROBED_PAGE_SIZES) {
            long off = ps - SwapHeader.MAGIC_SIZE;
            if (off + SwapHeader.MAGIC_SIZE > size) {
                break;
            }
            readAt(ch, magic, off);
            String m = new String(magic, StandardCharsets.ISO_8859_1);
            if (m.equals(SwapHeader.SWAP_SPACE) || (m.equals(SwapHeader.SWAPSPACE2) && v1)) {
                if (!quiet) {
                    err.println("mkswap: " + name + ": warning: wiping old swap signature.");
                }
                ch.write(ByteBuffer.wrap(new byte[SwapHeader.MAGIC_SIZE]), off);
            }
        }
    }

    /**
     * util-linux's {@code size_to_human_string(SIZE_SUFFIX_SPACE | SIZE_SUFFIX_3LETTER)}:
     * the largest binary unit the size reaches, with one rounded decimal when it is not
     * whole ("1020 KiB", "1.5 MiB", "2 MiB", "1024 MiB").
     */
    static String humanSize(long bytes) {
        int exp = 10;
        while (exp <= 60 && Long.compareUnsigned(bytes, 1L << exp) >= 0) {
            exp += 10;
        }
        exp -= 10;
        char c = "BKMGTPE".charAt(exp / 10);
        String suffix = " " + c + (c == 'B' ? "" : "iB");
        long dec = exp == 0 ? bytes : bytes >>> exp;
        long frac = exp == 0 ? 0 : bytes & ((1L << exp) - 1);
        if (frac != 0) {
            frac = exp >= 54 ? ((frac / 1024) * 1000) >>> (exp - 10) : (frac * 1000) >>> exp;
            frac = ((frac + 50) / 100) * 10;
            if (frac == 100) {
                dec++;
                frac = 0;
            }
        }
        if (frac == 0) {
            return dec + suffix;
        }
        String digits = String.format("%d.%02d", dec, frac);
        if (digits.endsWith("0")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        return digits + suffix;
    }

    /** Grows a new or short swap file to {@code bytes} (sparse: the emulator does not need the blocks allocated). */
    private static void extend(FileChannel ch, long bytes) throws IOException {
        if (ch.size() < bytes) {
            ch.write(ByteBuffer.allocate(1), bytes - 1);
        }
    }

    private static FileChannel open(String name) {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
            throw new CliError("mkswap: cannot open " + name + ": Is a directory");
        }
        if (name.endsWith("/") && Files.exists(p)) {
            // open(2) refuses a trailing slash on a non-directory; Path.of drops it.
            throw new CliError("mkswap: cannot open " + name + ": Not a directory");
        }
        try {
            return FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new CliError("mkswap: cannot open " + name + ": No such file or directory");
        } catch (IOException e) {
            throw new CliError("mkswap: cannot open " + name + ": " + reason(e));
        }
    }

    /**
     * util-linux's check of the device's mode and owner: group and other bits, and
     * setuid, setgid and sticky, are too wide for a swap file ({@code 07077}); a block
     * device may keep its group bits ({@code 07007}, fixed to 0660). Run by root, a swap
     * file owned by another user is reported too.
     */
    private static void warnPermissions(PrintWriter err, String name) {
        try {
            Path p = Path.of(name);
            Object mode = Files.getAttribute(p, "unix:mode");
            Object owner = Files.getAttribute(p, "unix:uid");
            if (mode instanceof Integer m) {
                boolean blk = (m & 0170000) == 0060000;
                int permMask = blk ? 07007 : 07077;
                if ((m & permMask) != 0) {
                    err.println(String.format("mkswap: %s: insecure permissions %04o, fix with: chmod %04o %s", name, m & 07777,
                            ~permMask & 0666, name));
                }
                if (Integer.valueOf(0).equals(currentUid()) && !blk && owner instanceof Integer uid && uid != 0) {
                    err.println(String.format("mkswap: %s: insecure file owner %d, fix with: chown 0:0 %s", name, uid, name));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No POSIX modes on this file system: nothing to warn about.
        }
    }

    /** The uid this process runs as (the owner of its /proc directory), or {@code null} if unknown. */
    private static Integer currentUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Integer u ? u : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The {@code SIZE_KIB} argument read as util-linux's {@code strtou64_or_err} does: an
     * unsigned decimal (leading blanks and {@code +} allowed) up to 2^64 - 1, returned
     * as the bits of a u64.
     */
    static long parseBlockCount(String arg) {
        String t = arg.stripLeading();
        boolean negative = false;
        if (t.startsWith("+")) {
            t = t.substring(1);
        } else if (t.startsWith("-")) {
            negative = true;
            t = t.substring(1);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CliError("mkswap: invalid block count argument: '" + arg + "'");
        }
        long n;
        try {
            n = Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new CliError("mkswap: invalid block count argument: '" + arg + "': Numerical result out of range");
        }
        if (negative && n != 0) {
            throw new CliError("mkswap: invalid block count argument: '" + arg + "': Numerical result out of range");
        }
        return n;
    }

    /**
     * The UUID {@code -U} asks for, as util-linux mkswap reads it: a UUID string, or one
     * of the words {@code clear} (all zeroes), {@code random} or {@code time} (a new
     * random or time-based UUID); without {@code -U} a random one.
     */
    static byte[] uuidOption(String arg) {
        if (arg == null || arg.equals("random")) {
            return randomUuid();
        }
        if (arg.equals("clear")) {
            return new byte[SwapHeader.UUID_SIZE];
        }
        if (arg.equals("time")) {
            return timeUuid();
        }
        byte[] u = SwapHeader.parseUuid(arg);
        if (u == null) {
            throw new CliError("mkswap: error: parsing UUID failed");
        }
        return u;
    }

    /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
    private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

    /**
     * A version-1 (time-based) UUID as libuuid's {@code uuid_generate_time} makes one
     * without a network address: the current time, a random clock sequence, and a
     * random node with the multicast bit set (RFC 4122 §4.5).
     */
    static byte[] timeUuid() {
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 10_000_000L + now.getNano() / 100 + UUID_EPOCH_OFFSET;
        byte[] rnd = randomUuid();
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt((int) t);
        b.putShort((short) (t >>> 32));
        b.putShort((short) (((t >>> 48) & 0x0FFF) | 0x1000));
        b.putShort((short) ((rnd[0] << 8 | (rnd[1] & 0xff)) & 0x3FFF | 0x8000));
        b.put((byte) (rnd[2] | 0x01));
        b.put(rnd, 3, 5);
        return b.array();
    }

    static byte[] randomUuid() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.array();
    }

    /** Parses {@code 123}, {@code 4K}, {@code 2M}, {@code 1G}, {@code 3T}, {@code 2MiB}, {@code 4KB} … (powers of 1024, or 1000 for KB/MB/GB/TB). */
    static long parseSize(String s) {
        return parseSize(s, "mkswap");
    }

    /** {@link #parseSize(String)} for command {@code who}, whose name starts the error message. */
    static long parseSize(String s, String who) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new CliError(who + ": invalid size '" + s + "'");
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new CliError(who + ": invalid size '" + s + "'");
        }
        String suffix = t.substring(i).toUpperCase(Locale.ROOT);
        long mult;
        switch (suffix) {
            case "", "B" -> mult = 1;
            case "K", "KIB" -> mult = 1L << 10;
            case "M", "MIB" -> mult = 1L << 20;
            case "G", "GIB" -> mult = 1L << 30;
            case "T", "TIB" -> mult = 1L << 40;
            case "KB" -> mult = 1000L;
            case "MB" -> mult = 1000_000L;
            case "GB" -> mult = 1000_000_000L;
            case "TB" -> mult = 1000_000_000_000L;
            default -> throw new CliError(who + ": invalid size '" + s + "'");
        }
        if (n > Long.MAX_VALUE / mult) {
            throw new CliError(who + ": invalid size '" + s + "'");
        }
        return n * mult;
    }

    /** DEVICE as typed: the Path picocli made of it has lost a trailing slash and doubled slashes. */
    private String rawDevice() {
        List<String> raw = spec.positionalParameters().get(0).originalStringValues();
        return raw.isEmpty() ? device.toString() : raw.get(0);
    }
}
