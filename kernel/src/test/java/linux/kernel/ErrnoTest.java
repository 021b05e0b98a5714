package linux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void errno_numbersAreTheI386Abi() {
        assertEquals(1, Errno.EPERM.number);
        assertEquals(2, Errno.ENOENT.number);
        assertEquals(16, Errno.EBUSY.number);
        assertEquals(22, Errno.EINVAL.number);
        assertEquals(-12, Errno.ENOMEM.negative());
        assertEquals(Errno.EIO, Errno.of(-5));
        assertNull(Errno.of(1000));
    }

    @Test
    void kernelError_carriesErrnoAndMessage() {
        KernelError e = new KernelError(Errno.EINVAL, "Unable to find swap-space signature");
        assertEquals(-22, e.negative());
        assertEquals("Unable to find swap-space signature (EINVAL)", e.toString());
        assertEquals(0, e.getStackTrace().length);
    }
}
