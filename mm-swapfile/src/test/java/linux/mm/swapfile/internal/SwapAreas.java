package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import linux.mm.page.SwapHeader;

/** Test helper: swap files on the host, written the way util-linux mkswap writes them. */
final class SwapAreas {
    private SwapAreas() {
    }

    /** A sparse file of {@code pages} pages whose header says {@code last_page = pages - 1}. */
    static Path mkswap(Path dir, String name, long pages) throws IOException {
        return withHeader(dir, name, pages, pages - 1, h -> { });
    }

    interface Edit {
        void apply(SwapHeader h);
    }

    /** A sparse file of {@code pages} pages with a version-1 header edited by {@code edit}. */
    static Path withHeader(Path dir, String name, long pages, long lastPage, Edit edit) throws IOException {
        Path p = dir.resolve(name);
        SwapHeader h = SwapHeader.empty();
        h.writeV1(lastPage, new byte[16], "");
        edit.apply(h);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(pages * PAGE_SIZE);
            f.seek(0);
            f.write(h.page());
        }
        return p;
    }
}
