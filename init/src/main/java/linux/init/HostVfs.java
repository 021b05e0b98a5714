package linux.init;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ConcurrentHashMap;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.SwapInfoStruct.SwapFile;
import linux.block.BlockDevice;
import linux.block.BdevOptions;
import linux.block.BlockDevices;
import linux.mm.page.Vfs;
import linux.kernel.Mirrors;

/**
 * A {@link Vfs} over the host's file system: the emulated kernel's view of the swap
 * files a user names (fs/open.c's filp_open, the inode's S_SWAPFILE flag and bmap). A
 * regular host file is an emulated regular file on a file system with PAGE_SIZE blocks
 * stored in order (so {@code bmap} is the identity and a file always maps to one
 * extent), whose block device is the file itself opened through the block layer; the
 * inode flag {@code S_SWAPFILE} is kept per instance, as an inode table would be. Host
 * block-device nodes, and images registered with {@link #addBlockDeviceImage}, are
 * block devices (partitions).
 *
 * <p>Differs from 2.6.20: there is no mounted file system; the swap file's blocks are
 * the host file's own pages, and block I/O to a swap file goes to the file itself.
 */
public final class HostVfs implements Vfs {

    /** Inodes (by file key) with S_SWAPFILE set. */
    private final Set<Object> swapfileInodes = ConcurrentHashMap.newKeySet();
    /** Host files that this kernel sees as block devices (partitions), by real path. */
    private final Set<String> blockImages = new CopyOnWriteArraySet<>();
    /** Where block devices come from; {@code null} when the machine has no block layer (unit tests). */
    private final BlockDevices blockDevices;
    /** How swap devices are opened: O_DIRECT ({@code direct_io=1}), completion context ({@code deterministic=1}). */
    private final BdevOptions bdevOptions;

    /**
     * The VFS of a booted kernel: devices open with O_DIRECT when {@code direct_io=1}, and
     * complete their bios in the submitter's context (rd.c's way) when
     * {@code deterministic=1}, so one thread drives the whole machine.
     */
    @Inject
    public HostVfs(BlockDevices blockDevices, BootParams params) {
        this(blockDevices, BdevOptions.defaults().withDirect(params.directIo())
                .withCompletion(params.deterministic() ? BdevOptions.Completion.SUBMITTER : BdevOptions.Completion.THREAD));
    }

    /** A VFS over {@code blockDevices} whose devices open with {@code bdevOptions}. */
    public HostVfs(BlockDevices blockDevices, BdevOptions bdevOptions) {
        this.blockDevices = blockDevices;
        this.bdevOptions = bdevOptions;
    }

    /** A VFS over {@code blockDevices} whose devices open with the defaults (buffered, completion thread). */
    public HostVfs(BlockDevices blockDevices) {
        this(blockDevices, BdevOptions.defaults());
    }

    /** A VFS without a block layer: regular files only, with no device behind them. */
    public HostVfs() {
        this(null, BdevOptions.defaults());
    }

    /**
     * Makes the host file {@code image} appear as a block device node (a partition),
     * the way {@code losetup} turns an image into {@code /dev/loopN}: swapon then treats
     * it as S_ISBLK and claims it through the block layer.
     *
     * @throws KernelError ENOENT if the file does not exist
     */
    public void addBlockDeviceImage(Path image) {
        try {
            blockImages.add(image.toRealPath().toString());
        } catch (IOException e) {
            throw new KernelError(Errno.ENOENT, image + ": " + Errno.ENOENT.text);
        }
    }

