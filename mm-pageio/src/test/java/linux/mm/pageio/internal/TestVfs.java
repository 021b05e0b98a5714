package linux.mm.pageio.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import linux.init.HostVfs;
import linux.kernel.KernelError;
import linux.mm.page.SwapInfoStruct.SwapFile;
import linux.mm.page.Vfs;

/**
 * The test kernel's VFS: the host's file system, plus the swap files a test registers by
 * path (files on a manual disk, or with a scattered block map).
 */
final class TestVfs implements Vfs {
    private final HostVfs host;
    private final Map<String, SwapFile> files = new ConcurrentHashMap<>();

    TestVfs(HostVfs host) {
        this.host = host;
    }

    void register(SwapFile file) {
        files.put(file.path(), file);
    }

    @Override
    public SwapFile filpOpen(String path) throws KernelError {
        SwapFile f = files.get(path);
        return f != null ? f : host.filpOpen(path);
    }
}
