package linux.mm.page;

import linux.kernel.KernelError;
import linux.mm.page.SwapInfoStruct.SwapFile;

/**
 * Mirrors the VFS calls of linux-2.6.20 sys_swapon and sys_swapoff. The file-system side of {@code filp_open(name, O_RDWR|O_LARGEFILE, 0)} as
 * sys_swapon and sys_swapoff use it (fs/open.c and the VFS in 2.6.20): turns a path
 * into an opened {@link SwapFile} whose inode says whether it is a block device or a
 * regular file, how large it is and where its blocks lie.
 */
@FunctionalInterface
public interface Vfs {

    /**
     * Opens {@code path} read-write.
     *
     * @throws KernelError with the errno {@code open(2)} would give (ENOENT, EACCES,
     *         EISDIR, …) and a message naming the path
     */
    SwapFile filpOpen(String path) throws KernelError;
}
