package linux.block;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code bio_end_io_t}: the completion callback of a bio.
 *
 * <p>Called by {@link Bio#bioEndio} on the device's completion thread (the kernel's
 * interrupt context) each time some bytes of the bio complete. {@code bytesDone} is the
 * amount just completed; {@code bio.biSize} is what is still outstanding. Following the
 * 2.6.20 convention the callback returns non-zero (1) while {@code biSize} is not yet
 * zero and does its real work (and the final {@code bio_put}) only on the call that
 * leaves {@code biSize == 0}. {@code error} is 0 or a negative errno ({@code -EIO}).
 * It must never block.
 */
@FunctionalInterface
@Mirrors("bio_end_io_t")
public interface BioEndIo {
    int endIo(Bio bio, int bytesDone, int error);
}