    /**
     * Whether the deepest component of {@code path} that exists is something other than a
     * directory: the case where the kernel's path walk (link_path_walk) stops with ENOTDIR
     * rather than ENOENT.
     */
    private static boolean nearestExistingAncestorIsNotDirectory(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return !Files.isDirectory(p);
            }
        }
        return false;
    }

    @Mirrors("filp_open")
    @Override
    public SwapFile filpOpen(String name) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new KernelError(Errno.ENOENT, name + ": " + Errno.ENOENT.text);
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // JDK 17 reports a regular file used as a directory as "Not a directory"; newer
            // JDKs report it as no such file. The path walk's answer is ENOTDIR either way.
            Errno errno = nearestExistingAncestorIsNotDirectory(path) ? Errno.ENOTDIR : Errno.ENOENT;
            throw new KernelError(errno, name + ": " + errno.text);
        } catch (FileSystemException e) {
            Errno errno = Errno.ENOTDIR.text.equals(e.getReason()) ? Errno.ENOTDIR : Errno.EACCES;
            throw new KernelError(errno, name + ": " + errno.text);
        } catch (IOException e) {
            throw new KernelError(Errno.EACCES, name + ": " + Errno.EACCES.text);
        }
        if (attrs.isDirectory()) {
            throw new KernelError(Errno.EISDIR, name + ": " + Errno.EISDIR.text);
        }
        if (name.endsWith("/")) {
            // A trailing slash asks for a directory; Path.of would silently drop it.
            throw new KernelError(Errno.ENOTDIR, name + ": " + Errno.ENOTDIR.text);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new KernelError(Errno.ENOENT, name + ": " + Errno.ENOENT.text);
        }
        Object key = attrs.fileKey() != null ? attrs.fileKey() : real.toString();
        boolean blk = blockImages.contains(real.toString()) || isBlockDevice(real);
        if (blk) {
            if (blockDevices == null) {
                throw new KernelError(Errno.ENODEV, name + ": " + Errno.ENODEV.text);
            }
            return new Blk(real, key, blockDevices.open(real, bdevOptions));
        }
        if (!attrs.isRegularFile()) {
            return new Special(real.toString(), key);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            // AccessDeniedException and every other refusal by the file system.
            throw new KernelError(Errno.EACCES, name + ": " + Errno.EACCES.text);
        } catch (IOException e) {
            throw new KernelError(Errno.EIO, name + ": " + Errno.EIO.text);
        }
        return new Regular(real.toString(), key, ch);
    }

    /** A host regular file opened read-write. */
    final class Regular implements SwapFile {
        private final String path;
        private final Object key;
        private final FileChannel ch;
        private BlockDevice bdev;

        Regular(String path, Object key, FileChannel ch) {
            this.path = path;
            this.key = key;
            this.ch = ch;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Object mapping() {
            return key;
        }

        @Override
        public boolean isBlk() {
            return false;
        }

        @Override
        public boolean isReg() {
            return true;
        }

        @Override
        public long size() {
            try {
                return ch.size();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public int blkbits() {
            return PAGE_SHIFT;
        }

        @Override
        public long bmap(long block) {
            return block;
        }

        @Override
        public int readPage(long index, byte[] dst) {
            try {
                readPageAt(ch, index, dst);
            } catch (IOException e) {
                return Errno.EIO.negative();
            }
            return 0;
        }

        @Override
        public boolean isSwapfile() {
            return swapfileInodes.contains(key);
        }

        @Override
        public void setSwapfile(boolean on) {
            if (on) {
                swapfileInodes.add(key);
            } else {
                swapfileInodes.remove(key);
            }
        }

        @Override
        public synchronized BlockDevice bdev() {
            if (bdev == null && blockDevices != null) {
                bdev = blockDevices.open(Path.of(path), bdevOptions);
            }
            return bdev;
        }

        @Override
        public synchronized void close() {
            try {
                ch.close();
            } catch (IOException e) {
                // filp_close of a file only read from: nothing to report.
            }
            if (bdev != null) {
                bdev.close();
                bdev = null;
            }
        }
    }

    /**
     * A block device: an image registered with {@link #addBlockDeviceImage} or a host
     * block-device node, opened through the block layer. Its pages are read with bios
     * through that block layer (swapon reads the header so); there is no shortcut past the
     * device.
     */
    final class Blk implements SwapFile {
        private final Path path;
        private final Object key;
        private BlockDevice bdev;

        Blk(Path path, Object key, BlockDevice bdev) {
            this.path = path;
            this.key = key;
            this.bdev = bdev;
        }

        @Override
        public String path() {
            return path.toString();
        }

        @Override
        public Object mapping() {
            return key;
        }

        @Override
        public boolean isBlk() {
            return true;
        }

        @Override
        public boolean isReg() {
            return false;
        }

        @Override
        public long size() {
            return bdev.capacity() << 9;
        }

        @Override
        public int blkbits() {
            return Integer.numberOfTrailingZeros(bdev.blockSize());
        }

        @Override
        public long bmap(long block) {
            return block;
        }

        /** Refused with -EINVAL: a block device's pages are read through its block layer. */
        @Override
        public int readPage(long index, byte[] dst) {
            return Errno.EINVAL.negative();
        }

        @Override
        public BlockDevice bdev() {
            return bdev;
        }

        @Override
        public boolean isSwapfile() {
            return false;
        }

        @Override
        public void setSwapfile(boolean on) {
        }

        @Override
        public synchronized void close() {
            if (bdev != null) {
                bdev.close();
                bdev = null;
            }
        }
    }

    /** Anything that is neither a regular file nor a block device: swapon refuses it. */
    static final class Special implements SwapFile {
        private final String path;
        private final Object key;

        Special(String path, Object key) {
            this.path = path;
            this.key = key;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Object mapping() {
            return key;
        }

        @Override
        public boolean isBlk() {
            return false;
        }

        @Override
        public boolean isReg() {
            return false;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public int blkbits() {
            return PAGE_SHIFT;
        }

        @Override
        public long bmap(long block) {
            return -1;
        }

        @Override
        public int readPage(long index, byte[] dst) {
            return Errno.EINVAL.negative();
        }

        @Override
        public BlockDevice bdev() {
            return null;
        }

        @Override
        public boolean isSwapfile() {
            return false;
        }

        @Override
        public void setSwapfile(boolean on) {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Reads page {@code index} of {@code ch} into the first PAGE_SIZE bytes of {@code dst}
     * with positional reads; what lies past the end of the file reads as zeros.
     */
    private static void readPageAt(FileChannel ch, long index, byte[] dst) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, 0, PAGE_SIZE);
        long pos = index << PAGE_SHIFT;
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
            }
        }
    }

    static boolean isBlockDevice(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 0170000) == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
