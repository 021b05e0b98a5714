package linux.mm.swapfile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import linux.mm.page.SwapInfoStruct;
import linux.kernel.Printk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What util-linux mkswap writes, sys_swapon accepts with the size mkswap announced. Skipped without mkswap. */
class UtilLinuxCompatTest {

    @TempDir
    Path dir;

    static Path mkswapTool() {
        for (String d : List.of("/sbin", "/usr/sbin", "/bin", "/usr/bin")) {
            Path p = Path.of(d, "mkswap");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        assumeTrue(false, "util-linux mkswap is not installed: compatibility check skipped");
        return null;
    }

    /** Runs the host's mkswap on a fresh 0600 file of {@code bytes}; returns its announced size in KiB. */
    long hostMkswap(Path p, long bytes) throws IOException, InterruptedException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        Process pr = new ProcessBuilder(mkswapTool().toString(), p.toString()).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, pr.exitValue(), out);
        int i = out.indexOf(" bytes)");
        return Long.parseLong(out.substring(out.lastIndexOf('(', i) + 1, i)) / 1024;
    }

    @Test
    void sysSwapon_acceptsUtilLinuxSwapFile() throws Exception {
        Path p = dir.resolve("host.swap");
        long kib = hostMkswap(p, 8 << 20);
        SwapfileTestKernel k = SwapfileTestKernel.boot("");
        Printk.Buffer log = k.printk();
        Swapfile sf = k.sf();
        assertEquals(0, sf.sysSwapon(p.toString(), 0), log.messages().toString());
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        // mkswap counts every page after the header; 2.6.20 never uses page last_page itself.
        assertEquals(kib / 4 - 1, si.pages);
        assertEquals("Adding " + (kib - 4) + "k swap on " + p + ".  Priority:-1 extents:1 across:" + (kib - 4) + "k",
                log.messages().get(0));
        assertEquals(0, sf.sysSwapoff(p.toString()));
    }

    @Test
    void sysSwapon_acceptsUtilLinuxPartition() throws Exception {
        Path p = dir.resolve("host.img");
        long kib = hostMkswap(p, 4 << 20);
        SwapfileTestKernel k = SwapfileTestKernel.boot("pae=1");
        Printk.Buffer log = k.printk();
        k.hostVfs().addBlockDeviceImage(p);
        Swapfile sf = k.sf();
        assertEquals(0, sf.sysSwapon(p.toString(), 0), log.messages().toString());
        assertEquals(kib / 4 - 1, sf.getSwapInfoStruct(0).pages);
        assertEquals(0, sf.sysSwapoff(p.toString()));
    }
}
