package linux.cli;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import linux.mm.page.SwapHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmemu swaplabel}: util-linux swaplabel(8). Without options prints the label
 * and UUID of a version-1 swap area ({@code LABEL: x}, {@code UUID:  y}, each only when
 * set); with {@code -L}/{@code -U} rewrites them in place in {@code union swap_header}
 * and fsyncs. An area is recognised as libblkid recognises one: the SWAPSPACE2
 * signature, {@code info.version} 1 (in either byte order) and a non-zero
 * {@code last_page}; the old SWAP-SPACE format has no label or UUID to show.
 */
@Command(
        name = "swaplabel",
        mixinStandardHelpOptions = true,
        description = "Display or change the label or UUID of a swap area.")
public final class SwaplabelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-L", "--label"}, paramLabel = "LABEL", description = "Specify a new label.")
    String label;

    @Option(names = {"-U", "--uuid"}, paramLabel = "UUID", description = "Specify a new UUID.")
    String uuid;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "Swap file or block device.")
    Path device;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = rawDevice();
        byte[] newUuid = null;
        if (uuid != null) {
            newUuid = SwapHeader.parseUuid(uuid);
            if (newUuid == null) {
                throw new CliError("swaplabel: failed to parse UUID: " + uuid);
            }
        }
        boolean change = label != null || newUuid != null;
        if (name.isEmpty()) {
            // open("") is ENOENT; Java's empty path would be the working directory.
            throw new CliError("swaplabel: : unable to probe device: No such file or directory");
        }
        if (name.endsWith("/") && Files.exists(device) && !Files.isDirectory(device)) {
            // open(2) refuses a trailing slash on a non-directory; Path.of drops it.
            throw new CliError("swaplabel: " + name + ": unable to probe device: Not a directory");
        }
        if (Files.exists(device) && !Files.isRegularFile(device) && !isBlockDevice(device)) {
            throw new CliError("swaplabel: " + name + ": unable to probe device: Invalid argument");
        }
        try (FileChannel ch = change
                ? FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(device, StandardOpenOption.READ)) {
            byte[] page = new byte[PAGE_SIZE];
            if (ch.size() < PAGE_SIZE) {
                throw new CliError("swaplabel: " + name + ": not a valid swap partition");
            }
            MkswapCommand.readAt(ch, page, 0);
            SwapHeader h = new SwapHeader(page);
            SwapHeader.Magic magic = probeMagic(ch);
            if (magic == SwapHeader.Magic.SWAP_SPACE) {
                throw new CliError("swaplabel: " + name + ": unsupported swap version '0'");
            }
            if (magic != SwapHeader.Magic.SWAPSPACE2 || (h.version() != 1 && Integer.reverseBytes(h.version()) != 1)
                    || h.lastPage() == 0) {
                throw new CliError("swaplabel: " + name + ": not a valid swap partition");
            }
            if (!change) {
                if (paddingClean(page)) {
                    String l = h.label().stripTrailing();
                    if (!l.isEmpty()) {
                        out.println("LABEL: " + l);
                    }
                    byte[] u = h.uuid();
                    if (!isZero(u)) {
                        out.println("UUID:  " + SwapHeader.formatUuid(u));
                    }
                }
                out.flush();
                return;
            }
            if (label != null && h.setLabel(label)) {
                err.println("swaplabel: label is too long. Truncating it to '" + h.label() + "'");
                err.flush();
            }
            if (newUuid != null) {
                h.setUuid(newUuid);
            }
            ch.write(ByteBuffer.wrap(page, SwapHeader.UUID_OFFSET, SwapHeader.UUID_SIZE + SwapHeader.VOLUME_SIZE),
                    SwapHeader.UUID_OFFSET);
            ch.force(true);
        } catch (NoSuchFileException e) {
            throw new CliError("swaplabel: " + name + ": unable to probe device: No such file or directory");
        } catch (IOException e) {
            throw new CliError("swaplabel: " + name + ": " + MkswapCommand.reason(e));
        }
    }

    /**
     * The first swap signature libblkid finds: at the end of a 4, 8, 16, 32 or 64 KiB
     * page (util-linux mkswap -p writes areas of any of these page sizes; the header
     * fields always start at byte 1024).
     */
    private static SwapHeader.Magic probeMagic(FileChannel ch) throws IOException {
        long size = ch.size();
        byte[] m = new byte[SwapHeader.MAGIC_SIZE];
        for (int ps : MkswapCommand.PROBED_PAGE_SIZES) {
            if (ps > size) {
                break;
            }
            MkswapCommand.readAt(ch, m, ps - SwapHeader.MAGIC_SIZE);
            String sig = new String(m, StandardCharsets.ISO_8859_1);
            if (sig.equals(SwapHeader.SWAP_SPACE)) {
                return SwapHeader.Magic.SWAP_SPACE;
            }
            if (sig.equals(SwapHeader.SWAPSPACE2)) {
                return SwapHeader.Magic.SWAPSPACE2;
            }
        }
        return SwapHeader.Magic.NONE;
    }

    /**
     * libblkid's sanity check before it trusts the label and UUID of a swap area: words
     * 32 and 33 of {@code info.padding} must be zero, or the page is taken for garbage.
     */
    private static boolean paddingClean(byte[] page) {
        for (int i = SwapHeader.PADDING_OFFSET + 32 * 4; i < SwapHeader.PADDING_OFFSET + 34 * 4; i++) {
            if (page[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlockDevice(Path p) {
        try {
            return Files.getAttribute(p, "unix:mode") instanceof Integer m && (m & 0170000) == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** DEVICE as typed: the Path picocli made of it has lost a trailing slash and doubled slashes. */
    private String rawDevice() {
        List<String> raw = spec.positionalParameters().get(0).originalStringValues();
        return raw.isEmpty() ? device.toString() : raw.get(0);
    }
}
