package linux.block.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import org.junit.jupiter.api.Test;

/** The errno mapping of the device table's open path (fs/block_dev.c blkdev_open). */
class BdevRegistryTest {

    private static Errno map(IOException e) {
        KernelError k = BdevRegistry.errnoOf(Path.of("/x.img"), e);
        assertEquals("/x.img: " + k.errno().text, k.getMessage());
        return k.errno();
    }

    @Test
    void errnoOf_mapsHostFailures() {
        assertEquals(Errno.EACCES, map(new AccessDeniedException("/x.img")));
        assertEquals(Errno.EACCES, map(new FileNotFoundException("/x.img (Permission denied)")));
        assertEquals(Errno.ENOENT, map(new NoSuchFileException("/x.img")));
        assertEquals(Errno.ENOENT, map(new FileNotFoundException("/x.img (No such file or directory)")));
        assertEquals(Errno.EISDIR, map(new FileNotFoundException("/x.img (Is a directory)")));
        assertEquals(Errno.EINVAL, map(new FileSystemException("/x.img", null, "Invalid argument")));
        assertEquals(Errno.EIO, map(new IOException("disk on fire")));
    }
}
