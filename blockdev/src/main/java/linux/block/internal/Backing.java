package linux.block.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import linux.block.BdevOptions;

/**
 * One open file descriptor of a disk's backing file: a RandomAccessFile ("rw", or "rwd"
 * for synchronous writes) and its channel, or, with O_DIRECT, a channel opened with
 * {@link ExtendedOpenOption#DIRECT}. Each driver thread has its own, so that it can seek
 * and issue one vectored read or write per request (the way a controller does one DMA
 * for a whole scatter-gather list) without sharing a file position.
 */
final class Backing {
    final FileChannel channel;
    private final RandomAccessFile raf;

    private Backing(FileChannel channel, RandomAccessFile raf) {
        this.channel = channel;
        this.raf = raf;
    }

    /** Opens {@code path} read-write as {@code o} says (sync, direct). */
    static Backing open(Path path, BdevOptions o) throws IOException {
        if (o.direct()) {
            List<OpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT));
            if (o.sync()) {
                opts.add(StandardOpenOption.DSYNC);
            }
            return new Backing(FileChannel.open(path, opts.toArray(new OpenOption[0])), null);
        }
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), o.sync() ? "rwd" : "rw");
        return new Backing(raf.getChannel(), raf);
    }

    void close() throws IOException {
        channel.close();
        if (raf != null) {
            raf.close();
        }
    }

    static void closeQuietly(List<Backing> backs) {
        for (Backing b : backs) {
            try {
                b.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
