package linux.kernel;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/errno.h} (which is
 * {@code include/asm-generic/errno-base.h} and {@code errno.h}): the error numbers the
 * emulated kernel returns, with the numbers of the real i386 ABI and the strerror text
 * glibc prints for them. Kernel functions return {@code -errno.number} where the kernel
 * returns a negative errno, or throw {@link KernelError} carrying one.
 */
@Mirrors("errno")
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    ENOTBLK(15, "Block device required"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ETXTBSY(26, "Text file busy"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    ERANGE(34, "Numerical result out of range"),
    ENOSYS(38, "Function not implemented"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EOPNOTSUPP(95, "Operation not supported");

    /** The positive error number of the i386 ABI. */
    public final int number;

    /** The text {@code strerror(3)} gives for it. */
    public final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /** The kernel's return value for this error: {@code -number}. */
    public int negative() {
        return -number;
    }

    /** The errno whose number is {@code n} (positive or negative), or {@code null}. */
    public static Errno of(int n) {
        int abs = Math.abs(n);
        for (Errno e : values()) {
            if (e.number == abs) {
                return e;
            }
        }
        return null;
    }
}
